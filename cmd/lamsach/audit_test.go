package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lamsach/store"
)

// tamper runs statements on the database file behind lamsach's back.
func tamper(t *testing.T, db string, qs ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range qs {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// anchorNow appends the database's signed head to its anchor file, as the
// running bot does.
func anchorNow(t *testing.T, path string) store.SignedHead {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := db.Anchor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestAuditVerify(t *testing.T) {
	db := newDB(t)
	before := dirNames(t, filepath.Dir(db))
	code, stdout, stderr := lamsach(t, "--db", db, "audit", "verify")
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "audit log intact: 2 entries, keyed from seq 1 (key ") {
		t.Fatalf("audit verify: exit %d, %q %q", code, stdout, stderr)
	}
	for _, want := range []string{"anchors: none yet (no file " + db + ".anchors)", "records: 0 agree", "\nhead: 2:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("audit verify output lacks %q:\n%s", want, stdout)
		}
	}
	if after := dirNames(t, filepath.Dir(db)); !slices.Equal(before, after) {
		t.Errorf("audit verify changed the folder: %q → %q", before, after)
	}

	key, err := os.ReadFile(db + ".auditkey")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"audit", "verify"}, {"audit", "head"}, {"backup", filepath.Join(t.TempDir(), "b.db")}} {
		_, stdout, stderr := lamsach(t, append([]string{"--db", db}, args...)...)
		if strings.Contains(stdout+stderr, strings.TrimSpace(string(key))) {
			t.Errorf("%v printed the audit key", args)
		}
	}

	h := anchorNow(t, db)
	code, stdout, _ = lamsach(t, "--db", db, "audit", "verify")
	if code != 0 || !strings.Contains(stdout, "anchors: 1 in "+db+".anchors hold; the latest is seq 2 of ") {
		t.Errorf("audit verify with an anchor: exit %d:\n%s", code, stdout)
	}
	code, stdout, _ = lamsach(t, "--db", db, "audit", "verify", "--head", "2:"+h.Digest)
	if code != 0 || !strings.Contains(stdout, "head 2: holds\n") {
		t.Errorf("audit verify --head: exit %d:\n%s", code, stdout)
	}
}

// TestAuditVerifyTampering: each kind of change behind lamsach's back ends
// in exit 1, a line naming what was found, and a one-line reason.
func TestAuditVerifyTampering(t *testing.T) {
	tests := []struct {
		name   string
		sql    []string
		out    string // a line of the report
		stderr string
	}{
		{"value changed", []string{`UPDATE audit SET new = 'Xã Khác' WHERE seq = 1`},
			"audit log damaged at seq 1: content altered (its digest does not match its content); 0 entries before it are intact\n",
			"lamsach audit verify: audit log damaged at seq 1: content altered\n"},
		{"middle entry removed", []string{`DELETE FROM audit WHERE seq = 2`},
			"audit log damaged at seq 2: entry removed (seq 2 to 2 missing)",
			"lamsach audit verify: audit log damaged at seq 2: entry removed\n"},
		{"last entries removed, head rewound", []string{`DELETE FROM audit WHERE seq > 1`,
			`UPDATE audit_head SET count = 1, last_seq = 1, digest = (SELECT digest FROM audit WHERE seq = 1)`},
			"seq 3: anchored entry missing: the log has no entry 3 (it ends at seq 1)\n",
			"lamsach audit verify: 1 anchors do not hold\n"},
		{"log wiped", []string{`DELETE FROM audit`, `UPDATE audit_head SET count = 0, last_seq = 0, digest = ''`},
			"seq 3: anchored entry missing: the log has no entry 3 (it ends at seq 0)\n",
			"lamsach audit verify: 1 anchors do not hold\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			lamsach(t, "--db", db, "village", "add", "--commune", "#1", "Thôn Tây")
			anchorNow(t, db)
			tamper(t, db, tc.sql...)
			code, stdout, stderr := lamsach(t, "--db", db, "audit", "verify")
			if code != 1 || !strings.Contains(stdout, tc.out) || stderr != tc.stderr {
				t.Errorf("exit %d, stderr %q\nstdout:\n%s\nwant exit 1, a line %q and stderr %q", code, stderr, stdout, tc.out, tc.stderr)
			}
		})
	}
}

// TestAuditVerifyRecords: a record changed in the records table without an
// audit entry is named, by record, field and entry, without its values.
func TestAuditVerifyRecords(t *testing.T) {
	db := newDB(t)
	fixtures := filepath.Join("..", "..", "testdata") + string(filepath.Separator)
	if code, _, stderr := lamsach(t, "--db", db, "import", fixtures+"station-list.xlsx", "--commune", "#1", "--commit"); code != 0 {
		t.Fatal(stderr)
	}
	tamper(t, db, `UPDATE records SET name = 'Lê Thị Giả', state = 'verified' WHERE id = 2`)
	code, stdout, stderr := lamsach(t, "--db", db, "audit", "verify")
	for _, want := range []string{
		"records: 5 checked, 2 problems:\n",
		"  record 2, field name: the stored value is not the one it was made with, and no entry changed it\n",
		"  record 2, field state: the stored value is not the one it was made with, and no entry changed it\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	if code != 1 || stderr != "lamsach audit verify: 2 record problems: values the audit log does not explain\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if strings.Contains(stdout, "Giả") {
		t.Error("the report shows a value")
	}
}

func TestAuditVerifyHead(t *testing.T) {
	db := newDB(t)
	code, stdout, stderr := lamsach(t, "--db", db, "audit", "head")
	h, err := store.ParseHead(strings.TrimSpace(stdout))
	if code != 0 || err != nil || h.Seq != 2 || h.Sig == "" || stderr != "" {
		t.Fatalf("audit head: exit %d, %q %q (%v)", code, stdout, stderr, err)
	}
	lamsach(t, "--db", db, "village", "add", "--commune", "#1", "Thôn Tây")
	if code, stdout, _ := lamsach(t, "--db", db, "audit", "verify", "--head", h.String()); code != 0 || !strings.Contains(stdout, "head 2: holds") {
		t.Errorf("verify --head after a new entry: exit %d:\n%s", code, stdout)
	}
	tamper(t, db, `DELETE FROM audit WHERE seq > 1`,
		`UPDATE audit_head SET count = 1, last_seq = 1, digest = (SELECT digest FROM audit WHERE seq = 1)`)
	code, stdout, stderr = lamsach(t, "--db", db, "audit", "verify", "--head", h.String())
	if code != 1 || !strings.Contains(stdout, "head 2: anchored entry missing: the log has no entry 2 (it ends at seq 1)\n") ||
		stderr != "lamsach audit verify: the head given (seq 2) does not hold\n" {
		t.Errorf("verify --head after removing the tail: exit %d, %q\n%s", code, stderr, stdout)
	}
	forged := h
	forged.Sig = strings.Repeat("0", 64)
	code, stdout, _ = lamsach(t, "--db", db, "audit", "verify", "--head", forged.String())
	if code != 1 || !strings.Contains(stdout, "head 2: not signed with this key") {
		t.Errorf("verify --head with a forged signature: exit %d:\n%s", code, stdout)
	}
	for _, bad := range []string{"2", "two:abc", "2:" + h.Digest[:10]} {
		code, _, stderr := lamsach(t, "--db", db, "audit", "verify", "--head", bad)
		if code != 2 || !strings.HasPrefix(stderr, "lamsach audit verify: --head \""+bad+"\": want SEQ:DIGEST") {
			t.Errorf("--head %q: exit %d, %q", bad, code, stderr)
		}
	}
}

// TestAuditVerifyRefuses: a file that is not a lamsach database, or a
// keyed database without its key, is refused in one line, and nothing is
// created beside it.
func TestAuditVerifyRefuses(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database, only a note long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := newDB(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--db", text, "audit", "verify"}, "lamsach audit verify: " + text + " is not a lamsach database (not an SQLite file)\n"},
		{[]string{"--db", text, "audit", "head"}, "lamsach audit head: " + text + " is not a lamsach database (not an SQLite file)\n"},
		{[]string{"--db", db, "--audit-key-file", filepath.Join(dir, "k"), "audit", "verify"},
			"lamsach audit verify: open: no audit key at " + filepath.Join(dir, "k") + ": this database's audit log is keyed"},
	}
	for _, tc := range tests {
		before := dirNames(t, dir)
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 1 || !strings.HasPrefix(stderr, tc.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%q: exit %d, %q %q; want exit 1 and %q", tc.args, code, stdout, stderr, tc.want)
		}
		if after := dirNames(t, dir); !slices.Equal(before, after) {
			t.Errorf("%q changed the folder: %q → %q", tc.args, before, after)
		}
	}
}

// TestAuditKeyFileSetting: the key goes where the flag or the environment
// says, and only there.
func TestAuditKeyFileSetting(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lamsach.db")
	key := filepath.Join(dir, "secrets", "audit.key")
	t.Setenv("LAMSACH_AUDIT_KEY_FILE", key)
	if code, _, stderr := lamsach(t, "--db", db, "commune", "add", "Xã Một"); code != 0 {
		t.Fatal(stderr)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key at $LAMSACH_AUDIT_KEY_FILE: %v, %v", st, err)
	}
	if st, err := os.Stat(filepath.Dir(key)); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the key's new folder: %v, %v; want 0700", st, err)
	}
	if _, err := os.Stat(db + ".auditkey"); err == nil {
		t.Error("a key was also made next to the database")
	}
	t.Setenv("LAMSACH_AUDIT_KEY_FILE", "")
	code, _, stderr := lamsach(t, "--db", db, "commune", "list")
	if code != 1 || !strings.Contains(stderr, "no audit key at "+db+".auditkey") {
		t.Errorf("without the setting: exit %d, %q", code, stderr)
	}
	if code, _, stderr := lamsach(t, "--db", db, "--audit-key-file", key, "audit", "verify"); code != 0 {
		t.Errorf("--audit-key-file: exit %d, %q", code, stderr)
	}
}
