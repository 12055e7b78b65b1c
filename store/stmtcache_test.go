package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// openCached opens a plain file through the caching driver on one
// connection, so every statement meets the same cache.
func openCached(t *testing.T) *sql.DB {
	t.Helper()
	raw, err := sql.Open(driverName, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	if _, err := raw.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		if _, err := raw.Exec(`INSERT INTO t (id, v) VALUES (?, ?)`, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	return raw
}

// TestStmtCacheNestedSameQuery runs a query inside the loop over the rows
// of the same query text: the inner one must get its own statement, not
// reset the outer one under its rows.
func TestStmtCacheNestedSameQuery(t *testing.T) {
	ctx := context.Background()
	raw := openCached(t)
	const q = `SELECT id, v FROM t WHERE id >= ? ORDER BY id`
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var outer []int
	for rows.Next() {
		var id int
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, id)
		var first int
		if err := tx.QueryRowContext(ctx, q, id).Scan(&first, &v); err != nil || first != id || v != fmt.Sprint("v", id) {
			t.Fatalf("inner query from %d: %d %q %v", id, first, v, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if fmt.Sprint(outer) != "[1 2 3 4 5]" {
		t.Errorf("outer rows %v, want [1 2 3 4 5]", outer)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// Both statements are free again: the cached one is used once more.
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE id >= ?`, 3).Scan(&n); err != nil || n != 3 {
		t.Errorf("count after: %d, %v", n, err)
	}
}

// TestStmtCacheBound prepares more distinct statements than a connection
// keeps, and checks the cache stays bounded and every answer right.
func TestStmtCacheBound(t *testing.T) {
	ctx := context.Background()
	raw := openCached(t)
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for i := range maxCached + 50 {
		var got int
		q := fmt.Sprintf(`SELECT count(*) + %d FROM t`, i)
		if err := conn.QueryRowContext(ctx, q).Scan(&got); err != nil || got != 5+i {
			t.Fatalf("%s: %d, %v", q, got, err)
		}
	}
	err = conn.Raw(func(dc any) error {
		c := dc.(*cachedConn)
		if len(c.stmts) > maxCached {
			return fmt.Errorf("%d statements cached, bound %d", len(c.stmts), maxCached)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// TestStmtCacheFailedExec keeps a statement usable after it failed (a
// constraint), and leaves the transaction's other work intact.
func TestStmtCacheFailedExec(t *testing.T) {
	ctx := context.Background()
	raw := openCached(t)
	const ins = `INSERT INTO t (id, v) VALUES (?, ?)`
	if _, err := raw.ExecContext(ctx, ins, 1, "again"); err == nil {
		t.Fatal("duplicate id inserted")
	}
	if _, err := raw.ExecContext(ctx, ins, 6, "v6"); err != nil {
		t.Fatalf("insert after a failure: %v", err)
	}
	var v string
	if err := raw.QueryRowContext(ctx, `SELECT v FROM t WHERE id = ?`, 6).Scan(&v); err != nil || v != "v6" {
		t.Errorf("row 6: %q, %v", v, err)
	}
}
