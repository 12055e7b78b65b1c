package telegramtest

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestConcurrentUse(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	const people, each = 8, 15
	var wg sync.WaitGroup
	for i := range people {
		p := s.User(int64(100+i), fmt.Sprint("P", i), "vi")
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range each {
				p.Send(fmt.Sprint("m", j))
			}
		}()
		go func() {
			defer wg.Done()
			for j := range each {
				if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: p.ChatID(), Text: fmt.Sprint("r", j)}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	// A poller confirms as it goes while the others write.
	seen := 0
	var offset int64
	for seen < people*each {
		ups, r, err := getUpdates(ctx, s, url.Values{"offset": {itoa(offset)}, "timeout": {"10"}})
		if err != nil || !r.OK {
			t.Fatalf("getUpdates = %+v, %v", r, err)
		}
		for _, u := range ups {
			offset = u.ID + 1
		}
		seen += len(ups)
	}
	wg.Wait()
	if seen != people*each {
		t.Errorf("poller saw %d updates, want %d", seen, people*each)
	}
	for i := range people {
		msgs := s.User(int64(100+i), fmt.Sprint("P", i), "vi").Messages()
		if len(msgs) != each || msgs[each-1].Text != fmt.Sprint("r", each-1) {
			t.Errorf("person %d got %d messages, last %+v", i, len(msgs), msgs[len(msgs)-1])
		}
	}
}

// TestClientPollerIgnoresRetryAfter pins a go-telegram/bot v1.19.0 behaviour
// lamsach's transport must not copy: after a 429 on getUpdates its loop
// retries after 100 ms whatever retry_after said.
func TestClientPollerIgnoresRetryAfter(t *testing.T) {
	s := newServer(t)
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithSkipGetMe(), bot.WithErrorsHandler(func(error) {}),
		bot.WithDefaultHandler(func(context.Context, *bot.Bot, *models.Update) {}))
	if err != nil {
		t.Fatal(err)
	}
	s.FailNext("getUpdates", 1, 429, 30)
	ctx, cancel := context.WithCancel(testCtx(t))
	stopped := make(chan struct{})
	go func() { b.Start(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()
	err = s.wait(ctx, func() bool { return len(s.violations) > 0 })
	if err != nil {
		t.Fatalf("no early getUpdates seen: %v", err)
	}
	if v := s.Violations()[0]; v.Method != "getUpdates" || v.Rule != RuleRetryAfter {
		t.Errorf("violation %+v, want an early getUpdates", v)
	}
}
