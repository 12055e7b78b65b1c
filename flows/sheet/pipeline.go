package sheet

import (
	"runtime"
	"strings"
	"sync"

	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// legacySample is how many name cells are joined to judge the encoding:
// one short name carries little evidence, fifty carry plenty.
const legacySample = 50

// maxHeld and maxHeldBytes bound the rows read ahead to find legacySample
// names.
const (
	maxHeld      = 5000
	maxHeldBytes = 4 << 20
)

// Memory is bounded by the row, not the file: every place rows wait has a
// byte budget besides its row count, so a list of 1 MB rows costs no more
// than one of short rows. rowCost estimates a row's memory: its text and a
// cell's worth of bookkeeping per cell.
func rowCost(xr xlsx.Row) int {
	n := 0
	for i := range xr.Cells {
		n += 64 + len(xr.Cells[i].Text)
	}
	return n
}

// parsedCost estimates a parsed row's memory.
func parsedCost(r *Row) int {
	n := 256 + 16*len(r.Cells)
	for _, c := range r.Cells {
		n += len(c)
	}
	return n
}

// judgeEncoding reads ahead until it holds legacySample names (or maxHeld
// rows, or the end), and refuses TCVN3/VNI text before any row is parsed
// or handed to the caller. It returns every row it holds, in order.
func judgeEncoding(rows *xlsx.Rows, held []xlsx.Row, nameCol int) ([]xlsx.Row, error) {
	var names strings.Builder
	n := 0
	addName := func(xr xlsx.Row) {
		for _, c := range xr.Cells {
			if c.Col == nameCol && c.Text != "" {
				names.WriteString(c.Text)
				names.WriteByte(' ')
				n++
			}
		}
	}
	for _, xr := range held {
		addName(xr)
	}
	size := 0
	for _, xr := range held {
		size += rowCost(xr)
	}
	for n < legacySample && len(held) < maxHeld && size < maxHeldBytes && rows.Next() {
		xr := rows.Row()
		held = append(held, xr)
		size += rowCost(xr)
		addName(xr)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if vn.IsLegacyEncoded(names.String()) {
		return nil, ErrLegacyEncoding
	}
	return held, nil
}

// chunkRows and chunkBytes bound the sheet rows that travel together
// through the pipeline. At most about 3×workers+2 chunks are in flight.
const (
	chunkRows  = 256
	chunkBytes = 1 << 20
)

// batchBytes bounds the rows of one batch, whatever Options.BatchSize says.
const batchBytes = 8 << 20

// parsed is one sheet row after parsing.
type parsed struct {
	row  Row
	skip bool
	date dateSource
}

// dateSource is how a row's date of birth arrived, for the counts.
type dateSource uint8

const (
	dateOther  dateSource = iota
	dateCell              // a date-formatted number or an ISO date cell
	dateSerial            // a plain number read as an Excel serial
)

// chunk is a run of sheet rows and where its parsed rows go.
type chunk struct {
	rows []xlsx.Row
	out  chan []parsed
}

// runPipeline parses the sheet on all cores while keeping the order: one
// goroutine reads sheet rows into chunks, workers parse chunks, and the
// calling goroutine takes the results in order for the steps that need
// the whole file's order (duplicates, counts, batches). The caller's batch
// function is only ever called on the calling goroutine.
//
// Parsing a row (names, dates, IDs, the cross-checks) costs about three
// times reading it, so on two cores this roughly halves the time.
func runPipeline(rows *xlsx.Rows, first []xlsx.Row, base rowReader, st *stage) error {
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	work := make(chan chunk, workers)
	order := make(chan chan []parsed, 2*workers)
	done := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup

	wg.Add(1)
	go func() { // the reader
		defer wg.Done()
		defer close(work)
		defer close(order)
		readErr = readChunks(rows, first, func(c []xlsx.Row) bool {
			ch := chunk{rows: c, out: make(chan []parsed, 1)}
			return sendTo(work, ch, done) && sendTo(order, ch.out, done)
		})
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rr := base // each worker has its own scratch and name memo
			for c := range work {
				out := make([]parsed, len(c.rows))
				for i, xr := range c.rows {
					out[i].row, out[i].skip = rr.parse(xr)
					if !out[i].skip {
						out[i].date = rr.dateSource()
					}
				}
				c.out <- out
			}
		}()
	}

	var err error
	for res := range order {
		if err = st.take(<-res); err != nil {
			break
		}
	}
	close(done)
	for range order { // let the reader see done and finish
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	return st.flush()
}

// sendTo sends v on ch unless done closes first.
func sendTo[T any](ch chan<- T, v T, done <-chan struct{}) bool {
	select {
	case ch <- v:
		return true
	case <-done:
		return false
	}
}

// readChunks hands the rows read ahead (first), then the sheet's other
// rows, to send in chunks of chunkRows rows or chunkBytes bytes, in order,
// until send reports the pipeline stopped. It returns the sheet's error.
func readChunks(rows *xlsx.Rows, first []xlsx.Row, send func([]xlsx.Row) bool) error {
	buf, size := make([]xlsx.Row, 0, chunkRows), 0
	add := func(xr xlsx.Row) bool {
		buf, size = append(buf, xr), size+rowCost(xr)
		if len(buf) < chunkRows && size < chunkBytes {
			return true
		}
		ok := send(buf)
		buf, size = make([]xlsx.Row, 0, chunkRows), 0
		return ok
	}
	for i := range first {
		if !add(first[i]) {
			return nil
		}
		first[i] = xlsx.Row{} // sent: let it go with its chunk
	}
	for rows.Next() {
		if !add(rows.Row()) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(buf) > 0 {
		send(buf)
	}
	return nil
}

// stage is the in-order part of reading: duplicates, counts and batches.
type stage struct {
	rep     *Report
	opt     Options
	batch   func([]Row) error
	dups    *dupFinder
	pending []Row
	size    int // parsedCost of pending
}

// take handles a chunk's parsed rows in order.
func (st *stage) take(ps []parsed) error {
	for i := range ps {
		p := &ps[i]
		if p.skip {
			st.rep.Rows.Skipped++
			continue
		}
		if pair, ok := st.dups.check(&p.row); ok {
			st.rep.addDuplicate(pair)
		}
		if p.row.hidden {
			st.rep.Rows.Hidden++
		}
		switch p.date {
		case dateCell:
			st.rep.Dates.DateCells++
		case dateSerial:
			st.rep.Dates.Serials++
		}
		st.rep.count(&p.row, st.opt.MaxErrorRows)
		st.pending = append(st.pending, p.row)
		st.size += parsedCost(&p.row)
		if len(st.pending) >= st.opt.BatchSize || st.size >= batchBytes {
			if err := st.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush hands the pending rows to the caller.
func (st *stage) flush() error {
	if len(st.pending) == 0 {
		return nil
	}
	b := st.pending
	st.pending, st.size = make([]Row, 0, min(st.opt.BatchSize, 4096)), 0
	if st.batch == nil {
		return nil
	}
	if err := st.batch(b); err != nil {
		return batchError{err}
	}
	return nil
}

// batchError carries the caller's own error through Read unchanged.
type batchError struct{ err error }

func (b batchError) Error() string { return b.err.Error() }
func (b batchError) Unwrap() error { return b.err }
