package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPlaceNamesOnTheCommandLine: names obey the chat's rules, and a name
// that is a number never stands for an id.
func TestPlaceNamesOnTheCommandLine(t *testing.T) {
	db := newDB(t)
	long := strings.Repeat("Đ", 61)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--db", db, "commune", "add", "\x00\u200b"}, "lamsach commune add: a commune name needs letters or digits"},
		{[]string{"--db", db, "commune", "add", long}, "lamsach commune add: the commune name is too long (61 characters; at most 60)"},
		{[]string{"--db", db, "commune", "add", "/start"}, "lamsach commune add: a commune name may not start with /"},
		{[]string{"--db", db, "commune", "add", "#3"}, "lamsach commune add: a commune name may not be #N: that is how ids are written"},
		{[]string{"--db", db, "village", "add", "--commune", "#1", "--", "—"}, "lamsach village add: a village name needs letters or digits"},
		{[]string{"--db", db, "village", "add", "--commune", "#1", long}, "lamsach village add: the village name is too long (61 characters; at most 60)"},
		{[]string{"--db", db, "village", "add", "--commune", "#1", "#2"}, "lamsach village add: a village name may not be #N: that is how ids are written"},
	}
	for _, tc := range tests {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q:\n exit %d, stderr %q\nwant exit 2, %q", tc.args, code, stderr, tc.want)
		}
	}
	// Control characters are cleaned as in the chat.
	if code, stdout, _ := lamsach(t, "--db", db, "village", "add", "--commune", "#1", "Thôn\u200b Bắc\x07"); code != 0 || stdout != "village 2 added to Xã Tân Phú: Thôn Bắc\n" {
		t.Errorf("village add with control characters: exit %d, %q", code, stdout)
	}
	// A commune named "2" and the commune with id 2 are told apart.
	lamsach(t, "--db", db, "commune", "add", "Xã Hai") // id 2
	lamsach(t, "--db", db, "commune", "add", "2")      // id 3, named "2"
	lamsach(t, "--db", db, "village", "add", "--commune", "2", "Thôn Ba")
	code, stdout, _ := lamsach(t, "--db", db, "village", "list", "--commune", "#2")
	if code != 0 || !strings.Contains(stdout, "Xã Hai has no villages yet") {
		t.Errorf("--commune #2: exit %d, %q; want the commune with id 2", code, stdout)
	}
	code, stdout, _ = lamsach(t, "--db", db, "village", "list", "--commune", "2")
	if code != 0 || stdout != "id\tname\n#3\tThôn Ba\n" {
		t.Errorf("--commune 2: exit %d, %q; want the commune named 2", code, stdout)
	}
}

// TestDatabaseFiles: a database in a missing folder gets the folder,
// owner-only, and a database that cannot be opened is explained without
// SQLite's numbered codes.
func TestDatabaseFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "var", "lib", "lamsach", "lamsach.db")
	if code, _, stderr := lamsach(t, "--db", db, "commune", "add", "Xã Một"); code != 0 {
		t.Fatalf("commune add in a missing folder: %s", stderr)
	}
	for path, want := range map[string]os.FileMode{filepath.Dir(db): 0o700, filepath.Join(dir, "var"): 0o700,
		db: 0o600, db + ".auditkey": 0o600} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v, %v; want %v", path, st, err, want)
		}
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o600)
	tests := []struct{ db, want string }{
		{filepath.Join(file, "lamsach.db"), "is not a folder"},
		{file, "is not a lamsach database"},
	}
	if os.Geteuid() != 0 { // root may write anywhere
		locked := filepath.Join(dir, "locked")
		os.Mkdir(locked, 0o500)
		tests = append(tests, struct{ db, want string }{filepath.Join(locked, "lamsach.db"), "permission denied"})
	}
	numbered := regexp.MustCompile(`\(\d+\)|SQLITE_`)
	for _, tc := range tests {
		code, _, stderr := lamsach(t, "--db", tc.db, "commune", "add", "Xã Hai")
		if code != 1 || !strings.Contains(stderr, tc.want) || numbered.MatchString(stderr) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, %q; want one line saying %q", tc.db, code, stderr, tc.want)
		}
	}
}

// TestDatabaseFolderFromTheEnvironment: $LAMSACH_DB in folders that do not
// exist yet: the first command makes them, owner-only; a command that only
// reads names the missing database instead of making one.
func TestDatabaseFolderFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "srv", "lamsach", "lamsach.db")
	t.Setenv("LAMSACH_DB", db)
	if code, stdout, stderr := lamsach(t, "commune", "add", "Xã Tân Phú"); code != 0 || stdout != "commune 1 added: Xã Tân Phú\n" {
		t.Fatalf("commune add: exit %d, %q %q", code, stdout, stderr)
	}
	for _, d := range []string{filepath.Join(dir, "srv"), filepath.Dir(db)} {
		if st, err := os.Stat(d); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, %v; want a folder 0700", d, st, err)
		}
	}
	other := filepath.Join(dir, "elsewhere", "lamsach.db")
	t.Setenv("LAMSACH_DB", other)
	for _, args := range [][]string{{"commune", "list"}, {"village", "list", "--commune", "#1"}, {"audit", "verify"}} {
		code, _, stderr := lamsach(t, args...)
		if want := "no database at " + other + " (set --db or LAMSACH_DB)\n"; code != 1 || !strings.HasSuffix(stderr, want) {
			t.Errorf("%v: exit %d, %q; want it to end %q", args, code, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Dir(other)); err == nil {
		t.Errorf("a command that only reads made %s", filepath.Dir(other))
	}
}

// TestDatabaseFolderRefused: a database whose folder cannot be made is
// named with the reason in words, never an SQLite code such as "(14)".
func TestDatabaseFolderRefused(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ db, want string }{
		{filepath.Join(file, "lamsach.db"), file + " is not a folder"},
		{filepath.Join(file, "sub", "lamsach.db"), file},
		{file, file + " is not a lamsach database"},
	} {
		code, stdout, stderr := lamsach(t, "--db", c.db, "commune", "add", "Xã Tân Phú")
		if code != 1 || stdout != "" || !strings.Contains(stderr, c.want) ||
			regexp.MustCompile(`\(\d+\)|(?i)sqlite_|SQL logic`).MatchString(stderr) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("--db %s: exit %d, %q; want one line with %q and no SQLite code", c.db, code, stderr, c.want)
		}
	}
}
