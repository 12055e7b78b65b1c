package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"lamsach/flows"
)

// Handler takes the updates the transport receives. The transport never
// answers people itself: what they see is decided behind Handle.
type Handler interface {
	// Handle commits, in one transaction, the update's changes, its
	// UpdateID as processed and the messages it sends (into the Outbox).
	// An update already processed must return nil and change nothing:
	// after a restart or a webhook retry updates come again. An error
	// means nothing was committed; the update is tried again: for as long
	// as Telegram keeps it when the error is transient
	// (flows.IsTransient), a few times otherwise.
	Handle(ctx context.Context, ev flows.Event) error
	// SetAside records an update that cannot be handled (a poison update,
	// or one that met a transient fault until Telegram gave it up), as
	// processed, so it never blocks its chat again; it may queue an
	// apology. f says what failed and where, never the error's text.
	SetAside(ctx context.Context, ev flows.Event, f flows.Fault) error
	// MayUpload reports whether the person userID may send a document. A
	// document from anyone else is handed on without being downloaded.
	MayUpload(ctx context.Context, userID int64) (bool, error)
}

// keepUpdates is how long Telegram keeps an update that is not confirmed:
// a transient fault is waited out for that long from the update's date.
const keepUpdates = 24 * time.Hour

// intake is what the Poller and the Webhook share: the work before Handle
// (answer a callback, download a document) and Handle itself, guarded.
type intake struct {
	c             *Client
	h             Handler
	log           *slog.Logger
	metrics       *Metrics
	attempts      int           // Handle attempts of a failing update before SetAside
	retryBase     time.Duration // first wait between attempts
	retryMax      time.Duration // cap of the waits
	handleTimeout time.Duration
}

func newIntake(c *Client, h Handler, log *slog.Logger, m *Metrics, attempts int, retryBase, retryMax, handleTimeout time.Duration) *intake {
	if attempts <= 0 {
		attempts = 3
	}
	if retryBase <= 0 {
		retryBase = 500 * time.Millisecond
	}
	if retryMax <= 0 {
		retryMax = time.Minute
	}
	if handleTimeout <= 0 {
		handleTimeout = 2 * time.Minute
	}
	if m == nil {
		m = &Metrics{}
	}
	return &intake{c: c, h: h, log: log, metrics: m, attempts: attempts, retryBase: retryBase, retryMax: retryMax, handleTimeout: handleTimeout}
}

// convert converts u, logging the updates lamsach ignores.
func (in *intake) convert(u *models.Update) (incoming, bool) {
	inc, ok := convert(u, in.c.username, in.c.clock.Now())
	if !ok {
		in.log.Debug("update ignored", "update", u.ID, "kind", inc.kind)
	}
	return inc, ok
}

// answer answers a callback query before anything else. A failure (the
// query is too old, a network error) is logged and does not stop handling:
// the press still counts.
func (in *intake) answer(ctx context.Context, inc incoming) {
	if inc.callbackID == "" {
		return
	}
	if err := in.c.answerCallback(ctx, inc.callbackID); err != nil {
		in.log.Info("callback answer failed", "update", inc.ev.UpdateID, in.c.chat(inc.ev.ChatID), "err", describe(err))
	}
}

// run handles a converted update to the end: handled or set aside (nil),
// or left for later when ctx ends (its error), in which case the caller
// must not confirm it. A transient failure is tried again, with back-off
// doubling up to retryMax, until Telegram would have given the update up
// (keepUpdates after its date); any other failure attempts times; then
// the update is set aside. pause, when not nil, is called with true
// before each back-off and with false after it (false back means ctx
// ended), so the caller knows the update only waits.
func (in *intake) run(ctx context.Context, inc *incoming, pause func(waiting bool) bool) error {
	deadline := inc.ev.At.Add(keepUpdates)
	failures := 0
	for n := 0; ; n++ {
		err := in.try(ctx, inc)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err() // shutting down: the update comes again after restart
		}
		f := faultOf(err)
		in.log.Warn("update failed", "update", inc.ev.UpdateID, in.c.chat(inc.ev.ChatID), "attempt", n+1, "fault", f.String(), "err", err.Error())
		transient := f.Class == flows.FaultTransient
		if !transient {
			failures++
		}
		if failures >= in.attempts || (transient && !in.c.clock.Now().Before(deadline)) {
			if in.setAside(ctx, *inc, f) == nil {
				return nil
			}
			// Storing the set-aside failed too: wait, then start over.
		} else if transient {
			in.metrics.TransientRetries.Add(1)
		}
		wait := max(backoff(in.retryBase, in.retryMax, n), retryAfterOf(err))
		if pause != nil && !pause(true) {
			return ctx.Err()
		}
		slept := sleep(ctx, in.c.clock, wait)
		if pause != nil && !pause(false) || !slept {
			return ctx.Err()
		}
	}
}

// try downloads the document, if any and not yet done, and runs Handle once.
func (in *intake) try(ctx context.Context, inc *incoming) error {
	if inc.doc != nil && inc.ev.Private {
		// Documents in groups are not read: lamsach works only in private
		// chats, and the conversation refuses groups without the bytes.
		if err := in.fetch(ctx, inc); err != nil {
			return err
		}
	}
	start := time.Now()
	// The handler's transaction must not be cut short by shutdown: it
	// either commits or rolls back on its own.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), in.handleTimeout)
	defer cancel()
	err := in.guard(inc.ev, "handle", func() error { return in.h.Handle(hctx, inc.ev) })
	if err == nil {
		in.metrics.UpdatesHandled.Add(1)
		in.log.Info("update handled", "update", inc.ev.UpdateID, "kind", inc.kind, in.c.chat(inc.ev.ChatID), "dur", time.Since(start))
	}
	return err
}

// fetch downloads the update's document, when its sender may send one: a
// stranger's file is handed on unread (the conversation refuses strangers
// without it).
func (in *intake) fetch(ctx context.Context, inc *incoming) error {
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), in.handleTimeout)
	defer cancel()
	may, err := in.h.MayUpload(hctx, inc.ev.UserID)
	if err != nil {
		return flows.Op("may upload", err)
	}
	if !may {
		in.log.Info("document not downloaded", "update", inc.ev.UpdateID, in.c.chat(inc.ev.ChatID), "reason", "not a member")
		inc.doc = nil
		return nil
	}
	doc, err := in.c.fetchDocument(ctx, inc.doc)
	if err != nil {
		return flows.Op("download document", err)
	}
	inc.ev.Doc, inc.doc = doc, nil
	return nil
}

// setAside gives up on an update.
func (in *intake) setAside(ctx context.Context, inc incoming, f flows.Fault) error {
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), in.handleTimeout)
	defer cancel()
	err := in.guard(inc.ev, "set aside", func() error { return in.h.SetAside(hctx, inc.ev, f) })
	if err != nil {
		in.log.Error("set aside failed", "update", inc.ev.UpdateID, in.c.chat(inc.ev.ChatID), "err", err.Error())
		return fmt.Errorf("set aside update %d: %w", inc.ev.UpdateID, err)
	}
	in.metrics.setAside(f.Class)
	in.log.Error("update set aside", "update", inc.ev.UpdateID, "kind", inc.kind, in.c.chat(inc.ev.ChatID), "fault", f.String())
	return nil
}

// errPanic marks a failure that was a recovered panic.
var errPanic = errors.New("panic")

// panicError is a recovered panic: what it was (a runtime error's text,
// else the value's type) and where (the function that panicked).
type panicError struct {
	op, what, where string
}

func (e *panicError) Error() string        { return e.op + ": panic: " + e.what + " in " + e.where }
func (e *panicError) Is(target error) bool { return target == errPanic }

// guard runs fn, turning a panic into an error so one bad update cannot
// kill the process. The stack is logged without argument values, which
// could hold ids; the panic value only when it is a runtime error.
func (in *intake) guard(ev flows.Event, op string, fn func() error) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		what := fmt.Sprintf("%T", r)
		if re, ok := r.(runtime.Error); ok {
			what = re.Error()
		}
		stack := debug.Stack()
		in.log.Error("handler panic", "op", op, "update", ev.UpdateID, in.c.chat(ev.ChatID), "panic", what, "stack", cleanStack(stack))
		err = &panicError{op: op, what: what, where: panicSite(stack)}
	}()
	return fn()
}

// panicSite finds in a stack the function that panicked, with its file
// and line: the first frame after the panic that is not the runtime's.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "panic(") {
			continue
		}
		for j := i + 2; j+1 < len(lines); j += 2 {
			fn := lines[j]
			if k := strings.LastIndex(fn, "("); k > 0 {
				fn = fn[:k]
			}
			if strings.HasPrefix(fn, "runtime.") {
				continue
			}
			file := strings.TrimSpace(lines[j+1])
			if k := strings.LastIndex(file, " +"); k > 0 {
				file = file[:k]
			}
			return fn + " (" + filepath.Base(file) + ")"
		}
	}
	return "unknown"
}

// faultOf says what kind of failure err is and where it happened, without
// its text: the function of a panic; else the operations the error passed
// through (flows.Op) and the type of the innermost error.
func faultOf(err error) flows.Fault {
	var pe *panicError
	if errors.As(err, &pe) {
		return flows.Fault{Class: flows.FaultPanic, Op: pe.where}
	}
	f := flows.Fault{Class: flows.FaultError}
	if flows.IsTransient(err) {
		f.Class = flows.FaultTransient
	}
	var ops []string
	inner := err
	for e := err; e != nil; {
		inner = e
		if oe, ok := e.(*flows.OpError); ok {
			ops = append(ops, oe.Op)
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			e = u.Unwrap()
		case interface{ Unwrap() []error }:
			// A transient or joined error: its first branch is the failure.
			e = nil
			if errs := u.Unwrap(); len(errs) > 0 {
				e = errs[0]
			}
		default:
			e = nil
		}
	}
	f.Op = fmt.Sprintf("%T", inner)
	if len(ops) > 0 {
		f.Op = strings.Join(ops, "/") + " (" + f.Op + ")"
	}
	return f
}

// cleanStack drops the argument values of each frame ("f(0x1, {0x2…})"),
// keeping function names, files and lines.
func cleanStack(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "\t") || !strings.HasSuffix(l, ")") {
			continue
		}
		if j := strings.LastIndex(l, "("); j > 0 {
			lines[i] = l[:j] + "(…)"
		}
	}
	return strings.Join(lines, "\n")
}
