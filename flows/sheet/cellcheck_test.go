package sheet

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/sheettest"
	"lamsach/flows/vn"
)

// errorList renders the rows' errors as "row: C5 code, …" lines.
func errorList(rows []Row) string {
	var lines []string
	for _, r := range rows {
		if len(r.Errors) == 0 {
			continue
		}
		var parts []string
		for _, e := range r.Errors {
			parts = append(parts, fmt.Sprintf("%s:%s:%s", e.Cell, e.Field, e.Issue.Code))
		}
		lines = append(lines, fmt.Sprintf("%d: %s", r.Num, strings.Join(parts, " ")))
	}
	return strings.Join(lines, "\n")
}

// TestCellErrors reads a list written the way scripts write them: cells
// that no column's parser may read as empty or pass on garbled get an
// error naming the cell, in any column, and the row is not a record.
func TestCellErrors(t *testing.T) {
	long := strings.Repeat("Thôn Đông ", 3300) // 33,000 characters
	tcvn3 := "Th«n §«ng, x· T©n Phó"
	rows := sheettest.Row(1, "STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Thôn", "Địa chỉ", "Ghi chú") +
		sheettest.Row(2, "=ROW()-1", "Nguyễn Văn An", "12/05/1990", "087090000123", "Thôn Đông", "Số 5", "x") + // STT never computed
		sheettest.Row(3, "#2", "=PROPER(\"trần thị hoa\")", "01/02/1980", "087180000124", "Thôn Đông") + // the name a formula
		sheettest.Row(4, "#3", "Lê Văn Tám", "=DATE(1975,1,1)", "=TEXT(A4,\"0\")") + // date and ID formulas
		`<row r="5"><c r="A5"><v>4</v></c>` + sheettest.Cell("B5", "Phạm Thị Mai") + sheettest.Cell("C5", "01/03/1970") +
		`<c r="D5" t="str"><f>"0870"&amp;"90000125"</f><v>087090000125</v></c>` + sheettest.Cell("E5", "Thôn Đông") + `</row>` + // a saved result reads as today
		sheettest.Row(6, "#5", "Vũ Đức Phúc", "01/01/1960", "", "Thôn Đông", long) + // too long
		sheettest.Row(7, "#6", "Đỗ Văn Hải", "05/06/1966", "", "Thôn \xffĐông", "", "ghi \uFFFD chú") + // not UTF-8, U+FFFD
		sheettest.Row(8, "#7", "Bùi Thị Lan", "07/08/1977", "", "", tcvn3, "Nguyeãn Vaên An") + // TCVN3 address, VNI note
		sheettest.Row(9, "", "", "", "", "", "=B9", "=C9") + // formulas extended below the list
		sheettest.Row(10, "#8", "Hoàng Văn Nam", "", "", "Thôn Đông", "Số 8", `<c t="inlineStr"><is><t>x</t></is></c>`)
	data := sheettest.Book{Sheets: []sheettest.Sheet{{Name: "Danh sách", Rows: rows}}}.Bytes()
	rep, got, err := readBytes(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"2: A2::cell_formula",
		"3: B3:name:cell_formula",
		"4: C4:dob:cell_formula D4:id:cell_formula",
		"6: F6:address:cell_too_long",
		"7: E7:village:cell_encoding G7::cell_encoding",
		"8: F8:address:cell_legacy_encoding G8::cell_legacy_encoding",
	}, "\n")
	if e := errorList(got); e != want {
		t.Errorf("errors\n%s\nwant\n%s", e, want)
	}
	if rep.Rows.Total != 8 || rep.Rows.OK != 2 || rep.Rows.Skipped != 1 {
		t.Errorf("counts %+v, want 8 rows, 2 readable, the formula row skipped", rep.Rows)
	}
	if id := got[3].Person.ID.Number; id != "087090000125" || len(got[3].Errors) != 0 {
		t.Errorf("a formula with a saved value: ID %q, errors %v", id, got[3].Errors)
	}
	if got[4].Cells[5] != "" {
		t.Errorf("the over-long cell is carried as %d bytes; want it dropped", len(got[4].Cells[5]))
	}
	for _, l := range []msg.Lang{msg.VI, msg.EN} {
		text := rep.Text(l)
		for _, code := range []string{CodeCellFormula, CodeCellTooLong, CodeCellEncoding} {
			if m := issueText(l, vnIssue(code)); !strings.Contains(text, m) || strings.Contains(m, "issue.") {
				t.Errorf("%s: report lacks %q for %s:\n%s", l, m, code, text)
			}
		}
	}
	if m := plainText(issueText(msg.EN, vnIssue(CodeCellFormula))); m != "formula with no saved value: open the file in Excel or LibreOffice, save it, and send it again" {
		t.Errorf("English formula message %q", m)
	}
}

// TestExcelizeFormulas reads a formula excelize wrote: it computes nothing,
// so the cell is an error (the saved value case is in TestCellErrors).
func TestExcelizeFormulas(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for i, v := range []any{"Họ và tên", "Ngày sinh", "CCCD", "Nguyễn Văn An", "12/05/1990", nil, "Trần Thị Hoa", "01/02/1980", nil} {
		if v != nil {
			ref, _ := excelize.CoordinatesToCellName(i%3+1, i/3+1)
			f.SetCellValue("Sheet1", ref, v)
		}
	}
	f.SetCellFormula("Sheet1", "C2", `"0870"&"90000123"`)
	f.SetCellValue("Sheet1", "C3", "087180000124")
	var buf strings.Builder
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	_, rows, err := readBytes(t, []byte(buf.String()), Options{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if e := errorList(rows); e != "2: C2:id:cell_formula" {
		t.Errorf("excelize formula without a value: %q", e)
	}
	if id := rows[1].Person.ID.Number; id != "087180000124" {
		t.Errorf("the next row's ID %q", id)
	}
}

func vnIssue(code string) vn.Issue { return vn.Issue{Code: code} }
