package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoKeep runs "lamsach demo --keep DIR" and then, as a newcomer
// would, each command it prints, verbatim: audit verify accepts the kept
// database, before and after the purge.
func TestDemoKeep(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kept")
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--keep", dir, "--quiet"}, &out, &errs); code != 0 {
		t.Fatalf("demo --keep: exit %d: %s", code, errs.String())
	}
	for _, name := range append([]string{"lamsach.db", "lamsach.db.auditkey", "lamsach.db.anchors"}, demoFiles...) {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("demo --keep left no %s in %s (%v)", name, dir, err)
		}
	}
	cmds := printedCommands(t, out.String())
	if len(cmds) != 5 {
		t.Fatalf("demo --keep printed %d commands, want 5:\n%s", len(cmds), out.String())
	}
	for _, c := range []struct {
		want []string
		code int
	}{
		{[]string{"audit log intact", "records: 11 agree with their audit history"}, 0},
		// ID numbers are masked unless --show-ids.
		{[]string{"Bùi Thị Lan | 1975 | female | 001******567", "record.update id_number: \"\" -> \"001******567\""}, 0},
		{[]string{"batch 2 of Xã Tân Phú (edit file, 8 records) written to " + filepath.Join(dir, "danh-sach-sua-lai.xlsx")}, 0},
		{[]string{"would change", "11  records deleted"}, -1}, // the preview's exit code is not the demo's to say
		{[]string{"purged Xã Tân Phú", "11  records deleted"}, 0},
	} {
		args := cmds[0]
		cmds = cmds[1:]
		got, code := runArgs(t, args)
		if (c.code >= 0 && code != c.code) || code == 1 {
			t.Errorf("lamsach %s: exit %d\n%s", strings.Join(args, " "), code, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("lamsach %s printed no %q:\n%s", strings.Join(args, " "), w, got)
			}
		}
	}
	if rows := sheetRows(t, filepath.Join(dir, "danh-sach-sua-lai.xlsx")); numbered(rows) != 8 {
		t.Errorf("the edit list written again has %d rows, want 8", numbered(rows))
	}
	if got, code := runArgs(t, []string{"--db", filepath.Join(dir, "lamsach.db"), "audit", "verify"}); code != 0 {
		t.Errorf("audit verify after the purge: exit %d\n%s", code, got)
	}
}

// printedCommands reads the commands "demo --keep" prints ("  lamsach …"
// lines), split as a shell would: words, "double" or 'single' quoted.
func printedCommands(t *testing.T, out string) [][]string {
	t.Helper()
	var cmds [][]string
	for _, line := range strings.Split(out, "\n") {
		rest, ok := strings.CutPrefix(line, "  lamsach ")
		if !ok {
			continue
		}
		var args []string
		var word strings.Builder
		quote, inWord := rune(0), false
		for _, r := range rest {
			switch {
			case quote != 0 && r == quote:
				quote = 0
			case quote != 0:
				word.WriteRune(r)
			case r == '"' || r == '\'':
				quote, inWord = r, true
			case r == ' ':
				if inWord {
					args, inWord = append(args, word.String()), false
					word.Reset()
				}
			default:
				word.WriteRune(r)
				inWord = true
			}
		}
		if quote != 0 {
			t.Fatalf("unclosed quote in %q", line)
		}
		if inWord {
			args = append(args, word.String())
		}
		cmds = append(cmds, args)
	}
	return cmds
}

// runArgs runs lamsach with args and returns its output, both streams.
func runArgs(t *testing.T, args []string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	code := run(context.Background(), args, &out, &out)
	return out.String(), code
}

// TestDemoRefuses checks that the demo refuses, with exit code 2 and one
// line, what it would otherwise ignore or overwrite, and creates nothing.
func TestDemoRefuses(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "mine.db")
	kept := filepath.Join(dir, "kept")
	if err := os.MkdirAll(kept, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(kept, "lamsach.db"), []byte("an earlier demo"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", db, "demo"}, "takes no --db"},
		{[]string{"demo", "--db", db}, "takes no --db"},
		{[]string{"demo", "--audit-key-file", filepath.Join(dir, "k")}, "takes no --db or audit files"},
		{[]string{"demo", "--keep", filepath.Join(dir, "new"), "--out", filepath.Join(dir, "out")}, "give --keep or --out, not both"},
		{[]string{"demo", "--keep", kept}, "already holds a lamsach database"},
	} {
		var out, errs bytes.Buffer
		code := run(context.Background(), c.args, &out, &errs)
		msg := errs.String()
		if code != 2 || !strings.Contains(msg, c.want) || strings.Count(msg, "\n") != 1 {
			t.Errorf("lamsach %s: exit %d, stderr %q; want exit 2 and one line with %q", strings.Join(c.args, " "), code, msg, c.want)
		}
		if out.Len() != 0 {
			t.Errorf("lamsach %s printed %q", strings.Join(c.args, " "), out.String())
		}
	}
	for _, name := range []string{"mine.db", "k", "new", "out"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("a refused demo created %s", name)
		}
	}
	if data, err := os.ReadFile(filepath.Join(kept, "lamsach.db")); err != nil || string(data) != "an earlier demo" {
		t.Errorf("a refused demo changed the kept database: %q, %v", data, err)
	}
}
