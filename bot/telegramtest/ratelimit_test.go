package telegramtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

func TestRateLimits(t *testing.T) {
	type step struct {
		advance time.Duration
		chat    int64 // 0: a new private chat each time
		n       int   // messages sent
	}
	tests := []struct {
		name      string
		steps     []step
		wantRule  string // "" when every send is within limits
		wantRetry int
	}{
		{"burst of 3 in a private chat", []step{{0, 11, 3}}, "", 0},
		{"4th at once in a private chat", []step{{0, 11, 4}}, RulePrivateChat, 1},
		{"1 per second in a private chat", []step{{0, 11, 3}, {time.Second, 11, 1}, {time.Second, 11, 1}}, "", 0},
		{"refill takes time", []step{{0, 11, 3}, {500 * time.Millisecond, 11, 1}}, RulePrivateChat, 1},
		{"30 chats at once", []step{{0, 0, 30}}, "", 0},
		{"31 chats at once", []step{{0, 0, 31}}, RuleGlobal, 1},
		{"20 a minute in a group", []step{{0, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 2}}, "", 0},
		{"21 a minute in a group", []step{{0, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}, {time.Second, -100, 3}}, RuleGroup, 54},
	}
	for _, tt := range tests {
		for _, enforce := range []bool{false, true} {
			clock := newFakeClock()
			opts := []Option{WithClock(clock.Now)}
			if enforce {
				opts = append(opts, WithRateLimits())
			}
			s := newServer(t, opts...)
			b := newBot(t, s)
			next := int64(1000)
			var rejected error
			for _, st := range tt.steps {
				clock.Advance(st.advance)
				for range st.n {
					chat := st.chat
					if chat == 0 {
						next++
						chat = next
					}
					if chat > 0 {
						s.User(chat, "P", "vi")
					} else {
						s.User(1, "P", "vi").InGroup(chat)
					}
					if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: chat, Text: "x"}); err != nil && rejected == nil {
						rejected = err
					}
				}
			}
			v := s.Violations()
			if tt.wantRule == "" {
				if len(v) != 0 || rejected != nil {
					t.Errorf("%s (enforce=%v): violations %+v, error %v; want none", tt.name, enforce, v, rejected)
				}
				continue
			}
			if len(v) != 1 || v[0].Rule != tt.wantRule || v[0].RetryAfter != tt.wantRetry {
				t.Errorf("%s (enforce=%v): violations %+v, want one %q retry %d", tt.name, enforce, v, tt.wantRule, tt.wantRetry)
			}
			var tm *bot.TooManyRequestsError
			if got := errors.As(rejected, &tm); got != enforce || (enforce && tm.RetryAfter != tt.wantRetry) {
				t.Errorf("%s (enforce=%v): error %v, want 429 retry %d only when enforced", tt.name, enforce, rejected, tt.wantRetry)
			}
		}
	}
}

func TestRateLimitedChatRecoversAfterRetryAfter(t *testing.T) {
	clock := newFakeClock()
	s := newServer(t, WithClock(clock.Now), WithRateLimits())
	b := newBot(t, s)
	p := s.User(11, "An", "vi")
	for range 3 {
		send(t, b, p.ChatID(), "x")
	}
	_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: p.ChatID(), Text: "x"})
	var tm *bot.TooManyRequestsError
	if !errors.As(err, &tm) {
		t.Fatalf("4th message: %v, want 429", err)
	}
	clock.Advance(time.Duration(tm.RetryAfter) * time.Second)
	send(t, b, p.ChatID(), "x")
	if v := s.Violations(); len(v) != 1 {
		t.Errorf("violations %+v, want only the 4th message", v)
	}
}
