package sheet

import (
	"bytes"
	"reflect"
	"testing"

	"lamsach/flows/sheet/sheettest"
	"lamsach/flows/vn"
)

// convertList is a station list with every route and every automatic
// change, written as openpyxl writes (inline strings; numbers where Excel
// users type them), under a two-row header.
func convertList() []byte {
	num := func(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }
	row := func(r int, cells ...string) string {
		s := `<row r="` + itoa(r) + `">`
		for i, c := range cells {
			if c != "" {
				s += sheettest.Cell(sheettest.Ref(i, r), c)
			}
		}
		return s + `</row>`
	}
	rows := sheettest.Row(1, "DANH SÁCH ĐỐI TƯỢNG CHƯA CÓ HOẶC SAI SỐ CCCD") +
		sheettest.Row(3, "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Giấy tờ", "", "Nơi ở hiện tại", "") +
		sheettest.Row(4, "", "", "", "", "Số CMND/CCCD", "Số điện thoại", "Thôn/Ấp", "Địa chỉ chi tiết") +
		row(5, "#1", "Nguyễn Văn An", "12/05/1990", "Nam", "không có", "0912345678", "Thôn Đông", "Số 1") + // no ID: import, empty cell
		row(6, "#2", "Trần Thị Hoa", "1980", "Nữ", "-", "", "Thôn Đông") + // no ID, year only: 01/01
		`<row r="7">` + num("A7", "3") + sheettest.Cell("B7", "Lê Văn Tám") + sheettest.Cell("C7", "05/13/1975") + sheettest.Cell("D7", "Nam") +
		num("E7", "87075000124") + num("F7", "987654321") + sheettest.Cell("G7", "Thôn Tây") + `</row>` + // zeros restored, swapped date
		row(8, "#4", "PHẠM ÐỨC MINH", "01/03/1970", "Nam", "087 070 000 125", "", "Thôn Ðông") + // spaced ID, Ð
		row(9, "#5", "Vũ Thị Mai", "02/04/1985", "Nữ", "087185000126", "", "Thôn Tây") + // valid ID: edit list
		row(10, "#6", "Đỗ Văn Hải", "03/05/1966", "Nam", "87066000120", "", "Thôn Tây") + // 11 digits typed as text: zeros restored
		row(11, "#7", "Bùi Thị Lan", "04/06/1977", "Nữ", "0871770001", "", "Thôn Tây") + // 10 digits: malformed, left out
		row(12, "#8", "Hoàng Văn Nam", "15/05/90", "Nam", "", "", "Thôn Tây") + // an error: two-digit year
		row(13, "#9", "Ngô Thị Yến", "05/1992", "Nữ", "0", "", "Thôn Nam") + // no ID ("0"), month only: 01/05
		row(14, "", "Người lập biểu")
	return sheettest.Book{Sheets: []sheettest.Sheet{{Name: "Danh sách", Rows: rows,
		Merges: []string{"A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:H3"}}}}.Bytes()
}

func itoa(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// TestConvert follows step 4: only the no-ID and fixed-format rows go into
// the import file, the valid-ID row is counted for the edit list, the
// malformed ID and the row with an error go to the error file with their
// reasons, and every automatic change is counted and listed with its old
// and new value. All three files are read back by excelize for the golden
// files.
func TestConvert(t *testing.T) {
	data := convertList()
	var out, errs, changes bytes.Buffer
	res, err := Convert(bytes.NewReader(data), int64(len(data)), ConvertOptions{Read: Options{Today: today}, Template: DefaultTemplate()}, &out, &errs, &changes)
	if err != nil {
		t.Fatal(err)
	}
	wantRoutes := map[Route]int{RouteImport: 6, RouteEdit: 1, RouteBadID: 1, RouteErrors: 1}
	if !reflect.DeepEqual(res.Routes, wantRoutes) || res.Import.Rows != 6 || res.ErrorRows != 2 {
		t.Errorf("routes %v, %d written, %d error rows; want %v, 6, 2", res.Routes, res.Import.Rows, res.ErrorRows, wantRoutes)
	}
	wantChanges := map[string]int{ChangeZeros: 3, ChangeIDFormat: 1, ChangeSwapped: 1, ChangeFirstDay: 2, ChangeEth: 2}
	if !reflect.DeepEqual(res.Changes, wantChanges) || res.ChangedRows != 5 {
		t.Errorf("changes %v in %d rows; want %v in 5", res.Changes, res.ChangedRows, wantChanges)
	}
	golden(t, "convert-import.txt", dump(t, out.Bytes()))
	golden(t, "convert-errors.txt", dump(t, errs.Bytes()))
	golden(t, "convert-changes.txt", dump(t, changes.Bytes()))

	// The import file reads back as a list: IDs as written, no placeholder.
	_, rows, err := readBytes(t, out.Bytes(), Options{})
	if err != nil || len(rows) != 6 {
		t.Fatalf("read back: %d rows, %v", len(rows), err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Person.IDRaw)
	}
	if want := []string{"", "", "087075000124", "087070000125", "087066000120", ""}; !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs written %q, want %q", ids, want)
	}
}

// TestConvertAll keeps every readable row with All, a malformed ID as
// received, and still never writes a placeholder.
func TestConvertAll(t *testing.T) {
	data := convertList()
	var out bytes.Buffer
	res, err := Convert(bytes.NewReader(data), int64(len(data)), ConvertOptions{Read: Options{Today: today}, Template: DefaultTemplate(), All: true}, &out, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Import.Rows != 8 || res.ErrorRows != 1 {
		t.Errorf("%d written, %d left out; want 8 and the row with an error", res.Import.Rows, res.ErrorRows)
	}
	_, rows, err := readBytes(t, out.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Person.IDRaw)
	}
	if want := []string{"", "", "087075000124", "087070000125", "087185000126", "087066000120", "0871770001", ""}; !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs written %q, want %q", ids, want)
	}
}

// TestExportIDPlaceholders never writes a list's word for "no number" as
// an ID, whoever builds the row.
func TestExportIDPlaceholders(t *testing.T) {
	for in, want := range map[string]string{
		"không có": "", "Chưa có": "", "-": "", "0": "", "000": "", "x": "", "X": "", "n/a": "", "": "",
		"087090000123": "087090000123", "C1234567": "C1234567", "0871770001": "0871770001", "12 34": "12 34",
	} {
		if got := exportID(in); got != want {
			t.Errorf("exportID(%q) = %q, want %q", in, got, want)
		}
	}
	if r := vn.ParseID("chưa có", vn.Typed); r.ID.Kind != vn.IDNone || r.Err != nil {
		t.Fatalf("vn no longer reads «chưa có» as no number: %+v", r)
	}
}
