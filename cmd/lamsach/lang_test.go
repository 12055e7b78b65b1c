package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// englishWord finds English in output that should be Vietnamese (flags,
// paths and command names are taken out first).
var englishWord = regexp.MustCompile(`(?i)\b(the|rows?|records?|villages?|nothing|imported|written|with|errors?|into|already|see|no|file|sheet|header|found|commune|read|stored|run|folder|such|list|is|not)\b`)

// notVietnamese returns the lines of out with English in them.
func notVietnamese(out string, paths ...string) []string {
	var bad []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		clean := line
		for _, p := range paths {
			clean = strings.ReplaceAll(clean, p, "P")
		}
		clean = regexp.MustCompile(`lamsach( [a-z]+)+|--[a-z-]+|#\d+`).ReplaceAllString(clean, "")
		if englishWord.MatchString(clean) {
			bad = append(bad, line)
		}
	}
	return bad
}

// TestLangVietnamese: with --lang vi, sheet check and import say
// everything in Vietnamese, to the last line and in their one-line
// refusals; times are in Asia/Ho_Chi_Minh (+07), never UTC.
func TestLangVietnamese(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	list, errs := fixtures+"station-list.xlsx", filepath.Join(dir, "loi.xlsx")
	book := sheetsBook(t)
	imp := []string{"--db", db, "import", "--lang", "vi", "--commune", "#1"}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sheet", "check", list, "--lang", "vi"}, 0, "Ví dụ dòng 9"},
		{[]string{"sheet", "check", book, "--lang", "vi"}, 0, "Đọc trang tính khác với --sheet TÊN"},
		{[]string{"sheet", "check", filepath.Join(dir, "khong.xlsx"), "--lang", "vi"}, 1, "không có tệp này"},
		{[]string{"sheet", "check", dir, "--lang", "vi"}, 1, "là một thư mục"},
		{append(imp, list), 0, "Chưa lưu gì: chạy lại với --commit để nhập."},
		{append(imp, list, "--commit", "--errors", errs), 0, "Các dòng có lỗi đã được ghi vào " + errs},
		{append(imp, list), 1, "đã được nhập vào xã này lúc"},
		{append(imp, fixtures+"verification-list.xlsx"), 1, "là danh sách xác minh của nền tảng"},
		{[]string{"--db", db, "import", "--lang", "vi", "--commune", "Xã Khác", list}, 2, "không có xã \"Xã Khác\""},
		{[]string{"--db", db, "import", "--lang", "vi", "--commune", "7", list}, 2, "mã số viết là #7"},
		{append(imp, filepath.Join(dir, "khong.xlsx")), 1, "không có tệp này"},
	}
	for _, c := range cases {
		code, stdout, stderr := lamsach(t, c.args...)
		out := stdout + stderr
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("%q: exit %d, want %d and %q:\n%s", c.args, code, c.code, c.want, out)
		}
		if bad := notVietnamese(out, dir, book, list, fixtures+"verification-list.xlsx"); len(bad) > 0 {
			t.Errorf("%q: lines not in Vietnamese: %q", c.args, bad)
		}
		if strings.Contains(out, "UTC") {
			t.Errorf("%q: a time in UTC:\n%s", c.args, out)
		}
	}
	// --lang en: the same commands, nothing in Vietnamese but the data.
	viWords := regexp.MustCompile(`hồ sơ|[Tt]rang tính|dòng|xã này|tệp|thôn ở|Chưa lưu|Đã nhập|danh sách xác minh`)
	for _, c := range cases {
		args := slices.Clone(c.args)
		args[slices.Index(args, "vi")] = "en"
		code, stdout, stderr := lamsach(t, args...)
		if bad := viWords.FindString(stdout + stderr); bad != "" || (code != c.code && c.code != 0) {
			t.Errorf("%q: exit %d, Vietnamese %q in:\n%s%s", args, code, bad, stdout, stderr)
		}
	}
	_, _, stderr := lamsach(t, append(imp, list)...)
	if !regexp.MustCompile(`lúc \d{4}-\d\d-\d\d \d\d:\d\d \+07 \(lần nhập 1, 5 hồ sơ\)`).MatchString(stderr) {
		t.Errorf("the earlier import's time is not in +07: %q", stderr)
	}
	// The same in English.
	_, _, stderr = lamsach(t, "--db", db, "import", "--commune", "#1", list)
	if !regexp.MustCompile(`was already imported into this commune on \d{4}-\d\d-\d\d \d\d:\d\d \+07 \(import 1, 5 records\)`).MatchString(stderr) {
		t.Errorf("English refusal: %q", stderr)
	}
}
