package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupWhileWriting takes a backup while another goroutine keeps
// writing, then checks the bak is a sound database with an intact log.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	stop := make(chan struct{})
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			err := db.Update(ctx, func(tx *Tx) error {
				_, err := tx.CreateRecord(ctx, w.station.Actor(), person(w.x.ID, w.a.ID, n))
				return err
			})
			if err != nil {
				done <- err
				return
			}
			if n++; n == 20 {
				close(started)
			}
		}
	}()
	<-started
	path := filepath.Join(t.TempDir(), "backup.db")
	err := db.Backup(ctx, path)
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatalf("writer: %v", werr)
	}
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}

	// The backup is keyed with the database's key, which is not in it.
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "no audit key") {
		t.Fatalf("opening the backup without the key = %v, want a refusal naming the missing key", err)
	}
	bak, err := Open(ctx, path, WithAuditFiles(AuditFiles{Key: db.audit.files.Key}))
	if err != nil {
		t.Fatal(err)
	}
	defer bak.Close()
	var check string
	if err := bak.read.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v; want ok", check, err)
	}
	r := verify(t, bak)
	if !r.OK {
		t.Errorf("audit of the backup: %+v", r)
	}
	// Each record came with its audit entry in one transaction: a bak of
	// one committed state has as many of one as of the other.
	var records, created int64
	bak.read.QueryRow(`SELECT count(*) FROM records`).Scan(&records)
	bak.read.QueryRow(`SELECT count(*) FROM audit WHERE action = 'record.create'`).Scan(&created)
	if records < 20 || records != created {
		t.Errorf("backup has %d records and %d record.create entries, want equal and at least 20", records, created)
	}

	err = db.Backup(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("Backup over an existing file = %v, want a refusal", err)
	}
	if st, _ := os.Stat(path); st == nil {
		t.Error("the existing backup is gone")
	}
}

// TestBackupFiles: the backup is owner-only, in a folder made owner-only,
// and leaves no temporary file behind.
func TestBackupFiles(t *testing.T) {
	db := openTest(t)
	dir := filepath.Join(t.TempDir(), "new", "backups")
	path := filepath.Join(dir, "b.db")
	if err := db.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path, fileMode)
	assertMode(t, dir, dirMode|os.ModeDir)
	assertMode(t, filepath.Dir(dir), dirMode|os.ModeDir)
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "b.db" {
		t.Errorf("backup folder holds %q, want only b.db", names)
	}
}

// TestBackupInterrupted: a copy that stops half way leaves nothing at the
// backup's path and no temporary file.
func TestBackupInterrupted(t *testing.T) {
	db := openTest(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "b.db")
	var wrote string
	err := db.backup(context.Background(), path, false, func(ctx context.Context, tmp string) error {
		wrote = tmp
		if err := os.WriteFile(tmp, []byte("SQLite format 3\x00half a copy"), 0o600); err != nil {
			t.Fatal(err)
		}
		return errors.New("killed")
	})
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("backup = %v, want the copy's error", err)
	}
	if filepath.Dir(wrote) != dir || wrote == path {
		t.Errorf("the copy went to %s, want a temporary file beside %s", wrote, path)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("after a failed backup the folder holds %q, want nothing", names)
	}
}

// assertMode checks a file's permission bits (and whether it is a folder).
func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode() & (os.ModePerm | os.ModeDir); got != want {
		t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
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
