package sheet

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestDefaultTemplateMatchesReference checks the embedded PL1 layout
// against the platform's template file cell by cell: sheet name, notes,
// both header rows, merges and column widths.
func TestDefaultTemplateMatchesReference(t *testing.T) {
	tpl := DefaultTemplate()
	f, err := excelize.OpenFile(fixture("platform-import-template-2021.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetList()[0]
	if tpl.Sheet != sh {
		t.Errorf("sheet %q, reference %q", tpl.Sheet, sh)
	}
	rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	trim := func(r []string) []string {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		return r
	}
	for i, want := range rows {
		var got []string
		switch h := tpl.DataStartRow - len(tpl.HeaderRows); {
		case i < len(tpl.NoteRows):
			got = tpl.NoteRows[i]
		case i >= h-1 && i < tpl.DataStartRow-1:
			got = tpl.HeaderRows[i-h+1]
		}
		if !reflect.DeepEqual(trim(got), trim(want)) {
			t.Errorf("row %d: template %q, reference %q", i+1, got, want)
		}
	}
	if len(rows) != tpl.DataStartRow-1 {
		t.Errorf("reference has %d rows above the data, template starts data at row %d", len(rows), tpl.DataStartRow)
	}
	merges, _ := f.GetMergeCells(sh)
	var want []string
	for _, m := range merges {
		want = append(want, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	if !reflect.DeepEqual(tpl.Merges, want) {
		t.Errorf("merges %v, reference %v", tpl.Merges, want)
	}
	if len(tpl.ColWidths) != 27 || len(tpl.Columns) != 27 {
		t.Errorf("%d widths, %d columns; want 27 (A–AA)", len(tpl.ColWidths), len(tpl.Columns))
	}
	for i, w := range tpl.ColWidths {
		col := colLetter(i)
		if rw, _ := f.GetColWidth(sh, col); rw != w {
			t.Errorf("width of %s: %v, reference %v", col, w, rw)
		}
	}
}

// TestImportReadsBack writes an import file and reads it back with Read:
// the two-row header maps and the values come back as written.
func TestImportReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteImport(&buf, DefaultTemplate(), importRows()); err != nil {
		t.Fatal(err)
	}
	rep, rows, err := readBytes(t, buf.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fields(rep), "B=name C=dob D=gender G=phone H=id I=insurance P=village Q=address"; got != want {
		t.Errorf("mapping %q, want %q", got, want)
	}
	if len(rows) != 4 || rows[0].Person.ID.Number != "087090000123" || rows[0].Person.DOB.String() != "1990-05-12" ||
		rows[1].Person.Gender != "female" || rows[0].Person.Phone != "0912345678" {
		t.Errorf("rows read back: %+v", rows)
	}
	// Reading the import file back and converting again carries the
	// columns through to the same places.
	paths := rep.HeaderPaths()
	plan := planCarry(DefaultTemplate().Columns, paths)
	for _, col := range []int{4, 17, 18, 21, 22, 25} { // E, R, S, V, W, Z
		if plan[col] != col {
			t.Errorf("template column %s carries from %d, want its own column", colLetter(col), plan[col])
		}
	}
}

func TestPlanCarry(t *testing.T) {
	cols := DefaultTemplate().Columns
	tests := []struct {
		headers []string
		want    map[string]int // template column → uploaded column
	}{
		{[]string{"Họ tên", "Tên vắc xin mũi 2", "Tên vắc xin", "Ngày tiêm", "Ngày tiêm"},
			map[string]int{"R": 2, "V": 1, "S": 3, "W": 4}},
		{[]string{"Tình trạng", "Tỉnh", "Mã tỉnh", "Mũi 2 / Lô vắc xin", "Mũi 1 / Lô vắc xin"},
			map[string]int{"J": 1, "K": 2, "T": 4, "X": 3}},
	}
	for _, tc := range tests {
		plan := planCarry(cols, tc.headers)
		got := map[string]int{}
		for t, u := range plan {
			if u >= 0 {
				got[colLetter(t)] = u
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("headers %q: carry %v, want %v", tc.headers, got, tc.want)
		}
	}
}

func TestLoadTemplate(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("templates/pl1-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	tests := []struct {
		name, json, want string
	}{
		{"default", s, ""},
		{"unknown key", strings.Replace(s, `"sheet"`, `"sheet_name"`, 1), `unknown field "sheet_name"`},
		{"not json", "{", "not a template description"},
		{"bad sheet name", strings.Replace(s, `"PL1_Danh sach doi tuong tiem"`, `"PL1/Danh sach"`, 1), `sheet "PL1/Danh sach"`},
		{"unknown format", strings.Replace(s, `"format": "gender01"`, `"format": "01"`, 1), `column D (4): unknown format "01"`},
		{"format without its field", strings.Replace(s, `"field": "gender",`, `"field": "phone",`, 1), `column D (4): format "gender01" needs field "gender"`},
		{"unknown field", strings.Replace(s, `"field": "village"`, `"field": "hamlet"`, 1), `unknown field "hamlet"`},
		{"header overlaps notes", strings.Replace(s, `"data_start_row": 9`, `"data_start_row": 7`, 1), "must fit above it"},
		{"merge past the header", strings.Replace(s, `"A1:S1"`, `"A1:S12"`, 1), `"A1:S12" reaches past the header`},
		{"bad partial dates", strings.Replace(s, `"first_day"`, `"guess"`, 1), `partial_dates "guess"`},
	}
	for _, tc := range tests {
		path := filepath.Join(dir, "t.json")
		if err := os.WriteFile(path, []byte(tc.json), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadTemplate(path)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path)):
			t.Errorf("%s: err %v, want one naming the file and %q", tc.name, err, tc.want)
		}
	}
	if _, err := LoadTemplate(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing template file loads")
	}
}
