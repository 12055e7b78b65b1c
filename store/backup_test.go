package store

import (
	"context"
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

	bak, err := Open(ctx, path)
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
