package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/store"
)

// TestCommuneTemplate: the operator gives a commune its own import-file
// layout, which the export then follows, refuses a broken description, and
// goes back to the default.
func TestCommuneTemplate(t *testing.T) {
	db, dir := newDB(t), t.TempDir()
	def, err := os.ReadFile("../../flows/sheet/templates/pl1-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	// The same layout under another sheet name, as a 2022 template might be.
	custom := filepath.Join(dir, "pl1-2022.json")
	if err := os.WriteFile(custom, []byte(strings.Replace(string(def), `"PL1_Danh sach doi tuong tiem"`, `"PL1 2022"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"columns": [`), 0o600)

	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"commune", "template", "--commune", "#1", broken}, 2, "is not a usable template"},
		{[]string{"commune", "template", "--commune", "#1", custom, "--default"}, 2, "not both"},
		{[]string{"commune", "template", "--commune", "#9", custom}, 2, "no commune #9"},
		{[]string{"commune", "template", "--commune", "#1", custom}, 0, "now follows"},
		{[]string{"commune", "template", "--commune", "#1", "--default"}, 0, "2021 import template again"},
	} {
		code, stdout, stderr := lamsach(t, append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(stdout+stderr, c.out) {
			t.Errorf("%v: exit %d %q %q; want %d and %q", c.args, code, stdout, stderr, c.code, c.out)
		}
	}
	if code, _, stderr := lamsach(t, "--db", db, "commune", "template", "--commune", "#1", custom); code != 0 {
		t.Fatal(stderr)
	}
	withStore(t, db, func(ctx context.Context, tx *store.Tx) error {
		tpl, err := flows.ExportTemplate(ctx, tx, flows.Operator, 1)
		if err == nil && tpl.Sheet != "PL1 2022" {
			t.Errorf("the export's template sheet is %q, want the commune's own", tpl.Sheet)
		}
		return err
	})
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'commune.template'`); n != 3 {
		t.Errorf("%d template changes audited, want 3", n)
	}
}
