package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"lamsach/store"
)

// The rules for every file a command writes (--out, --errors, a backup):
// it is refused before any work when it would land in a folder that does
// not exist, on a folder, or over a file (unless --force), and an .xlsx
// must be named so; it is written under a temporary name beside its place
// and takes its name only when complete, so a failed command leaves no
// half-written file. Errors name the file the operator gave, never the
// temporary one.

// forceFlag adds --force, which lets a command replace a file.
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "replace the output file when it exists")
}

// checkOutput checks an output path before the work. flagName names where
// the path came from ("--out"), ext is how its name must end (".xlsx", or
// "" for any), force allows replacing a file.
func checkOutput(flagName, path, ext string, force bool) error {
	if path == "" {
		return usagef("missing %s", flagName)
	}
	what := flagName + " " + path
	if err := checkTarget(what, path, ext, force); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil {
		return usagef("%s: the folder %s does not exist", what, dir)
	} else if !st.IsDir() {
		return usagef("%s: %s is not a folder", what, dir)
	}
	return nil
}

// checkTarget checks what is at path, named what in messages: no folder,
// no file unless force, and a name ending in ext.
func checkTarget(what, path, ext string, force bool) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return usagef("%s is a folder; give a file name, such as %s", what, filepath.Join(path, "lamsach"+cmp.Or(ext, ".db")))
	case ext != "" && !strings.EqualFold(filepath.Ext(path), ext):
		return usagef("%s: the file name must end in %s", what, ext)
	case err == nil && !force:
		return usagef("%s already exists; choose a new name, or add --force to replace it", what)
	case errors.Is(err, syscall.ENOTDIR):
		return usagef("%s: %s is not a folder", what, fileAbove(path))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", what, plainPathError(err))
	}
	return nil
}

// fileAbove returns the nearest folder above path that is a file, for a
// path that goes through one.
func fileAbove(path string) string {
	for dir := filepath.Dir(path); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if st, err := os.Stat(dir); err == nil && !st.IsDir() {
			return dir
		}
	}
	return filepath.Dir(path)
}

// output is a file being written: a temporary file beside path until
// finish gives it its name.
type output struct {
	*os.File
	path string
}

// createOutput starts the file for path. The file is owner-only: what
// lamsach writes holds personal data.
func createOutput(path string) (*output, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, plainPathError(err))
	}
	return &output{File: tmp, path: path}, nil
}

// writer is the file to write to, or an untyped nil io.Writer for no file
// (an optional output not asked for).
func (o *output) writer() io.Writer {
	if o == nil {
		return nil
	}
	return o.File
}

// discard drops the temporary file.
func (o *output) discard() {
	o.Close()
	os.Remove(o.Name())
}

// finish closes the file and gives it its name; force replaces a file
// already there.
func (o *output) finish(force bool) error {
	if err := o.Close(); err != nil {
		os.Remove(o.Name())
		return fmt.Errorf("write %s: %w", o.path, plainPathError(err))
	}
	err := store.Place(o.Name(), o.path, force)
	switch {
	case errors.Is(err, fs.ErrExist):
		// Made meanwhile by someone else: still not ours to replace.
		return fmt.Errorf("%s appeared while it was being written; nothing replaced it, run again with another name", o.path)
	case err != nil:
		if st, serr := os.Stat(o.path); serr == nil && st.IsDir() {
			return fmt.Errorf("%s is a folder; give a file name", o.path)
		}
		return fmt.Errorf("write %s: %w", o.path, plainPathError(err))
	}
	return nil
}

// writeOutput writes the file at path through write, complete or not at
// all; force replaces a file already there.
func writeOutput(path string, force bool, write func(*os.File) error) error {
	o, err := createOutput(path)
	if err != nil {
		return err
	}
	if err := write(o.File); err != nil {
		o.discard()
		return err
	}
	return o.finish(force)
}

// plainPathError drops the operation and path an *os.PathError or
// *os.LinkError adds, which may name a temporary file: the caller names the
// operator's path instead.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
