package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"lamsach/store"
)

// TestLoadRuns runs a small load and checks it measured something.
func TestLoadRuns(t *testing.T) {
	var out bytes.Buffer
	if err := runLoad(context.Background(), &out, 3, 30, 500*time.Millisecond, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"updates/s", "records reviewed", "p99"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("load output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "updates handled: 0 ") {
		t.Errorf("nothing was handled:\n%s", out.String())
	}
}

// TestLoadArguments: load refuses --db wherever it comes, and flags that
// do not belong to the way it runs, with one line and exit 2.
func TestLoadArguments(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.db")
	os.WriteFile(existing, []byte("x"), 0o600)
	blank := filepath.Join(dir, "blank.txt")
	os.WriteFile(blank, []byte("# nothing\n\n"), 0o600)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("abc\nnot a code\n"), 0o600)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"load", "--db", "x.db"}, "load makes its own database and takes no --db"},
		{[]string{"--db", "x.db", "load"}, "takes no --db"},
		{[]string{"load", "--prepare", "p.db", "--invites", "i.txt", "--db", "x.db"}, "takes no --db"},
		{[]string{"load", "--members", "0"}, "--members 1-1000"},
		{[]string{"load", "--invites", "i.txt"}, "--invites does not go with an in-process run"},
		{[]string{"load", "--prepare", "p.db"}, "--prepare needs --invites FILE"},
		{[]string{"load", "--prepare", "p.db", "--invites", "i.txt", "--seconds", "3"}, "--seconds does not go with --prepare"},
		{[]string{"load", "--prepare", existing, "--invites", filepath.Join(dir, "i.txt")}, "the file exists"},
		{[]string{"load", "--api-url", "http://127.0.0.1:1"}, "needs --invites FILE"},
		{[]string{"load", "--api-url", "http://127.0.0.1:1", "--invites", "i.txt", "--members", "3"}, "--members does not go with --api-url"},
		{[]string{"load", "--api-url", "http://x", "--prepare", "p.db", "--invites", "i.txt"}, "separate steps"},
		{[]string{"load", "--api-url", "http://127.0.0.1:1", "--invites", blank}, "holds 0 invite codes"},
		{[]string{"load", "--api-url", "http://127.0.0.1:1", "--invites", bad}, "line 2 is not an invite code"},
		{[]string{"load", "extra"}, `unexpected argument "extra"`},
	} {
		code, _, stderr := lamsach(t, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line with %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "i.txt")); err == nil {
		t.Error("a refused --prepare wrote the invites")
	}
}

// TestLoadAgainstServe runs the documented steps: prepare a database,
// run the fake Telegram and lamsach serve against it, and load through the
// control API; the bot's database then holds exactly the reviews measured.
func TestLoadAgainstServe(t *testing.T) {
	dir := t.TempDir()
	dbPath, invites := filepath.Join(dir, "load.db"), filepath.Join(dir, "invites.txt")
	code, stdout, stderr := lamsach(t, "load", "--prepare", dbPath, "--invites", invites, "--members", "3", "--records", "30")
	if code != 0 || !strings.Contains(stdout, "3 invites") {
		t.Fatalf("prepare: exit %d, %q %q", code, stdout, stderr)
	}
	url := startFaketg(t)

	t.Setenv("TELEGRAM_BOT_TOKEN", "123456:load-test")
	ctx, cancel := context.WithCancel(context.Background())
	var serveErr bytes.Buffer
	served := make(chan int, 1)
	go func() {
		served <- run(ctx, []string{"--db", dbPath, "serve", "--api-url", url, "--no-send-limits"}, &bytes.Buffer{}, &serveErr)
	}()
	code, stdout, stderr = lamsach(t, "load", "--api-url", url, "--invites", invites, "--seconds", "1")
	// The invites are used now: a second run says so instead of hanging.
	code2, _, stderr2 := lamsach(t, "load", "--api-url", url, "--invites", invites, "--seconds", "1")
	cancel()
	if code2 != 1 || !strings.Contains(stderr2, "invites serve one run: prepare a new database") {
		t.Errorf("second run: exit %d, %s", code2, stderr2)
	}
	if c := <-served; c != 0 {
		t.Fatalf("serve exited %d: %s", c, serveErr.String())
	}
	if code != 0 {
		t.Fatalf("load: exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`records reviewed: ([0-9]+)`).FindStringSubmatch(stdout)
	if m == nil || m[1] == "0" {
		t.Fatalf("load measured nothing:\n%s", stdout)
	}
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Stats(context.Background(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := strconv.Itoa(st.Records["reviewed"]); got != m[1] || st.Members != 3 {
		t.Errorf("database: %s reviewed records and %d members; the load reported %s reviewed and 3 members", got, st.Members, m[1])
	}

}
