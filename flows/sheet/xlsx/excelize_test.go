package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeBook builds a workbook with excelize holding every kind of value
// the lists carry: shared and inline strings, rich text, integers, floats,
// dates, booleans and formulas.
func excelizeBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Họ và tên")
	set("B1", "Ngày sinh")
	set("A2", "Nguyễn Văn A")
	set("B2", time.Date(1990, 2, 1, 0, 0, 0, 0, time.UTC))
	set("C2", 87084000999)
	set("D2", 906331568)
	set("E2", 0.1)
	set("F2", 1.5e20)
	set("G2", true)
	set("H2", false)
	set("I2", "a & <b> \"c\"")
	set("J2", "_x000D_ and \x01")
	set("K2", "  space ")
	set("Z9", "far")
	set("A10", "Nguyễn Văn A") // a repeated shared string
	if err := f.SetCellDefault(s, "L2", "inline text"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellRichText(s, "M2", []excelize.RichTextRun{{Text: "Bold ", Font: &excelize.Font{Bold: true}}, {Text: "plain"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula(s, "N2", "C2*2"); err != nil {
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle(s, "B3", "B3", style)
	set("B3", 32874)
	custom := "dd/mm/yyyy"
	style2, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	f.SetCellStyle(s, "C3", "C3", style2)
	set("C3", 44368)
	f.MergeCell(s, "A5", "C5")

	f.NewSheet("Stream")
	sw, err := f.NewStreamWriter("Stream")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 50; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		row := []any{fmt.Sprintf("name %d", r), r * 1000, float64(r) / 3, fmt.Sprintf("%012d", r), nil, time.Date(2000, 1, r%28+1, 0, 0, 0, 0, time.UTC)}
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// excelizeCells reads every non-empty cell with excelize's Rows iterator,
// values raw (unformatted), keyed "Sheet!A1".
func excelizeCells(t *testing.T, data []byte) map[string]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.Rows(s)
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; rows.Next(); r++ {
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for c, v := range cols {
				if v != "" {
					name, _ := excelize.CoordinatesToCellName(c+1, r)
					out[s+"!"+name] = v
				}
			}
		}
		rows.Close()
	}
	return out
}

// ourCells reads every non-empty cell with this package, as excelize's raw
// mode shows it: numbers and booleans raw, strings resolved.
func ourCells(t *testing.T, data []byte) (map[string]string, map[string]bool) {
	t.Helper()
	b, err := openBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	out, dates := map[string]string{}, map[string]bool{}
	for i, s := range b.Sheets() {
		rows, _, err := readAll(b, i)
		if err != nil {
			t.Fatalf("sheet %q: %v", s, err)
		}
		for _, r := range rows {
			for _, c := range r.Cells {
				key := fmt.Sprintf("%s!%s%d", s, colName(c.Col), r.Num)
				if c.NoValue {
					// excelize shows an uncomputed formula as empty; we
					// flag it, checked below.
					dates[key+" no value"] = true
					continue
				}
				out[key] = c.Raw
				dates[key] = c.DateFormat
			}
		}
	}
	return out, dates
}

func TestMatchesExcelize(t *testing.T) {
	data := excelizeBook(t)
	want := excelizeCells(t, data)
	got, dates := ourCells(t, data)
	if len(want) < 250 {
		t.Fatalf("excelize read only %d cells", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: got %q, excelize %q", k, got[k], v)
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: got %q, excelize has nothing", k, v)
			}
		}
	}
	for _, k := range []string{"Sheet1!B2", "Sheet1!B3", "Sheet1!C3", "Stream!F1"} {
		if !dates[k] {
			t.Errorf("%s: DateFormat false, want true", k)
		}
	}
	if !dates["Sheet1!N2 no value"] {
		t.Errorf("Sheet1!N2, a formula excelize wrote without a value, is not flagged NoValue")
	}
	for _, k := range []string{"Sheet1!C2", "Stream!B1"} {
		if dates[k] {
			t.Errorf("%s: DateFormat true, want false", k)
		}
	}
	b, _ := openBytes(data, Limits{})
	if m, err := b.Merges(0); err != nil || !reflect.DeepEqual(m, []string{"A5:C5"}) {
		t.Errorf("Merges(0) = %q, %v; want [A5:C5]", m, err)
	}
}

func TestReferenceTemplateMatchesExcelize(t *testing.T) {
	data, err := os.ReadFile(referenceDir + "platform-import-template-2021.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	want := excelizeCells(t, data)
	got, _ := ourCells(t, data)
	if len(want) < 30 {
		t.Fatalf("excelize read only %d cells", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reader and excelize differ on the reference template:\ngot  %q\nwant %q", got, want)
	}
	b, _ := openBytes(data, Limits{})
	if got, want := b.Sheets(), []string{"PL1_Danh sach doi tuong tiem"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Sheets() = %q, want %q", got, want)
	}
	if m, _ := b.Merges(0); len(m) != 17 {
		t.Errorf("%d merges, want 17", len(m))
	}
}

func TestConcurrentRows(t *testing.T) {
	data := excelizeBook(t)
	b, err := openBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := readAll(b, 1)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, _, err := readAll(b, 1)
			if err == nil && !reflect.DeepEqual(got, want) {
				err = fmt.Errorf("concurrent read differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
