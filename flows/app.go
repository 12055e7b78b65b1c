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
		return t, t.tick()
	}
	if !ev.Private {
		t.say("group.refuse")
		return t, nil
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
		return t, t.join(ev.Args)
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
		return t, t.interrupted()
	}
	return t, t.dispatch()
}

// interrupted tells a member whose conversation state was lost (the
// session store came back empty) that what they were doing was cut short
// and how to go on, instead of answering as if they were idle. A command
// still runs after the notice; a value typed for a lost question or a
// button of a lost step goes no further.
func (t *turn) interrupted() error {
	hint := "text.idle"
	switch t.member.Role {
	case RoleVillage:
		hint = "text.idle_village"
	case RolePolice:
		hint = "police.text.idle"
	}
	t.say("session.lost", msg.Raw(t.T(hint)))
	if t.ev.Kind == EventCommand {
		return t.dispatch()
	}
	return nil
}

// langFor picks the language to answer an event in, outside a turn.
func (a *App) langFor(ctx context.Context, r Repo, ev Event) msg.Lang {
	if m, err := r.MemberByTelegram(ctx, ev.UserID); err == nil && m.Lang != "" {
		return msg.ParseLang(m.Lang)
	}
	return msg.ParseLang(ev.LangCode)
}

// dispatch routes a member's event: the commands every role has first,
// then the role's own.
func (t *turn) dispatch() error {
	switch t.ev.Kind {
	case EventEdited:
		t.say("edited.ignored")
		return nil
	case EventOther:
		t.say("other.ignored")
		return nil
	case EventCommand:
		if done, err := t.general(); done || err != nil {
			return err
		}
	}
	switch t.member.Role {
	case RoleVillage:
		return t.village()
	case RolePolice:
		return t.police()
	case RoleStation:
		return t.station()
	case RoleCoordinator:
		return t.coordinator()
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
