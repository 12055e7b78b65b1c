package xlsx

import (
	"fmt"
	"io"
)

const (
	// maxCellBytes bounds one cell's text; Excel's own cap is 32,767
	// characters, so anything near this is not from a spreadsheet program.
	maxCellBytes = 1 << 20
	// maxRowBytes bounds the text of one row, and so the reader's memory.
	maxRowBytes = 8 << 20
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
	s := r.s
	col, style := prev+1, 0
	var t []byte
	for a := s.attrs; ; {
		name, v, rest, ok := nextAttr(a)
		if !ok {
			break
		}
		switch string(localName(name)) {
		case "r":
			if len(v) > 0 {
				c, _, ok := parseRef(v)
				if !ok {
					r.corrupt("bad cell reference %.20q", v)
					return col
				}
				col = c
			}
		case "t":
			t = v
		case "s":
			style, _ = parseUint(v)
		}
		a = rest
	}
	if s.self {
		return col
	}
	val, has, inIs, fromIs, rph, form := r.val[:0], false, false, false, 0, false
	for done := false; !done; {
		switch s.next() {
		case tokEOF:
			r.corrupt("cell not closed in row %d", r.num)
			return col
		case tokStart:
			switch string(s.name) {
			case "v":
				val, has = r.collect(val, "v"), true
			case "f":
				form = true
				s.skipElement()
			case "is":
				inIs = !s.self
			case "t":
				if inIs && rph == 0 {
					val, has, fromIs = r.collect(val, "t"), true, true
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
				done = true
			case "is":
				inIs = false
			case "rPh":
				rph--
			}
		}
		if r.done {
			return col
		}
	}
	r.val = val
	if !has || len(val) == 0 {
		return col
	}
	r.addCell(col, t, style, form, fromIs)
	return col
}

// collect appends the text up to the end tag named name.
func (r *Rows) collect(dst []byte, name string) []byte {
	s := r.s
	if s.self {
		return dst
	}
	for {
		switch s.next() {
		case tokEOF:
			r.corrupt("<%s> not closed in row %d", name, r.num)
			return dst
		case tokText:
			if dst = appendText(dst, s); len(dst) > maxCellBytes {
				r.corrupt("cell longer than %d bytes in row %d", maxCellBytes, r.num)
				return dst
			}
		case tokEnd:
			if string(s.name) == name {
				return dst
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
