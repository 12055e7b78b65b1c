package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/store"
)

// lamsach runs the command line and returns its exit code and output.
func lamsach(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// newDB returns the path of a database with commune "Xã Tân Phú" (id 1)
// and its village "Thôn Đông" (id 1), made through the command line.
func newDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "lamsach.db")
	for _, args := range [][]string{
		{"--db", db, "commune", "add", "Xã Tân Phú"},
		{"--db", db, "village", "add", "--commune", "Xã Tân Phú", "Thôn Đông"},
	} {
		if code, _, stderr := lamsach(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	return db
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"commune", "--help"}, {"commune", "add", "--help"}, {"commune", "list", "-h"},
		{"village", "-h"}, {"village", "add", "--help"}, {"village", "list", "--help"},
		{"invite", "--help"}, {"audit", "--help"}, {"audit", "verify", "--help"}, {"audit", "head", "--help"}, {"backup", "--help"},
	} {
		code, stdout, stderr := lamsach(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage: lamsach") || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 0 and a usage on stdout", args, code, stdout, stderr)
		}
	}
	_, stdout, _ := lamsach(t, "invite", "--help")
	for _, flag := range []string{"--commune", "--role", "--village", "--ttl", "--bot", "--db"} {
		if !strings.Contains(stdout, flag) {
			t.Errorf("invite --help does not mention %s", flag)
		}
	}
}

func TestBadArguments(t *testing.T) {
	db := newDB(t)
	tests := []struct {
		args []string
		want string // the stderr line
	}{
		{nil, `lamsach: missing command (want ` + names(commands) + `; see lamsach --help)`},
		{[]string{"bogus"}, `lamsach: unknown command "bogus" (want ` + names(commands) + `)`},
		{[]string{"--nope"}, `lamsach: flag provided but not defined: -nope`},
		{[]string{"commune"}, `lamsach commune: missing command (want add, list, template; see lamsach commune --help)`},
		{[]string{"commune", "drop"}, `lamsach commune: unknown command "drop" (want add, list, template)`},
		{[]string{"commune", "add"}, `lamsach commune add: missing commune name`},
		{[]string{"--db", db, "commune", "add", "xa tan phu"}, `lamsach commune add: a commune named "xa tan phu" already exists`},
		{[]string{"commune", "list", "extra"}, `lamsach commune list: unexpected argument "extra"`},
		{[]string{"village", "add", "Thôn Tây"}, `lamsach village add: missing --commune`},
		{[]string{"village", "add", "--commune", "#1"}, `lamsach village add: missing village name`},
		{[]string{"--db", db, "village", "add", "--commune", "Xã Khác", "Thôn Tây"}, `lamsach village add: unknown commune "Xã Khác" (see lamsach commune list)`},
		{[]string{"village", "list"}, `lamsach village list: missing --commune`},
		{[]string{"village", "list", "--commune"}, `lamsach village list: flag needs an argument: -commune`},
		{[]string{"invite", "--role", "police"}, `lamsach invite: missing --commune`},
		{[]string{"invite", "--commune", "#1"}, `lamsach invite: missing --role (want coordinator, station, village, police)`},
		{[]string{"invite", "--commune", "#1", "--role", "boss"}, `lamsach invite: unknown role "boss" (want coordinator, station, village, police)`},
		{[]string{"invite", "--commune", "#1", "--role", "village"}, `lamsach invite: a village invite needs --village`},
		{[]string{"invite", "--commune", "#1", "--role", "police", "--village", "#1"}, `lamsach invite: --village is only for a village invite, not police`},
		{[]string{"invite", "--commune", "#1", "--role", "police", "--ttl", "soon"}, `lamsach invite: invalid value "soon" for flag -ttl: want a duration such as 72h or 3d`},
		{[]string{"invite", "--commune", "#1", "--role", "police", "--ttl", "-1h"}, `lamsach invite: --ttl must be positive`},
		{[]string{"invite", "--commune", "#1", "--role", "police", "--bot", "a b"}, `lamsach invite: --bot "a b" is not a Telegram bot username (5-32 letters, digits, _)`},
		{[]string{"--db", db, "invite", "--commune", "#9", "--role", "police"}, `lamsach invite: no commune #9 (see lamsach commune list)`},
		{[]string{"--db", db, "invite", "--commune", "9", "--role", "police"}, `lamsach invite: unknown commune or facility "9" (see lamsach commune list, lamsach facility list; an id is written #9)`},
		{[]string{"--db", db, "invite", "--commune", "#1", "--role", "village", "--village", "Thôn Tây"}, `lamsach invite: unknown village "Thôn Tây" in Xã Tân Phú (see lamsach village list --commune #1)`},
		{[]string{"--db", db, "invite", "--commune", "#1", "--role", "village", "--village", "#7"}, `lamsach invite: no village #7 in Xã Tân Phú (see lamsach village list --commune #1)`},
		{[]string{"audit"}, `lamsach audit: missing command (want verify, head, person; see lamsach audit --help)`},
		{[]string{"audit", "verify", "now"}, `lamsach audit verify: unexpected argument "now"`},
		{[]string{"backup"}, `lamsach backup: missing backup file`},
		{[]string{"backup", "a", "b"}, `lamsach backup: one file only, got 2 arguments`},
	}
	for _, tc := range tests {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q:\n exit %d, stderr %q, stdout %q\nwant exit 2, stderr %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
}

func TestCommuneAndVillage(t *testing.T) {
	db := newDB(t)
	t.Setenv("LAMSACH_DB", db) // the environment names the database too
	if code, stdout, stderr := lamsach(t, "commune", "add", "Xã", "Hòa", "An"); code != 0 || stdout != "commune 2 added: Xã Hòa An\n" {
		t.Errorf("commune add (unquoted words): exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ := lamsach(t, "commune", "list")
	if want := "id\tdeadline\tname\n#2\t-\tXã Hòa An\n#1\t-\tXã Tân Phú\n"; code != 0 || stdout != want {
		t.Errorf("commune list: exit %d, %q, want %q", code, stdout, want)
	}
	// Flags after the name, and the commune by id.
	if code, stdout, stderr := lamsach(t, "village", "add", "Thôn Tây", "--commune", "#1"); code != 0 || stdout != "village 2 added to Xã Tân Phú: Thôn Tây\n" {
		t.Errorf("village add: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = lamsach(t, "village", "list", "--commune", "xa tan phu")
	if want := "id\tname\n#1\tThôn Đông\n#2\tThôn Tây\n"; code != 0 || stdout != want {
		t.Errorf("village list: exit %d, %q, want %q", code, stdout, want)
	}
	code, stdout, _ = lamsach(t, "village", "list", "--commune", "#2")
	if code != 0 || !strings.Contains(stdout, "no villages yet") {
		t.Errorf("village list of an empty commune: exit %d, %q", code, stdout)
	}
}

func TestReadCommandsNeedADatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, args := range [][]string{{"commune", "list"}, {"audit", "verify"}, {"backup", filepath.Join(t.TempDir(), "b.db")}} {
		code, _, stderr := lamsach(t, append([]string{"--db", missing}, args...)...)
		if code != 1 || !strings.Contains(stderr, "no database at") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v on a missing database: exit %d, %q", args, code, stderr)
		}
	}
}

var linkRE = regexp.MustCompile(`(?m)^link: https://t\.me/lamsach_test_bot\?start=([A-Za-z0-9_-]+)$`)

func TestInvite(t *testing.T) {
	db := newDB(t)
	lamsach(t, "--db", db, "village", "add", "--commune", "#1", "Thôn Tây")
	code, stdout, stderr := lamsach(t, "--db", db, "invite", "--commune", "Xã Tân Phú", "--role", "village",
		"--village", "Thôn Đông,#2", "--ttl", "2d", "--bot", "@lamsach_test_bot")
	if code != 0 {
		t.Fatalf("invite: exit %d: %s", code, stderr)
	}
	m := linkRE.FindStringSubmatch(stdout)
	if m == nil || !strings.Contains(stdout, "code: "+m[1]+"\n") || !strings.Contains(stdout, "village (Thôn Đông, Thôn Tây)") {
		t.Fatalf("invite output lacks the code, the link or the villages:\n%s", stdout)
	}
	// The code works, once.
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var member flows.Member
	err = s.Update(ctx, func(tx *store.Tx) (err error) {
		member, err = tx.RedeemInvite(ctx, m[1], 42, "Lê Văn Cường", "vi")
		return err
	})
	s.Close()
	if err != nil || member.Role != flows.RoleVillage || len(member.Villages) != 2 {
		t.Errorf("redeeming the printed code: %+v, %v", member, err)
	}

	// Without a bot name the link is a template and the output says how to fill it.
	t.Setenv("LAMSACH_BOT_NAME", "")
	code, stdout, _ = lamsach(t, "--db", db, "invite", "--commune", "#1", "--role", "coordinator")
	if code != 0 || !strings.Contains(stdout, "https://t.me/<bot username>?start=") || !strings.Contains(stdout, "LAMSACH_BOT_NAME") {
		t.Errorf("invite without a bot: exit %d:\n%s", code, stdout)
	}
	t.Setenv("LAMSACH_BOT_NAME", "lamsach_test_bot")
	code, stdout, _ = lamsach(t, "--db", db, "invite", "--commune", "#1", "--role", "police")
	if code != 0 || linkRE.FindStringSubmatch(stdout) == nil {
		t.Errorf("invite with LAMSACH_BOT_NAME: exit %d:\n%s", code, stdout)
	}
}

func TestBackup(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	bak := filepath.Join(dir, "lamsach-backup.db")
	code, stdout, stderr := lamsach(t, "--db", db, "backup", bak)
	if code != 0 || !strings.HasPrefix(stdout, "backup written: "+bak) || !strings.Contains(stdout, "keep a copy of "+db+".auditkey apart") {
		t.Fatalf("backup: exit %d, %q %q", code, stdout, stderr)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("the backup folder holds %q, want only the backup", names)
	}
	if st, err := os.Stat(bak); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v, %v; want 0600", st.Mode(), err)
	}
	// The backup needs the database's key, which is not beside it.
	code, _, stderr = lamsach(t, "--db", bak, "commune", "list")
	if code != 1 || !strings.Contains(stderr, "no audit key at "+bak+".auditkey") {
		t.Errorf("opening the backup without its key: exit %d, %q", code, stderr)
	}
	key := "--audit-key-file=" + db + ".auditkey"
	if code, stdout, _ := lamsach(t, "--db", bak, key, "commune", "list"); code != 0 || !strings.Contains(stdout, "Xã Tân Phú") {
		t.Errorf("the backup does not hold the commune: exit %d, %q", code, stdout)
	}
	if code, stdout, _ := lamsach(t, "--db", bak, key, "audit", "verify"); code != 0 || !strings.HasPrefix(stdout, "audit log intact: 2 entries") {
		t.Errorf("audit verify of the backup: exit %d, %q", code, stdout)
	}
	code, _, stderr = lamsach(t, "--db", db, "backup", bak)
	if code != 2 || !strings.Contains(stderr, "already exists") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("backup over an existing file: exit %d, %q", code, stderr)
	}
}

// dirNames lists a folder's entries.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
