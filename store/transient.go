package store

import (
	"context"
	"errors"

	"lamsach/flows"
)

// SQLite's primary result codes for "the database is in use": another
// connection holds the write lock (SQLITE_BUSY, once the busy timeout is
// over), or a table is locked (SQLITE_LOCKED). Extended codes keep the
// primary code in their low byte.
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// transient marks err as flows.ErrTransient when it says the database was
// busy: SQLite busy or locked (the CLI's import or a backup held the lock
// longer than the busy timeout), or no write connection before the
// deadline. Such a failure passes by itself, so the update is tried again
// later instead of being set aside. Any other error is returned as it is.
func transient(err error, beginning bool) error {
	var se interface{ Code() int }
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se) && (se.Code()&0xff == sqliteBusy || se.Code()&0xff == sqliteLocked):
		return flows.Transient(err)
	case beginning && errors.Is(err, context.DeadlineExceeded):
		return flows.Transient(err)
	}
	return err
}
