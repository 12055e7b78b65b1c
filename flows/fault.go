package flows

import (
	"errors"
	"strings"
)

// ErrTransient marks a failure that passes by itself: the session store
// unreachable, the database busy or locked, Telegram down. The transport
// tries an update that failed this way again, with back-off, for as long
// as Telegram keeps the update; any other failure soon sets it aside.
// Storage implementations mark their errors with Transient, so flows never
// needs to know SQL or Redis error types.
var ErrTransient = errors.New("transient failure")

// Transient marks err as transient: errors.Is(result, ErrTransient) holds
// and the text stays err's. nil stays nil.
func Transient(err error) error {
	if err == nil || errors.Is(err, ErrTransient) {
		return err
	}
	return transientError{err}
}

// IsTransient reports whether err, or an error it wraps, is transient.
func IsTransient(err error) bool { return errors.Is(err, ErrTransient) }

type transientError struct{ err error }

func (e transientError) Error() string   { return e.err.Error() }
func (e transientError) Unwrap() []error { return []error{e.err, ErrTransient} }

// ErrStateLost is what Sessions.Get returns, with no state, when the
// person had a conversation open that the session store no longer holds:
// Redis restarted empty or was flushed. The person must be told that what
// they were doing was interrupted, not be answered as if idle.
var ErrStateLost = errors.New("conversation state lost")

// Op names the operation err comes from with a fixed name (never data),
// so that where a failure happened can be recorded without its text.
// nil stays nil.
func Op(op string, err error) error {
	if err == nil {
		return nil
	}
	return &OpError{Op: op, Err: err}
}

// OpError is an error with the name of the operation it comes from.
type OpError struct {
	Op  string
	Err error
}

func (e *OpError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *OpError) Unwrap() error { return e.Err }

// Fault is what the record of a set-aside update keeps of its failure:
// the class and where it happened, never the error's text, which could
// quote personal data.
type Fault struct {
	// Class is FaultPanic, FaultError, or FaultTransient (a transient
	// failure that lasted until Telegram gave up the update).
	Class string
	// Op is where: the function that panicked, or the operations the
	// error passed through and the type of the innermost error.
	Op string
}

// The classes of Fault.
const (
	FaultPanic     = "panic"
	FaultError     = "error"
	FaultTransient = "transient"
)

// String is the fault for a log line: class and place.
func (f Fault) String() string {
	return strings.TrimSpace(f.Class + " " + f.Op)
}
