package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// sqliteCode returns the primary result code of the SQLite error in err's
// chain (the extended code's low byte), if there is one.
func sqliteCode(err error) (int, bool) {
	var se interface{ Code() int }
	if errors.As(err, &se) {
		return se.Code() & 0xff, true
	}
	return 0, false
}

// Explain says in words what an SQLite error in err's chain means for the
// database at path, so an operator never has to look up a numbered SQLite
// code. ok is false when err carries no SQLite error, or one that only
// lamsach's own mistake causes.
func Explain(err error, path string) (msg string, ok bool) {
	code, ok := sqliteCode(err)
	if !ok {
		return "", false
	}
	switch code {
	case 3, 8: // SQLITE_PERM, SQLITE_READONLY
		return fmt.Sprintf("the database %s cannot be written: check the permissions of the file and its folder", path), true
	case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
		return fmt.Sprintf("the database %s stayed locked by another process; try again", path), true
	case 10: // SQLITE_IOERR
		return fmt.Sprintf("the disk failed while reading or writing %s", path), true
	case 11: // SQLITE_CORRUPT
		return fmt.Sprintf("the database %s is damaged; restore the latest backup", path), true
	case 13: // SQLITE_FULL
		return fmt.Sprintf("the disk holding %s is full", path), true
	case 14: // SQLITE_CANTOPEN
		return cannotOpen(path), true
	case 26: // SQLITE_NOTADB
		return fmt.Sprintf("%s is not a lamsach database (not an SQLite file)", path), true
	}
	// Other codes (a constraint, a misuse) are lamsach's own mistakes:
	// SQLite's message, naming the constraint, is the useful one.
	return "", false
}

// cannotOpen finds out from the file system why SQLite could not open path.
func cannotOpen(path string) string {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil {
		return fmt.Sprintf("cannot open the database %s: its folder %s is missing or not reachable", path, dir)
	} else if !st.IsDir() {
		return fmt.Sprintf("cannot open the database %s: %s is not a folder", path, dir)
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Sprintf("cannot open the database %s: it is a folder", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("cannot open the database %s: no permission", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		f.Close()
		return fmt.Sprintf("cannot open the database %s, or its -wal and -shm files beside it: check the folder's permissions", path)
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Sprintf("cannot open the database %s: no permission to read and write it", path)
	}
	return fmt.Sprintf("cannot open the database %s: %v", path, err)
}

// fileError replaces an SQLite error from opening path with its meaning.
func fileError(path string, err error) error {
	if msg, ok := Explain(err, path); ok {
		return errors.New(msg)
	}
	return err
}
