package main

import (
	"context"
	"html"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lamsach/bot/telegramtest"
	"lamsach/flows/msg"
)

// chaosAct is one thing a simulated person did, and when its answer came.
type chaosAct struct {
	Update   int64
	Kind     string    // start, next, ok, progress (village); review, pok, pending (police)
	Record   int64     // the record whose card a tap pressed; 0 for a command
	From     int       // messages the bot had sent to the chat before it
	Sent     time.Time // when the person acted
	Answered time.Time // when its final reply arrived; zero when none came
}

// tap reports whether the act is a button press that saves something,
// whose answer is an acknowledgement and then the next card.
func (a chaosAct) tap() bool { return a.Kind == "ok" || a.Kind == "pok" }

// actor is a simulated person: a village member who opens and confirms
// records, or a police officer who confirms reviewed ones. Each acts, waits
// for the answer, then acts again, as fast as a quick person would.
type actor struct {
	*telegramtest.Person
	police bool
	rng    *rand.Rand
	card   telegramtest.Message // the open record's card, when there is one
	acts   []chaosAct
}

// The button each role presses on a card.
var (
	villageOK = msg.T(msg.VI, "btn.all_right")
	policeOK  = msg.T(msg.VI, "police.btn.confirm")
)

// acks are the beginnings of the acknowledgements of a save; the next
// card follows each. privacyNotice comes before the welcome on joining.
// Both come before an action's final reply.
var (
	acks = []string{plainPrefix("saved.unchanged"), plainPrefix("police.confirmed"),
		plainPrefix("police.confirmed.corrected"), plainPrefix("police.confirmed.not_found"),
		plainPrefix("police.confirmed.not_found.moved"), plainPrefix("police.confirmed.not_found.deceased"),
		plainPrefix("police.confirmed.not_found.unknown")}
	privacyNotice = plainPrefix("join.privacy")
	// sessionLost comes before a command's answer when the sessions
	// came back empty (the redis fault).
	sessionLost = plainPrefix("session.lost.command")
	// uncertainNotice tells that a reply may be missing (a send whose
	// answer was cut); it comes after the act's other replies.
	uncertainNotice = plainPrefix("delivery.uncertain")
)

var tags = regexp.MustCompile(`<[^>]*>`)

// plainPrefix is a Vietnamese message as the person reads it, up to its
// first argument.
func plainPrefix(key string) string {
	s, _, _ := strings.Cut(msg.T(msg.VI, key, "\x00"), "\x00")
	return html.UnescapeString(tags.ReplaceAllString(s, ""))
}

// isAck reports whether m acknowledges a save.
func isAck(m telegramtest.Message) bool {
	for _, p := range acks {
		if strings.HasPrefix(m.Text, p) {
			return true
		}
	}
	return false
}

// isInterim reports whether m comes before an action's final reply.
func isInterim(m telegramtest.Message) bool {
	return isAck(m) || strings.HasPrefix(m.Text, privacyNotice) || isSessionLost(m)
}

// isUncertainNotice reports whether m tells that a reply may be missing.
func isUncertainNotice(m telegramtest.Message) bool {
	return strings.HasPrefix(m.Text, uncertainNotice)
}

// isSessionLost reports whether m tells that a conversation was cut short.
func isSessionLost(m telegramtest.Message) bool {
	return strings.HasPrefix(m.Text, sessionLost)
}

// join opens the invite link and waits for the welcome.
func (a *actor) join(ctx context.Context, code string) bool {
	a.begin("start", func() int64 { return a.Command("start", code) })
	return a.await(ctx)
}

// run acts until stop is closed, then finishes the act under way. It
// returns early when ctx ends (the harness stopped waiting).
func (a *actor) run(ctx context.Context, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		idle := a.step()
		if !a.await(ctx) {
			return
		}
		pause := time.Duration(20+a.rng.IntN(80)) * time.Millisecond
		if idle && a.card.ID == 0 {
			// Nothing to work on yet (the police wait for reviews): look
			// again a little later instead of hammering.
			pause = time.Duration(300+a.rng.IntN(400)) * time.Millisecond
		}
		select {
		case <-stop:
			return
		case <-time.After(pause):
		}
	}
}

// step does the next thing: confirm the open card, or now and then ask
// for progress, or open the next record. It reports whether it asked for
// work rather than did some.
func (a *actor) step() bool {
	label, next, count := villageOK, "next", "progress"
	if a.police {
		label, next, count = policeOK, "review", "pending"
	}
	if a.card.ID != 0 {
		card := a.card
		kind := "ok"
		if a.police {
			kind = "pok"
		}
		var err error
		a.begin(kind, func() int64 {
			var id int64
			id, err = a.Press(card, label)
			return id
		})
		if err == nil {
			a.acts[len(a.acts)-1].Record = buttonRecord(card, label)
			return false
		}
		// The card is gone (deleted): drop the act, open the next one.
		a.acts = a.acts[:len(a.acts)-1]
		a.card = telegramtest.Message{}
	}
	if a.rng.IntN(8) == 0 {
		a.begin(count, func() int64 { return a.Command(count, "") })
	} else {
		a.begin(next, func() int64 { return a.Command(next, "") })
	}
	return true
}

// buttonRecord is the record a card's button labelled label is about (its
// data is "act:record:version"), 0 when it names none.
func buttonRecord(m telegramtest.Message, label string) int64 {
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text != label {
				continue
			}
			parts := strings.Split(b.Data, ":")
			if len(parts) < 3 {
				return 0
			}
			id, _ := strconv.ParseInt(parts[1], 10, 64)
			return id
		}
	}
	return 0
}

// begin records an act and does it.
func (a *actor) begin(kind string, do func() int64) {
	act := chaosAct{Kind: kind, From: len(a.Messages()), Sent: time.Now()}
	act.Update = do()
	a.acts = append(a.acts, act)
}

// await waits for the final reply to the last act: the first message after
// it that is not an interim one. It returns false when ctx ended first.
func (a *actor) await(ctx context.Context) bool {
	act := &a.acts[len(a.acts)-1]
	for n := act.From + 1; ; n++ {
		msgs, err := a.WaitMessages(ctx, n)
		if err != nil {
			return false
		}
		m := msgs[n-1]
		if isInterim(m) {
			continue
		}
		act.Answered = time.Now()
		a.card = telegramtest.Message{}
		label := villageOK
		if a.police {
			label = policeOK
		}
		if _, ok := button(m, label); ok {
			a.card = m
		}
		return true
	}
}
