package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputFiles: every command that writes a file refuses, before any
// work, a folder, a missing folder, a name without .xlsx where an xlsx is
// written, and an existing file unless --force; the messages name the
// operator's path, never a temporary file.
func TestOutputFiles(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	folder := filepath.Join(dir, "adir")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.xlsx")
	if err := os.WriteFile(old, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	oldDB := filepath.Join(dir, "old.db")
	if err := os.WriteFile(oldDB, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nowhere", "x.xlsx")
	export := []string{"--db", db, "export", "--commune", "#1", "--kind", "import", "--out"}
	sample := []string{"sample", "--rows", "5", "--out"}
	tests := []struct {
		args []string
		want string
	}{
		{append(sample, folder), "lamsach sample: --out " + folder + " is a folder; give a file name, such as " + filepath.Join(folder, "lamsach.xlsx")},
		{append(sample, filepath.Join(dir, "x.csv")), "lamsach sample: --out " + filepath.Join(dir, "x.csv") + ": the file name must end in .xlsx"},
		{append(sample, missing), "lamsach sample: --out " + missing + ": the folder " + filepath.Dir(missing) + " does not exist"},
		{append(sample, old), "lamsach sample: --out " + old + " already exists; choose a new name, or add --force to replace it"},
		{append(export, folder), "lamsach export: --out " + folder + " is a folder; give a file name, such as " + filepath.Join(folder, "lamsach.xlsx")},
		{append(export, old), "lamsach export: --out " + old + " already exists; choose a new name, or add --force to replace it"},
		{append(export, filepath.Join(dir, "e.ods")), "lamsach export: --out " + filepath.Join(dir, "e.ods") + ": the file name must end in .xlsx"},
		{[]string{"--db", db, "export", "--commune", "#1", "--kind", "import"}, "lamsach export: missing --out"},
		{[]string{"--db", db, "backup", folder}, "lamsach backup: " + folder + " is a folder; give a file name, such as " + filepath.Join(folder, "lamsach.db")},
		{[]string{"--db", db, "backup", oldDB}, "lamsach backup: " + oldDB + " already exists; choose a new name, or add --force to replace it"},
		{append(export, filepath.Join(old, "x.xlsx")), "lamsach export: --out " + filepath.Join(old, "x.xlsx") + ": " + old + " is not a folder"},
		{[]string{"--db", db, "backup", filepath.Join(oldDB, "a", "b.db")}, "lamsach backup: " + filepath.Join(oldDB, "a", "b.db") + ": " + oldDB + " is not a folder"},
	}
	for _, tc := range tests {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q:\n exit %d, stderr %q, stdout %q\nwant exit 2, stderr %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
	if b, _ := os.ReadFile(old); string(b) != "keep me" {
		t.Errorf("a refused command changed %s", old)
	}
	if names := dirNames(t, dir); strings.Join(names, " ") != "adir old.db old.xlsx" {
		t.Errorf("after the refusals the folder holds %q", names)
	}
	if names := dirNames(t, folder); len(names) != 0 {
		t.Errorf("after the refusals %s holds %q", folder, names)
	}
}

// TestOutputForce: --force replaces a file, whole, and the result is
// owner-only; without it the file stays.
func TestOutputForce(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "list.xlsx")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := lamsach(t, "sample", "--rows", "7", "--out", out, "--force")
	if code != 0 || stdout != "sample written: "+out+" (7 records, seed 1)\n" {
		t.Fatalf("sample --force: exit %d, %q %q", code, stdout, stderr)
	}
	if cells := readCells(t, out); len(cells) == 0 {
		t.Error("the replaced file is not a spreadsheet")
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode of the written file: %v, %v; want 0600", st.Mode(), err)
	}
	bak := filepath.Join(dir, "mon.db")
	if err := os.WriteFile(bak, []byte("last week"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = lamsach(t, "--db", db, "backup", bak, "--force")
	if code != 0 || !strings.HasPrefix(stdout, "backup written: "+bak) {
		t.Fatalf("backup --force: exit %d, %q %q", code, stdout, stderr)
	}
	key := "--audit-key-file=" + db + ".auditkey"
	if code, stdout, _ := lamsach(t, "--db", bak, key, "commune", "list"); code != 0 || !strings.Contains(stdout, "Xã Tân Phú") {
		t.Errorf("the replaced backup does not hold the commune: exit %d, %q", code, stdout)
	}
	if names := dirNames(t, dir); strings.Join(names, " ") != "list.xlsx mon.db" {
		t.Errorf("after --force the folder holds %q, want no temporary file", names)
	}
}

// TestOutputFilesEveryCommand: the same rules hold for sheet convert's
// three files, import --errors, passport export and the demo's folder;
// --force replaces, and nothing is left under a temporary name.
func TestOutputFilesEveryCommand(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	list := filepath.Join(dir, "list.xlsx")
	if code, _, stderr := lamsach(t, "sample", "--rows", "6", "--out", list); code != 0 {
		t.Fatalf("sample: %s", stderr)
	}
	old := filepath.Join(dir, "old.xlsx")
	if err := os.WriteFile(old, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	demoOut := filepath.Join(dir, "demo-out")
	if err := os.Mkdir(demoOut, 0o700); err != nil {
		t.Fatal(err)
	}
	earlier := filepath.Join(demoOut, demoFiles[0])
	if err := os.WriteFile(earlier, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	newOut := filepath.Join(dir, "new.xlsx")
	convert := []string{"sheet", "convert", list, "--out"}
	exists := func(flag string) string {
		return flag + " " + old + " already exists; choose a new name, or add --force to replace it"
	}
	tests := []struct {
		args []string
		want string
	}{
		{append(convert, old), "lamsach sheet convert: " + exists("--out")},
		{append(convert, newOut, "--errors", old), "lamsach sheet convert: " + exists("--errors")},
		{append(convert, newOut, "--changes", old), "lamsach sheet convert: " + exists("--changes")},
		{append(convert, dir), "lamsach sheet convert: --out " + dir + " is a folder; give a file name, such as " + filepath.Join(dir, "lamsach.xlsx")},
		{append(convert, filepath.Join(dir, "x.csv")), "lamsach sheet convert: --out " + filepath.Join(dir, "x.csv") + ": the file name must end in .xlsx"},
		{[]string{"--db", db, "import", list, "--commune", "#1", "--errors", old}, "lamsach import: " + exists("--errors")},
		{[]string{"--db", db, "import", list, "--commune", "#1", "--errors", dir}, "lamsach import: --errors " + dir + " is a folder; give a file name, such as " + filepath.Join(dir, "lamsach.xlsx")},
		{[]string{"--db", db, "passport", "export", "--commune", "#1", "--out", old}, "lamsach passport export: " + exists("--out")},
		{[]string{"demo", "--quiet", "--out", demoOut}, "lamsach demo: " + earlier + " already exists; choose a new name, or add --force to replace it"},
		{[]string{"demo", "--quiet", "--out", old}, "lamsach demo: " + old + " is a file; give the demo a folder for its files"},
		{[]string{"load", "--cpuprofile", old}, "lamsach load: " + exists("--cpuprofile")},
		{[]string{"load", "--prepare", filepath.Join(dir, "load.db"), "--invites", old}, "lamsach load: " + exists("--invites")},
	}
	for _, tc := range tests {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q:\n exit %d, stderr %q, stdout %q\nwant exit 2, stderr %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
	for _, f := range []string{old, earlier} {
		if b, _ := os.ReadFile(f); string(b) != "keep me" {
			t.Errorf("a refused command changed %s", f)
		}
	}
	code, stdout, stderr := lamsach(t, append(convert, old, "--force")...)
	if code != 0 || !strings.HasPrefix(stdout, "import file written: "+old) {
		t.Fatalf("sheet convert --force: exit %d, %q %q", code, stdout, stderr)
	}
	if cells := readCells(t, old); len(cells) == 0 {
		t.Error("the replaced file is not a spreadsheet")
	}
	if names := dirNames(t, dir); strings.Join(names, " ") != "demo-out list.xlsx old.xlsx" {
		t.Errorf("the folder holds %q, want no temporary file", names)
	}
}
