package sheet

import (
	"fmt"
	"io"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
)

// WriteErrors writes the rows that have errors back in the layout they
// were uploaded in: the header row(s) as uploaded (merges included), then
// each row's original cells, and one more column naming each bad cell and
// the reason in Vietnamese ("C12: năm chỉ có 2 chữ số; hãy ghi đủ 4 chữ
// số, ví dụ 15/05/1990"). The station fixes the cells and uploads the file
// again. rows defaults to rep.ErrorRows; rows without errors are left out.
func WriteErrors(w io.Writer, rep *Report, rows []Row) error {
	if rows == nil {
		rows = rep.ErrorRows
	}
	width := 0
	for _, h := range rep.Headers {
		width = max(width, len(h))
	}
	for _, r := range rows {
		if len(r.Errors) > 0 {
			width = max(width, len(r.Cells))
		}
	}
	lw, err := NewListWriter(w, rep, ListErrors, width)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if len(r.Errors) == 0 {
			continue
		}
		if err := lw.Write(r.Cells, r.Num, errorLines(r.Errors)); err != nil {
			return err
		}
	}
	return lw.Close(rep.HeaderMerges)
}

// ListKind is what a ListWriter's file is for, which names its sheet and
// its note column.
type ListKind string

// The files written in an upload's own layout.
const (
	ListErrors  ListKind = "errors"  // rows that could not be read, with the reason per cell
	ListChanges ListKind = "changes" // rows lamsach changed on its own, with old and new values
)

// ListWriter streams rows in an upload's own layout: its header rows as
// uploaded, then each row's original cells, and a note column at the
// right (the error file and the changes file). It holds one row in
// memory.
type ListWriter struct {
	xw      *xlsx.Writer
	width   int
	cells   []xlsx.WCell
	headers []int // header row numbers as uploaded, for the merges
	written int
}

// NewListWriter starts a file for rows of the upload rep describes (its
// header must be known: Options.Header is the place). The note column
// comes after width columns; a row's cells past it move one to the right.
func NewListWriter(w io.Writer, rep *Report, kind ListKind, width int) (*ListWriter, error) {
	for _, h := range rep.Headers {
		width = max(width, len(h))
	}
	widths := make([]float64, width+1)
	widths[width] = 60
	xw := xlsx.NewWriter(w)
	err := xw.AddSheet(plain(msg.VI, "sheet."+string(kind)+".sheet"), xlsx.SheetOptions{
		ColWidths: widths, FreezeRows: len(rep.Headers),
	})
	if err != nil {
		return nil, err
	}
	lw := &ListWriter{xw: xw, width: width, headers: rep.HeaderRows}
	for i, h := range rep.Headers {
		cells := textCells(h, xlsx.StyleHeader)
		if i == 0 {
			cells = append(cells, make([]xlsx.WCell, width-len(h))...)
			cells = append(cells, xlsx.WCell{Value: plain(msg.VI, "sheet."+string(kind)+".column"), Style: xlsx.StyleHeader})
		}
		if err := xw.WriteRow(cells); err != nil {
			return nil, err
		}
	}
	return lw, nil
}

// Write adds one row: its original cells and its note. The note's lines
// name cells of the uploaded file ("C12"): each is named where it lands
// in this file ("C3"), where the station reads and fixes it, and a last
// line gives num, the row's number in the uploaded file.
func (lw *ListWriter) Write(cells []string, num int, note []noteLine) error {
	lw.cells = lw.cells[:0]
	for i, v := range cells {
		if i == lw.width {
			lw.cells = append(lw.cells, xlsx.WCell{}) // the note's place
		}
		lw.cells = append(lw.cells, xlsx.WCell{Value: v, Style: xlsx.StyleText})
	}
	for len(lw.cells) <= lw.width {
		lw.cells = append(lw.cells, xlsx.WCell{})
	}
	lw.written++
	here := len(lw.headers) + lw.written
	lines := make([]string, 0, len(note)+1)
	for _, n := range note {
		cell := n.cell
		if col, _, ok := parseRef(cell); ok {
			cell = cellRef(col, here)
		}
		lines = append(lines, cell+n.text)
	}
	lines = append(lines, plain(msg.VI, "sheet.list.row", num))
	lw.cells[lw.width] = xlsx.WCell{Value: strings.Join(lines, "\n"), Style: xlsx.StyleTextWrap}
	return lw.xw.WriteRow(lw.cells)
}

// noteLine is one line of a ListWriter's note: a cell of the uploaded
// file ("C12", or "" for none) and the text after it (": reason").
type noteLine struct {
	cell, text string
}

// Rows returns how many rows were written, header rows not counted.
func (lw *ListWriter) Rows() int { return lw.written }

// Close adds the header's merged ranges (Report.HeaderMerges, known only
// once the upload was read) and finishes the file.
func (lw *ListWriter) Close(merges []string) error {
	if m := shiftMerges(merges, lw.headers); len(m) > 0 {
		if err := lw.xw.AddMerges(m...); err != nil {
			return err
		}
	}
	return lw.xw.Close()
}

// errorLines renders a row's errors in Vietnamese, one per line.
func errorLines(errs []CellError) []noteLine {
	lines := make([]noteLine, len(errs))
	for i, e := range errs {
		lines[i] = noteLine{e.Cell, ": " + plainText(issueText(msg.VI, e.Issue))}
	}
	return lines
}

// shiftMerges moves the header's merged ranges to the top of the error
// file, where the header rows start at row 1.
func shiftMerges(merges []string, headerRows []int) []string {
	if len(headerRows) == 0 {
		return nil
	}
	by := headerRows[0] - 1
	var out []string
	for _, m := range merges {
		a, b, _ := strings.Cut(m, ":")
		c1, r1, ok1 := parseRef(a)
		c2, r2, ok2 := parseRef(b)
		if !ok1 || !ok2 {
			continue
		}
		out = append(out, fmt.Sprintf("%s%d:%s%d", colLetter(c1), r1-by, colLetter(c2), r2-by))
	}
	return out
}
