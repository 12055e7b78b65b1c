package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Tx is one transaction. Every use case of the store is a method on Tx, so a
// caller decides how much goes into one commit.
type Tx struct {
	tx   *sql.Tx
	now  time.Time
	head *auditHead // the audit chain's end, loaded on the first append
	key  *auditKey  // what the chain is keyed with; nil on a read-only database
	// anchor is set when the transaction appended an entry whose action
	// calls for an anchor (an export, a handover): written after commit.
	anchor bool
}

// Now returns the time fixed when the transaction began: every timestamp the
// transaction writes is this one, so a change and its audit entries agree.
func (tx *Tx) Now() time.Time { return tx.now }

// Update runs fn in a write transaction (BEGIN IMMEDIATE) and commits it when
// fn returns nil; any error, or a panic, rolls everything back. Writes are
// serialised: an Update inside fn would wait for itself forever, and a View
// inside fn would not see fn's changes.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if db.write == nil {
		return errors.New("update: the database is open read-only")
	}
	return db.run(ctx, db.write, fn)
}

// View runs fn in a read-only transaction that sees one consistent snapshot
// and runs beside writers.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.read, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, fn func(tx *Tx) error) (err error) {
	stx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return transient(fmt.Errorf("begin: %w", err), true)
	}
	tx := &Tx{tx: stx, now: stamp(db.now()), key: db.audit.key}
	defer func() {
		err = transient(err, false)
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
		if err != nil {
			// The error from fn is the one that matters; a failed rollback
			// after it only means the connection went away too.
			stx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if tx.anchor {
		db.audit.kick()
	}
	return nil
}

// stamp cuts t to what the database stores (milliseconds, UTC), so a time
// read back equals the time written.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// ms is the stored form of a time: Unix milliseconds. The zero time is NULL.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// fromMS turns a stored time back into a time.Time; NULL is the zero time.
func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY constraint failure.
func isUnique(err error) bool {
	var se interface{ Code() int }
	if errors.As(err, &se) {
		// SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
		return se.Code() == 2067 || se.Code() == 1555
	}
	return false
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, query, args...)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, query, args...)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, query, args...)
}

// scanner is a row to read: *sql.Row or *sql.Rows.
type scanner = interface{ Scan(...any) error }

// queryAll runs a query and reads every row of its result with scan.
func queryAll[T any](ctx context.Context, tx *Tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
