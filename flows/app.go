package flows

import (
	"context"
	"errors"
	"time"

	"lamsach/flows/msg"
)

// App holds the settings of the conversations. Its methods are pure apart
// from the Repo and Sessions they are given: time comes from the
// transaction, everything else from the event.
type App struct {
	Sessions Sessions
	// BotName is the bot's username, for invite links.
	BotName string
	// LeaseTTL is how long an opened record stays reserved for the person
	// who opened it.
	LeaseTTL time.Duration
	// Reminders is when nudges may go out; the zero value is DefaultSchedule.
	Reminders Schedule
	// Station bounds the station's uploads; the zero value is usable.
	Station StationSettings
}

func (a *App) leaseTTL() time.Duration {
	if a.LeaseTTL > 0 {
		return a.LeaseTTL
	}
	return 10 * time.Minute
}

// run handles one event inside the update's transaction.
func (a *App) run(ctx context.Context, r Repo, ev Event) (*turn, error) {
	t := &turn{ctx: ctx, app: a, repo: r, ev: ev, now: r.Now(), lang: msg.ParseLang(ev.LangCode)}
	lost := false
	if ev.UserID != 0 {
		b, err := a.Sessions.Get(ctx, ev.UserID)
		lost = errors.Is(err, ErrStateLost)
		if err != nil && !lost {
			return nil, Op("sessions get", err)
		}
		t.loaded, t.c = b, decodeConvo(b)
		if lost {
			// Not nil, so that saving the idle state afterwards drops the
			// store's note of the lost conversation: the person is told once.
			t.loaded = []byte{}
		}
	}
	if ev.Kind == EventTick {
		return t, (&clockHandler{turn: t, repo: r}).tick()
	}
	if !ev.Private {
		return t, t.groupChat(r)
	}
	m, err := r.MemberByTelegram(ctx, ev.UserID)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return nil, err
	default:
		t.member = m
		if m.Lang != "" {
			t.lang = msg.ParseLang(m.Lang)
		}
	}
	if ev.Kind == EventCommand && ev.Command == "start" && ev.Args != "" {
		return t, (&joinHandler{turn: t, repo: r}).join(ev.Args)
	}
	if ev.Kind == EventButton && t.member.Active && isJoinPress(ev.Data) {
		return t, (&joinHandler{turn: t, repo: r}).press()
	}
	if t.member.ID == 0 || !t.member.Active {
		t.dropped = true
		if t.member.ID != 0 {
			t.say("stranger.revoked")
		} else {
			t.say("stranger.refuse")
		}
		return t, nil
	}
	if lost {
		return t, t.interrupted(r)
	}
	return t, t.dispatch(r)
}

// interrupted tells a member whose conversation state was lost (the
// session store came back empty) that what they were doing was cut short
// and how to go on, instead of answering as if they were idle. A command
// still runs after the notice; a value typed for a lost question or a
// button of a lost step goes no further.
func (t *turn) interrupted(r Repo) error {
	if t.ev.Kind == EventCommand {
		// The command is handled: the notice must not say otherwise.
		t.say("session.lost.command")
		return t.dispatch(r)
	}
	t.say("session.lost", msg.Raw(t.T("session.resume."+string(t.member.Role))))
	return nil
}

// groupChat answers a group: the bot works only in private chats. It
// says so to a command addressed to it, and otherwise at most once a day
// per group, so it never answers every message there.
func (t *turn) groupChat(r Repo) error {
	if t.ev.Kind == EventCommand && t.ev.Addressed {
		t.say("group.refuse")
		return nil
	}
	s := t.app.schedule()
	first, err := r.ClaimGroupNotice(t.ctx, t.ev.ChatID, t.now.In(s.Zone).Format("2006-01-02"))
	if err != nil || !first {
		return err
	}
	t.say("group.refuse")
	return nil
}

// langFor picks the language to answer an event in, outside a turn.
func (a *App) langFor(ctx context.Context, r Repo, ev Event) msg.Lang {
	if m, err := r.MemberByTelegram(ctx, ev.UserID); err == nil && m.Lang != "" {
		return msg.ParseLang(m.Lang)
	}
	return msg.ParseLang(ev.LangCode)
}

// dispatch routes a member's event to their role's handler: commands
// through the registry, the rest to the handler's own methods.
func (t *turn) dispatch(r Repo) error {
	switch t.ev.Kind {
	case EventEdited:
		t.say("edited.ignored")
		return nil
	}
	build, ok := roleHandlers[t.member.Role]
	if !ok {
		return t.unknown()
	}
	h := build(t, r)
	switch t.ev.Kind {
	case EventCommand:
		return runCommand(h)
	case EventButton:
		return h.button()
	case EventText:
		return h.text()
	case EventDocument:
		return h.document()
	case EventOther:
		return h.other()
	}
	return t.unknown()
}

// unknown answers what the person's role cannot use.
func (t *turn) unknown() error {
	switch t.ev.Kind {
	case EventCommand:
		t.say("command.unknown", "/"+t.ev.Command)
	case EventButton:
		t.say("button.unknown")
	case EventDocument:
		t.say("document.not_station")
	default:
		if t.c.Step != stepIdle {
			return t.where()
		}
		t.say("text.idle")
	}
	return nil
}

// The defaults of a role's handler, for what the role does not use: a
// handler's own method of the same name takes their place.
func (t *turn) button() error   { return t.unknown() }
func (t *turn) text() error     { return t.unknown() }
func (t *turn) document() error { return t.unknown() }

// other answers a sticker, photo or voice message: what the bot reads.
func (t *turn) other() error {
	t.say("other.ignored")
	return nil
}

// where tells a person with no task of their role's kind what they can do.
func (t *turn) where() error {
	t.c.reset()
	return t.whereIdle()
}

// cancel abandons the task in progress: nothing unsaved is kept.
func (t *turn) cancel() error {
	if t.c.Step == stepIdle && t.c.RecordID == 0 {
		t.say("cancel.nothing")
		return nil
	}
	t.c.reset()
	t.say("cancel.done")
	return nil
}
