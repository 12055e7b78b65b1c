// Package store keeps lamsach's durable data in SQLite: communes, villages,
// members, invites, records, the audit log, the outbox and the state the bot
// needs to handle every Telegram update exactly once.
//
// Every use case is a method on *Tx, so a caller can run a whole Telegram
// update (its changes, the audit entries, the outgoing messages and the
// update's id) in one transaction:
//
//	err := db.Update(ctx, func(tx *store.Tx) error {
//		_, err := tx.CreateCommune(ctx, flows.Operator, "Xã Tân Phú")
//		return err
//	})
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is an open lamsach database: one connection for writes, so writers queue
// in Go instead of fighting over SQLite's lock, and a pool of read-only
// connections that run beside it thanks to WAL.
type DB struct {
	path  string
	write *sql.DB
	read  *sql.DB
	now   func() time.Time
	audit auditState // the audit key and anchors, outside the file
	// frozen is the file's stamp when it was opened read-only as
	// immutable (see OpenReadOnly); nil otherwise.
	frozen *fileStamp
}

// Option changes how Open sets up the database.
type Option func(*DB)

// WithClock makes the database take "now" from clock instead of time.Now,
// so tests control expiry and timestamps.
func WithClock(clock func() time.Time) Option {
	return func(db *DB) { db.now = clock }
}

// pragmas go into the DSN rather than being run once after opening, because
// database/sql opens connections lazily and each one must get them.
var pragmas = []string{
	"busy_timeout(10000)",
	"foreign_keys(1)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
	// Statement journals (kept while a multi-row INSERT runs, to undo it
	// half way) and temporary indexes stay in memory instead of temp files.
	"temp_store(MEMORY)",
}

// dsn builds the connection string for path. Write connections begin with
// BEGIN IMMEDIATE: a deferred transaction that reads and then writes can fail
// with SQLITE_BUSY when another writer got there first, and the busy timeout
// cannot help it. Read connections are query_only, so a View can never write.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Set("_txlock", "deferred")
	} else {
		q.Set("_txlock", "immediate")
		// An 8 MiB page cache on the one write connection (reads keep the
		// 2 MiB default). A 100,000-record import spills pages into the WAL
		// before commit either way; measured, 32 MiB saved no time on it
		// and cost 50 MB of resident memory.
		q.Add("_pragma", "cache_size(-8192)")
	}
	// A plain file name (not a file: URI): the driver strips and applies the
	// query itself, and the name needs no URI escaping.
	return path + "?" + q.Encode()
}

// Open opens (creating when missing) the database at path, checks that every
// pragma took effect, applies the migrations not yet applied and loads the
// audit key (making it the first time). A new database is created readable
// by its owner only (SQLite gives its WAL and shared-memory files the same
// mode), in a folder created for the owner only when missing.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	db := &DB{path: path, now: time.Now}
	for _, o := range opts {
		o(db)
	}
	db.audit.files = db.audit.files.withDefaults(path)
	db.audit.kicks = make(chan struct{}, 1)
	if err := createDBFile(path); err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	var err error
	if db.write, err = sql.Open(driverName, dsn(path, false)); err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	db.write.SetMaxOpenConns(1)
	if err := db.check(ctx, db.write); err != nil {
		db.write.Close()
		return nil, fileError(path, err)
	}
	if err := db.migrate(ctx); err != nil {
		db.write.Close()
		return nil, fileError(path, err)
	}
	if err := db.keyAudit(ctx); err != nil {
		db.write.Close()
		return nil, err
	}
	// The read pool is opened after migrating so its first connection finds
	// the file already in WAL mode (query_only forbids switching it).
	if db.read, err = sql.Open(driverName, dsn(path, true)); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open: %w", err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	db.read.SetMaxOpenConns(readers)
	db.read.SetMaxIdleConns(readers) // reopening costs the pragmas again
	if err := db.check(ctx, db.read); err != nil {
		db.Close()
		return nil, fileError(path, err)
	}
	// A list a killed process was storing is deleted before anyone writes.
	if _, err := db.RecoverImports(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// check reads the pragmas back on one connection of pool: a DSN typo or an
// old driver would otherwise silently leave the database in rollback-journal
// mode or without foreign keys.
func (db *DB) check(ctx context.Context, pool *sql.DB) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer conn.Close()
	return checkConn(ctx, conn)
}

func checkConn(ctx context.Context, conn *sql.Conn) error {
	var mode string
	var fk int
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("open: read journal_mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("open: journal_mode is %q, want wal (is the file on a network drive?)", mode)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("open: read foreign_keys: %w", err)
	}
	if fk != 1 {
		return errors.New("open: foreign keys are off")
	}
	return nil
}

// Close writes the anchor an export or handover asked for, if no anchor
// writer has yet, and closes both pools. The last connection to close
// checkpoints the WAL into the main file.
func (db *DB) Close() error {
	err := db.anchorPending()
	if db.read != nil {
		err = errors.Join(err, db.read.Close())
	}
	if db.write != nil {
		err = errors.Join(err, db.write.Close())
	}
	if err != nil {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }
