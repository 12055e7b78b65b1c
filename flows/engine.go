package flows

import (
	"context"
	"errors"
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
// is saved in that transaction when the session store can join it
// (UpdateJoiner), else after the commit. It is what the transport calls.
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

// Viewer is a Store that can also read outside the write transaction. The
// Engine uses it, when the Store has it, for checks made before an update
// is handled, so they never wait for a writer.
type Viewer interface {
	View(ctx context.Context, fn func(ctx context.Context, r Repo) error) error
}

// Handle processes one event. An error means nothing was committed and the
// transport should try again: for as long as Telegram keeps the update
// when the error is transient (IsTransient), else a few times before it
// sets the update aside. The error names the stage that failed with Op.
func (e *Engine) Handle(ctx context.Context, ev Event) error {
	if ev.UpdateID != 0 {
		if seen, err := e.Sessions.Seen(ctx, ev.UpdateID); err == nil && seen {
			e.skipped(ev)
			return nil
		}
	}
	var (
		t       *turn
		handled bool
	)
	joined := joinsUpdate(e.Sessions)
	err := e.Store.Update(ctx, func(ctx context.Context, r Repo) error {
		if ev.UpdateID != 0 {
			first, err := r.MarkUpdate(ctx, ev.UpdateID)
			if err != nil || !first {
				return Op("mark update", err)
			}
		}
		var err error
		t, err = e.App.run(ctx, r, ev)
		if err != nil {
			return Op("turn", err)
		}
		handled = true
		if err := r.Enqueue(ctx, ev.UpdateID, Fit(t.outs)); err != nil || !joined {
			return Op("enqueue", err)
		}
		if err := t.saveConvo(ctx, e.Sessions); err != nil {
			return Op("save conversation", err)
		}
		return Op("mark seen", e.markSeen(ctx, ev))
	})
	if err != nil {
		return fmt.Errorf("handle update: %w", err)
	}
	if !handled {
		e.skipped(ev)
		return nil
	}
	if !joined {
		e.afterCommit(ctx, t, ev)
	}
	if e.Notify != nil && len(t.outs) > 0 {
		e.Notify()
	}
	return nil
}

// UpdateJoiner is a Sessions kept in the Store's own database, whose
// writes join the update's transaction that ctx carries (the SQLite
// session store). The Engine then saves the conversation and marks the
// update seen in that transaction, with the update: one commit per update
// instead of three, and nothing to lose between them.
type UpdateJoiner interface {
	JoinsUpdate() bool
}

func joinsUpdate(s Sessions) bool {
	j, ok := s.(UpdateJoiner)
	return ok && j.JoinsUpdate()
}

// afterCommit saves the conversation and marks the update seen in a
// session store apart from the Store (Redis), after the update committed.
func (e *Engine) afterCommit(ctx context.Context, t *turn, ev Event) {
	if err := t.saveConvo(ctx, e.Sessions); err != nil {
		// The reply is committed; a lost conversation state only means the
		// person's next message starts from the menu.
		e.log().Warn("session save failed", "err", err)
	}
	if err := e.markSeen(ctx, ev); err != nil {
		e.log().Warn("mark seen failed", "err", err)
	}
}

func (e *Engine) markSeen(ctx context.Context, ev Event) error {
	if ev.UpdateID == 0 {
		return nil
	}
	return e.Sessions.MarkSeen(ctx, ev.UpdateID, seenTTL)
}

// skipped logs an update handled before (a redelivery after a restart or
// a webhook retry), by its id only.
func (e *Engine) skipped(ev Event) {
	e.log().Info("update skipped", "update", ev.UpdateID, "reason", "handled before")
}

// SetAside records an update that failed again and again, so it is never
// retried, with what its failure was (f), and tells the person their last
// message could not be handled.
func (e *Engine) SetAside(ctx context.Context, ev Event, f Fault) error {
	err := e.Store.Update(ctx, func(ctx context.Context, r Repo) error {
		if err := r.MarkPoison(ctx, ev.UpdateID, f); err != nil {
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

// MayUpload reports whether the person userID may send a document: only
// active members may, so a stranger's file is refused before the
// transport downloads it (the conversation then answers them as any
// stranger). It is a read, outside the write lock when the Store allows.
func (e *Engine) MayUpload(ctx context.Context, userID int64) (bool, error) {
	var may bool
	read := func(ctx context.Context, r Repo) error {
		m, err := r.MemberByTelegram(ctx, userID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		may = err == nil && m.Active
		return err
	}
	var err error
	if v, ok := e.Store.(Viewer); ok {
		err = v.View(ctx, read)
	} else {
		err = e.Store.Update(ctx, read)
	}
	if err != nil {
		return false, fmt.Errorf("may upload: %w", err)
	}
	return may, nil
}

func (e *Engine) log() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}
