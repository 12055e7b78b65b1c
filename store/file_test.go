package store

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"lamsach/flows"
)

// TestOpenCreatesOwnerOnly: a new database, its WAL and shared-memory
// files, the audit key and the anchor file are the owner's only, in a
// folder made for the owner only, whatever the umask.
func TestOpenCreatesOwnerOnly(t *testing.T) {
	ctx := context.Background()
	parent := filepath.Join(t.TempDir(), "var", "lamsach")
	path := filepath.Join(parent, "lamsach.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: "export"})
		return err
	})
	if _, err := db.Anchor(ctx); err != nil {
		t.Fatal(err)
	}
	assertMode(t, parent, dirMode|os.ModeDir)
	assertMode(t, filepath.Dir(parent), dirMode|os.ModeDir)
	for _, f := range []string{path, path + "-wal", path + "-shm", path + ".auditkey", path + ".anchors"} {
		assertMode(t, f, fileMode)
	}
}

// TestOpenExplainsFailures: an operator never sees a numbered SQLite
// error when the database cannot be opened.
func TestOpenExplainsFailures(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("these are not the records you are looking for, not at all\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.db")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{filepath.Join(notDir, "lamsach.db"), "is not a folder"},
		{text, "is not a lamsach database"},
		{folder, "is a folder"},
	}
	numbered := regexp.MustCompile(`\(\d+\)|SQLITE_`)
	for _, tc := range tests {
		db, err := Open(ctx, tc.path)
		if err == nil {
			db.Close()
			t.Errorf("Open(%s) succeeded", tc.path)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || numbered.MatchString(err.Error()) {
			t.Errorf("Open(%s) = %q, want it to say %q and no SQLite code", tc.path, err, tc.want)
		}
	}
}
