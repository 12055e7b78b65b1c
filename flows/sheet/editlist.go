package sheet

import (
	"io"
	"strconv"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// Basic is the four fields of basic personal information (Official Letter
// 2262) as the edit list shows them.
type Basic struct {
	Name   string
	DOB    vn.Date
	Gender vn.Gender
	ID     string
}

// EditRow is one wrong-info record for the edit list: what the platform
// holds (Old) and what the police confirmed (New).
type EditRow struct {
	Code     string // the platform's record code, when known
	Old, New Basic
	Handover int // the handover (biên bản) number
	Officer  string
	Village  string
	// Note replaces the changed-fields column when the record needs
	// something other than an edit, e.g. the person was not found.
	Note string
}

// editCols is the edit list's width: STT, code, four fields old/new,
// changed fields, handover, officer, village.
const editCols = 14

// WriteEditList writes rows as an edit list (see EditListWriter).
func WriteEditList(w io.Writer, rows []EditRow) error {
	ew, err := NewEditListWriter(w)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := ew.Write(r); err != nil {
			return err
		}
	}
	return ew.Close()
}

// EditListWriter writes the edit list: one row per wrong-info record, with
// each of the four fields old → new side by side, a column naming the
// fields that changed, the handover number, the officer and the village.
// The station edits these records by hand on the platform.
type EditListWriter struct {
	xw    *xlsx.Writer
	cells []xlsx.WCell
	rows  int
}

// NewEditListWriter writes the edit list's sheet and heading to w; the
// rows follow one Write at a time, so memory stays that of one row.
func NewEditListWriter(w io.Writer) (*EditListWriter, error) {
	xw := xlsx.NewWriter(w)
	t := func(key string) string { return plain(msg.VI, key) }
	err := xw.AddSheet(t("sheet.edit.sheet"), xlsx.SheetOptions{
		ColWidths: []float64{5, 16, 24, 24, 12, 12, 9, 9, 15, 15, 22, 10, 20, 16},
		Merges: []string{"A1:N1", "A2:N2", "A4:A5", "B4:B5", "C4:D4", "E4:F4", "G4:H4", "I4:J4",
			"K4:K5", "L4:L5", "M4:M5", "N4:N5"},
		FreezeRows: 5,
	})
	if err != nil {
		return nil, err
	}
	old, neu := t("sheet.edit.old"), t("sheet.edit.new")
	head := [][]string{
		{t("sheet.edit.title")},
		{t("sheet.edit.note")},
		nil,
		{t("sheet.edit.seq"), t("sheet.edit.code"), t("sheet.edit.name"), "", t("sheet.edit.dob"), "",
			t("sheet.edit.gender"), "", t("sheet.edit.id"), "", t("sheet.edit.changed"), t("sheet.edit.handover"),
			t("sheet.edit.officer"), t("sheet.edit.village")},
		{"", "", old, neu, old, neu, old, neu, old, neu},
	}
	styles := []xlsx.StyleID{xlsx.StyleBold, xlsx.StyleNote, xlsx.StyleDefault, xlsx.StyleHeader, xlsx.StyleHeader}
	for i, r := range head {
		if err := xw.WriteRow(textCells(r, styles[i])); err != nil {
			return nil, err
		}
	}
	return &EditListWriter{xw: xw, cells: make([]xlsx.WCell, editCols)}, nil
}

// Write adds one row.
func (ew *EditListWriter) Write(r EditRow) error {
	ew.rows++
	o, n := r.Old, r.New
	changed := []bool{o.Name != n.Name, o.DOB != n.DOB, o.Gender != n.Gender, o.ID != n.ID}
	what := changedFields(changed)
	if r.Note != "" {
		what = r.Note
	}
	vals := []string{strconv.Itoa(ew.rows), r.Code,
		o.Name, n.Name, o.DOB.Display(), n.DOB.Display(), genderWord(o.Gender), genderWord(n.Gender), o.ID, n.ID,
		what, handoverNumber(r.Handover), r.Officer, r.Village}
	cells := ew.cells
	for j, v := range vals {
		cells[j] = xlsx.WCell{Value: v, Style: xlsx.StyleTextBorder}
	}
	cells[0].Number = true
	return ew.xw.WriteRow(cells)
}

// Rows is how many rows were written.
func (ew *EditListWriter) Rows() int { return ew.rows }

// Close ends the file.
func (ew *EditListWriter) Close() error { return ew.xw.Close() }

// changedFields names the fields that differ, "họ tên, ngày sinh", or
// says none did.
func changedFields(changed []bool) string {
	fields := []Field{FieldName, FieldDOB, FieldGender, FieldID}
	var names []string
	for i, ch := range changed {
		if ch {
			names = append(names, plain(msg.VI, "sheet.field."+string(fields[i])))
		}
	}
	if len(names) == 0 {
		return plain(msg.VI, "sheet.edit.unchanged")
	}
	return strings.Join(names, ", ")
}

func handoverNumber(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}
