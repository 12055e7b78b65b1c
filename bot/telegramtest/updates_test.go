package telegramtest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestGetUpdatesOffsets(t *testing.T) {
	s := newServer(t)
	p := s.User(11, "An", "vi")
	var all []int64
	for _, text := range []string{"a", "b", "c", "d", "e"} {
		all = append(all, p.Send(text))
	}
	tests := []struct {
		name        string
		params      url.Values
		want        []int64
		wantPending int
	}{
		{"no offset returns everything", url.Values{}, all, 5},
		{"limit caps the batch", url.Values{"limit": {"2"}}, all[:2], 5},
		{"limit out of range means 100", url.Values{"limit": {"0"}}, all, 5},
		{"offset confirms earlier updates", url.Values{"offset": {itoa(all[2])}}, all[2:], 3},
		{"a lower offset brings nothing back", url.Values{"offset": {itoa(all[0])}}, all[2:], 3},
		{"negative offset keeps the last ones", url.Values{"offset": {"-1"}}, all[4:], 1},
		{"offset past the last confirms all", url.Values{"offset": {itoa(all[4] + 1)}}, []int64{}, 0},
	}
	for _, tt := range tests {
		ups, r, err := getUpdates(testCtx(t), s, tt.params)
		if err != nil || !r.OK {
			t.Fatalf("%s: getUpdates(%v) = %+v, %v", tt.name, tt.params, r, err)
		}
		if got := ids(ups); !slices.Equal(got, tt.want) {
			t.Errorf("%s: getUpdates(%v) ids = %v, want %v", tt.name, tt.params, got, tt.want)
		}
		if got := s.Pending(); got != tt.wantPending {
			t.Errorf("%s: Pending() = %d, want %d", tt.name, got, tt.wantPending)
		}
	}
	if got := s.Updates(); got != 5 {
		t.Errorf("Updates() = %d, want 5", got)
	}
}

func TestLongPollReturnsWhenAnUpdateArrives(t *testing.T) {
	s := newServer(t)
	p := s.User(11, "An", "vi")
	type result struct {
		ups []models.Update
		err error
	}
	done := make(chan result)
	start := time.Now()
	go func() {
		ups, _, err := getUpdates(testCtx(t), s, url.Values{"timeout": {"30"}})
		done <- result{ups, err}
	}()
	waitPolling(t, s)
	id := p.Send("hello")
	r := <-done
	if r.err != nil || len(r.ups) != 1 || r.ups[0].ID != id || r.ups[0].Message.Text != "hello" {
		t.Fatalf("long poll = %+v, %v; want the update %d", r.ups, r.err, id)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("long poll took %v; it should return as the update arrives", d)
	}
}

func TestLongPollTimesOutEmpty(t *testing.T) {
	s := newServer(t)
	start := time.Now()
	ups, r, err := getUpdates(testCtx(t), s, url.Values{"timeout": {"1"}})
	if err != nil || !r.OK || len(ups) != 0 || string(r.Result) != "[]" {
		t.Fatalf("getUpdates(timeout=1) = %+v, %v; want ok and []", r, err)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("getUpdates(timeout=1) returned after %v, before its timeout", d)
	}
}

func TestLongPollHonoursCancellation(t *testing.T) {
	s := newServer(t)
	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan error)
	go func() {
		_, _, err := getUpdates(ctx, s, url.Values{"timeout": {"50"}})
		done <- err
	}()
	waitPolling(t, s)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled poll returned %v, want context.Canceled", err)
	}
	// The server side lets go of the poll too.
	if err := s.wait(testCtx(t), func() bool { return s.poll == nil }); err != nil {
		t.Fatalf("server still polling after cancellation: %v", err)
	}
}

func TestSecondPollTerminatesTheFirst(t *testing.T) {
	s := newServer(t)
	p := s.User(11, "An", "vi")
	first := make(chan apiReply)
	go func() {
		_, r, _ := getUpdates(testCtx(t), s, url.Values{"timeout": {"30"}})
		first <- r
	}()
	waitPolling(t, s)
	second := make(chan apiReply)
	go func() {
		_, r, _ := getUpdates(testCtx(t), s, url.Values{"timeout": {"30"}})
		second <- r
	}()
	r := <-first
	if r.OK || r.ErrorCode != http.StatusConflict || r.status != http.StatusConflict ||
		r.Description != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
		t.Fatalf("older poll = %+v, want 409 terminated by other getUpdates request", r)
	}
	p.Send("x")
	if r := <-second; !r.OK {
		t.Fatalf("newer poll = %+v, want ok", r)
	}
}

func TestWebhookExcludesPolling(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	polled := make(chan apiReply)
	go func() {
		_, r, _ := getUpdates(ctx, s, url.Values{"timeout": {"30"}})
		polled <- r
	}()
	waitPolling(t, s)
	if ok, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://example.com/hook"}); !ok || err != nil {
		t.Fatalf("SetWebhook = %v, %v", ok, err)
	}
	if r := <-polled; r.ErrorCode != http.StatusConflict {
		t.Errorf("poll running at setWebhook = %+v, want 409", r)
	}
	_, r, err := getUpdates(ctx, s, url.Values{})
	if err != nil || r.ErrorCode != http.StatusConflict ||
		r.Description != "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" {
		t.Errorf("getUpdates with a webhook = %+v, %v; want 409 webhook is active", r, err)
	}
	if ok, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); !ok || err != nil {
		t.Fatalf("DeleteWebhook = %v, %v", ok, err)
	}
	if _, r, err := getUpdates(ctx, s, url.Values{}); err != nil || !r.OK {
		t.Errorf("getUpdates after deleteWebhook = %+v, %v; want ok", r, err)
	}
}

func TestAllowedUpdatesFilterAndPersist(t *testing.T) {
	s := newServer(t)
	p := s.User(11, "An", "vi")
	p.Send("a")
	p.PressData(99, "x")
	ups, _, err := getUpdates(testCtx(t), s, url.Values{"allowed_updates": {`["callback_query"]`}})
	if err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil {
		t.Fatalf("getUpdates(allowed callback_query) = %+v, %v; want only the callback", ups, err)
	}
	p.Send("b") // excluded by the remembered setting
	ups, _, _ = getUpdates(testCtx(t), s, url.Values{"offset": {itoa(ups[0].ID + 1)}})
	if len(ups) != 0 {
		t.Errorf("getUpdates without allowed_updates = %d updates, want the earlier filter kept", len(ups))
	}
}

func TestCloseReleasesLongPoll(t *testing.T) {
	s := New()
	done := make(chan apiReply)
	go func() {
		_, r, _ := getUpdates(context.Background(), s, url.Values{"timeout": {"50"}})
		done <- r
	}()
	waitPolling(t, s)
	s.Close() // httptest's Close waits for every handler to return
	if r := <-done; !r.OK {
		t.Errorf("poll released by Close = %+v, want an empty ok answer", r)
	}
}

func TestClientPollerReceivesEveryKindOfUpdate(t *testing.T) {
	s := newServer(t)
	var (
		mu  sync.Mutex
		got []*models.Update
	)
	arrived := make(chan struct{}, 10)
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithSkipGetMe(), bot.WithNotAsyncHandlers(),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) {
			mu.Lock()
			got = append(got, u)
			mu.Unlock()
			arrived <- struct{}{}
		}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(testCtx(t))
	stopped := make(chan struct{})
	go func() { b.Start(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	p := s.User(11, "An", "vi")
	sent := send(t, b, p.ChatID(), "hi")
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: p.ChatID(), MessageID: sent.ID,
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Yes", CallbackData: "y"}}}}}); err != nil {
		t.Fatal(err)
	}
	p.Command("start", "ref_42")
	p.Edit(p.LastSentID(), "/start ref_43")
	if _, err := p.Press(p.Last(), "Yes"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		select {
		case <-arrived:
		case <-ctx.Done():
			t.Fatal("updates did not arrive")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if m := got[0].Message; m == nil || m.Text != "/start ref_42" || len(m.Entities) != 1 ||
		m.Entities[0].Type != models.MessageEntityTypeBotCommand || m.Entities[0].Length != 6 || m.Date == 0 {
		t.Errorf("message update = %+v, want /start with a bot_command entity of length 6", m)
	}
	if m := got[1].EditedMessage; m == nil || m.Text != "/start ref_43" || m.EditDate == 0 {
		t.Errorf("edited_message update = %+v", m)
	}
	q := got[2].CallbackQuery
	if q == nil || q.Data != "y" || q.From.ID != 11 || q.Message.Message == nil || q.Message.Message.ID != sent.ID {
		t.Fatalf("callback_query update = %+v, want data y on message %d, accessible", q, sent.ID)
	}
}
