package main

import (
	"database/sql"
	"strings"
	"testing"
)

// records counts the records of commune c, reading the file directly.
func records(t *testing.T, db string, c int) int {
	t.Helper()
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM records WHERE commune_id = ?`, c).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPurge(t *testing.T) {
	db := newDB(t)
	for _, args := range [][]string{
		{"--db", db, "commune", "add", "Xã Hòa An"},
		{"--db", db, "import", fixtures + "station-list.xlsx", "--commune", "#1", "--commit"},
		{"--db", db, "import", fixtures + "station-list.xlsx", "--commune", "#2", "--commit"},
	} {
		if code, _, stderr := lamsach(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}

	// Without --yes: what would go, exit 0, nothing deleted.
	code, stdout, stderr := lamsach(t, "--db", db, "purge", "--commune", "Xã Tân Phú")
	if code != 0 || stderr != "" ||
		!strings.HasPrefix(stdout, "purging Xã Tân Phú (commune 1) would change:\n       5  records deleted\n       1  imports deleted\n") ||
		!strings.HasSuffix(stdout, "\nnothing deleted: this was a preview; add --yes to delete\n") {
		t.Errorf("preview: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	if n := records(t, db, 1); n != 5 {
		t.Fatalf("%d records after the preview, want 5", n)
	}

	code, stdout, stderr = lamsach(t, "--db", db, "purge", "--commune", "#1", "--yes")
	if code != 0 || stderr != "" {
		t.Fatalf("purge --yes: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"purged Xã Tân Phú (commune 1):\n       5  records deleted\n",
		"audit entries redacted", "commune.purge entry", "database vacuumed", "backups made before this purge still hold"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("purge output lacks %q:\n%s", want, stdout)
		}
	}
	if x, y := records(t, db, 1), records(t, db, 2); x != 0 || y != 5 {
		t.Errorf("records after the purge: %d in the purged commune, %d in the other; want 0 and 5", x, y)
	}
	if code, stdout, stderr := lamsach(t, "--db", db, "audit", "verify"); code != 0 || !strings.HasPrefix(stdout, "audit log intact") {
		t.Errorf("audit verify after the purge: exit %d, %q %q", code, stdout, stderr)
	}
	// The commune stays, and a second look finds nothing left.
	code, stdout, _ = lamsach(t, "--db", db, "purge", "--commune", "#1")
	if code != 0 || !strings.Contains(stdout, "       0  records deleted\n") {
		t.Errorf("preview after the purge: exit %d:\n%s", code, stdout)
	}
}

func TestPurgeArguments(t *testing.T) {
	db := newDB(t)
	for _, args := range [][]string{{"purge", "--help"}, {"purge", "-h"}} {
		code, stdout, stderr := lamsach(t, args...)
		if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "Usage: lamsach purge") ||
			!strings.Contains(stdout, "--commune") || !strings.Contains(stdout, "--yes") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want a usage naming --commune and --yes", args, code, stdout, stderr)
		}
	}
	tests := []struct {
		args []string
		want string // the stderr line
	}{
		{[]string{"purge"}, `lamsach purge: missing --commune`},
		{[]string{"purge", "--yes"}, `lamsach purge: missing --commune`},
		{[]string{"purge", "--commune", "#1", "now"}, `lamsach purge: unexpected argument "now"`},
		{[]string{"--db", db, "purge", "--commune", "#9"}, `lamsach purge: no commune #9 (see lamsach commune list)`},
		{[]string{"--db", db, "purge", "--commune", "Xã Khác", "--yes"}, `lamsach purge: unknown commune or facility "Xã Khác" (see lamsach commune list, lamsach facility list)`},
	}
	for _, tc := range tests {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q:\n exit %d, stderr %q, stdout %q\nwant exit 2, stderr %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
	if code, stdout, _ := lamsach(t, "--db", db, "commune", "list"); code != 0 || !strings.Contains(stdout, "Xã Tân Phú") {
		t.Errorf("commune list after refused purges: exit %d, %q", code, stdout)
	}
}
