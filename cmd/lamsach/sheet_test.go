package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lamsach/flows/sheet/sheettest"
)

// fixtures are the shared spreadsheet fixtures.
const fixtures = "../../testdata/"

func TestSheetCheck(t *testing.T) {
	code, stdout, stderr := lamsach(t, "sheet", "check", fixtures+"station-list.xlsx")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"Sheet «Danh sách», header at row 6–7.", "• B «Họ và tên» → name",
		"8 data rows: 5 readable, 3 with errors", "Example, row 9: Nguyễn Văn An, 087******123", "C11:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "087090000123") || strings.Contains(stdout, "&") {
		t.Errorf("check output shows a full ID or HTML entities:\n%s", stdout)
	}
	code, stdout, _ = lamsach(t, "sheet", "check", "--lang", "vi", fixtures+"station-list.xlsx")
	if code != 0 || !strings.Contains(stdout, "Trang tính «Danh sách»") {
		t.Errorf("--lang vi: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = lamsach(t, "sheet", "check", fixtures+"verification-list.xlsx", "--json")
	var rep struct {
		Sheet string
		Rows  struct{ Total int }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); code != 0 || err != nil || rep.Rows.Total != 2 {
		t.Errorf("--json: exit %d, %v, %+v\n%s", code, err, rep, stdout)
	}
}

func TestSheetCheckRefuses(t *testing.T) {
	tests := map[string]string{
		"platform-import-template-2021.xls": "File › Save As › Excel Workbook",
		"list-utf16.csv":                    "not CSV",
		"legacy-tcvn3.xlsx":                 "Unikey's Toolkit",
		"encrypted.xlsx":                    "Remove the password",
	}
	for file, want := range tests {
		code, stdout, stderr := lamsach(t, "sheet", "check", fixtures+file)
		if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "lamsach sheet check: ") ||
			!strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", file, code, stdout, stderr, want)
		}
	}
	code, stdout, stderr := lamsach(t, "sheet", "check", "--json", fixtures+"no-header.xlsx")
	if code != 1 || !strings.Contains(stdout, `"refusal": "no_header"`) || !strings.Contains(stderr, "Họ và tên") {
		t.Errorf("--json refusal: exit %d, %q, %q", code, stdout, stderr)
	}
}

func TestSheetConvert(t *testing.T) {
	dir := t.TempDir()
	out, errs, changes := filepath.Join(dir, "import.xlsx"), filepath.Join(dir, "errors.xlsx"), filepath.Join(dir, "changes.xlsx")
	code, stdout, stderr := lamsach(t, "sheet", "convert", fixtures+"station-list.xlsx", "--out", out, "--errors", errs, "--changes", changes)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := "import file written: " + out + " (2 rows, 1 cells carried through)\n" +
		"2 people have a valid ID number: their basic information is wrong, which the station edits on the platform (the edit list), so they are not in the import file (--all writes them too)\n" +
		"1 rows whose ID number is still malformed left out, written to " + errs + "\n" +
		"3 rows with errors left out, written to " + errs + "\n" +
		"automatic changes in 1 rows, please check them (leading 0 restored: 2), written to " + changes + "\n"
	if stdout != want {
		t.Errorf("convert output\n%s\nwant\n%s", stdout, want)
	}
	// The files read back: the import file as a list with the template's
	// header, the side files with their rows under the list's header.
	code, stdout, _ = lamsach(t, "sheet", "check", out)
	if code != 0 || !strings.Contains(stdout, "header at row 7–8") || !strings.Contains(stdout, "2 data rows") {
		t.Errorf("check of the import file: exit %d\n%s", code, stdout)
	}
	for path, rows := range map[string]int{errs: 4, changes: 1} {
		if got := excelizeRows(t, path); got != 2+rows {
			t.Errorf("%s: %d rows, want the 2 header rows and %d", path, got, rows)
		}
	}

	// --all writes every readable row, without side files unless asked.
	all := filepath.Join(dir, "all.xlsx")
	code, stdout, _ = lamsach(t, "sheet", "convert", fixtures+"station-list.xlsx", "--out", all, "--all")
	if code != 0 || !strings.HasPrefix(stdout, "import file written: "+all+" (5 rows") ||
		!strings.Contains(stdout, "automatic changes in 2 rows, please check them (leading 0 restored: 2; date known only to the year or month written as 01/01/yyyy or 01/mm/yyyy: 1) (see them with --changes FILE)") {
		t.Errorf("--all: exit %d\n%s", code, stdout)
	}
	// A side file with nothing in it is not written.
	noErrs, noChanges := filepath.Join(dir, "no-errors.xlsx"), filepath.Join(dir, "no-changes.xlsx")
	code, stdout, _ = lamsach(t, "sheet", "convert", sheetsBook(t), "--out", filepath.Join(dir, "o3.xlsx"), "--errors", noErrs, "--changes", noChanges)
	if code != 0 || !strings.Contains(stdout, "(1 rows") {
		t.Errorf("clean list: exit %d\n%s", code, stdout)
	}
	for _, p := range []string{noErrs, noChanges} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s written with no rows", p)
		}
	}

	// A refused conversion leaves no file behind.
	bad, badE, badC := filepath.Join(dir, "bad.xlsx"), filepath.Join(dir, "bad-e.xlsx"), filepath.Join(dir, "bad-c.xlsx")
	code, _, stderr = lamsach(t, "sheet", "convert", fixtures+"legacy-tcvn3.xlsx", "--out", bad, "--errors", badE, "--changes", badC)
	if code != 1 || !strings.Contains(stderr, "Unicode") {
		t.Errorf("refused convert: exit %d, %q", code, stderr)
	}
	for _, p := range []string{bad, badE, badC} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("refused convert left %s", p)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	tpl := filepath.Join(dir, "t.json")
	os.WriteFile(tpl, []byte(`{"sheet": "x"}`), 0o644)
	code, _, stderr = lamsach(t, "sheet", "convert", fixtures+"station-list.xlsx", "--out", filepath.Join(dir, "o.xlsx"), "--template", tpl)
	if code != 1 || !strings.Contains(stderr, "template "+tpl) {
		t.Errorf("bad template: exit %d, %q", code, stderr)
	}
}

// excelizeRows counts the rows excelize reads in a file's first sheet.
func excelizeRows(t *testing.T, path string) int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize cannot open %s: %v", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// sheetsBook writes a workbook with the list on a second sheet too, a
// hidden row, and a hidden sheet, as a station's file may be.
func sheetsBook(t *testing.T) string {
	list := sheettest.Row(1, "Họ và tên", "Ngày sinh", "Số CCCD") +
		sheettest.Row(2, "Nguyễn Văn An", "12/05/1990", "") +
		strings.Replace(sheettest.Row(3, "Trần Thị Hoa", "01/02/1980", "087180000124"), "<row ", `<row hidden="1" `, 1)
	data := sheettest.Book{Sheets: []sheettest.Sheet{
		{Name: "Danh sách", Rows: list},
		{Name: "Đợt 2", Rows: sheettest.Row(1, "Họ tên", "Năm sinh") + sheettest.Row(2, "Lê Văn Tám", "1975")},
		{Name: "Cũ", Hidden: true, Rows: list},
	}}.Bytes()
	path := filepath.Join(t.TempDir(), "sheets.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSheetFlag reads the sheet --sheet names with check, convert and
// import, and the preview says which other sheets have a header and how
// many rows are hidden.
func TestSheetFlag(t *testing.T) {
	file := sheetsBook(t)
	code, stdout, _ := lamsach(t, "sheet", "check", file)
	for _, want := range []string{"Sheet «Danh sách», header at row 1.", "Other sheets with a header row too: «Đợt 2», «Cũ» (hidden).",
		"1 of them are hidden in Excel", "read another sheet with --sheet NAME, e.g. --sheet \"Đợt 2\""} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("check: exit %d, output lacks %q:\n%s", code, want, stdout)
		}
	}
	code, stdout, _ = lamsach(t, "sheet", "check", file, "--sheet", "đợt 2", "--json")
	var rep struct {
		Sheet       string
		OtherSheets []struct{ Name string } `json:"other_sheets"`
		Rows        struct{ Total, Hidden int }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); code != 0 || err != nil || rep.Sheet != "Đợt 2" || rep.Rows.Total != 1 || len(rep.OtherSheets) != 2 {
		t.Errorf("--sheet --json: exit %d, %v, %+v\n%s", code, err, rep, stdout)
	}
	code, _, stderr := lamsach(t, "sheet", "check", file, "--sheet", "Đợt 3")
	if code != 1 || stderr != "lamsach sheet check: The file has no sheet named «Đợt 3». Check the sheet's name.\n" {
		t.Errorf("missing sheet: exit %d, %q", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "o.xlsx")
	code, stdout, _ = lamsach(t, "sheet", "convert", file, "--sheet", "Đợt 2", "--out", out)
	if code != 0 || !strings.HasPrefix(stdout, "import file written: "+out+" (1 rows") || !strings.Contains(stdout, "2 other sheets have a header too") {
		t.Errorf("convert --sheet: exit %d\n%s", code, stdout)
	}
	db := newDB(t)
	code, stdout, stderr = lamsach(t, "--db", db, "import", file, "--commune", "#1", "--sheet", "Cũ")
	if code != 0 || !strings.Contains(stdout, "Sheet «Cũ», header at row 1.") || !strings.Contains(stdout, "This sheet is hidden in Excel") {
		t.Errorf("import --sheet: exit %d, %q\n%s", code, stderr, stdout)
	}
}

func TestSample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sample.xlsx")
	code, stdout, stderr := lamsach(t, "sample", "--rows", "50", "--out", out, "--seed", "3")
	if code != 0 || stdout != "sample written: "+out+" (50 records, seed 3)\n" {
		t.Fatalf("exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = lamsach(t, "sheet", "check", out)
	if code != 0 || !strings.Contains(stdout, "50 data rows") {
		t.Errorf("check of the sample: exit %d\n%s", code, stdout)
	}
}

func TestSheetArguments(t *testing.T) {
	for _, args := range [][]string{{"sheet", "--help"}, {"sheet", "check", "--help"}, {"sheet", "convert", "-h"}, {"sample", "--help"}} {
		code, stdout, stderr := lamsach(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage: lamsach") || stderr != "" {
			t.Errorf("%v: exit %d, %q %q", args, code, stdout, stderr)
		}
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sheet"}, "lamsach sheet: missing command (want check, convert; see lamsach sheet --help)"},
		{[]string{"sheet", "check"}, "lamsach sheet check: missing file"},
		{[]string{"sheet", "check", "a", "b"}, "lamsach sheet check: one file only, got 2 arguments"},
		{[]string{"sheet", "check", "--lang", "fr", "a"}, `lamsach sheet check: --lang "fr": want en or vi`},
		{[]string{"sheet", "convert", "a.xlsx"}, "lamsach sheet convert: missing --out"},
		{[]string{"sheet", "convert", "a.xlsx", "--out", "a.xlsx"}, "lamsach sheet convert: --out, --errors and --changes must be new files, not a.xlsx"},
		{[]string{"sheet", "convert", "a.xlsx", "--out", "b.xlsx", "--changes", "b.xlsx"}, "lamsach sheet convert: --out, --errors and --changes must be different files, not b.xlsx twice"},
		{[]string{"sample", "--out", "x.xlsx", "--rows", "0"}, "lamsach sample: --rows 0: want 1 to 1000000"},
		{[]string{"sample"}, "lamsach sample: missing --out"},
		{[]string{"sample", "--rows", "ten", "--out", "x"}, `lamsach sample: invalid value "ten" for flag -rows: parse error`},
	}
	for _, tc := range tests {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want 2 and %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
	code, _, stderr := lamsach(t, "sheet", "check", "/no/such/file.xlsx")
	if code != 1 || !strings.Contains(stderr, "no such file") {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
}
