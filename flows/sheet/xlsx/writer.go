package xlsx

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// Excel's hard limits; a file past them does not open. MaxCellChars, the
// third, is shared with the reader (rows.go).
const (
	maxSheetRows = 1 << 20
	maxSheetCols = 1 << 14
)

// WCell is one cell to write.
type WCell struct {
	// Value is written as text; an empty Value leaves the cell empty.
	Value string
	// Style is one of the fixed styles.
	Style StyleID
	// Number asks for a numeric cell. It is honoured only for plain
	// decimals of at most 15 significant digits, which Excel keeps exactly;
	// anything else (a 12-digit ID is fine, a 16-digit one is not) stays
	// text.
	Number bool
}

// SheetOptions shapes a sheet. Everything here must be known before the
// first row, because it precedes the rows in the file (or, for merges, is
// kept until the sheet ends).
type SheetOptions struct {
	// ColWidths are column widths in characters, from column A; a zero
	// width keeps the default.
	ColWidths []float64
	// Merges are ranges to merge, such as "K7:R7".
	Merges []string
	// FreezeRows keeps this many top rows in view when scrolling.
	FreezeRows int
}

// Writer streams an .xlsx workbook to an io.Writer: sheets one after another,
// rows in order, holding one row in memory. Write errors are sticky: after
// one, every call returns it. Refused input (a bad sheet name, an over-long
// cell) is not: the call changes nothing and the writer stays usable.
type Writer struct {
	zw      *zip.Writer
	bw      *bufio.Writer // the open sheet part, nil before AddSheet
	sheets  []string
	merges  []string // of the open sheet
	row     int      // last row number written in the open sheet
	rowNum  []byte   // decimal text of row
	buf     []byte
	cols    []string // column names by index, grown on demand
	quote   bool
	created time.Time
	err     error
	closed  bool
}

// NewWriter returns a Writer on w. Close finishes the archive but does not
// close w.
func NewWriter(w io.Writer) *Writer {
	zw := zip.NewWriter(w)
	// Default-level deflate was a third of the time of writing a large
	// list; BestSpeed costs a little size and no compatibility.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return &Writer{zw: zw, quote: true}
}

// SetQuotePrefix controls the guard on values starting with '=', '+', '-' or
// '@' (on by default). Such values are always written as text; the guard
// also gives them Excel's quote-prefix style, so editing the cell later does
// not turn it into a formula or number.
func (w *Writer) SetQuotePrefix(on bool) { w.quote = on }

// SetCreated records the creation time in the document properties and zip
// entries. Without it the file carries no time, so output is reproducible.
func (w *Writer) SetCreated(t time.Time) { w.created = t.UTC() }

// AddSheet ends the current sheet, if any, and starts a new one. Names follow
// Excel's rules: 1-31 characters, none of : \ / ? * [ ], not starting or
// ending with an apostrophe, unique ignoring case.
func (w *Writer) AddSheet(name string, opts SheetOptions) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("xlsx: writer closed")
	}
	if err := checkSheetName(name, w.sheets); err != nil {
		return err
	}
	for _, m := range opts.Merges {
		if !validRange(m) {
			return fmt.Errorf("xlsx: bad merge range %q", m)
		}
	}
	if opts.FreezeRows < 0 || opts.FreezeRows >= maxSheetRows {
		return fmt.Errorf("xlsx: bad frozen row count %d", opts.FreezeRows)
	}
	if len(opts.ColWidths) > maxSheetCols {
		return fmt.Errorf("xlsx: %d column widths, Excel allows %d", len(opts.ColWidths), maxSheetCols)
	}
	if err := w.endSheet(); err != nil {
		return err
	}
	w.sheets = append(w.sheets, name)
	f, err := w.zw.CreateHeader(w.header(fmt.Sprintf("xl/worksheets/sheet%d.xml", len(w.sheets))))
	if err != nil {
		return w.fail(err)
	}
	if w.bw == nil {
		w.bw = bufio.NewWriterSize(f, 64<<10)
	} else {
		w.bw.Reset(f)
	}
	w.row, w.merges = 0, opts.Merges
	w.buf = appendSheetHead(w.buf[:0], opts, len(w.sheets) == 1)
	_, err = w.bw.Write(w.buf)
	return w.fail(err)
}

// AddMerges adds ranges to merge in the open sheet. Merges follow the rows
// in the file, so a sheet streamed before its merges were known (a copy of
// an upload's header, whose merges come after its rows) can add them here
// until the sheet ends.
func (w *Writer) AddMerges(ranges ...string) error {
	if w.err != nil {
		return w.err
	}
	if w.bw == nil || w.closed {
		return errors.New("xlsx: AddMerges before AddSheet or after Close")
	}
	for _, m := range ranges {
		if !validRange(m) {
			return fmt.Errorf("xlsx: bad merge range %q", m)
		}
	}
	w.merges = append(w.merges[:len(w.merges):len(w.merges)], ranges...)
	return nil
}

// ErrCellTooLong refuses a cell over MaxCellChars characters; the row is
// not written and the writer goes on, so a caller can leave that one row
// out and name it.
var ErrCellTooLong = fmt.Errorf("longer than %d characters, Excel's limit", MaxCellChars)

// WriteRow writes the next row; cells are columns from A. A nil or all-empty
// row leaves a blank row.
func (w *Writer) WriteRow(cells []WCell) error {
	if w.err != nil {
		return w.err
	}
	if w.bw == nil || w.closed {
		return errors.New("xlsx: WriteRow before AddSheet or after Close")
	}
	if w.row >= maxSheetRows {
		return fmt.Errorf("xlsx: more than %d rows", maxSheetRows)
	}
	if len(cells) > maxSheetCols {
		return fmt.Errorf("xlsx: %d cells in a row, Excel allows %d", len(cells), maxSheetCols)
	}
	for i, c := range cells {
		if len(c.Value) > MaxCellChars && utf8.RuneCountInString(c.Value) > MaxCellChars {
			return fmt.Errorf("xlsx: cell %s%d: %w", colName(i), w.row+1, ErrCellTooLong)
		}
		if c.Style >= numStyles {
			return fmt.Errorf("xlsx: unknown style %d in cell %s%d", c.Style, colName(i), w.row+1)
		}
	}
	w.row++
	w.rowNum = strconv.AppendInt(w.rowNum[:0], int64(w.row), 10)
	b := append(w.buf[:0], `<row r="`...)
	b = append(b, w.rowNum...)
	b = append(b, `">`...)
	empty := len(b)
	for i, c := range cells {
		if c.Value != "" {
			b = w.appendCell(b, i, c)
		}
	}
	w.buf = b
	if len(b) == empty {
		return nil
	}
	b = append(b, "</row>"...)
	_, err := w.bw.Write(b)
	return w.fail(err)
}

// appendCell appends one non-empty cell of the current row.
func (w *Writer) appendCell(b []byte, col int, c WCell) []byte {
	for len(w.cols) <= col {
		w.cols = append(w.cols, colName(len(w.cols)))
	}
	b = append(b, `<c r="`...)
	b = append(b, w.cols[col]...)
	b = append(b, w.rowNum...)
	b = append(b, '"')
	num := c.Number && isExactNumber(c.Value)
	xf := 2 * int(c.Style)
	if !num && w.quote && needsQuotePrefix(c.Value) {
		xf++
	}
	if xf != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(xf), 10)
		b = append(b, '"')
	}
	if num {
		b = append(b, "><v>"...)
		b = append(b, c.Value...)
		return append(b, "</v></c>"...)
	}
	b = append(b, ` t="inlineStr"><is><t`...)
	if needsPreserve(c.Value) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = appendEscaped(b, c.Value)
	return append(b, "</t></is></c>"...)
}

// endSheet finishes the open sheet part: the elements that follow sheetData
// in the schema.
func (w *Writer) endSheet() error {
	if w.bw == nil {
		return nil
	}
	b := append(w.buf[:0], "</sheetData>"...)
	if len(w.merges) > 0 {
		b = append(b, `<mergeCells count="`...)
		b = strconv.AppendInt(b, int64(len(w.merges)), 10)
		b = append(b, `">`...)
		for _, m := range w.merges {
			b = append(b, `<mergeCell ref="`...)
			b = append(b, m...)
			b = append(b, `"/>`...)
		}
		b = append(b, "</mergeCells>"...)
	}
	b = append(b, `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`...)
	w.buf = b
	if _, err := w.bw.Write(b); err != nil {
		return w.fail(err)
	}
	return w.fail(w.bw.Flush())
}

// Close ends the last sheet, writes the workbook parts and finishes the zip.
// A workbook needs a sheet, so one named "Sheet1" is added if none was.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	if w.err == nil && len(w.sheets) == 0 {
		w.AddSheet("Sheet1", SheetOptions{})
	}
	if w.err == nil {
		w.endSheet()
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	for _, p := range w.parts() {
		f, err := w.zw.CreateHeader(w.header(p.name))
		if err != nil {
			return w.fail(err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return w.fail(err)
		}
	}
	return w.fail(w.zw.Close())
}

func (w *Writer) header(name string) *zip.FileHeader {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	if !w.created.IsZero() {
		h.Modified = w.created
	} else {
		// A zero DOS date (month 0) upsets some unzip tools.
		h.Modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return h
}

func (w *Writer) fail(err error) error {
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("xlsx: write: %w", err)
	}
	return w.err
}
