package main

import (
	"context"
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
type script struct {
	tg      *telegramtest.Server
	out     io.Writer
	timeout time.Duration
	mu      sync.Mutex // one transcript line at a time
}

// player is one simulated person.
type player struct {
	*telegramtest.Person
	name  string
	s     *script
	shown int // how many of their messages the transcript has shown
}

func (s *script) player(id int64, name string) *player {
	return &player{Person: s.tg.User(id, name, "vi"), name: name, s: s}
}

// printf writes a transcript line.
func (s *script) printf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.out, format, args...)
}

// say types a message.
func (p *player) say(text string) {
	p.s.printf("\n👤 %s: %s\n", p.name, oneLine(text))
	p.Send(text)
}

// command sends "/cmd args".
func (p *player) command(cmd, args string) {
	line := "/" + cmd
	if args != "" {
		line += " " + args
	}
	p.s.printf("\n👤 %s: %s\n", p.name, line)
	p.Command(cmd, args)
}

// upload sends a file.
func (p *player) upload(name string, data []byte) {
	p.s.printf("\n👤 %s: 📎 %s (%d KB)\n", p.name, name, (len(data)+1023)/1024)
	p.SendDocument(name, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
}

// tap presses the button labelled label on message m.
func (p *player) tap(m telegramtest.Message, label string) error {
	p.s.printf("\n👆 %s taps [%s]\n", p.name, label)
	if _, err := p.Press(m, label); err != nil {
		return fmt.Errorf("%s taps %q: %w", p.name, label, err)
	}
	return nil
}

// tapStale taps a button of m as m was when shown, even if the bot has
// removed it since: a tap that crossed the bot's edit on the way.
func (p *player) tapStale(m telegramtest.Message, label string) error {
	p.s.printf("\n👆 %s taps [%s]\n", p.name, label)
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == label {
				p.PressData(m.ID, b.Data)
				return nil
			}
		}
	}
	return fmt.Errorf("%s taps %q: no such button on message %d", p.name, label, m.ID)
}

// expect waits for a new message containing want, shows every message up
// to it, and returns it.
func (p *player) expect(want string) (telegramtest.Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), p.s.timeout)
	defer cancel()
	for n := p.shown + 1; ; n++ {
		msgs, err := p.WaitMessages(ctx, n)
		if err != nil {
			return telegramtest.Message{}, fmt.Errorf("%s waited for a message with %q: %w", p.name, want, err)
		}
		m := msgs[n-1]
		p.show(m)
		p.shown = n
		if strings.Contains(m.Text, want) {
			return m, nil
		}
	}
}

// show prints one message the bot sent to the player.
func (p *player) show(m telegramtest.Message) {
	var b strings.Builder
	fmt.Fprintf(&b, "🤖 → %s:\n", p.name)
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
	p.s.printf("%s", b.String())
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
