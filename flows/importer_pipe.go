package flows

import (
	"context"
	"errors"
	"sync/atomic"
)

// batchStore stores batches of records on its own goroutine, so that
// reading and checking the next rows of the sheet overlaps with SQLite
// writing the previous ones: storing a list takes about as long as reading
// it, and doing both one after the other made a 100,000-row import twice
// as slow as either.
//
// Exactly one goroutine uses the repository at a time: the sheet reader
// never touches it between batches, and the caller waits for close before
// using the repository again. Memory stays bounded by batchBuffers batches.
type batchStore struct {
	ctx   context.Context
	store func(ctx context.Context, recs []Record) error
	work  chan []Record
	free  chan []Record
	done  chan error
	// failed is set once a batch failed, so the reading stops early; the
	// error itself comes from close.
	failed atomic.Bool
}

// errStoreFailed stops the sheet reader when a batch failed to store.
var errStoreFailed = errors.New("storing a batch failed")

// batchBuffers is how many batches exist at once: one being filled, one
// waiting, one being stored.
const batchBuffers = 3

// newBatchStore starts the goroutine that hands each batch to store.
func newBatchStore(ctx context.Context, size int, store func(ctx context.Context, recs []Record) error) *batchStore {
	s := &batchStore{ctx: ctx, store: store,
		work: make(chan []Record, 1), free: make(chan []Record, batchBuffers), done: make(chan error, 1)}
	for range batchBuffers {
		s.free <- make([]Record, 0, size)
	}
	go s.run()
	return s
}

// run stores the batches it is sent until the work ends or one fails; after
// a failure it keeps draining, so a sender never blocks.
func (s *batchStore) run() {
	var err error
	for recs := range s.work {
		if err == nil {
			if err = s.store(s.ctx, recs); err != nil {
				s.failed.Store(true)
			}
		}
		s.free <- recs[:0]
	}
	s.done <- err
}

// buffer returns an empty batch to fill, waiting while all are in use.
func (s *batchStore) buffer() []Record { return <-s.free }

// send hands a filled batch to the store goroutine. After an earlier batch
// failed it refuses, so the reading stops.
func (s *batchStore) send(recs []Record) error {
	if s.failed.Load() {
		s.free <- recs[:0]
		return errStoreFailed
	}
	if len(recs) == 0 {
		s.free <- recs
		return nil
	}
	s.work <- recs
	return nil
}

// close waits for every batch sent to be stored and returns the first
// error. The repository is the caller's again afterwards.
func (s *batchStore) close() error {
	close(s.work)
	return <-s.done
}
