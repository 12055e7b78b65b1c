package sheet

import (
	"errors"
	"html"
	"reflect"
	"strings"
	"testing"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// TestStationList reads the realistic station list and checks everything
// the preflight reports.
func TestStationList(t *testing.T) {
	rep, rows, err := readFixture(t, "station-list.xlsx")
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if rep.Sheet != "Danh sách" || !reflect.DeepEqual(rep.HeaderRows, []int{6, 7}) {
		t.Errorf("sheet %q header rows %v, want the list sheet (not the instructions) and rows 6–7", rep.Sheet, rep.HeaderRows)
	}
	if got, want := fields(rep), "B=name C=dob D=gender E=id F=insurance G=phone H=address"; got != want {
		t.Errorf("mapping %q, want %q", got, want)
	}
	if rep.Columns[4].Path != "Giấy tờ / Số CMND/CCCD" {
		t.Errorf("column E path %q, want the group over the sub-column", rep.Columns[4].Path)
	}
	want := Counts{Total: 8, Skipped: 3, OK: 5, WithErrors: 3}
	if rep.Rows != want {
		t.Errorf("counts %+v, want %+v (numbering row, total and signature skipped)", rep.Rows, want)
	}
	if got := rep.Problems; got[vn.ProblemMissingID] != 2 || got[vn.ProblemBadIDFormat] != 1 || got[vn.ProblemWrongInfo] != 5 {
		t.Errorf("problems %v, want 2 missing, 1 bad format, 5 wrong info", got)
	}
	if rep.LostZeros != (LostZeros{IDs: 1, Phones: 1}) {
		t.Errorf("lost zeros %+v, want one ID and one phone", rep.LostZeros)
	}
	if rep.Dates != (DateCounts{DateCells: 2, Serials: 1, YearOnly: 1}) {
		t.Errorf("dates %+v, want 2 date cells, 1 plain serial, 1 year only", rep.Dates)
	}
	wantDups := []DupPair{{CodeDupPerson, 9, 14}, {CodeDupID, 9, 15}}
	if !reflect.DeepEqual(rep.Duplicates, wantDups) {
		t.Errorf("duplicates %v, want %v", rep.Duplicates, wantDups)
	}
	if rep.Sample == nil || rep.Sample.Num != 9 {
		t.Errorf("sample %+v, want row 9, the first clean row", rep.Sample)
	}
	if len(rows) != 8 {
		t.Fatalf("%d rows delivered, want 8", len(rows))
	}
	byNum := map[int]Row{}
	for _, r := range rows {
		byNum[r.Num] = r
	}
	checks := []struct {
		num                           int
		name, dob, id, phone, village string
		errs, warns                   string
	}{
		{9, "Nguyễn Văn An", "1990-05-12", "087090000123", "0912345678", "Thôn Đông", "", ""},
		{10, "Trần Thị Hoà", "1990-01-01", "087190000456", "0906331568", "Ấp 3", "",
			"date_placeholder(1990) lost_leading_zero(087190000456) phone_lost_zero(0906331568)"},
		{11, "Lê Văn Tám", "", "", "", "Tổ 2", "C11:date_two_digit_year", ""},
		{12, "Pham Thi Thuy", "1975", "", "01689123456", "Xóm Mới", "", "phone_old_prefix(0389123456) name_no_diacritics()"},
		{13, "Hoàng Văn Thắng", "1962-04-03", "012345678", "", "", "D13:gender_format", ""},
		{14, "Nguyễn Văn An", "1990-05-12", "", "", "Thôn Đông", "", "dup_person(9)"},
		{15, "Đỗ Thị Hương", "", "087090000123", "0987654321", "Thôn Tây", "C15:date_invalid", "cccd_gender(male) dup_id(9)"},
		{16, "Vũ Đức Phúc", "2001-05-12", "087201000789", "0387654321", "Khu phố 2", "", ""},
	}
	for _, c := range checks {
		r := byNum[c.num]
		p := r.Person
		if p.Name != c.name || p.DOB.String() != c.dob || p.ID.Number != c.id || p.Phone != c.phone || r.Village != c.village {
			t.Errorf("row %d: %q %q %q %q village %q, want %q %q %q %q %q", c.num,
				p.Name, p.DOB, p.ID.Number, p.Phone, r.Village, c.name, c.dob, c.id, c.phone, c.village)
		}
		if got := issueCodes(r.Errors, func(e CellError) string { return e.Cell + ":" + e.Issue.Code }); got != c.errs {
			t.Errorf("row %d errors %q, want %q", c.num, got, c.errs)
		}
		if got := issueCodes(r.Warnings, func(i vn.Issue) string { return i.Code + "(" + i.Arg + ")" }); got != c.warns {
			t.Errorf("row %d warnings %q, want %q", c.num, got, c.warns)
		}
	}
	if r := byNum[12]; r.Problem != vn.ProblemBadIDFormat || r.Person.IDRaw != "12345678901234" || r.IDIssue == nil {
		t.Errorf("row 12: problem %s, IDRaw %q, IDIssue %v; want bad_id_format with the ID as received and why", r.Problem, r.Person.IDRaw, r.IDIssue)
	}
	if got := byNum[10].Cells; len(got) != 9 || got[4] != "87190000456" || got[1] == "Trần Thị Hoà" {
		t.Errorf("row 10 cells %q: want every original cell as received (NFD name, number as stored)", got)
	}
	if got := byNum[9].Cells[2]; got != "12/05/1990" {
		t.Errorf("row 9 date cell carried as %q, want 12/05/1990", got)
	}
	golden(t, "report-station-list.txt", html.UnescapeString(rep.Text(msg.VI))+"\n"+html.UnescapeString(rep.Text(msg.EN)))
}

// TestVerificationList reads a one-row header with the platform's record
// code and verification result, in a 1904-date workbook.
func TestVerificationList(t *testing.T) {
	rep, rows, err := readFixture(t, "verification-list.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fields(rep), "A=code B=name C=dob D=gender E=id F=phone G=result"; got != want {
		t.Errorf("mapping %q, want %q", got, want)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	if r := rows[0]; r.Code != "DT000123" || r.Result != "Đã xác thực" || r.Person.DOB.String() != "1990-05-12" {
		t.Errorf("row 2: code %q result %q dob %s; want DT000123, Đã xác thực, 1990-05-12 (1904 serial 31543)", r.Code, r.Result, r.Person.DOB)
	}
	if d := rows[1].Person.DOB.String(); d != "1958-01-01" {
		t.Errorf("row 3 dob %s, want 1958-01-01 (1904 serial 19724)", d)
	}
}

// TestTemplateHeader reads the platform's own template: its two-row
// header with merged groups maps, and the empty list is refused.
func TestTemplateHeader(t *testing.T) {
	rep, _, err := readFixture(t, "platform-import-template-2021.xlsx")
	if !errors.Is(err, ErrNoRows) {
		t.Fatalf("err %v, want ErrNoRows", err)
	}
	if got, want := fields(rep), "B=name C=dob D=gender G=phone H=id I=insurance P=village Q=address"; got != want {
		t.Errorf("mapping %q, want %q", got, want)
	}
	if !reflect.DeepEqual(rep.HeaderRows, []int{7, 8}) {
		t.Errorf("header rows %v, want 7–8", rep.HeaderRows)
	}
	paths := rep.HeaderPaths()
	if paths[19] != "Mũi 1 / Lô vắc xin(*)" || paths[23] != "Mũi 2 / Lô vắc xin(*)" {
		t.Errorf("paths T, X = %q, %q; want the dose groups over their sub-columns", paths[19], paths[23])
	}
	if len(rep.HeaderMerges) != 16 {
		t.Errorf("%d header merges, want the 16 in rows 7–8: %v", len(rep.HeaderMerges), rep.HeaderMerges)
	}
}

// TestRefusedFixtures checks each file kind that must be refused gets its
// own reason and sentence.
func TestRefusedFixtures(t *testing.T) {
	tests := []struct {
		file string
		err  error
		vi   string // a phrase of the Vietnamese answer
		en   string
	}{
		{"platform-import-template-2021.xls", xlsx.ErrXLS, "Sổ làm việc Excel (.xlsx)", "File › Save As › Excel Workbook"},
		{"list-utf16.csv", xlsx.ErrCSV, "không gửi CSV", "send the Excel .xlsx file, not CSV"},
		{"list-cp1258.csv", xlsx.ErrCSV, "không gửi CSV", "not CSV"},
		{"station-list.ods", xlsx.ErrODS, "OpenDocument", "OpenDocument"},
		{"encrypted.xlsx", xlsx.ErrEncrypted, "gỡ mật khẩu", "Remove the password"},
		{"legacy-tcvn3.xlsx", ErrLegacyEncoding, "Unicode", "Unikey's Toolkit"},
		{"no-header.xlsx", ErrNoHeader, "«Họ và tên»", "name"},
		{"platform-import-template-2021.xlsx", ErrNoRows, "không có dòng dữ liệu", "no data rows"},
	}
	for _, tc := range tests {
		rep, rows, err := readFixture(t, tc.file)
		if !errors.Is(err, tc.err) || !IsRefusal(err) {
			t.Errorf("%s: err %v, want %v", tc.file, err, tc.err)
			continue
		}
		if len(rows) != 0 {
			t.Errorf("%s: %d rows delivered before the refusal", tc.file, len(rows))
		}
		if rep.Refusal != Reason(err) || rep.Refusal == "" {
			t.Errorf("%s: report refusal %q, want %q", tc.file, rep.Refusal, Reason(err))
		}
		vi, en := RefusalText(msg.VI, err), RefusalText(msg.EN, err)
		if !strings.Contains(vi, tc.vi) || !strings.Contains(en, tc.en) || strings.Contains(vi+en, "\n") {
			t.Errorf("%s: answers\n %q\n %q\nwant one line each with %q / %q", tc.file, vi, en, tc.vi, tc.en)
		}
		if text := rep.Text(msg.VI); !strings.Contains(html.UnescapeString(text), vi) {
			t.Errorf("%s: report text %q does not give the reason", tc.file, text)
		}
	}
}
