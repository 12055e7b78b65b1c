package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// ErrNotLamsach means a file is not a lamsach database.
var ErrNotLamsach = errors.New("not a lamsach database")

// ErrNoDatabase means there is no file where the database should be.
var ErrNoDatabase = errors.New("no database")

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// lamsachTables are the tables every lamsach database has; a file without
// them is some other SQLite database.
var lamsachTables = []string{"schema_migrations", "audit", "audit_head", "records"}

// fileStamp is what tells that a file was written: its size and time.
type fileStamp struct {
	size int64
	mod  time.Time
}

func stampOf(path string) (fileStamp, error) {
	st, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{st.Size(), st.ModTime()}, nil
}

// OpenReadOnly opens an existing lamsach database only to read it, for
// checking a database or a backup: it never creates the file, a table, the
// audit key or an anchor, and refuses a file that is not a lamsach
// database (ErrNotLamsach). Update fails on it.
//
// While no process has the database open it has no -wal file, and SQLite
// would still create -wal and -shm files beside it even to read. Then the
// file is read as immutable instead, which creates nothing; Unchanged tells
// afterwards whether a writer changed the file meanwhile, in which case
// what was read may be torn and the check must run again (a running bot
// has its -wal, so the second time reads through it).
func OpenReadOnly(ctx context.Context, path string, opts ...Option) (*DB, error) {
	db := &DB{path: path, now: time.Now}
	for _, o := range opts {
		o(db)
	}
	db.audit.files = db.audit.files.withDefaults(path)
	if err := checkMagic(path); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		q.Set("immutable", "1")
		st, err := stampOf(path)
		if err != nil {
			return nil, fmt.Errorf("open: %w", err)
		}
		db.frozen = &st
	}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "query_only(1)")
	q.Set("_txlock", "deferred")
	name := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + q.Encode()
	if db.read, err = sql.Open(driverName, name); err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	if err := db.checkLamsach(ctx); err != nil {
		db.read.Close()
		return nil, err
	}
	if err := db.loadKeyReadOnly(ctx); err != nil {
		db.read.Close()
		return nil, fmt.Errorf("open: %w", err)
	}
	return db, nil
}

// checkMagic refuses a path that is missing, a folder, or not an SQLite
// file, before SQLite sees it.
func checkMagic(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w at %s", ErrNoDatabase, path)
	}
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a folder: %w", path, ErrNotLamsach)
	}
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("%s is %w (not an SQLite file)", path, ErrNotLamsach)
	}
	return nil
}

// checkLamsach refuses an SQLite database that lacks lamsach's tables.
func (db *DB) checkLamsach(ctx context.Context) error {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'
		AND name IN (?, ?, ?, ?)`, lamsachTables[0], lamsachTables[1], lamsachTables[2], lamsachTables[3]).Scan(&n)
	if err != nil {
		if code, ok := sqliteCode(err); ok && code == 26 { // SQLITE_NOTADB
			return fmt.Errorf("%s is %w (not an SQLite file)", db.path, ErrNotLamsach)
		}
		return fileError(db.path, err)
	}
	if n != len(lamsachTables) {
		return fmt.Errorf("%s is an SQLite database but %w (it has no audit log or records)", db.path, ErrNotLamsach)
	}
	return nil
}

// Unchanged reports an error when a database opened read-only as immutable
// was written while it was read: what was read may be torn, and the check
// should run again.
func (db *DB) Unchanged() error {
	if db.frozen == nil {
		return nil
	}
	st, err := stampOf(db.path)
	if err != nil {
		return err
	}
	if st.size != db.frozen.size || !st.mod.Equal(db.frozen.mod) {
		return fmt.Errorf("%s was written while it was being checked (did the bot start?); run the check again", db.path)
	}
	return nil
}
