package store

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// proc is a sender process as its outbox claims name it: a random id, and
// a lock on a file named after it that the process holds as long as it
// lives. The kernel releases the lock when the process dies however it
// dies (kill -9 included), so another process that can take the lock
// knows the owner is gone and may take over its claims at once, instead of
// waiting for them to expire. Lock files sit in a folder beside the
// database (the database is on one host, so are all its processes).
type proc struct {
	id   string
	dir  string
	lock *os.File // nil where file locks are not supported
}

// procIDForm is what a process id looks like (crypto/rand.Text's base32);
// an id read from the database is checked against it before it names a
// file.
var procIDForm = regexp.MustCompile(`^[A-Z2-7]{26}$`)

// procDir is the folder of the lock files of the database at path.
func procDir(path string) string { return path + "-procs" }

// newProc makes this process's id and takes its lock.
func newProc(dbPath string) (*proc, error) {
	p := &proc{id: rand.Text(), dir: procDir(dbPath)}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return nil, fmt.Errorf("process lock: %w", err)
	}
	f, err := lockNew(filepath.Join(p.dir, p.id))
	if err != nil {
		return nil, fmt.Errorf("process lock: %w", err)
	}
	p.lock = f
	return p, nil
}

// gone reports whether process id is known to have ended: its lock file is
// missing, or can be locked. It removes the file of a process that is
// gone. An id of the wrong form is never gone (it names no file of ours);
// without file locks nothing is known to be gone, and claims run out by
// their expiry instead.
func (p *proc) gone(id string) (bool, error) {
	if !procIDForm.MatchString(id) {
		return false, nil
	}
	path := filepath.Join(p.dir, id)
	dead, err := lockFree(path)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("process lock: %w", err)
	}
	if dead {
		os.Remove(path)
	}
	return dead, nil
}

// release gives up the lock and its file: the process is ending.
func (p *proc) release() {
	if p.lock != nil {
		os.Remove(p.lock.Name())
		p.lock.Close()
		p.lock = nil
	}
}

// abandon drops the lock without removing the file, as a process that is
// killed does: tests use it to play a crash.
func (p *proc) abandon() {
	if p.lock != nil {
		p.lock.Close()
		p.lock = nil
	}
}
