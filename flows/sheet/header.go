package sheet

import (
	"strconv"
	"strings"

	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// maxScanRows is how many non-empty rows from the top of a sheet may hold
// the header: title blocks run to about ten lines.
const maxScanRows = 30

// Column is one column of the uploaded list and what Read made of it.
type Column struct {
	Col    string `json:"col"`             // column letter: "C"
	Header string `json:"header"`          // the header text that named it, cleaned
	Path   string `json:"path,omitempty"`  // "group / column" under a two-row header
	Field  Field  `json:"field,omitempty"` // what it holds; "" when unused
	// Also is the field the column looked like when another column named
	// that field better, so the person sees why it was not used.
	Also Field `json:"also,omitempty"`

	index int
	match match
}

// header is the header Read found on a sheet.
type header struct {
	rows    []int      // row numbers: one or two
	cells   [][]string // each header row's cells as uploaded, by column
	cols    []Column
	byField map[Field]int // the column index of each used field
	score   int           // quality of the used columns' matches, summed
}

// last returns the number of the last header row.
func (h *header) last() int { return h.rows[len(h.rows)-1] }

// valid reports whether h can read a list: it has a name column and one
// more field to tell people apart.
func (h *header) valid() bool {
	_, ok := h.byField[FieldName]
	return ok && len(h.byField) >= 2
}

// better reports whether h beats o: more fields, then better matches.
// Ties keep o, the earlier or single-row candidate.
func (h *header) better(o *header) bool {
	if o == nil {
		return true
	}
	if len(h.byField) != len(o.byField) {
		return len(h.byField) > len(o.byField)
	}
	return h.score > o.score
}

// findHeader looks for the header among the first rows of a sheet. It tries
// each row alone and with the row below it (a two-row header: a group header
// over sub-columns, or cells merged down), and returns the best candidate.
func findHeader(rows []xlsx.Row) *header {
	var best *header
	for i := range rows {
		one := mapHeader(rows[i : i+1])
		cand := one
		if i+1 < len(rows) && rows[i+1].Num == rows[i].Num+1 {
			two := mapHeader(rows[i : i+2])
			next := mapHeader(rows[i+1 : i+2])
			// The pair wins when its second row names fields neither row
			// names alone, or when that row reads like sub-column names
			// under this header (text only, none in the name column), or
			// when only together they name a list (a group named like a
			// field over the name column).
			if len(two.byField) > max(len(one.byField), len(next.byField)) ||
				(one.valid() && subHeaderRow(rows[i+1], one)) ||
				(two.valid() && !one.valid() && len(two.byField) > len(next.byField)) {
				cand = two
			}
		}
		if cand.valid() && cand.better(best) {
			best = cand
		}
	}
	return best
}

// subHeaderRow reports whether r reads like a second header row under h:
// text cells only, short ones, and nothing in the name column, which every
// data row fills, unless a cell of r names the name field itself (the name
// column then lies under a group that read like one).
func subHeaderRow(r xlsx.Row, h *header) bool {
	name := h.byField[FieldName]
	if len(r.Cells) == 0 {
		return false
	}
	inName, namesName := false, false
	for _, c := range r.Cells {
		if c.Type != xlsx.CellString && c.Type != xlsx.CellInlineString {
			return false
		}
		if len(fold(c.Text)) > maxHeaderLen {
			return false
		}
		inName = inName || c.Col == name
		namesName = namesName || matchHeader(c.Text).field == FieldName
	}
	return !inName || namesName
}

// mapHeader maps the columns of one or two header rows to fields. Under two
// rows each column takes the sub-column name in the second row when it
// names a field, else the first row's text (a cell merged down keeps its
// text in the first row only; a group's text sits over its first
// sub-column).
func mapHeader(rows []xlsx.Row) *header {
	h := &header{byField: map[Field]int{}}
	width := 0
	for _, r := range rows {
		h.rows = append(h.rows, r.Num)
		if n := len(r.Cells); n > 0 {
			width = max(width, r.Cells[n-1].Col+1)
		}
	}
	for _, r := range rows {
		texts := make([]string, width)
		for _, c := range r.Cells {
			texts[c.Col] = c.Text
		}
		h.cells = append(h.cells, texts)
	}
	group := ""
	for col := range width {
		top := vn.CleanText(h.cells[0][col])
		sub := ""
		if len(h.cells) > 1 {
			sub = vn.CleanText(h.cells[1][col])
		}
		c := Column{Col: colLetter(col), index: col, Header: top}
		c.match = matchHeader(top)
		if len(h.cells) > 1 {
			// A group header stretches right over the sub-columns below it
			// (merged cells keep their text in the first cell only).
			switch {
			case top != "" && sub != "":
				group = top
			case top != "":
				group = ""
			case sub == "":
				group = ""
			}
			if sub != "" {
				c.Path = sub
				if group != "" {
					c.Path = group + " / " + sub
				}
				// The sub-column's own name decides its field; the text
				// above it (a group over several sub-columns, or this
				// column's own header) only helps when the sub-column
				// names nothing, and then yields to any column that
				// names the field itself.
				if m := matchHeader(sub); m.quality > 0 || c.match.quality == 0 {
					c.Header, c.match = sub, m
				} else {
					c.match.weak = true
				}
			}
		}
		h.cols = append(h.cols, c)
	}
	h.assign()
	return h
}

// assign gives each field to its best column; a column that loses keeps
// the field in Also and stays unused.
func (h *header) assign() {
	for i := range h.cols {
		c := &h.cols[i]
		f := c.match.field
		if f == FieldNone {
			continue
		}
		if j, taken := h.byField[f]; taken {
			if !c.match.better(h.cols[j].match) {
				c.Also = f
				continue
			}
			h.cols[j].Field, h.cols[j].Also = FieldNone, f
			h.score -= h.cols[j].match.quality
		}
		c.Field = f
		h.byField[f] = i
		h.score += c.match.quality
	}
}

// colLetter returns the letters of a 0-based column: 0 → "A", 26 → "AA".
func colLetter(col int) string {
	var b [8]byte
	i := len(b)
	for col++; col > 0; col = (col - 1) / 26 {
		i--
		b[i] = byte('A' + (col-1)%26)
	}
	return string(b[i:])
}

// cellRef returns a cell reference such as "C12".
func cellRef(col, row int) string {
	return colLetter(col) + strconv.Itoa(row)
}

// headerLooksLegacy reports whether the top rows of a sheet read like
// TCVN3/VNI text, so a file whose header we could not match because of its
// encoding gets the encoding answer, not "no header".
func headerLooksLegacy(rows []xlsx.Row) bool {
	var b strings.Builder
	for _, r := range rows {
		for _, c := range r.Cells {
			if c.Type == xlsx.CellString || c.Type == xlsx.CellInlineString {
				b.WriteString(c.Text)
				b.WriteByte(' ')
			}
		}
	}
	return vn.IsLegacyEncoded(b.String())
}
