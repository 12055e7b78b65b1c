package xlsx

import (
	"fmt"
	"io"
)

// MaxCellChars is the most characters a cell may hold: Excel's own limit,
// which Writer enforces. A longer cell is read with TooLong set and its
// text dropped, so one cell never costs more than a few times this.
const MaxCellChars = 32767

const (
	// maxKeptBytes is the most bytes of one cell's text kept while reading:
	// past it the cell has more than MaxCellChars characters whatever its
	// encoding (UTF-8 spends at most 4 bytes on one).
	maxKeptBytes = 4 * MaxCellChars
	// maxMerges bounds the merge list kept per sheet.
	maxMerges = 1 << 16
)

// Rows iterates over the rows of one sheet, holding one row in memory.
type Rows struct {
	book   *Book
	rc     io.ReadCloser
	s      *scanner
	row    Row
	err    error
	done   bool
	num    int      // number of the last row seen
	val    []byte   // value of the cell being read
	arena  []byte   // decoded values of the row being read
	pend   []pend   // cells of the row being read
	hidden bool     // the row being read is hidden
	typ    [16]byte // the t attribute of the cell being read
	merges []string // merged ranges, complete once Next returns false
	root   string   // local name of the root element
	closed bool     // the root element has ended: the sheet is complete
}

// pend is a cell whose text still lives in the row arena.
type pend struct {
	col        int
	typ        CellType
	start, end int // span in the arena
	sst        int // shared string index, or -1
	date, form bool
	noValue    bool // a formula without a saved result
	tooLong    bool // text over MaxCellChars, dropped
}

// Rows starts reading sheet i (0-based, in Sheets order). The caller must
// Close the iterator.
func (b *Book) Rows(i int) (*Rows, error) {
	if i < 0 || i >= len(b.sheets) {
		return nil, fmt.Errorf("xlsx: no sheet %d in a book of %d", i, len(b.sheets))
	}
	part := b.sheets[i].part
	s, rc, err := b.scan(part)
	if err != nil {
		if part == "" || b.parts[part] == nil {
			return nil, fmt.Errorf("%w: sheet %q has no part", ErrCorrupt, b.sheets[i].name)
		}
		return nil, err
	}
	return &Rows{book: b, rc: rc, s: s}, nil
}

// Next advances to the next row that has a non-empty cell. It returns false
// at the end of the sheet or on error; Err tells which.
func (r *Rows) Next() bool {
	if r.done {
		return false
	}
	for {
		switch r.s.next() {
		case tokEOF:
			if r.s.err == nil && !r.closed {
				r.corrupt("sheet ends before its root element closes")
			}
			r.finish(r.s.err)
			return false
		case tokEnd:
			if string(r.s.name) == r.root {
				r.closed = true
			}
		case tokStart:
			if r.root == "" {
				r.root = string(r.s.name)
				r.closed = r.s.self
			}
			switch string(r.s.name) {
			case "row":
				if r.readRow() {
					return true
				}
				if r.done {
					return false
				}
			case "mergeCell":
				if ref := attrString(r.s.attrs, "ref"); ref != "" && len(r.merges) < maxMerges {
					r.merges = append(r.merges, ref)
				}
			}
		}
	}
}

// Row returns the current row. Its strings and Cells stay valid after Next.
func (r *Rows) Row() Row { return r.row }

// Err returns the error that ended the iteration, if any.
func (r *Rows) Err() error { return r.err }

// Merges returns the merged ranges ("K7:R7") of the sheet. Merges follow the
// cells in the file, so the list is complete only once Next returned false
// without error.
func (r *Rows) Merges() []string { return r.merges }

// Close releases the sheet stream. It is safe to call more than once.
func (r *Rows) Close() error {
	r.done = true
	if r.rc == nil {
		return nil
	}
	err := r.rc.Close()
	r.rc = nil
	return err
}

func (r *Rows) finish(err error) {
	if r.err == nil {
		r.err = err
	}
	r.Close()
}

func (r *Rows) corrupt(format string, args ...any) {
	if r.s.err != nil {
		r.finish(r.s.err)
		return
	}
	r.finish(fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...))
}

// readRow reads the row whose start tag was just scanned. It reports whether
// the row had a non-empty cell.
func (r *Rows) readRow() bool {
	s := r.s
	num := r.num + 1
	if v, ok := attr(s.attrs, "r"); ok && len(v) > 0 {
		n, ok := parseUint(v)
		if !ok || n == 0 {
			r.corrupt("bad row number %.20q", v)
			return false
		}
		num = n
	}
	r.num = num
	if s.self {
		return false
	}
	h, _ := attr(s.attrs, "hidden")
	r.hidden = string(h) == "1" || string(h) == "true"
	r.arena, r.pend = r.arena[:0], r.pend[:0]
	col := -1
	for {
		switch s.next() {
		case tokEOF:
			r.corrupt("row %d not closed", num)
			return false
		case tokStart:
			if string(s.name) == "c" {
				if col = r.readCell(col); r.done {
					return false
				}
			}
		case tokEnd:
			if string(s.name) == "row" {
				return r.emit()
			}
		}
	}
}

// readCell reads the cell whose start tag was just scanned, following the
// cell in column prev. It returns the cell's column.
func (r *Rows) readCell(prev int) int {
	col, t, style, ok := r.cellAttrs(prev)
	if !ok || r.s.self {
		return col
	}
	v, ok := r.cellContent()
	if !ok {
		return col
	}
	r.val = v.val
	switch {
	case v.long:
		r.addFlagged(col, t, style, v.form, pend{tooLong: true})
	case v.has && len(v.val) > 0:
		r.addCell(col, t, style, v.form, v.fromIs)
	case v.form && !(v.has && isStringType(t)):
		// No result saved, or openpyxl's empty <v/>: only a formula whose
		// declared result is a string can be empty for real.
		r.addFlagged(col, t, style, v.form, pend{noValue: true})
	}
	return col
}

// cellAttrs reads the attributes of the cell start tag just scanned: its
// column (prev+1 without an r attribute), type and style. ok is false when
// the reference is malformed, which ends the iteration.
func (r *Rows) cellAttrs(prev int) (col int, t []byte, style int, ok bool) {
	col = prev + 1
	for a := r.s.attrs; ; {
		name, v, rest, found := nextAttr(a)
		if !found {
			return col, t, style, true
		}
		switch string(localName(name)) {
		case "r":
			if len(v) > 0 {
				c, _, good := parseRef(v)
				if !good {
					r.corrupt("bad cell reference %.20q", v)
					return col, t, style, false
				}
				col = c
			}
		case "t":
			// Copied: v points into the scanner's window, which reading
			// the cell's content may refill.
			t = append(r.typ[:0], v[:min(len(v), len(r.typ))]...)
		case "s":
			style, _ = parseUint(v)
		}
		a = rest
	}
}

// cellValue is what a cell's content held.
type cellValue struct {
	val    []byte // the value's text, at most maxKeptBytes of it
	has    bool   // a <v> or an inline <t> was there, even empty
	fromIs bool   // the text came from an inline string
	form   bool   // a formula was there
	long   bool   // the text was longer than maxKeptBytes
}

// cellContent reads a cell's content up to its end tag. ok is false when
// the iteration ended (a malformed or truncated cell).
func (r *Rows) cellContent() (v cellValue, ok bool) {
	s := r.s
	v.val = r.val[:0]
	inIs, rph := false, 0
	for {
		switch s.next() {
		case tokEOF:
			r.corrupt("cell not closed in row %d", r.num)
			return v, false
		case tokStart:
			switch string(s.name) {
			case "v":
				v.val, v.long = r.collect(v.val, "v")
				v.has = true
			case "f":
				v.form = true
				s.skipElement()
			case "is":
				inIs = !s.self
			case "t":
				if inIs && rph == 0 {
					var long bool
					v.val, long = r.collect(v.val, "t")
					v.has, v.fromIs, v.long = true, true, v.long || long
				} else {
					s.skipElement()
				}
			case "rPh":
				if !s.self {
					rph++
				}
			}
		case tokEnd:
			switch string(s.name) {
			case "c":
				return v, !r.done
			case "is":
				inIs = false
			case "rPh":
				rph--
			}
		}
		if r.done {
			return v, false
		}
	}
}

// isStringType reports whether a cell's t attribute declares a string.
func isStringType(t []byte) bool {
	return string(t) == "str" || string(t) == "inlineStr" || string(t) == "s"
}

// collect appends the text up to the end tag named name. Past maxKeptBytes
// it stops keeping text and reports long; the rest is skipped.
func (r *Rows) collect(dst []byte, name string) (_ []byte, long bool) {
	s := r.s
	if s.self {
		return dst, false
	}
	for {
		switch s.next() {
		case tokEOF:
			r.corrupt("<%s> not closed in row %d", name, r.num)
			return dst, long
		case tokText:
			if !long {
				dst = appendText(dst, s)
				long = len(dst) > maxKeptBytes
			}
		case tokEnd:
			if string(s.name) == name {
				return dst, long
			}
		}
	}
}

// Merges returns the merged ranges of sheet i. It reads the whole sheet
// stream, since merges follow the cells; when also reading rows, use
// Rows.Merges instead.
func (b *Book) Merges(i int) ([]string, error) {
	rows, err := b.Rows(i)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := rows.s
	var refs []string
	for k := s.next(); k != tokEOF; k = s.next() {
		if k == tokStart && string(s.name) == "mergeCell" && len(refs) < maxMerges {
			if ref := attrString(s.attrs, "ref"); ref != "" {
				refs = append(refs, ref)
			}
		}
	}
	return refs, s.err
}
