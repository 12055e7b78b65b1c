package sheet

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lamsach/flows/vn"
)

// importRows are records for the import file: each date precision, IDs
// and phones with leading zeros, values that look like formulas, and
// uploaded columns to carry through.
func importRows() []ExportRow {
	headers := []string{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND/CCCD", "Nhóm đối tượng",
		"Tên vắc xin mũi 2", "Ngày tiêm", "Ngày tiêm", "Tên vắc xin", "Ghi chú", "Địa chỉ"}
	return []ExportRow{
		{Name: "Nguyễn Văn An", DOB: vn.Date{Year: 1990, Month: 5, Day: 12}, Gender: vn.Male, ID: "087090000123",
			Phone: "0912345678", Insurance: "DN4878700012345", Village: "Thôn Đông", Address: "Thôn Đông, xã Tân Phú",
			Headers: headers, Cells: []string{"1", "Nguyen Van An", "12/05/1990", "Nam", "", "5", "Pfizer", "20/07/2021", "15/10/2021", "AstraZeneca", "=HYPERLINK(\"x\")", ""}},
		{Name: "Trần Thị Hoà", DOB: vn.Date{Year: 1958}, Gender: vn.Female, ID: "", Phone: "0906331568",
			Village: "Ấp 3", Headers: headers, Cells: []string{"2", "", "", "", "", "7", "", "", "", "", "", ""}},
		{Name: "Lê Văn Tám", DOB: vn.Date{Year: 1985, Month: 5}, Gender: vn.Male, ID: "012345678", Phone: "",
			Address: "-5 ngõ 3, @tổ 2"},
		{Name: "+Trương Thị Hương", Gender: vn.Female, ID: "001301000001"},
	}
}

func TestGoldenImport(t *testing.T) {
	var buf bytes.Buffer
	stats, err := WriteImport(&buf, DefaultTemplate(), importRows())
	if err != nil {
		t.Fatal(err)
	}
	want := ImportStats{Rows: 4, PartialDates: 2, NoDate: 1, Carried: 7}
	if stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	golden(t, "import.txt", dump(t, buf.Bytes()))
	noFormulas(t, buf.Bytes())
}

func TestImportPartialAsIs(t *testing.T) {
	tpl := DefaultTemplate()
	tpl.PartialDates = PartialAsIs
	var buf bytes.Buffer
	if _, err := WriteImport(&buf, tpl, importRows()[1:3]); err != nil {
		t.Fatal(err)
	}
	d := dump(t, buf.Bytes())
	for _, want := range []string{`C9 = "1958"`, `C10 = "05/1985"`} {
		if !strings.Contains(d, want) {
			t.Errorf("as_is dates: want %s in\n%s", want, d)
		}
	}
}

func TestGoldenEditList(t *testing.T) {
	rows := []EditRow{
		{Code: "DT000123", Handover: 3, Officer: "Thượng úy Lê Văn Bình", Village: "Thôn Đông",
			Old: Basic{Name: "Nguyễn Thị Hòa", DOB: vn.Date{Year: 1990}, Gender: vn.Female, ID: "087190000456"},
			New: Basic{Name: "Nguyễn Thị Hoà", DOB: vn.Date{Year: 1990, Month: 3, Day: 8}, Gender: vn.Female, ID: "087190000456"}},
		{Code: "", Handover: 3, Officer: "Thượng úy Lê Văn Bình", Village: "Ấp 3",
			Old: Basic{Name: "Trần Văn Cường", DOB: vn.Date{Year: 1975, Month: 1, Day: 1}, Gender: vn.Female, ID: "023456789"},
			New: Basic{Name: "Trần Văn Cường", DOB: vn.Date{Year: 1975, Month: 1, Day: 1}, Gender: vn.Male, ID: "001075012345"}},
		{Code: "DT000200", Handover: 4, Officer: "Trung úy Phạm Thu", Village: "",
			Old: Basic{Name: "Lê Văn Tám", DOB: vn.Date{Year: 1962, Month: 4, Day: 3}, Gender: vn.Male, ID: "012345678"},
			New: Basic{Name: "Lê Văn Tám", DOB: vn.Date{Year: 1962, Month: 4, Day: 3}, Gender: vn.Male, ID: "012345678"}},
	}
	var buf bytes.Buffer
	if err := WriteEditList(&buf, rows); err != nil {
		t.Fatal(err)
	}
	golden(t, "edit-list.txt", dump(t, buf.Bytes()))
}

func handoverSample() Handover {
	return Handover{
		Number: 3, Commune: "Xã Tân Phú", Officer: "Thượng úy Lê Văn Bình",
		At:     time.Date(2022, 5, 20, 7, 30, 0, 0, time.UTC),
		Digest: "sha256:9f2c4e1a0b7d",
		Rows: []HandoverRow{
			{Name: "Nguyễn Văn An", DOB: vn.Date{Year: 1990, Month: 5, Day: 12}, Gender: vn.Male, ID: "087090000123",
				Outcome: "corrected", Problem: vn.ProblemMissingID, Village: "Thôn Đông"},
			{Name: "Trần Thị Hoà", DOB: vn.Date{Year: 1958}, Gender: vn.Female, ID: "087158000456",
				Outcome: "unchanged", Problem: vn.ProblemWrongInfo, Village: "Ấp 3"},
			{Name: "Lê Văn Tám", Gender: vn.Male, Outcome: "not_found", Problem: vn.ProblemBadIDFormat},
		},
	}
}

func TestGoldenHandover(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHandover(&buf, handoverSample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "handover.txt", dump(t, buf.Bytes()))
	buf.Reset()
	if err := WriteHandover(&buf, Handover{Number: 4, Commune: "Xã Tân Phú", At: time.Date(2022, 5, 21, 1, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	golden(t, "handover-empty.txt", dump(t, buf.Bytes()))
}

// TestGoldenErrors reads a list with a merged two-row header and bad rows
// and writes the error file in its layout.
func TestGoldenErrors(t *testing.T) {
	g := grid{rows: [][]any{
		{"DANH SÁCH ĐỐI TƯỢNG"},
		{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Giấy tờ", nil, "Ghi chú"},
		{nil, nil, nil, nil, "Số CMND/CCCD", "Số điện thoại", nil},
		{1, "Nguyễn Văn An", "12/05/1990", "Nam", "087090000123", "0912345678"},
		{2, "Trần Thị Hoà", "15/05/85", "Nữ", 87190000456, 906331568, "=SUM(A1:A9)"},
		{3, "Lê Văn Tám", "31/02/1990", "X", nil, nil},
		{4, nil, "01/01/1970", "Nam", "012345678"},
	}, merges: []string{"A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:G3"}}
	rep, _, err := readBytes(t, g.bytes(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteErrors(&buf, rep, nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "errors.txt", dump(t, buf.Bytes()))
	noFormulas(t, buf.Bytes())
}

func TestGoldenSample(t *testing.T) {
	var a, b bytes.Buffer
	if err := Sample(&a, 40, 7); err != nil {
		t.Fatal(err)
	}
	if err := Sample(&b, 40, 7); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("Sample is not deterministic for a seed")
	}
	golden(t, "sample.txt", dump(t, a.Bytes()))
	rep, rows, err := readBytes(t, a.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows.Total != 40 || rep.Rows.Skipped != 2 || len(rows) != 40 || fields(rep) != "B=name C=dob D=gender E=id F=phone G=village H=address" {
		t.Errorf("sample reads as %+v, mapping %q", rep.Rows, fields(rep))
	}
}

// noFormulas checks that no cell of a written file is a formula, whatever
// its value starts with.
func noFormulas(t *testing.T, data []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
					t.Errorf("%s!%s is a formula: %q", sh, ref, fm)
				}
			}
		}
	}
}
