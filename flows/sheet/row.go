package sheet

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// Row is one data row of an uploaded list, parsed.
type Row struct {
	// Num is the row's number in the sheet (1-based, as Excel shows it).
	Num int
	// Person holds the parsed values: the name's display form, the date
	// with its precision, the gender, the canonical ID and phone, and
	// IDRaw, the ID cell as received.
	Person vn.Person
	// NameKey is the name's search key (vn.NameKey), "" without a name.
	NameKey string
	// Problem is the record's kind (vn.Check).
	Problem vn.Problem
	// IDIssue says why a received ID did not parse, for bad_id_format
	// records; it is not an error of the row: fixing it is the process.
	IDIssue *vn.Issue
	// Warnings are the parsers' notices (lost_leading_zero, date_swapped,
	// phone_lost_zero, phone_format), vn.Check's warnings and the
	// duplicates found earlier in the file (dup_id, dup_person; Arg: the
	// earlier row's number).
	Warnings []vn.Issue
	// Errors are values that cannot be used: a name, date of birth or
	// gender that does not parse.
	Errors []CellError
	// Village is the village column's text, else the village part of the
	// address (see villageOf); "" when neither says.
	Village   string
	Address   string
	Code      string // the platform's record code
	Insurance string
	Result    string // the verification list's result
	// Cells are every cell of the row as text, by column from A, so exports
	// can carry through what lamsach does not edit. Date-formatted cells
	// hold dd/mm/yyyy rather than the serial number.
	Cells []string

	hidden bool          // hidden in Excel; counted in Report.Rows.Hidden
	cols   map[Field]int // the header's column per field, shared by the rows
}

// Text returns the row's cell in the column the header gave field f, ""
// when there is none: a field the reader does not parse itself (one the
// record's field registry adds) is read from it.
func (r *Row) Text(f Field) string {
	if i, ok := r.cols[f]; ok && i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// CellError is one unusable value: where it is and what is wrong.
type CellError struct {
	Cell  string   `json:"cell"` // "C12"
	Field Field    `json:"field"`
	Issue vn.Issue `json:"issue"`
}

// Codes of the duplicate warnings Read adds; the catalogs render them as
// issues ("issue.dup_id").
const (
	CodeDupID     = "dup_id"     // the same ID on another person; Arg: the other row
	CodeDupPerson = "dup_person" // the same person again; Arg: the other row
)

// Codes of the errors a cell gets whatever its column holds; the catalogs
// render them as issues ("issue.cell_formula").
const (
	// CodeCellFormula: a formula whose result the file does not hold
	// (written by a script or a library that does not compute formulas).
	CodeCellFormula = "cell_formula"
	// CodeCellTooLong: more than xlsx.MaxCellChars characters, which no
	// export could write back.
	CodeCellTooLong = "cell_too_long"
	// CodeCellEncoding: bytes that are not UTF-8, or U+FFFD, the mark of
	// text an earlier conversion could not decode.
	CodeCellEncoding = "cell_encoding"
	// CodeCellLegacy: text in the TCVN3 or VNI encoding, or UTF-8 read with
	// the wrong code page.
	CodeCellLegacy = "cell_legacy_encoding"
)

// rowReader parses data rows under a known header.
type rowReader struct {
	col      map[Field]int // column index per field
	width    int           // header width: Cells has at least this many
	date1904 bool
	today    time.Time
	byCol    []*xlsx.Cell // scratch: the current row's cells by column
	bad      []bool       // scratch: the current row's unusable cells by column
	names    map[string]vn.NameResult
}

// cell returns the current row's cell of field f, or nil when there is
// none or it is unusable (checkCells).
func (rr *rowReader) cell(f Field) *xlsx.Cell {
	i, ok := rr.col[f]
	if !ok || i >= len(rr.byCol) || rr.bad[i] {
		return nil
	}
	return rr.byCol[i]
}

// badField reports whether field f's cell is unusable.
func (rr *rowReader) badField(f Field) bool {
	i, ok := rr.col[f]
	return ok && i < len(rr.bad) && rr.bad[i]
}

// text returns the cleaned text of field f's cell.
func (rr *rowReader) text(f Field) string {
	c := rr.cell(f)
	if c == nil {
		return ""
	}
	return clean(c.Text)
}

// clean is vn.CleanText with a fast path: most cells are already clean
// (NFC, single plain spaces, no invisible characters), and checking that
// costs a fraction of rebuilding the string.
func clean(s string) string {
	prevSpace := true // a leading space is not clean
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return vn.CleanText(s)
			}
			prevSpace = true
			continue
		case r < 0x20, r == 0x7f, r == utf8.RuneError:
			return vn.CleanText(s)
		case r >= 0x80:
			if r == 'Ð' || r == 'ð' || unicode.IsSpace(r) || unicode.In(r, unicode.Cf, unicode.Cc) {
				return vn.CleanText(s)
			}
		}
		prevSpace = false
	}
	if prevSpace && s != "" || !norm.NFC.IsNormalString(s) {
		return vn.CleanText(s)
	}
	return s
}

// parse reads one sheet row. skip is true for rows that hold no record:
// blank-ish rows, column numbering, totals and signatures, repeated headers.
func (rr *rowReader) parse(xr xlsx.Row) (row Row, skip bool) {
	width := rr.width
	if n := len(xr.Cells); n > 0 {
		width = max(width, xr.Cells[n-1].Col+1)
	}
	rr.byCol, rr.bad = rr.byCol[:0], rr.bad[:0]
	for range width {
		rr.byCol, rr.bad = append(rr.byCol, nil), append(rr.bad, false)
	}
	for i := range xr.Cells {
		rr.byCol[xr.Cells[i].Col] = &xr.Cells[i]
	}
	if skipRow(xr, rr.text(FieldName), rr.cell(FieldID), rr.cell(FieldDOB)) {
		return Row{}, true
	}
	row = Row{Num: xr.Num, Cells: make([]string, width), hidden: xr.Hidden, cols: rr.col}
	for _, c := range xr.Cells {
		row.Cells[c.Col] = rr.cellText(&c)
	}
	rr.checkCells(xr, &row)

	var nameWarns []vn.Issue
	if c := rr.cell(FieldName); c != nil {
		res := rr.parseName(c.Text)
		nameWarns = res.Warnings
		if isHeaderName(res.Key) {
			return Row{}, true
		}
		row.Person.Name, row.NameKey = res.Name, res.Key
		if res.Err != nil {
			row.addError(c.Col, xr.Num, FieldName, *res.Err)
		}
	} else if !rr.badField(FieldName) {
		row.addError(rr.col[FieldName], xr.Num, FieldName, vn.Issue{Code: vn.CodeNameEmpty, Field: vn.FieldName})
	}
	notices := rr.parsePerson(&row)
	row.Address = rr.text(FieldAddress)
	row.Village = rr.text(FieldVillage)
	if row.Village == "" {
		row.Village = villageOf(row.Address)
	}
	row.Code, row.Insurance, row.Result = rr.text(FieldCode), rr.text(FieldInsurance), rr.text(FieldResult)

	// vn.Check parses the name again for its warnings, which cost as much
	// as everything else in the row; they are the warnings ParseName just
	// gave (Check repeats them for stored names), so Check gets the record
	// without its name and the name's warnings are added here.
	noName := row.Person
	noName.Name = ""
	kind, warnings := vn.Check(noName)
	row.Problem = kind
	row.Warnings = mergeIssues(mergeIssues(notices, warnings), nameWarns)
	return row, false
}

// parsePerson parses the date of birth, gender, ID and phone of the
// current row into row, adding the errors, and returns the parsers'
// notices.
func (rr *rowReader) parsePerson(row *Row) (notices []vn.Issue) {
	p := &row.Person
	if c := rr.cell(FieldDOB); c != nil {
		res := rr.date(c)
		p.DOB = res.Date
		notices = append(notices, res.Warnings...)
		if res.Err != nil {
			row.addError(c.Col, row.Num, FieldDOB, *res.Err)
		}
	}
	if c := rr.cell(FieldGender); c != nil {
		g, is := vn.ParseGender(c.Text)
		p.Gender = g
		if is != nil {
			row.addError(c.Col, row.Num, FieldGender, *is)
		}
	}
	if c := rr.cell(FieldID); c != nil {
		p.IDRaw = strings.TrimSpace(c.Text)
		res := vn.ParseID(c.Raw, source(c))
		p.ID, row.IDIssue = res.ID, res.Err
		notices = append(notices, res.Warnings...)
	}
	if c := rr.cell(FieldPhone); c != nil {
		res := vn.ParsePhone(c.Raw, source(c))
		p.Phone = res.Number
		notices = append(notices, res.Warnings...)
		if res.Err != nil {
			// A phone is not one of the four fields: a bad one is shown,
			// never a reason to hold the record back.
			notices = append(notices, *res.Err)
		}
	}
	return notices
}

// maxNameCache bounds the memo of parsed names. Names repeat a lot in a
// commune's list (a few family and middle names, popular given names), so
// a modest memo saves most of the parsing.
const maxNameCache = 1 << 15

// parseName is vn.ParseName with a memo by cell text. The cached result's
// Warnings slice is shared, so it is never appended to in place.
func (rr *rowReader) parseName(text string) vn.NameResult {
	if res, ok := rr.names[text]; ok {
		return res
	}
	res := vn.ParseName(text)
	if rr.names == nil {
		rr.names = map[string]vn.NameResult{}
	}
	if len(rr.names) < maxNameCache {
		rr.names[text] = res
	}
	return res
}

func (r *Row) addError(col, num int, f Field, is vn.Issue) {
	r.Errors = append(r.Errors, CellError{Cell: cellRef(col, num), Field: f, Issue: is})
}

// dateSource tells how the current row's date of birth arrived.
func (rr *rowReader) dateSource() dateSource {
	c := rr.cell(FieldDOB)
	switch {
	case c == nil:
		return dateOther
	case c.Type == xlsx.CellDate || (c.Type == xlsx.CellNumber && c.DateFormat):
		return dateCell
	case c.Type == xlsx.CellNumber && len(strings.TrimSpace(c.Raw)) != 4:
		return dateSerial
	}
	return dateOther
}

// source tells the parsers whether a value came from a numeric cell, whose
// raw XML text lost its leading zeros.
func source(c *xlsx.Cell) vn.Source {
	if c.Type == xlsx.CellNumber {
		return vn.CellNumber
	}
	return vn.CellText
}

// cellText is a cell's text for carrying through: a date-formatted number
// or an ISO date cell as dd/mm/yyyy, anything else as the file has it.
func (rr *rowReader) cellText(c *xlsx.Cell) string {
	if d, ok := rr.cellDate(c); ok {
		return d
	}
	return c.Text
}

// cellDate returns a date cell's value as dd/mm/yyyy.
func (rr *rowReader) cellDate(c *xlsx.Cell) (string, bool) {
	switch {
	case c.Type == xlsx.CellNumber && c.DateFormat:
		n, err := strconv.ParseFloat(c.Raw, 64)
		if err != nil || n < 1 || n > 2958465 {
			return "", false
		}
		return serialDate(int(n), rr.date1904).Format("02/01/2006"), true
	case c.Type == xlsx.CellDate:
		t, err := time.Parse("2006-01-02", c.Text[:min(10, len(c.Text))])
		if err != nil {
			return "", false
		}
		return t.Format("02/01/2006"), true
	}
	return "", false
}

// date parses a date-of-birth cell. Date cells are converted first, so
// the parser checks them like typed dates; a plain number is left to
// vn.ParseDate, which reads it as a year or a 1900-system serial.
func (rr *rowReader) date(c *xlsx.Cell) vn.DateResult {
	if d, ok := rr.cellDate(c); ok {
		return vn.ParseDate(d, vn.CellText, rr.today)
	}
	if c.Type != xlsx.CellNumber {
		return vn.ParseDate(c.Text, vn.CellText, rr.today)
	}
	raw := c.Raw
	if rr.date1904 {
		if n, err := strconv.Atoi(raw); err == nil && (n < 1900 || n > rr.today.Year()) {
			raw = strconv.Itoa(n + date1904Offset)
		}
	}
	return vn.ParseDate(raw, vn.CellNumber, rr.today)
}

// date1904Offset is the number of days between the 1900 and 1904 date
// systems' day zero, counting Excel's fictitious 29/02/1900.
const date1904Offset = 1462

// serialDate converts an Excel serial day number to a date. In the 1900
// system day 1 is 01/01/1900 and day 60 the fictitious 29/02/1900 (kept
// from Lotus 1-2-3), so from day 61 on the count starts one day earlier.
func serialDate(n int, date1904 bool) time.Time {
	if date1904 {
		return time.Date(1904, time.January, 1+n, 0, 0, 0, 0, time.UTC)
	}
	if n > 60 {
		return time.Date(1899, time.December, 30+n, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(1899, time.December, 31+n, 0, 0, 0, 0, time.UTC)
}

// mergeIssues joins two issue lists without repeats, keeping order, into
// a new slice (either list may be shared).
func mergeIssues(a, b []vn.Issue) []vn.Issue {
	if len(a)+len(b) == 0 {
		return nil
	}
	out := make([]vn.Issue, len(a), len(a)+len(b))
	copy(out, a)
	for _, is := range b {
		dup := false
		for _, o := range out {
			if o == is {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, is)
		}
	}
	return out
}
