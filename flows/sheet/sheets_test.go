package sheet

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/sheettest"
)

// listRows is a small list: a header and three records, the given rows
// hidden.
func listRows(hidden ...int) string {
	rows := []string{
		sheettest.Row(1, "Họ và tên", "Ngày sinh", "Số CCCD"),
		sheettest.Row(2, "Nguyễn Văn An", "12/05/1990", "087090000123"),
		sheettest.Row(3, "Trần Thị Hoa", "01/02/1980", ""),
		sheettest.Row(4, "Lê Văn Tám", "1975", "012345678"),
	}
	for _, h := range hidden {
		rows[h-1] = strings.Replace(rows[h-1], `<row r=`, `<row hidden="1" r=`, 1)
	}
	return strings.Join(rows, "")
}

// TestSheetChoice reads a workbook with several sheets: the first visible
// sheet with a header is read, the others with a header are named, hidden
// rows are counted, and any sheet can be read by name.
func TestSheetChoice(t *testing.T) {
	book := sheettest.Book{Sheets: []sheettest.Sheet{
		{Name: "Hướng dẫn", Rows: sheettest.Row(1, "Điền danh sách vào trang sau")},
		{Name: "Danh sách ẩn", Hidden: true, Rows: listRows()},
		{Name: "Danh sách", Rows: listRows(3, 4)},
		{Name: "Bản sao", Rows: listRows()},
	}}.Bytes()
	tests := []struct {
		sheet      string
		read       string
		hidden     bool
		others     []SheetRef
		hiddenRows int
	}{
		{"", "Danh sách", false, []SheetRef{{"Danh sách ẩn", true}, {"Bản sao", false}}, 2},
		{" bản SAO ", "Bản sao", false, []SheetRef{{"Danh sách ẩn", true}, {"Danh sách", false}}, 0},
		{"Danh sách ẩn", "Danh sách ẩn", true, []SheetRef{{"Danh sách", false}, {"Bản sao", false}}, 0},
	}
	for _, tc := range tests {
		rep, rows, err := readBytes(t, book, Options{Sheet: tc.sheet})
		if err != nil {
			t.Errorf("%q: %v", tc.sheet, err)
			continue
		}
		if rep.Sheet != tc.read || rep.HiddenSheet != tc.hidden || !reflect.DeepEqual(rep.OtherSheets, tc.others) ||
			rep.Rows.Hidden != tc.hiddenRows || len(rows) != 3 {
			t.Errorf("%q: read %q (hidden %v), others %v, %d hidden rows, %d rows; want %q %v %v %d",
				tc.sheet, rep.Sheet, rep.HiddenSheet, rep.OtherSheets, rep.Rows.Hidden, len(rows), tc.read, tc.hidden, tc.others, tc.hiddenRows)
		}
	}
	rep, _, _ := readBytes(t, book, Options{})
	for l, want := range map[msg.Lang][]string{
		msg.VI: {"Trang tính «Danh sách»", "Các trang tính khác cũng có dòng tiêu đề: «Danh sách ẩn» (ẩn), «Bản sao».", "Trong đó 2 dòng đang bị ẩn trong Excel"},
		msg.EN: {"Other sheets with a header row too: «Danh sách ẩn» (hidden), «Bản sao».", "2 of them are hidden in Excel (read like the others)."},
	} {
		if text := rep.Text(l); !containsAll(text, want) {
			t.Errorf("%s text lacks one of %q:\n%s", l, want, text)
		}
	}

	rep, _, err := readBytes(t, book, Options{Sheet: "Không có"})
	if !errors.Is(err, ErrNoSheet) || rep.Refusal != "no_sheet" || RefusalText(msg.VI, err) != "Tệp không có trang tính «Không có». Hãy kiểm tra tên trang tính." {
		t.Errorf("missing sheet: %v, %q, %q", err, rep.Refusal, RefusalText(msg.VI, err))
	}
	if !strings.Contains(rep.Text(msg.EN), "no sheet named «Không có»") {
		t.Errorf("missing sheet report: %s", rep.Text(msg.EN))
	}
	if _, _, err := readBytes(t, book, Options{Sheet: "Hướng dẫn"}); !errors.Is(err, ErrNoHeader) {
		t.Errorf("a sheet without a header: %v", err)
	}
}

// TestOnlyHiddenSheet reads a list found only on a hidden sheet and says
// so.
func TestOnlyHiddenSheet(t *testing.T) {
	book := sheettest.Book{Sheets: []sheettest.Sheet{
		{Name: "Sheet1", Rows: sheettest.Row(1, "Xem trang khác")},
		{Name: "Data", Hidden: true, Rows: listRows()},
	}}.Bytes()
	rep, rows, err := readBytes(t, book, Options{})
	if err != nil || rep.Sheet != "Data" || !rep.HiddenSheet || len(rep.OtherSheets) != 0 || len(rows) != 3 {
		t.Fatalf("%v: %q hidden %v others %v, %d rows", err, rep.Sheet, rep.HiddenSheet, rep.OtherSheets, len(rows))
	}
	if text := rep.Text(msg.VI); !strings.Contains(text, "Trang tính này đang bị ẩn trong Excel") {
		t.Errorf("text does not say the sheet is hidden:\n%s", text)
	}
	if text := rep.Text(msg.EN); !strings.Contains(text, "This sheet is hidden in Excel") {
		t.Errorf("text does not say the sheet is hidden:\n%s", text)
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestBrokenOtherSheet reads the list even when another sheet cannot be
// read, and gives that sheet's reason when no sheet has a header.
func TestBrokenOtherSheet(t *testing.T) {
	broken := `<row r="1"><c r="A1" t="s"><v>99</v></c></row>` // a shared string that does not exist
	book := sheettest.Book{Sheets: []sheettest.Sheet{
		{Name: "Danh sách", Rows: listRows()},
		{Name: "Hỏng", Rows: broken},
	}}.Bytes()
	rep, rows, err := readBytes(t, book, Options{})
	if err != nil || rep.Sheet != "Danh sách" || len(rows) != 3 {
		t.Errorf("with a broken second sheet: %v, %q, %d rows", err, rep.Sheet, len(rows))
	}
	if _, _, err := readBytes(t, book, Options{Sheet: "Hỏng"}); Reason(err) != "corrupt" {
		t.Errorf("reading the broken sheet: %v", err)
	}
	only := sheettest.Book{Sheets: []sheettest.Sheet{{Name: "Hướng dẫn", Rows: sheettest.Row(1, "x")}, {Name: "Hỏng", Rows: broken}}}.Bytes()
	if _, _, err := readBytes(t, only, Options{}); Reason(err) != "corrupt" {
		t.Errorf("no readable list: %v, want the broken sheet's reason", err)
	}
}
