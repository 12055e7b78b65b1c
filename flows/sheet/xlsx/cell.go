package xlsx

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// CellType is the kind of value a cell holds, as the file declares it.
type CellType uint8

// Cell types. A formula cell has the type of its cached result.
const (
	CellNumber       CellType = iota // a number, also a date serial
	CellString                       // a shared string, or a formula's string result
	CellInlineString                 // a string stored in the cell itself
	CellBool                         // TRUE or FALSE
	CellError                        // an error value such as #N/A
	CellDate                         // an ISO 8601 date-time (t="d")
)

// Cell is one non-empty cell.
type Cell struct {
	// Col is the 0-based column.
	Col int
	// Type is how the file declares the value.
	Type CellType
	// Raw is the value text exactly as in the file, for numbers unformatted
	// ("87084000999", "8.7084000999E10", "32874"). For strings (shared,
	// inline, or a formula's string result), whose file text is an index,
	// markup or escaped, Raw equals Text.
	Raw string
	// Text is the value as a person reads it, without number formatting:
	// strings resolved and decoded, booleans as "TRUE" or "FALSE", and
	// otherwise Raw.
	Text string
	// DateFormat reports that the cell's number format shows a date or time,
	// so a number here is a date serial (see Book.Date1904).
	DateFormat bool
	// Formula reports that the value is the cached result of a formula.
	Formula bool
	// NoValue reports a formula cell without a saved result: the program
	// that wrote the file did not compute it. Text and Raw are empty.
	NoValue bool
	// TooLong reports a cell of more than MaxCellChars characters. Its text
	// is not kept: Text and Raw are empty.
	TooLong bool
}

// Row is one row with at least one non-empty cell.
type Row struct {
	// Num is the 1-based row number.
	Num int
	// Hidden reports that the row is hidden in Excel.
	Hidden bool
	// Cells are the non-empty cells in column order.
	Cells []Cell
}

// inBounds checks a cell's place against the limits, ending the iteration
// when it is past them.
func (r *Rows) inBounds(col int) bool {
	if col >= r.book.lim.MaxCols {
		r.finish(fmt.Errorf("%w: cell %s%d is past column %d", ErrTooManyCols, colName(min(col, 16383)), r.num, r.book.lim.MaxCols))
		return false
	}
	if r.num > r.book.lim.MaxRows {
		r.finish(fmt.Errorf("%w: row %d is past %d", ErrTooManyRows, r.num, r.book.lim.MaxRows))
		return false
	}
	return true
}

// addFlagged queues a cell that has no text to keep: a formula without a
// saved result or an over-long value. It is a cell all the same, so the
// caller can name it in an error rather than read it as empty.
func (r *Rows) addFlagged(col int, t []byte, style int, form bool, p pend) {
	if !r.inBounds(col) {
		return
	}
	p.col, p.sst, p.date, p.form = col, -1, r.book.isDateStyle(style), form
	p.typ = cellType(t)
	p.start, p.end = len(r.arena), len(r.arena)
	r.pend = append(r.pend, p)
}

// cellType maps a t attribute to the type of a cell without its value.
func cellType(t []byte) CellType {
	switch string(t) {
	case "s", "str":
		return CellString
	case "inlineStr":
		return CellInlineString
	case "b":
		return CellBool
	case "e":
		return CellError
	case "d":
		return CellDate
	}
	return CellNumber
}

// addCell classifies the value in r.val and queues it for the row.
func (r *Rows) addCell(col int, t []byte, style int, form, fromIs bool) {
	if !r.inBounds(col) {
		return
	}
	p := pend{col: col, sst: -1, date: r.book.isDateStyle(style), form: form}
	decode := false
	switch string(t) {
	case "s":
		r.addShared(p)
		return
	case "inlineStr":
		p.typ, decode = CellInlineString, true
	case "str":
		p.typ, decode = CellString, true
	case "b":
		p.typ = CellBool
	case "e":
		p.typ = CellError
	case "d":
		p.typ = CellDate
	default:
		p.typ = CellNumber
		if fromIs {
			p.typ, decode = CellInlineString, true
		}
	}
	p.start = len(r.arena)
	if decode {
		r.arena = appendDecodedX(r.arena, r.val)
	} else {
		r.arena = append(r.arena, r.val...)
	}
	p.end = len(r.arena)
	if p.start == p.end {
		return
	}
	if tooLong(r.arena[p.start:p.end]) {
		r.arena = r.arena[:p.start]
		p.end, p.tooLong = p.start, true
	}
	if len(r.arena) > r.book.lim.MaxRowBytes {
		r.finish(fmt.Errorf("%w: row %d holds more than %d bytes of text", ErrRowTooLong, r.num, r.book.lim.MaxRowBytes))
		return
	}
	r.pend = append(r.pend, p)
}

// tooLong reports whether text has more than MaxCellChars characters.
func tooLong(b []byte) bool {
	return len(b) > MaxCellChars && utf8.RuneCount(b) > MaxCellChars
}

// addShared queues a shared-string cell whose index is in r.val. Its text
// stays in the table; an entry over MaxCellChars makes a TooLong cell.
func (r *Rows) addShared(p pend) {
	idx, ok := parseUint(bytes.TrimSpace(r.val))
	if !ok || idx >= r.book.sst.len() {
		r.corrupt("shared string index %.20q out of range in row %d", r.val, r.num)
		return
	}
	p.typ, p.start, p.end = CellString, len(r.arena), len(r.arena)
	switch {
	case r.book.sst.long[idx]:
		p.tooLong = true
	case r.book.sst.get(idx) == "":
		return
	default:
		p.sst = idx
	}
	r.pend = append(r.pend, p)
}

// emit turns the queued cells into r.row with one string allocation for all
// of the row's own text.
func (r *Rows) emit() bool {
	if len(r.pend) == 0 {
		return false
	}
	// Writers put cells in column order; sort only if one did not.
	for i := 1; i < len(r.pend); i++ {
		for j := i; j > 0 && r.pend[j].col < r.pend[j-1].col; j-- {
			r.pend[j], r.pend[j-1] = r.pend[j-1], r.pend[j]
		}
	}
	all := string(r.arena)
	cells := make([]Cell, len(r.pend))
	for i, p := range r.pend {
		c := Cell{Col: p.col, Type: p.typ, DateFormat: p.date, Formula: p.form, NoValue: p.noValue, TooLong: p.tooLong}
		if p.sst >= 0 {
			c.Raw = r.book.sst.get(p.sst)
		} else {
			c.Raw = all[p.start:p.end]
		}
		c.Text = c.Raw
		if p.typ == CellBool {
			switch c.Raw {
			case "1":
				c.Text = "TRUE"
			case "0":
				c.Text = "FALSE"
			}
		}
		cells[i] = c
	}
	r.row = Row{Num: r.num, Hidden: r.hidden, Cells: cells}
	return true
}
