package sheet

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// ExportRow is one record for the import file: the corrected values and
// the uploaded row they came from.
type ExportRow struct {
	Name      string
	DOB       vn.Date
	Gender    vn.Gender
	ID        string // canonical number, or "" for none
	Phone     string
	Insurance string
	Village   string
	Address   string
	Code      string
	// Extra are the values of the record's other person fields (its field
	// registry), by the column kind a template names them with.
	Extra map[Field]string
	// Headers are the upload's header paths (Report.HeaderPaths) and Cells
	// the uploaded row (Row.Cells); together they carry through the
	// columns lamsach does not edit. Rows of one upload should share one
	// Headers slice.
	Headers []string
	Cells   []string
}

// ImportStats counts what WriteImport wrote.
type ImportStats struct {
	Rows int `json:"rows"`
	// PartialDates counts dates of birth known only to the month or year,
	// written per Template.PartialDates; the station may want to check them.
	PartialDates int `json:"partial_dates"`
	// NoDate counts records written without a date of birth, which the
	// platform requires.
	NoDate int `json:"no_date"`
	// Carried counts cells carried through from uploaded lists.
	Carried int `json:"carried"`
}

// ImportWriter streams records into the platform's import file, one row
// each, holding one row in memory: it serves lists of any length.
type ImportWriter struct {
	xw    *xlsx.Writer
	tpl   Template
	stats ImportStats
	plans map[string]carryPlan // by the upload's joined headers
	cells []xlsx.WCell
}

// NewImportWriter starts an import file on w in the layout of tpl, writing
// its notes and header rows.
func NewImportWriter(w io.Writer, tpl Template) (*ImportWriter, error) {
	if err := tpl.Validate(); err != nil {
		return nil, fmt.Errorf("sheet: import template: %w", err)
	}
	xw := xlsx.NewWriter(w)
	err := xw.AddSheet(tpl.Sheet, xlsx.SheetOptions{
		ColWidths: tpl.ColWidths, Merges: tpl.Merges, FreezeRows: tpl.DataStartRow - 1,
	})
	if err != nil {
		return nil, err
	}
	iw := &ImportWriter{xw: xw, tpl: tpl, plans: map[string]carryPlan{}, cells: make([]xlsx.WCell, len(tpl.Columns))}
	for _, r := range tpl.NoteRows {
		if err := xw.WriteRow(textCells(r, xlsx.StyleNote)); err != nil {
			return nil, err
		}
	}
	for row := len(tpl.NoteRows) + 1; row < tpl.DataStartRow-len(tpl.HeaderRows); row++ {
		if err := xw.WriteRow(nil); err != nil {
			return nil, err
		}
	}
	for _, r := range tpl.HeaderRows {
		if err := xw.WriteRow(textCells(r, xlsx.StyleHeader)); err != nil {
			return nil, err
		}
	}
	return iw, nil
}

// Write adds one record.
func (iw *ImportWriter) Write(r ExportRow) error {
	iw.stats.Rows++
	plan := iw.plan(r.Headers)
	for i, c := range iw.tpl.Columns {
		v := iw.value(c, &r)
		if v == "" && plan != nil && plan[i] >= 0 && plan[i] < len(r.Cells) {
			if v = strings.TrimSpace(r.Cells[plan[i]]); v != "" {
				iw.stats.Carried++
			}
		}
		iw.cells[i] = xlsx.WCell{Value: v, Style: xlsx.StyleText}
		if c.Format == FormatSeq {
			iw.cells[i].Number = true
		}
	}
	err := iw.xw.WriteRow(iw.cells)
	if errors.Is(err, xlsx.ErrCellTooLong) {
		iw.stats.Rows-- // left out; the file goes on
	}
	return err
}

// Close finishes the file and returns what was written.
func (iw *ImportWriter) Close() (ImportStats, error) {
	return iw.stats, iw.xw.Close()
}

// WriteImport writes the platform's import file for rows in the layout of
// tpl: one row per record from tpl.DataStartRow, the corrected values in
// the template's formats, IDs, phones and dates as text, and the uploaded
// columns the template's Carry rules name carried through.
func WriteImport(w io.Writer, tpl Template, rows []ExportRow) (ImportStats, error) {
	iw, err := NewImportWriter(w, tpl)
	if err != nil {
		return ImportStats{}, err
	}
	for _, r := range rows {
		if err := iw.Write(r); err != nil {
			return iw.stats, err
		}
	}
	return iw.Close()
}

// plan returns the carry plan for an upload's headers, computed once per
// distinct header list.
func (iw *ImportWriter) plan(headers []string) carryPlan {
	if len(headers) == 0 {
		return nil
	}
	key := strings.Join(headers, "\x00")
	p, ok := iw.plans[key]
	if !ok {
		p = planCarry(iw.tpl.Columns, headers)
		iw.plans[key] = p
	}
	return p
}

// value renders a record's value for one template column.
func (iw *ImportWriter) value(c TemplateColumn, r *ExportRow) string {
	switch c.Format {
	case FormatSeq:
		return strconv.Itoa(iw.stats.Rows)
	case FormatGender01:
		return r.Gender.PlatformCode()
	}
	switch c.Field {
	case FieldName:
		return r.Name
	case FieldDOB:
		return iw.date(r.DOB)
	case FieldGender:
		return genderWord(r.Gender)
	case FieldID:
		return exportID(r.ID)
	case FieldPhone:
		return r.Phone
	case FieldInsurance:
		return r.Insurance
	case FieldVillage:
		return r.Village
	case FieldAddress:
		return r.Address
	case FieldCode:
		return r.Code
	}
	return r.Extra[c.Field]
}

// exportID is the ID cell of the import file: the number, or nothing for
// a placeholder a list wrote where there is none ("không có", "chưa có",
// "-", "0"), which the platform would take for a number. Numbers of
// digits, the common case, skip the check.
func exportID(id string) string {
	digits := id != ""
	for i := 0; i < len(id) && digits; i++ {
		digits = id[i] >= '0' && id[i] <= '9'
	}
	if digits && strings.Trim(id, "0") != "" {
		return id
	}
	if res := vn.ParseID(id, vn.Typed); res.Err == nil && res.ID.Kind == vn.IDNone {
		return ""
	}
	return id
}

// date writes a date of birth as dd/mm/yyyy (writtenDate), counting the
// dates written without a day or not at all.
func (iw *ImportWriter) date(d vn.Date) string {
	switch d.Precision() {
	case vn.PrecNone:
		iw.stats.NoDate++
	case vn.PrecYear, vn.PrecMonth:
		iw.stats.PartialDates++
	}
	return writtenDate(d, iw.tpl)
}

// writtenDate is a date of birth as the import file holds it: dd/mm/yyyy.
// A date known only to the month or year follows Template.PartialDates:
// by default the first day (01/mm/yyyy, 01/01/yyyy), the only form the
// platform's import accepts and the placeholder it uses itself; the record
// keeps its real precision.
func writtenDate(d vn.Date, tpl Template) string {
	switch d.Precision() {
	case vn.PrecNone:
		return ""
	case vn.PrecDay:
		return d.Display()
	}
	if tpl.PartialDates == PartialAsIs {
		return d.Display()
	}
	if d.Month == 0 {
		d.Month = 1
	}
	d.Day = 1
	return d.Display()
}

// genderWord is the gender as people write it (Nam, Nữ), for text columns.
func genderWord(g vn.Gender) string {
	if g == vn.GenderUnknown {
		return ""
	}
	return plain(msg.VI, "gender."+string(g))
}

// textCells makes a row of text cells in one style.
func textCells(vals []string, style xlsx.StyleID) []xlsx.WCell {
	out := make([]xlsx.WCell, len(vals))
	for i, v := range vals {
		out[i] = xlsx.WCell{Value: v, Style: style}
	}
	return out
}
