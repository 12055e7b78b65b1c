package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"lamsach/bot/telegramtest"
)

// script drives simulated people against the fake Bot API and prints what
// they do and what the bot answers, as a transcript a person can follow.
// The demo uses it; so can tests.
//
// Each reply is printed under the action that caused it. When people act
// at the same time, a reply can come after someone else's action: it then
// says which action it answers. The cause is the update the bot's outbox
// recorded with the message, read from the bot's database.
type script struct {
	tg      *telegramtest.Server
	db      *sql.DB // the bot's database, read only
	out     io.Writer
	timeout time.Duration

	mu   sync.Mutex       // one transcript line at a time; guards acts and last
	acts map[int64]string // update id → the action that sent it, as the transcript names it
	last int64            // the update whose action or reply was printed last
}

func newScript(tg *telegramtest.Server, db *sql.DB, out io.Writer, timeout time.Duration) *script {
	return &script{tg: tg, db: db, out: out, timeout: timeout, acts: map[int64]string{}}
}

// player is one simulated person.
type player struct {
	*telegramtest.Person
	name  string // as the transcript shows it: "Bình (thôn Tây)"
	short string // in a reply's reference: "Bình"
	s     *script
	shown int // how many of their messages the transcript has shown
}

func (s *script) player(id int64, name string) *player {
	short, _, _ := strings.Cut(name, " ")
	return &player{Person: s.tg.User(id, name, "vi"), name: name, short: short, s: s}
}

// printf writes a transcript line.
func (s *script) printf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.out, format, args...)
}

// act prints an action's line, icon then who and what, and sends its
// update under the transcript's lock, so that no reply to it can be
// printed before the line; it remembers the update as the action, for a
// later reply to name.
func (p *player) act(icon, what string, send func() (int64, error)) error {
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.out, "\n%s %s%s\n", icon, p.name, oneLine(what))
	id, err := send()
	if err != nil {
		return err
	}
	s.acts[id], s.last = icon+" "+p.short+short(what), id
	return nil
}

// say types a message.
func (p *player) say(text string) {
	_ = p.act("👤", ": "+text, func() (int64, error) { return p.Send(text), nil })
}

// command sends "/cmd args".
func (p *player) command(cmd, args string) {
	line := "/" + cmd
	if args != "" {
		line += " " + args
	}
	_ = p.act("👤", ": "+line, func() (int64, error) { return p.Command(cmd, args), nil })
}

// upload sends a file.
func (p *player) upload(name string, data []byte) {
	const mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	_ = p.act("👤", fmt.Sprintf(": 📎 %s (%d KB)", name, (len(data)+1023)/1024),
		func() (int64, error) { return p.SendDocument(name, data, mime), nil })
}

// tap presses the button labelled label on message m.
func (p *player) tap(m telegramtest.Message, label string) error {
	if err := p.act("👆", " taps ["+label+"]", func() (int64, error) { return p.Press(m, label) }); err != nil {
		return fmt.Errorf("%s taps %q: %w", p.name, label, err)
	}
	return nil
}

// tapStale taps a button of m as m was when shown, even if the bot has
// removed it since: a tap that crossed the bot's edit on the way.
func (p *player) tapStale(m telegramtest.Message, label string) error {
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == label {
				return p.act("👆", " taps ["+label+"]", func() (int64, error) { return p.PressData(m.ID, b.Data), nil })
			}
		}
	}
	return fmt.Errorf("%s taps %q: no such button on message %d", p.name, label, m.ID)
}

// expect waits for a new message containing want, shows every message up
// to it, and returns it.
func (p *player) expect(want string) (telegramtest.Message, error) {
	m, _, err := p.expectAny(want)
	return m, err
}

// expectAny waits for a message containing one of wants, shows every
// message up to it, and returns it and which of wants it has.
func (p *player) expectAny(wants ...string) (telegramtest.Message, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), p.s.timeout)
	defer cancel()
	for n := p.shown + 1; ; n++ {
		msgs, err := p.WaitMessages(ctx, n)
		if err != nil {
			return telegramtest.Message{}, "", fmt.Errorf("%s waited for one of %q: %w", p.name, wants, err)
		}
		m := msgs[n-1]
		if err := p.show(ctx, m, n); err != nil {
			return m, "", err
		}
		p.shown = n
		for _, w := range wants {
			if strings.Contains(m.Text, w) {
				return m, w, nil
			}
		}
	}
}

// expectFile waits for a message with a document or photo whose caption
// has want.
func (p *player) expectFile(want string) (telegramtest.Message, error) {
	for {
		m, err := p.expect(want)
		if err != nil || m.Document != nil || m.Photo != nil {
			return m, err
		}
	}
}

// show prints the player's n-th message, m: under the action that caused
// it, or saying which action it answers when something else was printed
// since.
func (p *player) show(ctx context.Context, m telegramtest.Message, n int) error {
	cause, err := p.s.cause(ctx, p.ChatID(), n, m.ID)
	if err != nil {
		return fmt.Errorf("the cause of %s's message %d: %w", p.name, n, err)
	}
	var b strings.Builder
	for _, line := range strings.Split(m.Text, "\n") {
		b.WriteString("   " + line + "\n")
	}
	for _, f := range []*telegramtest.File{m.Document, m.Photo} {
		if f != nil {
			fmt.Fprintf(&b, "   📎 %s (%d KB)\n", f.Name, (len(f.Data)+1023)/1024)
		}
	}
	for _, row := range m.Buttons {
		b.WriteString("  ")
		for _, btn := range row {
			b.WriteString(" [" + btn.Text + "]")
		}
		b.WriteString("\n")
	}
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	head := "🤖 → " + p.name + ":"
	if ref, ok := s.acts[cause]; ok && cause != s.last {
		head = "🤖 → " + p.name + "  ↪ trả lời cho «" + ref + "»"
	}
	if cause != 0 {
		s.last = cause
	}
	fmt.Fprintf(s.out, "%s\n%s", head, b.String())
	return nil
}

// cause returns the update that caused the n-th message the bot sent to
// chatID (0: none, a reminder), whose Telegram id is id. The sender sends
// each chat's outbox in order, so the n-th message is the chat's n-th
// outbox item that makes one; its message_id, once recorded, must agree.
func (s *script) cause(ctx context.Context, chatID int64, n, id int) (int64, error) {
	var update, msgID int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(update_id, 0), coalesce(message_id, 0) FROM outbox
		WHERE chat_id = ? AND kind IN ('send', 'file', 'photo') AND state <> 'dropped'
		ORDER BY id LIMIT 1 OFFSET ?`, chatID, n-1).Scan(&update, &msgID)
	if err != nil {
		return 0, err
	}
	if msgID != 0 && msgID != int64(id) {
		return 0, fmt.Errorf("the outbox sent message %d where the chat shows %d", msgID, id)
	}
	return update, nil
}

// button returns the label of the first button of m whose label contains
// part.
func button(m telegramtest.Message, part string) (string, bool) {
	for _, row := range m.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, part) {
				return b.Text, true
			}
		}
	}
	return "", false
}

// inviteLink finds the invite code in a message with a t.me link.
var inviteLink = regexp.MustCompile(`start=([A-Za-z0-9_-]+)`)

func inviteCode(text string) (string, error) {
	m := inviteLink.FindStringSubmatch(text)
	if m == nil {
		return "", fmt.Errorf("no invite link in %q", oneLine(text))
	}
	return m[1], nil
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ⏎ ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:117]) + "…"
	}
	return s
}

// short is an action as a later reply names it: one line, at most 40
// characters.
func short(s string) string {
	s = strings.ReplaceAll(s, "\n", " ⏎ ")
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return s
}
