package flows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"lamsach/flows/msg"
)

// turn is the handling of one event: who acts, in which language, the
// conversation state, and the messages to send.
type turn struct {
	ctx  context.Context
	app  *App
	repo commonRepo
	ev   Event
	now  time.Time

	member  Member // zero for strangers
	lang    msg.Lang
	c       convo
	loaded  []byte // the state as loaded, to skip saving an unchanged one
	outs    []Out
	dropped bool // the state must be forgotten
}

// actor is the member acting.
func (t *turn) actor() Actor { return t.member.Actor() }

// T renders catalog key in the person's language.
func (t *turn) T(key string, args ...any) string { return tr(t.lang, key, args...) }

func tr(l msg.Lang, key string, args ...any) string { return msg.T(l, key, args...) }

// say sends a catalog message with no buttons.
func (t *turn) say(key string, args ...any) {
	t.send(Out{Kind: OutSend, Text: t.T(key, args...)})
}

// send queues a message to the person's chat.
func (t *turn) send(o Out) {
	if o.ChatID == 0 {
		o.ChatID = t.ev.ChatID
	}
	if o.Kind == "" {
		o.Kind = OutSend
	}
	t.outs = append(t.outs, o)
}

// to queues a message to another member's private chat (their Telegram id).
func (t *turn) to(m Member, o Out) {
	if m.TelegramID == 0 || !m.Active {
		return
	}
	o.ChatID = m.TelegramID
	if o.Kind == "" {
		o.Kind = OutSend
	}
	t.outs = append(t.outs, o)
}

// unbutton removes the buttons of the message the person pressed a button
// on, once the press acted: the answer is a new message, so the old one no
// longer looks active. (Lists of choices keep theirs: a person may pick
// another.) A press on an old message keeps its clear answer anyway.
func (t *turn) unbutton() {
	if t.ev.Kind != EventButton || t.ev.MessageID == 0 {
		return
	}
	t.send(Out{Kind: OutUnbutton, MessageID: t.ev.MessageID})
}

// saveConvo writes the conversation state after the commit.
func (t *turn) saveConvo(ctx context.Context, s Sessions) error {
	if t.ev.UserID == 0 {
		return nil
	}
	if t.dropped || t.c.empty() {
		if t.loaded == nil {
			return nil
		}
		return s.Drop(ctx, t.ev.UserID)
	}
	b := t.c.encode()
	if string(b) == string(t.loaded) {
		return nil
	}
	return s.Put(ctx, t.ev.UserID, b)
}

// fail turns a storage error into the answer a person gets. Sentinel errors
// are normal situations with their own message; anything else is a system
// failure returned to the engine, which rolls back and retries.
func (t *turn) fail(err error) error {
	switch {
	case errors.Is(err, ErrForbidden), errors.Is(err, ErrNotFound):
		t.say("error.not_yours")
		return nil
	case errors.Is(err, ErrConflict):
		t.say("error.conflict")
		return nil
	}
	return fmt.Errorf("%s: %w", t.ev.Command, err)
}
