package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	// means nothing was committed; the update is tried again.
	Handle(ctx context.Context, ev flows.Event) error
	// SetAside records an update that failed every attempt (a poison
	// update), as processed, so it never blocks its chat again; it may queue
	// an apology. cause is the last failure.
	SetAside(ctx context.Context, ev flows.Event, cause error) error
}

// intake is what the Poller and the Webhook share: the work before Handle
// (answer a callback, download a document) and Handle itself, guarded.
type intake struct {
	c             *Client
	h             Handler
	log           *slog.Logger
	attempts      int           // Handle attempts before SetAside
	retryBase     time.Duration // first wait between attempts
	handleTimeout time.Duration
	wake          func()
}

func newIntake(c *Client, h Handler, log *slog.Logger, attempts int, retryBase, handleTimeout time.Duration, wake func()) *intake {
	if attempts <= 0 {
		attempts = 3
	}
	if retryBase <= 0 {
		retryBase = 500 * time.Millisecond
	}
	if handleTimeout <= 0 {
		handleTimeout = 2 * time.Minute
	}
	if wake == nil {
		wake = func() {}
	}
	return &intake{c: c, h: h, log: log, attempts: attempts, retryBase: retryBase, handleTimeout: handleTimeout, wake: wake}
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
// or left for later (an error: ctx is done, or SetAside failed), in which
// case the caller must not confirm it.
func (in *intake) run(ctx context.Context, inc *incoming) error {
	for attempt := 1; ; attempt++ {
		err := in.try(ctx, inc)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err() // shutting down: the update comes again after restart
		}
		in.log.Warn("update failed", "update", inc.ev.UpdateID, in.c.chat(inc.ev.ChatID), "attempt", attempt, "err", err.Error())
		if attempt >= in.attempts {
			return in.setAside(ctx, *inc, err)
		}
		if !sleep(ctx, in.c.clock, backoff(in.retryBase, 30*time.Second, attempt-1)) {
			return ctx.Err()
		}
	}
}

// try downloads the document, if any and not yet done, and runs Handle once.
func (in *intake) try(ctx context.Context, inc *incoming) error {
	if inc.doc != nil && inc.ev.Private {
		// Documents in groups are not read: lamsach works only in private
		// chats, and the conversation refuses groups without the bytes.
		doc, err := in.c.fetchDocument(ctx, inc.doc)
		if err != nil {
			return fmt.Errorf("download document: %w", err)
		}
		inc.ev.Doc, inc.doc = doc, nil
	}
	start := time.Now()
	// The handler's transaction must not be cut short by shutdown: it
	// either commits or rolls back on its own.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), in.handleTimeout)
	defer cancel()
	err := in.guard(inc.ev, "handle", func() error { return in.h.Handle(hctx, inc.ev) })
	if err == nil {
		in.log.Info("update handled", "update", inc.ev.UpdateID, "kind", inc.kind, in.c.chat(inc.ev.ChatID), "dur", time.Since(start))
		in.wake()
	}
	return err
}

// setAside gives up on an update that failed every attempt.
func (in *intake) setAside(ctx context.Context, inc incoming, cause error) error {
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), in.handleTimeout)
	defer cancel()
	err := in.guard(inc.ev, "set aside", func() error { return in.h.SetAside(hctx, inc.ev, cause) })
	if err != nil {
		in.log.Error("set aside failed", "update", inc.ev.UpdateID, in.c.chat(inc.ev.ChatID), "err", err.Error())
		return fmt.Errorf("set aside update %d: %w", inc.ev.UpdateID, err)
	}
	in.log.Error("update set aside", "update", inc.ev.UpdateID, "kind", inc.kind, in.c.chat(inc.ev.ChatID), "err", cause.Error())
	in.wake()
	return nil
}

// errPanic marks a failure that was a recovered panic.
var errPanic = errors.New("panic")

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
		in.log.Error("handler panic", "op", op, "update", ev.UpdateID, in.c.chat(ev.ChatID), "panic", what, "stack", cleanStack(debug.Stack()))
		err = fmt.Errorf("%s: %w: %s", op, errPanic, what)
	}()
	return fn()
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
