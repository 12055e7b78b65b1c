package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent copy of the database to path with VACUUM INTO,
// while the bot keeps working: it reads one snapshot on a read connection,
// so writers are not blocked and the copy is a single committed state,
// compacted. Backup never overwrites: an existing
// path is an error.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; a backup never overwrites a file, choose a new name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO only reads this database, but SQLite refuses it on a
	// query_only connection, and on the write connection it would hold up
	// every writer for the whole copy. So it gets a connection of its own,
	// which reads one WAL snapshot beside the writers.
	conn, err := sql.Open("sqlite", dsn(db.path, false))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
