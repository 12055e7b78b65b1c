package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// closedDB returns the path of a database with a few audit entries, closed
// (so it has no -wal or -shm file), alone in its folder with its key.
func closedDB(t *testing.T) string {
	t.Helper()
	db := auditDB(t, 3)
	db.Close()
	return db.path
}

// TestOpenReadOnlyCreatesNothing: checking a database that nobody has open
// adds no file beside it and changes nothing in it.
func TestOpenReadOnlyCreatesNothing(t *testing.T) {
	ctx := context.Background()
	path := closedDB(t)
	dir := filepath.Dir(path)
	before := dirNames(t, dir)
	stamp, err := stampOf(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if r := verify(t, db); !r.OK || r.Entries != 3 {
		t.Errorf("verify: %+v", r)
	}
	if _, err := db.CheckAnchors(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *Tx) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Update on a read-only database = %v", err)
	}
	if err := db.Unchanged(); err != nil {
		t.Error(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if after := dirNames(t, dir); !slices.Equal(before, after) {
		t.Errorf("files before %q, after %q", before, after)
	}
	if after, _ := stampOf(path); after.size != stamp.size || !after.mod.Equal(stamp.mod) {
		t.Error("the database file was written")
	}
}

// TestOpenReadOnlyBesideAWriter reads what a running bot committed to its
// WAL, and notices a file written while it was read as immutable.
func TestOpenReadOnlyBesideAWriter(t *testing.T) {
	ctx := context.Background()
	path := closedDB(t)
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	appendEntry(t, w, "export")
	w.Close() // checkpoints into the main file
	if err := ro.Unchanged(); err == nil || !strings.Contains(err.Error(), "run the check again") {
		t.Errorf("Unchanged after a writer = %v, want a request to check again", err)
	}

	w, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	appendEntry(t, w, "export") // in the WAL, not yet in the main file
	ro2, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro2.Close()
	if r := verify(t, ro2); !r.OK || r.Entries != 5 {
		t.Errorf("verify beside a writer: %+v, want 5 entries", r)
	}
}

// TestOpenReadOnlyRefuses: what is not a lamsach database is refused with
// a clear reason, and nothing is created.
func TestOpenReadOnlyRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	other := filepath.Join(dir, "other.sqlite")
	raw, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o700)
	tests := []struct {
		path string
		err  error
		want string
	}{
		{write("notes.txt", []byte("a shopping list, long enough to hold a header\n")), ErrNotLamsach, "not an SQLite file"},
		{write("empty.db", nil), ErrNotLamsach, "not an SQLite file"},
		{write("fake.db", append([]byte("SQLite format 3\x00"), make([]byte, 200)...)), ErrNotLamsach, "not an SQLite file"},
		{other, ErrNotLamsach, "an SQLite database but not a lamsach database"},
		{folder, ErrNotLamsach, "is a folder"},
		{filepath.Join(dir, "missing.db"), ErrNoDatabase, "no database at"},
	}
	for _, tc := range tests {
		before := dirNames(t, dir)
		db, err := OpenReadOnly(ctx, tc.path)
		if err == nil {
			db.Close()
			t.Errorf("%s: opened", filepath.Base(tc.path))
			continue
		}
		if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %v saying %q", filepath.Base(tc.path), err, tc.err, tc.want)
		}
		if after := dirNames(t, dir); !slices.Equal(before, after) {
			t.Errorf("%s: files before %q, after %q", filepath.Base(tc.path), before, after)
		}
	}
}
