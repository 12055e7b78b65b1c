package telegramtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

func TestFailNextDecodesAsClientErrors(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	p := s.User(11, "An", "vi")
	sendErr := func() error {
		_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: p.ChatID(), Text: "x"})
		return err
	}
	tests := []struct {
		name  string
		code  int
		check func(error) bool
	}{
		{"429", 429, func(err error) bool {
			var tm *bot.TooManyRequestsError
			return errors.As(err, &tm) && tm.RetryAfter == 7
		}},
		{"403", 403, func(err error) bool {
			return errors.Is(err, bot.ErrorForbidden) && strings.Contains(err.Error(), "bot was blocked by the user")
		}},
		{"400", 400, func(err error) bool { return errors.Is(err, bot.ErrorBadRequest) }},
		{"409", 409, func(err error) bool { return errors.Is(err, bot.ErrorConflict) }},
		{"500", 500, func(err error) bool { return err != nil && strings.Contains(err.Error(), "500 Internal Server Error") }},
		// Telegram's nginx answers 502 with HTML, which the client cannot decode.
		{"502", 502, func(err error) bool { return err != nil && strings.Contains(err.Error(), "error decode response body") }},
	}
	for _, tt := range tests {
		s.FailNext("sendMessage", 1, tt.code, 7)
		if err := sendErr(); !tt.check(err) {
			t.Errorf("%s: SendMessage error = %v", tt.name, err)
		}
		if err := sendErr(); err != nil {
			t.Errorf("%s: the call after the injected failure: %v", tt.name, err)
		}
	}
	s.FailNext("SendMessage", 2, 500, 0)
	for i := range 2 {
		if err := sendErr(); err == nil {
			t.Errorf("call %d of 2 injected failures succeeded", i+1)
		}
	}
	if got := p.Messages(); len(got) != len(tests) {
		t.Errorf("person got %d messages, want %d (one per successful call)", len(got), len(tests))
	}
	sent := s.AllSent()
	if len(sent) != 2*len(tests)+2 || sent[0].OK || sent[0].ErrorCode != 429 || sent[0].RetryAfter != 7 || !sent[1].OK {
		t.Errorf("AllSent = %+v, want every attempt, the first a 429", sent)
	}
}

func TestBlock(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	p := s.User(11, "An", "vi")
	m := send(t, b, p.ChatID(), "before")
	s.Block(p.ChatID())
	_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: p.ChatID(), Text: "x"})
	if !errors.Is(err, bot.ErrorForbidden) {
		t.Errorf("SendMessage to a blocker: %v, want ErrorForbidden", err)
	}
	_, err = b.EditMessageText(context.Background(), &bot.EditMessageTextParams{ChatID: p.ChatID(), MessageID: m.ID, Text: "y"})
	if !errors.Is(err, bot.ErrorForbidden) {
		t.Errorf("EditMessageText for a blocker: %v, want ErrorForbidden", err)
	}
	s.Unblock(p.ChatID())
	send(t, b, p.ChatID(), "after")
}

func TestHookCanBlockAndFail(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	p := s.User(11, "An", "vi")
	entered := make(chan Call)
	release := make(chan struct{})
	s.Hook("sendMessage", func(ctx context.Context, c Call) *APIError {
		entered <- c
		<-release
		if c.Params["text"] == "fail" {
			return &APIError{Code: 400, Description: "Bad Request: hooked"}
		}
		return nil
	})
	errs := make(chan error)
	go func() {
		_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: p.ChatID(), Text: "fail"})
		errs <- err
	}()
	c := <-entered
	if c.Method != "sendMessage" || c.ChatID != p.ChatID() {
		t.Errorf("hook saw %+v", c)
	}
	if n := len(p.Messages()); n != 0 {
		t.Errorf("message delivered while the hook holds the call")
	}
	close(release)
	if err := <-errs; err == nil || !strings.Contains(err.Error(), "hooked") {
		t.Errorf("hooked call: %v", err)
	}
	s.Hook("sendMessage", nil)
	send(t, b, p.ChatID(), "ok")
}

func TestEarlyRetryIsRecorded(t *testing.T) {
	for _, enforce := range []bool{false, true} {
		clock := newFakeClock()
		opts := []Option{WithClock(clock.Now)}
		if enforce {
			opts = append(opts, WithRateLimits())
		}
		s := newServer(t, opts...)
		b := newBot(t, s)
		p := s.User(11, "An", "vi")
		sendErr := func() error {
			_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: p.ChatID(), Text: "x"})
			return err
		}
		s.FailNext("sendMessage", 1, 429, 5)
		_ = sendErr()
		clock.Advance(4 * time.Second)
		err := sendErr()
		var tm *bot.TooManyRequestsError
		if enforce != errors.As(err, &tm) || (enforce && tm.RetryAfter != 1) {
			t.Errorf("enforce=%v: retry after 4 of 5 s: %v", enforce, err)
		}
		clock.Advance(time.Second)
		if err := sendErr(); err != nil {
			t.Errorf("enforce=%v: retry after 5 s: %v", enforce, err)
		}
		sent := s.AllSent()
		if len(sent) != 3 || sent[0].Early || !sent[1].Early || sent[2].Early {
			t.Errorf("enforce=%v: attempts %+v, want only the second early", enforce, sent)
		}
		v := s.Violations()
		if len(v) != 1 || v[0].Rule != RuleRetryAfter || v[0].RetryAfter != 1 || !v[0].At.Equal(sent[1].At) {
			t.Errorf("enforce=%v: violations %+v, want one retry_after", enforce, v)
		}
	}
}
