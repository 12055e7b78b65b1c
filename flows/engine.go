package flows

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Store runs fn in one write transaction: everything fn does through the
// Repo commits together or not at all. The ctx given to fn carries the
// transaction, so a session store in the same database can join it.
type Store interface {
	Update(ctx context.Context, fn func(ctx context.Context, r Repo) error) error
}

// Engine handles events end to end: one transaction per update holding the
// update's id, its changes and its outgoing messages; the conversation state
// is saved after the commit. It is what the transport calls.
type Engine struct {
	Store    Store
	Sessions Sessions
	App      *App
	// Notify pokes the sender after a commit put messages in the outbox.
	Notify func()
	Log    *slog.Logger
}

// seenTTL is how long the fast duplicate filter remembers an update:
// Telegram keeps undelivered updates for 24 hours.
const seenTTL = 25 * time.Hour

// Handle processes one event. An error means nothing was committed and the
// transport should try again (and set the update aside after a few tries).
func (e *Engine) Handle(ctx context.Context, ev Event) error {
	if ev.UpdateID != 0 {
		if seen, err := e.Sessions.Seen(ctx, ev.UpdateID); err == nil && seen {
			return nil
		}
	}
	var (
		t       *turn
		handled bool
	)
	err := e.Store.Update(ctx, func(ctx context.Context, r Repo) error {
		if ev.UpdateID != 0 {
			first, err := r.MarkUpdate(ctx, ev.UpdateID)
			if err != nil || !first {
				return err
			}
		}
		var err error
		t, err = e.App.run(ctx, r, ev)
		if err != nil {
			return err
		}
		handled = true
		return r.Enqueue(ctx, ev.UpdateID, t.outs)
	})
	if err != nil {
		return fmt.Errorf("handle update: %w", err)
	}
	if !handled {
		return nil
	}
	if err := t.saveConvo(ctx, e.Sessions); err != nil {
		// The reply is committed; a lost conversation state only means the
		// person's next message starts from the menu.
		e.log().Warn("session save failed", "err", err)
	}
	if ev.UpdateID != 0 {
		if err := e.Sessions.MarkSeen(ctx, ev.UpdateID, seenTTL); err != nil {
			e.log().Warn("mark seen failed", "err", err)
		}
	}
	if e.Notify != nil && len(t.outs) > 0 {
		e.Notify()
	}
	return nil
}

// SetAside records an update that failed again and again, so it is never
// retried, and tells the person their last message could not be handled.
func (e *Engine) SetAside(ctx context.Context, ev Event, cause error) error {
	err := e.Store.Update(ctx, func(ctx context.Context, r Repo) error {
		if err := r.MarkPoison(ctx, ev.UpdateID, errorClass(cause)); err != nil {
			return err
		}
		if ev.ChatID == 0 {
			return nil
		}
		l := e.App.langFor(ctx, r, ev)
		return r.Enqueue(ctx, ev.UpdateID, []Out{{Kind: OutSend, ChatID: ev.ChatID, Text: tr(l, "error.setaside")}})
	})
	if err != nil {
		return fmt.Errorf("set update aside: %w", err)
	}
	if e.Notify != nil {
		e.Notify()
	}
	return nil
}

func (e *Engine) log() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}

// errorClass names an error by its type, never by its text, which might
// quote personal data.
func errorClass(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("%T", err)
}
