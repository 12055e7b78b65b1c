package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/sheettest"
)

// resendNames are the people of the list a station sends twice.
var resendNames = []string{"Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Em",
	"Võ Văn Phúc", "Đặng Văn Giang", "Bùi Văn Hải", "Đỗ Văn Khoa", "Ngô Văn Long", "Dương Văn Minh"}

// resendList writes the list of the first n people of resendNames, with
// rename's names instead where it has them.
func resendList(t *testing.T, name string, n int, rename map[int]string) string {
	t.Helper()
	rows := sheettest.Row(1, "Họ và tên", "Ngày sinh", "Số CCCD", "Thôn")
	for i := 0; i < n; i++ {
		who := resendNames[i]
		if r, ok := rename[i]; ok {
			who = r
		}
		rows += sheettest.Row(i+2, who, fmt.Sprintf("%02d/05/1990", i+1), fmt.Sprintf("0870900001%02d", i), "Thôn Đông")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, sheettest.Book{Sheets: []sheettest.Sheet{{Name: "DS", Rows: rows}}}.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// resendDB is a commune that imported the list of 10, and the list sent
// again with the fourth name changed and an eleventh person added.
func resendDB(t *testing.T) (db, again string) {
	t.Helper()
	db = newDB(t)
	first := resendList(t, "ds.xlsx", 10, nil)
	if code, stdout, stderr := lamsach(t, "--db", db, "import", first, "--commune", "#1", "--commit"); code != 0 ||
		!strings.Contains(stdout, "imported 10 records") {
		t.Fatalf("first import: exit %d, %q, %q", code, stdout, stderr)
	}
	return db, resendList(t, "ds-moi.xlsx", 11, map[int]string{3: "Phạm Văn Dũng Anh"})
}

func TestImportResendPreview(t *testing.T) {
	db, again := resendDB(t)
	code, stdout, stderr := lamsach(t, "--db", db, "import", again, "--commune", "#1")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"11 data rows", "10 rows are already records of this commune",
		"  9 identical: not imported again", "  1 differ (name 1): not imported again",
		"1 new rows: only these would be imported", "row 5 (record 4, waiting for review): name Phạm Văn Dũng → Phạm Văn Dũng Anh",
		"the command line does not apply corrections", "villages in Xã Tân Phú:\n  Thôn Đông: 1\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("preview lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "0870900001") {
		t.Error("the preview shows a full ID number")
	}
	if n := recordCount(t, db); n != 10 {
		t.Errorf("%d records after a preview, want 10", n)
	}
}

func TestImportResendCommit(t *testing.T) {
	db, again := resendDB(t)
	code, stdout, stderr := lamsach(t, "--db", db, "import", again, "--commune", "#1", "--commit")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, want := range []string{"imported 1 records into Xã Tân Phú (import 2)", "  Thôn Đông: 1\n",
		"10 rows are already records", "  9 identical", "  1 differ (name 1)", "1 new rows: only these were stored",
		"row 5 (record 4, waiting for review): name Phạm Văn Dũng → Phạm Văn Dũng Anh",
		"1 differing rows were not applied: the command line does not apply corrections", "in the chat"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("commit output lacks %q:\n%s", want, stdout)
		}
	}
	if n := recordCount(t, db); n != 11 {
		t.Errorf("%d records, want 11", n)
	}
	// The first list's rows in another file bring nothing new (the fourth
	// name is what the record was imported with): refused, exit 1, the
	// comparison on stdout and one line on stderr.
	same := resendList(t, "ds-lai.xlsx", 11, nil)
	for _, commit := range []bool{false, true} {
		args := []string{"--db", db, "import", same, "--commune", "#1"}
		if commit {
			args = append(args, "--commit")
		}
		code, stdout, stderr = lamsach(t, args...)
		if code != 1 || !strings.Contains(stderr, "brings no new records") || strings.Count(stderr, "\n") != 1 ||
			!strings.Contains(stdout, "no new rows: nothing to import") || !strings.Contains(stdout, "  11 identical: not imported again") {
			t.Errorf("commit %v: exit %d, stdout %q, stderr %q", commit, code, stdout, stderr)
		}
	}
	if n := recordCount(t, db); n != 11 {
		t.Errorf("%d records after a list with nothing new, want 11", n)
	}
}

func TestImportResendJSON(t *testing.T) {
	db, again := resendDB(t)
	for _, commit := range []bool{false, true} {
		args := []string{"--db", db, "import", again, "--commune", "#1", "--json"}
		if commit {
			args = append(args, "--commit")
		}
		code, stdout, _ := lamsach(t, args...)
		var out struct {
			Stored int
			Resend map[string]json.RawMessage
		}
		if err := json.Unmarshal([]byte(stdout), &out); code != 0 || err != nil {
			t.Fatalf("commit %v: exit %d, %v\n%s", commit, code, err, stdout)
		}
		var flat bytes.Buffer
		if err := json.Compact(&flat, []byte(stdout)); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]string{"new": "1", "known": "10", "same": "9", "differ": "1",
			"differ_by_field": `{"name":1}`, "amendable": "1", "applied": "false"} {
			var got bytes.Buffer
			if err := json.Compact(&got, out.Resend[key]); err != nil || got.String() != want {
				t.Errorf("commit %v: resend.%s = %s, want %s", commit, key, out.Resend[key], want)
			}
		}
		for _, key := range []string{`"record_id":4`, `"row":5`, `"field":"name"`, `"record":"Phạm Văn Dũng"`,
			`"list":"Phạm Văn Dũng Anh"`, `"village_differs":0`, `"ambiguous":0`, `"shared":0`, `"locked":0`} {
			if !strings.Contains(flat.String(), key) {
				t.Errorf("commit %v: JSON lacks %s\n%s", commit, key, stdout)
			}
		}
		if strings.Contains(stdout, "0870900001") {
			t.Errorf("commit %v: a full ID number without --show-ids", commit)
		}
		if commit && out.Stored != 1 {
			t.Errorf("stored %d, want 1", out.Stored)
		}
	}
}

func TestImportResendVietnamese(t *testing.T) {
	db, again := resendDB(t)
	code, stdout, stderr := lamsach(t, "--db", db, "import", again, "--commune", "#1", "--lang", "vi")
	for _, want := range []string{"10 dòng đã là hồ sơ của xã này", "9 dòng giống hệt", "1 dòng khác (họ tên 1)",
		"1 dòng mới: chỉ các dòng này sẽ được nhập", "dòng 5 (hồ sơ 4,", "Dòng lệnh không sửa hồ sơ"} {
		if code != 0 || stderr != "" || !strings.Contains(stdout, want) {
			t.Errorf("exit %d, stderr %q; lacks %q:\n%s", code, stderr, want, stdout)
		}
	}
	code, stdout, _ = lamsach(t, "--db", db, "import", again, "--commune", "#1", "--lang", "vi", "--commit")
	for _, want := range []string{"Đã nhập 1 hồ sơ", "1 dòng mới: chỉ các dòng này đã được lưu", "1 dòng khác chưa được áp dụng"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("commit: exit %d; lacks %q:\n%s", code, want, stdout)
		}
	}
}

// TestResendFieldCounts: the fields in the record's order, the village
// last, each named as inside a sentence; the bot's HTML values as text.
func TestResendFieldCounts(t *testing.T) {
	r := &resendOut{ByField: map[string]int{"dob": 1, "name": 1, "id": 2}, Village: 3}
	if got, want := fieldCounts(msg.EN, r), "name 1, date of birth 1, ID number 2, village 3"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	if got, want := fieldCounts(msg.VI, r), "họ tên 1, ngày sinh 1, số giấy tờ 2, thôn 3"; got != want {
		t.Errorf("vi: %q, want %q", got, want)
	}
	if got := plain("<i>(empty)</i> A &amp; B"); got != "(empty) A & B" {
		t.Errorf("plain: %q", got)
	}
}
