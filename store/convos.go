package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"lamsach/flows"
)

// Tracked is a flows.Sessions kept elsewhere (Redis) with a durable note,
// in this database, of who has a conversation open. Redis can come back
// empty (a restart without persistence, a flush); Get then finds no state
// where the note says there is one and returns flows.ErrStateLost, so the
// person is told that what they were doing was interrupted instead of
// being answered as if idle.
//
// The note is written before the state and removed before it, so a
// failure in between errs towards "lost". It is refreshed only when an
// eighth of the idle time has passed since it was, so most Puts cost no
// write here; it outlives the state it stands for by up to that much.
type Tracked struct {
	flows.Sessions
	db   *DB
	idle time.Duration
}

// Tracked returns sessions, in which a conversation expires after idle,
// with the note of open conversations kept in db.
func (db *DB) Tracked(sessions flows.Sessions, idle time.Duration) *Tracked {
	if idle <= 0 {
		panic(fmt.Sprintf("store: Tracked idle %v is not positive", idle))
	}
	return &Tracked{Sessions: sessions, db: db, idle: idle}
}

// Get returns the conversation state of userID, nil when there is none,
// or flows.ErrStateLost when the note says there should be one.
func (s *Tracked) Get(ctx context.Context, userID int64) ([]byte, error) {
	state, err := s.Sessions.Get(ctx, userID)
	if err != nil || state != nil {
		return state, err
	}
	var open bool
	err = s.db.joinView(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM open_convos WHERE user_id = ? AND expires_at > ?)`,
			userID, tx.now.UnixMilli()).Scan(&open)
	})
	if err != nil {
		return nil, fmt.Errorf("get session: %w", err)
	}
	if open {
		return nil, flows.ErrStateLost
	}
	return nil, nil
}

// Put notes the open conversation, then saves its state.
func (s *Tracked) Put(ctx context.Context, userID int64, state []byte) error {
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		var until int64
		err := tx.queryRow(ctx, `SELECT expires_at FROM open_convos WHERE user_id = ?`, userID).Scan(&until)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if until-now >= s.idle.Milliseconds() {
			return nil // fresh enough: it outlives the state being saved
		}
		_, err = tx.exec(ctx, `INSERT INTO open_convos (user_id, expires_at) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET expires_at = excluded.expires_at`,
			userID, now+ttlMillis(s.idle+s.idle/8))
		if err != nil {
			return err
		}
		return sweepExpired(ctx, tx, "open_convos", "user_id", sweepBatch)
	})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return s.Sessions.Put(ctx, userID, state)
}

// Drop removes the note, then the state.
func (s *Tracked) Drop(ctx context.Context, userID int64) error {
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM open_convos WHERE user_id = ?`, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("drop session: %w", err)
	}
	return s.Sessions.Drop(ctx, userID)
}
