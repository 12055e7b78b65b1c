package sheet

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Template describes the layout of the platform's import file, so a
// station can replace it when the platform changes its template (the 2022
// version may differ; DOMAIN.md §5). DefaultTemplate is the 2021 PL1 layout.
//
// Rows 1.. hold NoteRows, the header rows end just above DataStartRow, and
// each record is one row from DataStartRow on, one cell per Columns entry.
type Template struct {
	Name  string `json:"name"`
	Sheet string `json:"sheet"`
	// NoteRows are written from row 1, cells from column A.
	NoteRows [][]string `json:"note_rows"`
	// HeaderRows are written on the rows just above DataStartRow.
	HeaderRows [][]string `json:"header_rows"`
	// Merges are ranges such as "J7:Q7" in the note and header rows.
	Merges    []string  `json:"merges"`
	ColWidths []float64 `json:"col_widths"`
	// DataStartRow is the first record's row number.
	DataStartRow int `json:"data_start_row"`
	// PartialDates says what to write for a date of birth known only to
	// the month or year: "first_day" (default) writes 01/mm/yyyy or
	// 01/01/yyyy, the form the platform accepts and itself uses for
	// year-only records; "as_is" writes mm/yyyy or yyyy.
	PartialDates string           `json:"partial_dates,omitempty"`
	Columns      []TemplateColumn `json:"columns"`
}

// TemplateColumn is one column of the import file.
type TemplateColumn struct {
	// Field is the record value written here; "" for a column filled
	// from the uploaded list (Carry) or left empty.
	Field Field `json:"field,omitempty"`
	// Format is how the value is written: "text" (default), "date_dmy"
	// (dd/mm/yyyy), "gender01" (the platform's 0 male, 1 female) or "seq"
	// (the row's number, 1, 2, 3…).
	Format string `json:"format,omitempty"`
	// Carry names the uploaded columns whose value is carried through here
	// when Field gives no value, as people write them; under a two-row
	// header "Group / Column" names a sub-column. They are matched after
	// folding (case, marks and punctuation ignored); the longest name
	// that matches wins, and an uploaded column is carried once.
	Carry []string `json:"carry,omitempty"`
}

// The column formats.
const (
	FormatText     = "text"
	FormatDateDMY  = "date_dmy"
	FormatGender01 = "gender01"
	FormatSeq      = "seq"
)

// The partial-date policies.
const (
	PartialFirstDay = "first_day"
	PartialAsIs     = "as_is"
)

//go:embed templates/pl1-2021.json
var defaultTemplateJSON []byte

// DefaultTemplate returns the platform's 2021 import template (sheet
// "PL1_Danh sach doi tuong tiem", notes in rows 1–5, a two-row header in
// rows 7–8, data from row 9, columns A–AA), as described in
// templates/pl1-2021.json. Each call returns a fresh copy.
func DefaultTemplate() Template {
	t, err := ParseTemplate(defaultTemplateJSON)
	if err != nil {
		panic("sheet: embedded template: " + err.Error()) // a test loads it
	}
	return t
}

// maxTemplateBytes bounds a template file; the default is about 5 KB.
const maxTemplateBytes = 1 << 20

// LoadTemplate reads and validates a template description (JSON) from
// path. Errors name the file and the first problem found.
func LoadTemplate(path string) (Template, error) {
	f, err := os.Open(path)
	if err != nil {
		return Template{}, fmt.Errorf("template: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTemplateBytes+1))
	if err != nil {
		return Template{}, fmt.Errorf("template %s: %w", path, err)
	}
	if len(data) > maxTemplateBytes {
		return Template{}, fmt.Errorf("template %s: larger than %d bytes", path, maxTemplateBytes)
	}
	t, err := ParseTemplate(data)
	if err != nil {
		return Template{}, fmt.Errorf("template %s: %w", path, err)
	}
	return t, nil
}

// ParseTemplate decodes and validates a template description. Unknown
// keys are errors, so a misspelt key does not silently do nothing.
func ParseTemplate(data []byte) (Template, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return Template{}, fmt.Errorf("not a template description: %w", err)
	}
	if dec.More() {
		return Template{}, fmt.Errorf("not a template description: data after the object")
	}
	if err := t.Validate(); err != nil {
		return Template{}, err
	}
	return t, nil
}

// templateFields are the record values a template column can hold.
var templateFields = map[Field]bool{
	FieldNone: true, FieldName: true, FieldDOB: true, FieldGender: true, FieldID: true,
	FieldPhone: true, FieldInsurance: true, FieldVillage: true, FieldAddress: true, FieldCode: true,
}

// Validate checks that the template can be written: a sheet name Excel
// accepts, header rows that fit above the data, known fields and formats
// that suit them, a name column, and merges and widths in range.
func (t Template) Validate() error {
	if err := checkSheetName(t.Sheet); err != nil {
		return err
	}
	n := len(t.Columns)
	if n == 0 || n > maxTemplateCols {
		return fmt.Errorf("columns: want 1 to %d, got %d", maxTemplateCols, n)
	}
	if len(t.HeaderRows) == 0 {
		return fmt.Errorf("header_rows: need at least one header row")
	}
	first := t.DataStartRow - len(t.HeaderRows)
	if t.DataStartRow < 2 || t.DataStartRow > 1000 || first <= len(t.NoteRows) {
		return fmt.Errorf("data_start_row %d: the %d note rows and %d header rows must fit above it",
			t.DataStartRow, len(t.NoteRows), len(t.HeaderRows))
	}
	for i, r := range t.HeaderRows {
		if len(r) > n {
			return fmt.Errorf("header_rows[%d]: %d cells for %d columns", i, len(r), n)
		}
	}
	for i, r := range t.NoteRows {
		if len(r) > maxTemplateCols {
			return fmt.Errorf("note_rows[%d]: %d cells, at most %d", i, len(r), maxTemplateCols)
		}
	}
	switch t.PartialDates {
	case "", PartialFirstDay, PartialAsIs:
	default:
		return fmt.Errorf("partial_dates %q: want %q or %q", t.PartialDates, PartialFirstDay, PartialAsIs)
	}
	hasName := false
	for i, c := range t.Columns {
		if err := c.validate(); err != nil {
			return fmt.Errorf("column %s (%d): %w", colLetter(i), i+1, err)
		}
		hasName = hasName || c.Field == FieldName
	}
	if !hasName {
		return fmt.Errorf("columns: no column has field %q", FieldName)
	}
	for _, m := range t.Merges {
		if err := checkRange(m, t.DataStartRow-1, n); err != nil {
			return fmt.Errorf("merges: %w", err)
		}
	}
	if len(t.ColWidths) > n {
		return fmt.Errorf("col_widths: %d widths for %d columns", len(t.ColWidths), n)
	}
	for i, w := range t.ColWidths {
		if w < 0 || w > 255 {
			return fmt.Errorf("col_widths[%d]: %v is not a width from 0 to 255", i, w)
		}
	}
	return nil
}

func (c TemplateColumn) validate() error {
	if !templateFields[c.Field] {
		return fmt.Errorf("unknown field %q (want one of name, dob, gender, id, phone, insurance, village, address, code, or none)", c.Field)
	}
	switch c.Format {
	case "", FormatText:
	case FormatDateDMY:
		if c.Field != FieldDOB && c.Field != FieldNone {
			return fmt.Errorf("format %q needs field %q", c.Format, FieldDOB)
		}
	case FormatGender01:
		if c.Field != FieldGender {
			return fmt.Errorf("format %q needs field %q", c.Format, FieldGender)
		}
	case FormatSeq:
		if c.Field != FieldNone || len(c.Carry) > 0 {
			return fmt.Errorf("format %q takes no field and no carry", c.Format)
		}
	default:
		return fmt.Errorf("unknown format %q (want text, date_dmy, gender01 or seq)", c.Format)
	}
	for _, s := range c.Carry {
		if foldHeader(s) == "" {
			return fmt.Errorf("carry %q: no letters or digits to match", s)
		}
	}
	return nil
}

// maxTemplateCols bounds a template's width; the platform's has 27.
const maxTemplateCols = 200

// checkSheetName applies Excel's rules for sheet names.
func checkSheetName(name string) error {
	n := len([]rune(name))
	if n == 0 || n > 31 || strings.ContainsAny(name, `:\/?*[]`) ||
		strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") {
		return fmt.Errorf("sheet %q: Excel wants 1 to 31 characters, none of : \\ / ? * [ ], not starting or ending with '", name)
	}
	return nil
}

// checkRange checks a merge range "J7:Q7" lies within rows 1..maxRow and
// the template's columns.
func checkRange(s string, maxRow, cols int) error {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return fmt.Errorf("%q is not a range like J7:Q7", s)
	}
	c1, r1, ok1 := parseRef(a)
	c2, r2, ok2 := parseRef(b)
	if !ok1 || !ok2 || c2 < c1 || r2 < r1 || (c1 == c2 && r1 == r2) {
		return fmt.Errorf("%q is not a range like J7:Q7", s)
	}
	if r2 > maxRow || c2 >= cols {
		return fmt.Errorf("%q reaches past the header (rows 1–%d, %d columns)", s, maxRow, cols)
	}
	return nil
}

// parseRef splits "AA12" into its 0-based column and its row.
func parseRef(s string) (col, row int, ok bool) {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		i++
	}
	if i == 0 || i > 3 || i == len(s) {
		return 0, 0, false
	}
	for _, c := range s[i:] {
		if c < '0' || c > '9' || row > 1<<20 {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
	}
	return col - 1, row, row > 0
}
