package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path with VACUUM INTO,
// while the bot keeps working: it reads one snapshot on a read connection,
// so writers are not blocked and the copy is a single committed state,
// compacted. Backup never overwrites: an existing path is an error.
//
// The copy is made in a temporary file beside path (owner-only, in a folder
// created owner-only when missing), synced, and only then given its name,
// so a backup killed half way never leaves a file at path, only a hidden
// ".NAME.tmp-…" file to delete. The audit key is not in the copy: checking
// or reopening the backup needs the key file, kept apart.
func (db *DB) Backup(ctx context.Context, path string) error {
	return db.backup(ctx, path, false, db.vacuumInto)
}

// BackupReplace is Backup that replaces a file already at path (a backup
// rotated by weekday, say): the old file stays whole until the new copy is
// complete and takes its name in one rename. A folder is never replaced.
func (db *DB) BackupReplace(ctx context.Context, path string) error {
	return db.backup(ctx, path, true, db.vacuumInto)
}

// backup makes the temporary file, has copyInto fill it and publishes it.
func (db *DB) backup(ctx context.Context, path string, replace bool, copyInto func(ctx context.Context, tmp string) error) error {
	if st, err := os.Lstat(path); err == nil && (!replace || st.IsDir()) {
		if st.IsDir() {
			return fmt.Errorf("backup: %s is a folder; name the backup file, such as %s", path, filepath.Join(path, "lamsach.db"))
		}
		return fmt.Errorf("backup: %s already exists; a backup never overwrites a file, choose a new name", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if err := makeParent(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO fills an existing file when it is empty: creating it
	// here gives it lamsach's mode.
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	f.Close()
	if err := copyInto(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", fileError(db.path, err))
	}
	if err := Place(tmp, path, replace); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// vacuumInto writes the copy into the empty file tmp.
func (db *DB) vacuumInto(ctx context.Context, tmp string) error {
	// VACUUM INTO only reads this database, but SQLite refuses it on a
	// query_only connection, and on the write connection it would hold up
	// every writer for the whole copy. So it gets a connection of its own,
	// which reads one WAL snapshot beside the writers.
	conn, err := sql.Open("sqlite", dsn(db.path, false))
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	return err
}
