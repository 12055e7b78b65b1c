package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// trickyValues are values a list really holds, plus the ones that break
// careless writers.
var trickyValues = []string{
	"Nguyễn Thị Ánh", "001089012345", "0906331568", "01/02/1990", "=1+1", "+84906331568", "-5", "@SUM(A1)",
	"a & b <c> \"d\" 'e'", "  leading", "trailing\t", "line\nbreak", "cr\r\nlf", "_x000D_ literal", "ctl\x01\x1f\x7f",
	"bad\xffutf8", "\ufffe\uffff", "😀 emoji", "87084000999", "8.7084000999E10", "ＡＢＣ", "_x", "]]>",
}

// writeBook writes sheets of string rows, each value a text cell.
func writeBook(t testing.TB, created time.Time, sheets map[string][][]string, order []string, opts SheetOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.SetCreated(created)
	for _, name := range order {
		if err := w.AddSheet(name, opts); err != nil {
			t.Fatal(err)
		}
		for _, row := range sheets[name] {
			cells := make([]WCell, len(row))
			for i, v := range row {
				cells[i] = WCell{Value: v, Style: StyleID(i % int(numStyles))}
			}
			if err := w.WriteRow(cells); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// expectedText is what a value reads back as: invalid UTF-8 is replaced.
func expectedText(v string) string {
	return strings.ToValidUTF8(v, "\uFFFD")
}

func TestWriterRoundTrip(t *testing.T) {
	rows := [][]string{
		{"#", "Họ và tên (*)", "Ngày sinh"},
		nil,
		append([]string{""}, trickyValues...),
		{"", "", "x"},
		{""},
	}
	other := [][]string{{"1"}, {"2", "", "3"}}
	order := []string{"PL1_Danh sach doi tuong tiem", "Sheet & <2>"}
	data := writeBook(t, time.Date(2021, 6, 21, 10, 0, 0, 0, time.UTC), map[string][][]string{order[0]: rows, order[1]: other},
		order, SheetOptions{ColWidths: []float64{5, 25.5, 0, 19}, Merges: []string{"A1:C1", "K7:R7"}, FreezeRows: 1})

	b, err := openBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Sheets(); !reflect.DeepEqual(got, order) {
		t.Errorf("Sheets() = %q, want %q", got, order)
	}
	got, merges, err := readAll(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"A1:C1", "K7:R7"}; !reflect.DeepEqual(merges, want) {
		t.Errorf("merges %q, want %q", merges, want)
	}
	gotMap := map[string]string{}
	for _, r := range got {
		for _, c := range r.Cells {
			if c.Type != CellInlineString {
				t.Errorf("%s%d: type %d, want inline string", colName(c.Col), r.Num, c.Type)
			}
			gotMap[fmt.Sprintf("%s%d", colName(c.Col), r.Num)] = c.Text
		}
	}
	wantMap := map[string]string{}
	for i, r := range rows {
		for j, v := range r {
			if v != "" {
				wantMap[fmt.Sprintf("%s%d", colName(j), i+1)] = expectedText(v)
			}
		}
	}
	if !reflect.DeepEqual(gotMap, wantMap) {
		t.Errorf("read back\n%q\nwant\n%q", gotMap, wantMap)
	}

	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	defer f.Close()
	for name, want := range map[string][][]string{order[0]: rows, order[1]: other} {
		xr, err := f.GetRows(name)
		if err != nil {
			t.Fatalf("excelize GetRows(%q): %v", name, err)
		}
		for i, r := range want {
			for j, v := range r {
				if v == "" {
					continue
				}
				if i >= len(xr) || j >= len(xr[i]) || xr[i][j] != expectedText(v) {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					gv, _ := f.GetCellValue(name, cell)
					t.Errorf("excelize %s!%s = %q, want %q", name, cell, gv, expectedText(v))
				}
			}
		}
	}
	if m, _ := f.GetMergeCells(order[0]); len(m) != 2 {
		t.Errorf("excelize sees %d merges, want 2", len(m))
	}
}

func TestWriterStyles(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.AddSheet("a", SheetOptions{})
	w.WriteRow([]WCell{{Value: "=cmd", Style: StyleText}, {Value: "12", Number: true}, {Value: "-3.5", Number: true},
		{Value: "0123", Number: true}, {Value: "1234567890123456", Number: true}, {Value: "h", Style: StyleHeader}})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]struct {
		typ   excelize.CellType
		quote bool
		fmtID int
		bold  bool
	}{
		"A1": {excelize.CellTypeInlineString, true, 49, false},
		"B1": {excelize.CellTypeUnset, false, 0, false},
		"C1": {excelize.CellTypeUnset, false, 0, false},
		"D1": {excelize.CellTypeInlineString, false, 0, false},
		"E1": {excelize.CellTypeInlineString, false, 0, false},
		"F1": {excelize.CellTypeInlineString, false, 49, true},
	} {
		typ, _ := f.GetCellType("a", cell)
		sid, _ := f.GetCellStyle("a", cell)
		st, err := f.GetStyle(sid)
		if err != nil {
			t.Fatalf("%s: GetStyle(%d): %v", cell, sid, err)
		}
		bold := st.Font != nil && st.Font.Bold
		if typ != want.typ || st.NumFmt != want.fmtID || bold != want.bold {
			t.Errorf("%s: type %v numFmt %d bold %v, want %v %d %v", cell, typ, st.NumFmt, bold, want.typ, want.fmtID, want.bold)
		}
		// Odd cell formats are the quote-prefixed twins (see stylesXML).
		if q := sid%2 == 1; q != want.quote {
			t.Errorf("%s: quote prefix %v, want %v", cell, q, want.quote)
		}
	}
}

func TestWriterErrors(t *testing.T) {
	w := NewWriter(io.Discard)
	if err := w.WriteRow([]WCell{{Value: "x"}}); err == nil {
		t.Error("WriteRow before AddSheet: no error")
	}
	for _, name := range []string{"", "a:b", "[x]", "'q", strings.Repeat("ầ", 32), "History", "ok\x01"} {
		if err := w.AddSheet(name, SheetOptions{}); err == nil {
			t.Errorf("AddSheet(%q): no error", name)
		}
	}
	if err := w.AddSheet(strings.Repeat("ầ", 31), SheetOptions{}); err != nil {
		t.Errorf("31-character name: %v", err)
	}
	if err := w.AddSheet("Ok", SheetOptions{Merges: []string{"B2:A1"}}); err == nil {
		t.Error("reversed merge range: no error")
	}
	if err := w.AddSheet("Ok", SheetOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := w.AddSheet("OK", SheetOptions{}); err == nil {
		t.Error("duplicate name ignoring case: no error")
	}
	if err := w.WriteRow([]WCell{{Value: strings.Repeat("a", MaxCellChars+1)}}); err == nil {
		t.Error("over-long cell: no error")
	}
	if err := w.WriteRow([]WCell{{Value: "a", Style: numStyles}}); err == nil {
		t.Error("unknown style: no error")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWriterEmptyBookHasASheet(t *testing.T) {
	var buf bytes.Buffer
	if err := NewWriter(&buf).Close(); err != nil {
		t.Fatal(err)
	}
	b, err := openBytes(buf.Bytes(), Limits{})
	if err != nil || len(b.Sheets()) != 1 {
		t.Fatalf("got %v, %v; want one sheet", b, err)
	}
}

func TestWriterPartOrder(t *testing.T) {
	// ECMA-376 fixes the order of worksheet children; LibreOffice and Excel
	// reject or repair files that break it.
	data := writeBook(t, time.Time{}, map[string][][]string{"a": {{"x"}}}, []string{"a"},
		SheetOptions{ColWidths: []float64{3}, Merges: []string{"A1:B1"}, FreezeRows: 2})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var sheet string
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			sheet = string(b)
		}
	}
	last := -1
	for _, el := range []string{"<sheetViews>", "<sheetFormatPr", "<cols>", "<sheetData>", "<mergeCells", "<pageMargins"} {
		i := strings.Index(sheet, el)
		if i < 0 || i < last {
			t.Errorf("%s missing or out of order in %s", el, sheet)
		}
		last = i
	}
}

func TestIsExactNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "12": true, "-3.5": true, ".5": true, "1.5E3": true, "123456789012345": true,
		"1234567890123456": false, "0123": false, "": false, "-": false, "1e999": false, "1,5": false,
		" 1": false, "0x10": false, "Inf": false, "1_000": false, "0.000000000000000001": true,
	} {
		if got := isExactNumber(s); got != want {
			t.Errorf("isExactNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

// failAfter fails every write after n bytes.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, io.ErrShortWrite
	}
	return len(p), nil
}

func TestWriterErrorsAreSticky(t *testing.T) {
	w := NewWriter(&failAfter{n: 100})
	w.AddSheet("a", SheetOptions{})
	var err error
	for i := 0; i < 10_000 && err == nil; i++ {
		err = w.WriteRow([]WCell{{Value: strings.Repeat("x", 100)}})
	}
	if err == nil {
		err = w.Close()
	}
	if !errors.Is(err, io.ErrShortWrite) {
		t.Fatalf("got %v, want io.ErrShortWrite", err)
	}
	if err2 := w.AddSheet("b", SheetOptions{}); !errors.Is(err2, io.ErrShortWrite) {
		t.Errorf("after a failure AddSheet returned %v", err2)
	}
	if err2 := w.Close(); !errors.Is(err2, io.ErrShortWrite) {
		t.Errorf("after a failure Close returned %v", err2)
	}
}
