package sheet

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"lamsach/flows/vn"
)

func TestFoldHeader(t *testing.T) {
	tests := map[string]string{
		"Họ và tên (*)":                   "ho va ten",
		"Ngày/tháng/năm sinh":             "ngay thang nam sinh",
		"Giới tính (*)\n(0:nam, 1:nữ)":    "gioi tinh",
		"Số CMT/CCCD\n(Loại 8/9/12 số)":   "so cmt cccd",
		"Số điện thoại(*)\n(Tối thiểu 10": "so dien thoai",
		"SĐT":          "sdt",
		"(1)":          "1",
		"Đ" + "\u0110": "dd",
	}
	for in, want := range tests {
		if got := foldHeader(in); got != want {
			t.Errorf("foldHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	tests := []struct {
		text string
		want Field
	}{
		{"Họ và tên", FieldName}, {"HỌ VÀ TÊN NGƯỜI ĐƯỢC TIÊM", FieldName}, {"Tên", FieldName},
		{"Tên vắc xin (*)", FieldNone}, // "Tên" must be exact
		{"Ngày sinh dạng dd/mm/yyyy (*)", FieldDOB}, {"Năm sinh", FieldDOB}, {"Ngày tiêm dạng dd/mm/yyyy", FieldNone},
		{"Giới", FieldGender}, {"Số CMT/CCCD/Hộ chiếu", FieldID}, {"CMND", FieldID}, {"Ngày cấp CCCD", FieldNone},
		{"SĐT", FieldPhone}, {"Mã số BHYT", FieldInsurance}, {"Thôn/Ấp", FieldVillage}, {"Địa bàn cơ sở", FieldVillage},
		{"Địa chỉ chi tiết", FieldAddress}, {"Mã", FieldCode}, {"Mã nhóm đối tượng ưu tiên (*)", FieldNone},
		{"Kết quả xác minh", FieldResult}, {"Kết quả import (không điền ô này)", FieldNone},
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FieldNone}, {"DANH SÁCH HỌ TÊN, NGÀY SINH", FieldNone},
		{"UBND XÃ TÂN PHÚ", FieldNone},
	}
	for _, tc := range tests {
		if got := matchHeader(tc.text).field; got != tc.want {
			t.Errorf("matchHeader(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestHeaderLayouts reads the header layouts stations use.
func TestHeaderLayouts(t *testing.T) {
	person := []any{"Nguyễn Văn An", "12/05/1990", "Nam", "087090000123"}
	tests := []struct {
		name    string
		g       grid
		rows    []int
		mapping string
		unused  string // columns left unused because another took the field
	}{
		{"one row at the top", grid{rows: [][]any{
			{"Họ tên", "Ngày sinh", "Giới tính", "CCCD"}, person}},
			[]int{1}, "A=name B=dob C=gender D=id", ""},
		{"title block, then one row", grid{rows: [][]any{
			{"UBND XÃ TÂN PHÚ"}, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}, {"DANH SÁCH ĐỐI TƯỢNG"}, nil,
			{"Họ và tên", "Ngày/tháng/năm sinh", "Giới", "Số định danh"}, person}},
			[]int{5}, "A=name B=dob C=gender D=id", ""},
		{"two rows, cells merged down and a group over sub-columns", grid{rows: [][]any{
			{"Họ và tên", "Ngày sinh", "Giới tính", "Giấy tờ", nil, "Nơi ở"},
			{nil, nil, nil, "Số CMND/CCCD", "Điện thoại", "Thôn"},
			append(append([]any{}, person...), "0912345678", "Thôn Đông")},
			merges: []string{"A1:A2", "B1:B2", "C1:C2", "D1:E1"}},
			[]int{1, 2}, "A=name B=dob C=gender D=id E=phone F=village", ""},
		{"two rows whose second names nothing", grid{rows: [][]any{
			{"STT", "Họ và tên", "Năm sinh", nil, "Địa chỉ"},
			{nil, nil, "Nam", "Nữ", nil},
			{1, "Nguyễn Văn An", 1990, nil, "Thôn Đông, xã X"}}},
			[]int{1, 2}, "B=name C=dob E=address", ""},
		{"two columns for one field: the exact one wins", grid{rows: [][]any{
			{"Họ và tên", "Ngày sinh", "Số CMND cũ", "Số CMND/CCCD"}, person}},
			[]int{1}, "A=name B=dob D=id", "C"},
		{"a data row under the header is not a second header row", grid{rows: [][]any{
			{"Họ và tên", "Ngày sinh", "Thôn"}, {"Nguyễn Văn An", "12/05/1990", "Thôn Đông"}}},
			[]int{1}, "A=name B=dob C=village", ""},
	}
	for _, tc := range tests {
		rep, rows, err := readBytes(t, tc.g.bytes(t), Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(rep.HeaderRows, tc.rows) || fields(rep) != tc.mapping {
			t.Errorf("%s: header rows %v mapping %q, want %v %q", tc.name, rep.HeaderRows, fields(rep), tc.rows, tc.mapping)
		}
		var also []string
		for _, c := range rep.Columns {
			if c.Also != FieldNone {
				also = append(also, c.Col)
			}
		}
		if got := strings.Join(also, " "); got != tc.unused {
			t.Errorf("%s: columns unused for a taken field %q, want %q", tc.name, got, tc.unused)
		}
		if len(rows) != 1 || rows[0].Person.Name != "Nguyễn Văn An" {
			t.Errorf("%s: rows %+v, want the one person", tc.name, rows)
		}
	}
}

func TestVillageOf(t *testing.T) {
	tests := map[string]string{
		"Thôn Đông, xã Tân Phú, huyện X": "Thôn Đông",
		"Ấp 3 - xã Tân Phú":              "Ấp 3",
		"Số 5 đường Lê Lợi, Tổ 2, P. X":  "Tổ 2",
		"Tổ dân phố 4 – phường Y":        "Tổ dân phố 4",
		"Khu phố 2, thị trấn Z":          "Khu phố 2",
		"Khu công nghiệp A, xã B":        "",
		"Bản Mường, xã C":                "Bản Mường",
		"Thôn, xã D":                     "",
		"xã Tân Phú, huyện X":            "",
		"":                               "",
	}
	for in, want := range tests {
		if got := villageOf(in); got != want {
			t.Errorf("villageOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSkippedRows checks the rows that hold no record are skipped and
// counted, and everything else is read.
func TestSkippedRows(t *testing.T) {
	g := grid{rows: [][]any{
		{"STT", "Họ và tên", "Ngày sinh", "Số CMND"},
		{"(1)", "(2)", "(3)", "(4)"},
		{1, "Nguyễn Văn An", "12/05/1990", "012345678"},
		{2, nil, nil, nil},
		{"STT", "Họ và tên", "Ngày sinh", "Số CMND"}, // pasted again
		{3, "Trần Thị Hoa", "01/02/1980", nil},
		{nil, "Tổng cộng: 2 người"},
		{nil, "Người lập biểu", nil, nil},
		{nil, nil, nil, "Trưởng trạm"},
	}}
	rep, rows, err := readBytes(t, g.bytes(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows.Total != 2 || rep.Rows.Skipped != 6 || len(rows) != 2 {
		t.Errorf("counts %+v, %d rows; want 2 read and 6 skipped", rep.Rows, len(rows))
	}
}

// TestDuplicates covers the duplicate rules and that a third copy pairs
// with the first.
func TestDuplicates(t *testing.T) {
	g := grid{rows: [][]any{
		{"Họ và tên", "Ngày sinh", "CCCD"},
		{"Nguyễn Văn An", "12/05/1990", "087090000123"}, // 2
		{"NGUYỄN VĂN AN", "13/05/1990", "087090000123"}, // 3: same ID, same name, other date: person
		{"Trần Thị Hoà", "01/01/1980", "087090000123"},  // 4: same ID, other name
		{"Trần Thị Hòa", "01/01/1980", nil},             // 5: same name key and date
		{"Lê Văn Tám", "", "012345678"},                 // 6
		{"Lê Văn Tám", "", nil},                         // 7: no date, no ID: not a duplicate
		{"Nguyễn Văn An", "12/05/1990", "087090000123"}, // 8: third copy
	}}
	rep, rows, err := readBytes(t, g.bytes(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []DupPair{{CodeDupPerson, 2, 3}, {CodeDupID, 2, 4}, {CodeDupPerson, 4, 5}, {CodeDupPerson, 2, 8}}
	if !reflect.DeepEqual(rep.Duplicates, want) {
		t.Errorf("pairs %v, want %v", rep.Duplicates, want)
	}
	if w := rows[2].Warnings; len(w) == 0 || w[len(w)-1] != (vn.Issue{Code: CodeDupID, Field: vn.FieldID, Arg: "2"}) {
		t.Errorf("row 4 warnings %v, want dup_id naming row 2", w)
	}
}

// TestDate1904AndDateCells checks serial conversions.
func TestSerialDates(t *testing.T) {
	tests := []struct {
		n        int
		date1904 bool
		want     string
	}{
		{1, false, "01/01/1900"}, {59, false, "28/02/1900"}, {61, false, "01/03/1900"},
		{32874, false, "01/01/1990"}, {33005, false, "12/05/1990"}, {0, true, "01/01/1904"}, {31543, true, "12/05/1990"},
	}
	for _, tc := range tests {
		if got := serialDate(tc.n, tc.date1904).Format("02/01/2006"); got != tc.want {
			t.Errorf("serialDate(%d, 1904=%v) = %s, want %s", tc.n, tc.date1904, got, tc.want)
		}
	}
}

// TestLegacyNames refuses a file whose header is Unicode but whose names
// are TCVN3, before any row reaches the caller.
func TestLegacyNames(t *testing.T) {
	g := grid{rows: [][]any{{"Họ và tên", "Ngày sinh"}}}
	for i, n := range []string{"NguyÔn V¨n An", "TrÇn ThÞ Thu Hµ", "Lª V¨n T¸m", "Ph¹m Minh §øc", "Hoµng V¨n Th¾ng"} {
		g.rows = append(g.rows, []any{n, fmt.Sprintf("01/02/19%d", 60+i)})
	}
	_, rows, err := readBytes(t, g.bytes(t), Options{BatchSize: 1})
	if !errors.Is(err, ErrLegacyEncoding) || len(rows) != 0 {
		t.Errorf("err %v with %d rows delivered, want ErrLegacyEncoding and none", err, len(rows))
	}
}

// TestBatches checks batch sizes, order, the Header callback and that an
// error from the caller stops the read and comes back unchanged.
func TestBatches(t *testing.T) {
	g := grid{rows: [][]any{{"Họ và tên", "Năm sinh"}}}
	for i := range 2500 {
		g.rows = append(g.rows, []any{fmt.Sprintf("Nguyễn Văn %c", 'A'+i%26), 1950 + i%50})
	}
	data := g.bytes(t)
	var sizes []int
	next := 2
	headerSeen := false
	opt := Options{Today: today, BatchSize: 1000, Header: func(r *Report) error {
		headerSeen = len(r.Columns) == 2 && r.Rows.Total == 0
		return nil
	}}
	_, err := Read(strings.NewReader(string(data)), int64(len(data)), opt, func(b []Row) error {
		sizes = append(sizes, len(b))
		for _, r := range b {
			if r.Num != next {
				t.Fatalf("row %d delivered where %d was due", r.Num, next)
			}
			next++
		}
		return nil
	})
	if err != nil || !reflect.DeepEqual(sizes, []int{1000, 1000, 500}) || !headerSeen {
		t.Errorf("err %v, batches %v, header callback %v; want 1000, 1000, 500 and the header first", err, sizes, headerSeen)
	}
	stop := errors.New("disk full")
	calls := 0
	_, err = Read(strings.NewReader(string(data)), int64(len(data)), opt, func([]Row) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("err %v after %d calls, want the caller's own error after one", err, calls)
	}
}

// TestErrorRowsCap checks the report keeps a bounded list of error rows.
func TestErrorRowsCap(t *testing.T) {
	g := grid{rows: [][]any{{"Họ và tên", "Ngày sinh"}}}
	for range 30 {
		g.rows = append(g.rows, []any{"Nguyễn Văn An", "15/05/85"})
	}
	rep, _, err := readBytes(t, g.bytes(t), Options{MaxErrorRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.ErrorRows) != 10 || rep.ErrorRowsOmitted != 20 || rep.Rows.WithErrors != 30 {
		t.Errorf("%d error rows kept, %d omitted, %d counted; want 10, 20, 30", len(rep.ErrorRows), rep.ErrorRowsOmitted, rep.Rows.WithErrors)
	}
}

// TestDateCells reads dates of birth in every cell form: a date-formatted
// serial, an ISO date cell (t="d"), a plain serial, a year, text; in both
// date systems.
func TestDateCells(t *testing.T) {
	is := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	rows := `<row r="1">` + is("A1", "Họ và tên") + is("B1", "Ngày sinh") + `</row>` +
		`<row r="2">` + is("A2", "Nguyễn Văn An") + `<c r="B2" s="1"><v>%d</v></c></row>` +
		`<row r="3">` + is("A3", "Trần Thị Hoa") + `<c r="B3" t="d"><v>1985-03-08T00:00:00</v></c></row>` +
		`<row r="4">` + is("A4", "Lê Văn Tám") + `<c r="B4"><v>%d</v></c></row>` +
		`<row r="5">` + is("A5", "Phạm Thị Mai") + `<c r="B5"><v>1975</v></c></row>` +
		`<row r="6">` + is("A6", "Vũ Đức Phúc") + is("B6", "8/3/1985") + `</row>`
	for _, tc := range []struct {
		date1904      bool
		serial, plain int
	}{{false, 33005, 32874}, {true, 33005 - 1462, 32874 - 1462}} {
		data := wrapSheetDates(t, []byte(fmt.Sprintf(rows, tc.serial, tc.plain)), tc.date1904)
		rep, got, err := readBytes(t, data, Options{})
		if err != nil {
			t.Fatalf("1904=%v: %v", tc.date1904, err)
		}
		var dates []string
		for _, r := range got {
			dates = append(dates, r.Person.DOB.String())
		}
		want := []string{"1990-05-12", "1985-03-08", "1990-01-01", "1975", "1985-03-08"}
		if !reflect.DeepEqual(dates, want) {
			t.Errorf("1904=%v: dates %v, want %v", tc.date1904, dates, want)
		}
		if rep.Dates != (DateCounts{DateCells: 2, Serials: 1, YearOnly: 1}) {
			t.Errorf("1904=%v: counts %+v", tc.date1904, rep.Dates)
		}
		if got[0].Cells[1] != "12/05/1990" || got[1].Cells[1] != "08/03/1985" {
			t.Errorf("1904=%v: date cells carried as %q, %q", tc.date1904, got[0].Cells[1], got[1].Cells[1])
		}
	}
}
