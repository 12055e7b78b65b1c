package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"lamsach/bot/telegramtest"
)

// loadTimeout bounds each wait for the bot's answer.
const loadTimeout = 30 * time.Second

// loadChat is one member's chat with the bot as the load drives it: in
// this process (a telegramtest.Person) or in lamsach faketg (through its
// control API).
type loadChat interface {
	command(ctx context.Context, cmd, args string) error
	press(ctx context.Context, messageID int, label string) error
	// after waits until the bot has sent more than seen messages and
	// returns those after the first seen.
	after(ctx context.Context, seen int) ([]loadMsg, error)
}

// loadMsg is what the load reads of a message from the bot.
type loadMsg struct {
	id   int
	text string
}

// localChat is a member in the in-process fake.
type localChat struct{ p *telegramtest.Person }

func (c localChat) command(_ context.Context, cmd, args string) error {
	c.p.Command(cmd, args)
	return nil
}

func (c localChat) press(_ context.Context, messageID int, label string) error {
	_, err := c.p.Press(telegramtest.Message{ID: messageID, ChatID: c.p.ChatID()}, label)
	return err
}

func (c localChat) after(ctx context.Context, seen int) ([]loadMsg, error) {
	msgs, err := c.p.WaitAfter(ctx, seen)
	out := make([]loadMsg, len(msgs))
	for i, m := range msgs {
		out[i] = loadMsg{m.ID, m.Text}
	}
	return out, err
}

// remoteChat is a member in lamsach faketg, another process.
type remoteChat struct {
	tg *telegramtest.Remote
	id int64
}

func (c remoteChat) command(ctx context.Context, cmd, args string) error {
	_, err := c.tg.Command(ctx, c.id, cmd, args)
	return err
}

func (c remoteChat) press(ctx context.Context, messageID int, label string) error {
	_, err := c.tg.Press(ctx, c.id, messageID, label)
	return err
}

func (c remoteChat) after(ctx context.Context, seen int) ([]loadMsg, error) {
	for {
		got, err := c.tg.Messages(ctx, c.id, seen, loadTimeout)
		if err != nil || len(got.Messages) > 0 {
			out := make([]loadMsg, len(got.Messages))
			for i, m := range got.Messages {
				out[i] = loadMsg{m.MessageID, m.Text}
			}
			return out, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// reviewer is one simulated village member.
type reviewer struct {
	chat loadChat
	name string
	seen int // messages from the bot read so far
}

// expect waits for a new message containing one of wants, skipping the
// others, and returns it and the want it contains.
func (r *reviewer) expect(ctx context.Context, wants ...string) (loadMsg, string, error) {
	ctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	for {
		msgs, err := r.chat.after(ctx, r.seen)
		if err != nil {
			return loadMsg{}, "", fmt.Errorf("%s waited for one of %q: %w", r.name, wants, err)
		}
		for _, m := range msgs {
			r.seen++
			for _, w := range wants {
				if strings.Contains(m.text, w) {
					return m, w, nil
				}
			}
		}
	}
}

// join makes the member a village member with their invite code.
func (r *reviewer) join(ctx context.Context, code string) error {
	if err := r.chat.command(ctx, "start", code); err != nil {
		return err
	}
	// Welcome; or the invite is wrong, used or expired; or it was this
	// member's own, used in an earlier run.
	m, which, err := r.expect(ctx, "Chào", "Mã mời", "đã là thành viên")
	if err == nil && which != "Chào" {
		err = fmt.Errorf("%s was not welcomed (the bot answered %q); invites serve one run: prepare a new database", r.name, oneLine(m.text))
	}
	return err
}

// reviewLoop opens and confirms records until the deadline or until the
// member's village has none left, timing each action.
func (r *reviewer) reviewLoop(ctx context.Context, deadline time.Time, lat *[]time.Duration, reviewed *int) error {
	for time.Now().Before(deadline) {
		t0 := time.Now()
		if err := r.chat.command(ctx, "next", ""); err != nil {
			return err
		}
		card, which, err := r.expect(ctx, "Hồ sơ", "không còn hồ sơ")
		if err != nil {
			return err
		}
		*lat = append(*lat, time.Since(t0))
		if which != "Hồ sơ" {
			return nil
		}
		t0 = time.Now()
		if err := r.chat.press(ctx, card.id, "✅ Đúng hết"); err != nil {
			return fmt.Errorf("%s taps ✅ Đúng hết: %w", r.name, err)
		}
		if _, _, err := r.expect(ctx, "Đã ghi nhận"); err != nil {
			return err
		}
		*lat = append(*lat, time.Since(t0))
		*reviewed++
	}
	return nil
}

// measure joins the members with their invite codes, lets them review for
// d, and prints the updates per second and the answer times.
func measure(ctx context.Context, w io.Writer, people []*reviewer, codes []string, d time.Duration) error {
	for i, r := range people {
		if err := r.join(ctx, codes[i]); err != nil {
			return err
		}
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		reviewed  int
		firstErr  error
		wg        sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for _, r := range people {
		wg.Go(func() {
			var mine []time.Duration
			n := 0
			err := r.reviewLoop(ctx, deadline, &mine, &n)
			mu.Lock()
			defer mu.Unlock()
			latencies, reviewed = append(latencies, mine...), reviewed+n
			if err != nil && firstErr == nil {
				firstErr = err
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return firstErr
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Round(100 * time.Microsecond)
	}
	fmt.Fprintf(w, "updates handled: %d in %.1f s = %.0f updates/s\n", len(latencies), elapsed.Seconds(), float64(len(latencies))/elapsed.Seconds())
	fmt.Fprintf(w, "records reviewed: %d\n", reviewed)
	fmt.Fprintf(w, "action → answer: p50 %s, p95 %s, p99 %s, max %s\n", pct(0.50), pct(0.95), pct(0.99), pct(1))
	return nil
}

// runRemoteLoad plays one member per invite in invitesFile against the bot
// that lamsach faketg at apiURL serves, for d.
func runRemoteLoad(ctx context.Context, w io.Writer, apiURL, invitesFile string, d time.Duration) error {
	codes, err := readInvites(invitesFile)
	if err != nil {
		return err
	}
	// Each member has a call or a long poll open at any time: keep that many
	// connections, where the default 2 per host would open new ones all along.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = len(codes) + 4
	tg := telegramtest.NewRemote(apiURL, &http.Client{Transport: tr})
	if _, err := tg.Status(ctx); err != nil {
		return fmt.Errorf("reach the fake Telegram at --api-url: %w", err)
	}
	people := make([]*reviewer, len(codes))
	for i := range people {
		id := loadUserID(i)
		p, err := tg.AddPerson(ctx, id, "Member "+strconv.Itoa(i), "vi")
		if err != nil {
			return err
		}
		// A person left from an earlier run keeps their messages: read on from there.
		people[i] = &reviewer{chat: remoteChat{tg, id}, name: "member " + strconv.Itoa(i), seen: p.Received}
	}
	fmt.Fprintf(w, "%d members reviewing for %s, through the fake Telegram at %s\n", len(codes), d, apiURL)
	return measure(ctx, w, people, codes, d)
}

// inviteForm is an invite code, alone or at the end of a t.me link.
var inviteForm = regexp.MustCompile(`^(?:https://t\.me/[A-Za-z0-9_]+\?start=)?([A-Za-z0-9_-]{1,64})$`)

// readInvites reads invite codes, one a line, ignoring blank lines and
// lines starting with #.
func readInvites(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read --invites: %w", err)
	}
	defer f.Close()
	var codes []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := inviteForm.FindStringSubmatch(line)
		if m == nil {
			return nil, usagef("%s line %d is not an invite code or link", path, n)
		}
		codes = append(codes, m[1])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read --invites: %w", err)
	}
	if len(codes) == 0 || len(codes) > 1000 {
		return nil, usagef("%s holds %d invite codes; want 1 to 1000", path, len(codes))
	}
	return codes, nil
}
