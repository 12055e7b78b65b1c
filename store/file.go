package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The modes of what lamsach creates: the database, its WAL and shared-memory
// files, backups, the audit key and the anchors hold personal data or
// secrets, so only the owner may read them; a folder made for them is the
// owner's only too.
const (
	fileMode fs.FileMode = 0o600
	dirMode  fs.FileMode = 0o700
)

// makeParent creates the folder path goes in when it is missing.
func makeParent(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return fmt.Errorf("create the folder %s: %w", dir, err)
	}
	return nil
}

// createDBFile makes an empty database file at path, owner-only, when there
// is none, so SQLite opens a file with lamsach's mode (an empty file is an
// empty database) and gives its WAL and shared-memory files the same one.
// An existing file that is not an SQLite database is refused before SQLite
// sees it: SQLite would take a short one for an empty database and write
// over it.
func createDBFile(path string) error {
	if st, err := os.Stat(path); err == nil {
		if st.Size() == 0 {
			return nil
		}
		return checkMagic(path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return errors.New(cannotOpen(path))
	}
	if err := makeParent(path); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	if errors.Is(err, fs.ErrExist) {
		return nil // another process made it meanwhile
	}
	if err != nil {
		return fmt.Errorf("create the database: %w", err)
	}
	return f.Close()
}

// writeNewFile writes data to a new owner-only file at path, complete or
// not at all: it goes to a temporary file in the same folder first, synced,
// and is then linked into place. An existing path is never replaced: the
// error is then fs.ErrExist.
func writeNewFile(path string, data []byte) error {
	if err := makeParent(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return err
	}
	return publish(name, path)
}

// publish is Place without replacing.
func publish(tmp, path string) error { return Place(tmp, path, false) }

// Place syncs the finished file tmp, makes it owner-only and gives it the
// name path, in the same folder; then it syncs the folder so the new name
// survives a crash. Without replace, a file already at path is never
// replaced: the error is then fs.ErrExist. With replace it is, in one
// rename, so path holds the old file or the new one, whole. tmp is gone
// afterwards whatever happens.
func Place(tmp, path string, replace bool) error {
	defer os.Remove(tmp) // after a link, tmp is only a second name
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, fileMode); err != nil {
		return err
	}
	if replace {
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	} else if err := os.Link(tmp, path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) && errors.Is(le.Err, fs.ErrExist) {
			return fmt.Errorf("%s: %w", path, fs.ErrExist)
		}
		// Some file systems (FAT, some network shares) have no hard
		// links: check, then rename. The window between the two is the
		// price of such a file system.
		if _, serr := os.Lstat(path); serr == nil {
			return fmt.Errorf("%s: %w", path, fs.ErrExist)
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	}
	return syncDir(filepath.Dir(path))
}

// syncFile flushes a file's content to the disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a folder's entries, so a file just created or renamed in
// it is still there after a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}
