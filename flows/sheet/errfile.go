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
	widths := make([]float64, width+1)
	widths[width] = 60
	xw := xlsx.NewWriter(w)
	err := xw.AddSheet(plain(msg.VI, "sheet.errors.sheet"), xlsx.SheetOptions{
		ColWidths:  widths,
		Merges:     shiftMerges(rep.HeaderMerges, rep.HeaderRows),
		FreezeRows: len(rep.Headers),
	})
	if err != nil {
		return err
	}
	for i, h := range rep.Headers {
		cells := textCells(h, xlsx.StyleHeader)
		if i == 0 {
			cells = append(cells, make([]xlsx.WCell, width-len(h))...)
			cells = append(cells, xlsx.WCell{Value: plain(msg.VI, "sheet.errors.column"), Style: xlsx.StyleHeader})
		}
		if err := xw.WriteRow(cells); err != nil {
			return err
		}
	}
	cells := make([]xlsx.WCell, width+1)
	for _, r := range rows {
		if len(r.Errors) == 0 {
			continue
		}
		clear(cells)
		for i, v := range r.Cells {
			cells[i] = xlsx.WCell{Value: v, Style: xlsx.StyleText}
		}
		cells[width] = xlsx.WCell{Value: errorLines(r.Errors), Style: xlsx.StyleTextWrap}
		if err := xw.WriteRow(cells); err != nil {
			return err
		}
	}
	return xw.Close()
}

// errorLines renders a row's errors in Vietnamese, one per line.
func errorLines(errs []CellError) string {
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Cell + ": " + plainText(issueText(msg.VI, e.Issue))
	}
	return strings.Join(lines, "\n")
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
