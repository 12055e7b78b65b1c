package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"lamsach/flows"
)

func TestMigrationsAppliedOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lamsach.db")
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		var n int
		if err := db.read.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != len(ms) {
			t.Errorf("open %d: %d rows in schema_migrations, want %d", i+1, n, len(ms))
		}
		var v int
		if err := db.View(ctx, func(tx *Tx) error { v, err = tx.SchemaVersion(ctx); return err }); err != nil {
			t.Fatal(err)
		}
		if want := ms[len(ms)-1].version; v != want {
			t.Errorf("open %d: schema version %d, want %d", i+1, v, want)
		}
		// The one-row tables seeded by a migration would get a second row
		// (or fail) if it ran twice.
		if err := db.read.QueryRow(`SELECT count(*) FROM audit_head`).Scan(&n); err != nil || n != 1 {
			t.Errorf("open %d: audit_head rows = %d (%v), want 1", i+1, n, err)
		}
		db.Close()
	}
}

// TestPragmasOnEveryConnection holds several connections of each pool at
// once, so each is a separate SQLite connection, and reads the pragmas back.
func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	check := func(name string, pool *sql.DB, n int, queryOnly int) {
		conns := make([]*sql.Conn, n)
		for i := range conns {
			c, err := pool.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			conns[i] = c
		}
		for i, c := range conns {
			for _, p := range []struct {
				pragma string
				want   any
			}{
				{"journal_mode", "wal"},
				{"foreign_keys", int64(1)},
				{"busy_timeout", int64(10000)},
				{"synchronous", int64(1)}, // NORMAL
				{"temp_store", int64(2)},  // MEMORY
				{"query_only", int64(queryOnly)},
			} {
				var got any
				if err := c.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != p.want {
					t.Errorf("%s conn %d: %s = %v, want %v", name, i, p.pragma, got, p.want)
				}
			}
		}
	}
	check("read", db.read, 4, 1)
	check("write", db.write, 1, 0)
}

// TestViewCannotWrite: a View is read-only in SQLite itself, not by
// convention.
func TestViewCannotWrite(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	err := db.View(ctx, func(tx *Tx) error {
		_, err := tx.CreateCommune(ctx, flows.Operator, "Xã Một")
		return err
	})
	if err == nil {
		t.Fatal("CreateCommune in View succeeded")
	}
	var n int
	db.read.QueryRow(`SELECT count(*) FROM communes`).Scan(&n)
	if n != 0 {
		t.Errorf("%d communes after a refused write, want 0", n)
	}
}

// TestConcurrentWriters runs read-then-write transactions from two
// handles on one file (as two processes would) and several goroutines
// each. With deferred transactions some would fail with SQLITE_BUSY; with
// BEGIN IMMEDIATE and the busy timeout all succeed.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lamsach.db")
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	var c flows.Commune
	update(t, dbs[0], func(ctx context.Context, tx *Tx) (err error) {
		c, err = tx.CreateCommune(ctx, flows.Operator, "Xã Một")
		return err
	})
	const workers, rounds = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, 2*workers*rounds)
	for _, db := range dbs {
		for range workers {
			wg.Go(func() {
				for range rounds {
					errs <- db.Update(ctx, func(tx *Tx) error {
						var n int64
						if err := tx.queryRow(ctx, `SELECT coalesce(deadline, 0) FROM communes WHERE id = ?`, c.ID).Scan(&n); err != nil {
							return err
						}
						_, err := tx.exec(ctx, `UPDATE communes SET deadline = ? WHERE id = ?`, n+1, c.ID)
						return err
					})
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent update: %v", err)
		}
	}
	var n int
	dbs[1].read.QueryRow(`SELECT deadline FROM communes WHERE id = ?`, c.ID).Scan(&n)
	if want := 2 * workers * rounds; n != want {
		t.Errorf("counter = %d, want %d (lost updates)", n, want)
	}
}

func TestUpdateRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	boom := errors.New("boom")
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.CreateCommune(ctx, flows.Operator, "Xã Một"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if n := auditCount(t, db); n != 0 {
		t.Errorf("%d audit entries after rollback, want 0", n)
	}
	err = db.View(ctx, func(tx *Tx) error {
		_, err := tx.CommuneByName(ctx, "Xã Một")
		return err
	})
	if !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("CommuneByName after rollback = %v, want ErrNotFound", err)
	}
}
