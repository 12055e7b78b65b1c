package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	out, errs := filepath.Join(dir, "import.xlsx"), filepath.Join(dir, "errors.xlsx")
	code, stdout, stderr := lamsach(t, "sheet", "convert", fixtures+"station-list.xlsx", "--out", out, "--errors", errs)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"import file written: " + out + " (5 rows", "1 dates of birth known only to the month or year",
		"3 rows with errors left out, written to " + errs} {
		if !strings.Contains(stdout, want) {
			t.Errorf("convert output lacks %q:\n%s", want, stdout)
		}
	}
	// The import file reads back as a list with the template's header.
	code, stdout, _ = lamsach(t, "sheet", "check", out)
	if code != 0 || !strings.Contains(stdout, "header at row 7–8") || !strings.Contains(stdout, "5 data rows") {
		t.Errorf("check of the import file: exit %d\n%s", code, stdout)
	}
	if _, err := os.Stat(errs); err != nil {
		t.Errorf("no error file: %v", err)
	}
	// A refused conversion leaves no file behind.
	bad := filepath.Join(dir, "bad.xlsx")
	code, _, stderr = lamsach(t, "sheet", "convert", fixtures+"legacy-tcvn3.xlsx", "--out", bad)
	if _, err := os.Stat(bad); code != 1 || err == nil || !strings.Contains(stderr, "Unicode") {
		t.Errorf("refused convert: exit %d, %q, file left: %v", code, stderr, err == nil)
	}
	tpl := filepath.Join(dir, "t.json")
	os.WriteFile(tpl, []byte(`{"sheet": "x"}`), 0o644)
	code, _, stderr = lamsach(t, "sheet", "convert", fixtures+"station-list.xlsx", "--out", filepath.Join(dir, "o.xlsx"), "--template", tpl)
	if code != 1 || !strings.Contains(stderr, "template "+tpl) {
		t.Errorf("bad template: exit %d, %q", code, stderr)
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
		{[]string{"sheet", "convert", "a.xlsx", "--out", "a.xlsx"}, "lamsach sheet convert: --out and --errors must be new files, not a.xlsx"},
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
