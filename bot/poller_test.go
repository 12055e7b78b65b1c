package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

func newPoller(t *testing.T, e *env, h Handler, cfg PollerConfig) *Poller {
	t.Helper()
	if cfg.RetryDelay == 0 {
		cfg.RetryDelay = time.Millisecond
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 50 * time.Millisecond
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Second // short long-polls keep shutdown quick
	}
	p, err := NewPoller(e.c, h, cfg)
	if err != nil {
		t.Fatalf("NewPoller: %v", err)
	}
	return p
}

func TestPollerOrderPerChatAndParallelChats(t *testing.T) {
	e := newEnv(t, envOpts{})
	an, binh, chi := e.srv.User(101, "An", "vi"), e.srv.User(102, "Bình", "vi"), e.srv.User(103, "Chi", "vi")
	var want []string
	var last int64
	for i := range 20 {
		want = append(want, fmt.Sprintf("m%02d", i))
		an.Send(want[i])
	}
	binh.Send("b")
	last = chi.Send("c")

	// An's first update waits until Bình's and Chi's arrive: only
	// parallel chats get past this; a sequential poller would time out.
	bArrived, cArrived := make(chan struct{}), make(chan struct{})
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		switch {
		case ev.ChatID == binh.ChatID():
			close(bArrived)
		case ev.ChatID == chi.ChatID():
			close(cArrived)
		case ev.ChatID == an.ChatID() && ev.Text == "m00":
			for _, other := range []chan struct{}{bArrived, cArrived} {
				select {
				case <-other:
				case <-time.After(10 * time.Second):
					return errors.New("another chat never ran while chat 101 was busy")
				}
			}
		}
		return nil
	})
	run(t, newPoller(t, e, h, PollerConfig{Workers: 3, Attempts: 1}).Run)
	if err := e.srv.WaitConfirmed(testCtx(t), last); err != nil {
		t.Fatalf("WaitConfirmed: %v", err)
	}
	if got := texts(h.events(), an.ChatID()); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("chat 101 handled %v, want %v", got, want)
	}
	if n := len(h.setAside()); n != 0 {
		t.Errorf("%d updates set aside, want 0", n)
	}
	if got := h.done(); got != 22 {
		t.Errorf("handled %d updates, want 22", got)
	}
}

func TestPollerConfirmsOnlyAfterHandling(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	id := an.Send("hello")
	entered, release := make(chan struct{}), make(chan struct{})
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		close(entered)
		<-release
		return nil
	})
	run(t, newPoller(t, e, h, PollerConfig{}).Run)
	<-entered
	if got := e.srv.Pending(); got != 1 {
		t.Errorf("Pending() = %d while the handler runs, want 1 (not confirmed yet)", got)
	}
	close(release)
	if err := e.srv.WaitConfirmed(testCtx(t), id); err != nil {
		t.Fatalf("WaitConfirmed: %v", err)
	}
}

func TestPollerRestartGetsUnconfirmedUpdatesAgain(t *testing.T) {
	e := newEnv(t, envOpts{})
	an, binh := e.srv.User(101, "An", "vi"), e.srv.User(102, "Bình", "vi")
	a1, a2, b1 := an.Send("a1"), an.Send("a2"), binh.Send("b1")

	entered, release := make(chan struct{}), make(chan struct{})
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		if ev.UpdateID == a2 {
			close(entered)
			<-release
			return errors.New("database is locked")
		}
		return nil
	})
	stop, result := run(t, newPoller(t, e, h, PollerConfig{Attempts: 5}).Run)
	<-entered
	stop() // shutdown while a2 is in its transaction…
	close(release)
	if err := <-result; err != nil { // …which finishes (and fails) before Run returns
		t.Fatalf("first poller: Run = %v, want nil", err)
	}
	if got := e.srv.Pending(); got != 3 {
		t.Fatalf("Pending() after the first poller = %d, want 3 (a2 failed, so nothing of the batch is confirmed)", got)
	}

	h.setFn(nil)
	run(t, newPoller(t, e, h, PollerConfig{}).Run)
	if err := e.srv.WaitConfirmed(testCtx(t), b1); err != nil {
		t.Fatalf("WaitConfirmed: %v", err)
	}
	if got := h.callsOf(a1); got != 2 {
		t.Errorf("a1 reached the handler %d times, want 2 (again after restart, a no-op)", got)
	}
	var got []string
	for _, ev := range h.events() {
		got = append(got, ev.Text)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a1", "a2", "b1"}) {
		t.Errorf("committed %v, want a1, a2 and b1 once each", got)
	}
	if first, again := texts(h.events(), an.ChatID()), []string{"a1", "a2"}; strings.Join(first, " ") != strings.Join(again, " ") {
		t.Errorf("chat 101 committed %v, want %v", first, again)
	}
}

func TestPollerConflictStopsRun(t *testing.T) {
	t.Run("second poller", func(t *testing.T) {
		e := newEnv(t, envOpts{})
		e.srv.FailNext("getUpdates", 1, 409, 0)
		_, result := run(t, newPoller(t, e, newFakeHandler(nil), PollerConfig{}).Run)
		err := <-result
		if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "another process is polling this bot") {
			t.Errorf("Run = %v, want ErrConflict naming another poller", err)
		}
	})
	t.Run("webhook set", func(t *testing.T) {
		e := newEnv(t, envOpts{})
		an := e.srv.User(101, "An", "vi")
		h := newFakeHandler(nil)
		_, result := run(t, newPoller(t, e, h, PollerConfig{}).Run)
		an.Send("x")
		h.waitDone(t, 1) // polling is under way
		if err := e.c.SetWebhook(testCtx(t), "https://example.org/hook", "s3cret"); err != nil {
			t.Fatalf("SetWebhook: %v", err)
		}
		err := <-result
		if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "webhook is set") || !strings.Contains(err.Error(), "webhook flags") {
			t.Errorf("Run = %v, want ErrConflict naming the webhook and the flags", err)
		}
	})
}

func TestPollerWaitsRetryAfter(t *testing.T) {
	clk := newTestClock(50)
	e := newEnv(t, envOpts{clock: clk})
	an := e.srv.User(101, "An", "vi")
	e.srv.FailNext("getUpdates", 1, 429, 5)
	id := an.Send("x")
	start := clk.Now()
	run(t, newPoller(t, e, newFakeHandler(nil), PollerConfig{}).Run)
	if err := e.srv.WaitConfirmed(testCtx(t), id); err != nil {
		t.Fatalf("WaitConfirmed: %v", err)
	}
	if v := e.srv.Violations(); len(v) != 0 {
		t.Errorf("violations %+v, want none (getUpdates came back before retry_after)", v)
	}
	if waited := clk.Now().Sub(start); waited < 5*time.Second {
		t.Errorf("handled after %v, want at least the 5s retry_after", waited)
	}
}

func TestPollerKeepsGoingAfterServerErrors(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	e.srv.FailNext("getUpdates", 2, 502, 0)
	e.srv.FailNext("getUpdates", 1, 500, 0)
	id := an.Send("x")
	run(t, newPoller(t, e, newFakeHandler(nil), PollerConfig{}).Run)
	if err := e.srv.WaitConfirmed(testCtx(t), id); err != nil {
		t.Fatalf("WaitConfirmed: %v", err)
	}
}

func TestPollerPoisonUpdate(t *testing.T) {
	e := newEnv(t, envOpts{})
	an, binh := e.srv.User(101, "An", "vi"), e.srv.User(102, "Bình", "vi")
	poison := an.Send("poison")
	an.Send("after")
	binh.Send("b1")
	binh.Send("b2")
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		if ev.Text == "poison" {
			var m map[string]int
			m["x"]++ // a nil-map panic, as a bug in a conversation would
		}
		return nil
	})
	run(t, newPoller(t, e, h, PollerConfig{Attempts: 3}).Run)
	h.waitDone(t, 4)
	if got := h.callsOf(poison); got != 3 {
		t.Errorf("poison update tried %d times, want 3", got)
	}
	asides := h.setAside()
	if len(asides) != 1 || asides[0].UpdateID != poison {
		t.Fatalf("set aside %+v, want only update %d", asides, poison)
	}
	if f := h.faults[0]; f.Class != flows.FaultPanic || !strings.Contains(f.Op, "TestPollerPoisonUpdate") {
		t.Errorf("fault %+v, want a panic in the test's handler", f)
	}
	if got := texts(h.events(), an.ChatID()); len(got) != 1 || got[0] != "after" {
		t.Errorf("chat 101 committed %v, want [after]", got)
	}
	if got := texts(h.events(), binh.ChatID()); len(got) != 2 {
		t.Errorf("chat 102 committed %v, want [b1 b2]", got)
	}
	// The loop goes on.
	id := binh.Send("b3")
	if err := e.srv.WaitConfirmed(testCtx(t), id); err != nil {
		t.Fatalf("WaitConfirmed after the poison: %v", err)
	}
}

func TestPollerCallbackAnsweredFirst(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	answered := make(chan bool, 3)
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		if ev.Kind == flows.EventButton {
			cbs := an.Callbacks()
			answered <- cbs[len(cbs)-1].Answered
		}
		return nil
	})
	run(t, newPoller(t, e, h, PollerConfig{}).Run)

	b, err := bot(e).SendMessage(testCtx(t), sendParams(an.ChatID(), "card", "OK", "rec:1:ok"))
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	msgs, _ := an.WaitMessages(testCtx(t), 1)
	if _, err := an.Press(msgs[0], "OK"); err != nil {
		t.Fatal(err)
	}
	if !<-answered {
		t.Error("callback not answered before Handle")
	}
	// A failed answer does not stop the press from being handled.
	e.srv.FailNext("answerCallbackQuery", 1, 400, 0)
	an.PressData(b.ID, "again")
	<-answered
	// A press on a message that is gone still arrives, with its chat.
	id := an.PressData(9999, "stale")
	<-answered
	h.waitDone(t, 3)
	evs := h.events()
	last := evs[len(evs)-1]
	if last.UpdateID != id || last.ChatID != an.ChatID() || last.MessageID != 9999 || last.Data != "stale" || !last.Private {
		t.Errorf("stale press = %+v, want chat %d, message 9999, data stale", last, an.ChatID())
	}
	if evs[0].Data != "rec:1:ok" || evs[0].MessageID != b.ID {
		t.Errorf("press = %+v, want data rec:1:ok on message %d", evs[0], b.ID)
	}
}

func TestPollerDownloadsDocuments(t *testing.T) {
	e := newEnv(t, envOpts{maxDownload: 1000})
	an := e.srv.User(101, "An", "vi")
	small := make([]byte, 1000)
	for i := range small {
		small[i] = byte(i)
	}
	an.SendDocument("danh sách.xlsx", small, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	an.SendDocument("big.xlsx", make([]byte, 1001), "application/octet-stream")
	an.InGroup(-500).SendDocument("group.xlsx", small, "application/octet-stream")
	h := newFakeHandler(nil)
	run(t, newPoller(t, e, h, PollerConfig{}).Run)
	h.waitDone(t, 3)
	byName := map[string]*flows.Document{}
	for _, ev := range h.events() {
		if ev.Kind != flows.EventDocument || ev.Doc == nil {
			t.Fatalf("event %+v, want a document", ev)
		}
		byName[ev.Doc.Name] = ev.Doc
	}
	if d := byName["danh sách.xlsx"]; d == nil || string(d.Data) != string(small) || d.Size != 1000 {
		t.Errorf("small document = %+v, want its 1000 bytes intact", d)
	}
	if d := byName["big.xlsx"]; d == nil || d.Data != nil || d.Size != 1001 {
		t.Errorf("big document = %+v, want Data nil and Size 1001", d)
	}
	if d := byName["group.xlsx"]; d == nil || d.Data != nil {
		t.Errorf("group document = %+v, want not downloaded", d)
	}
}

func TestNewPollerRefusesLongTimeout(t *testing.T) {
	e := newEnv(t, envOpts{})
	if _, err := NewPoller(e.c, newFakeHandler(nil), PollerConfig{Timeout: 10 * time.Minute}); err == nil {
		t.Error("NewPoller accepted a 10-minute long poll, longer than the HTTP backstop")
	}
	short := newEnv(t, envOpts{httpClient: &http.Client{Timeout: 30 * time.Second}})
	if _, err := NewPoller(short.c, newFakeHandler(nil), PollerConfig{}); err == nil {
		t.Error("NewPoller accepted a 50s long poll over an HTTP client that times out after 30s")
	}
}

func TestPollerDoesNotConfirmWhenSetAsideFails(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	poison := an.Send("poison")
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error { return errBoom })
	h.failAside = 1
	run(t, newPoller(t, e, h, PollerConfig{Attempts: 2, RetryDelay: 50 * time.Millisecond}).Run)
	h.waitFor(t, "a failed SetAside", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.asideTries >= 1
	})
	if got := e.srv.Pending(); got != 1 {
		t.Errorf("Pending() = %d after SetAside failed, want 1: the update must not be confirmed", got)
	}
	if err := e.srv.WaitConfirmed(testCtx(t), poison); err != nil {
		t.Fatalf("WaitConfirmed: %v", err)
	}
	if got := h.callsOf(poison); got != 3 {
		t.Errorf("Handle called %d times, want 3 (2 attempts, SetAside failed, once more before it is set aside again)", got)
	}
	if n := len(h.setAside()); n != 1 {
		t.Errorf("set aside %d times, want 1", n)
	}
}

func TestPollerAnswersPressesBeforeEarlierUpdatesFinish(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	an.Send("slow")
	press := an.PressData(1, "x")
	answered := make(chan struct{})
	e.srv.Hook("answerCallbackQuery", func(context.Context, telegramtest.Call) *telegramtest.APIError {
		close(answered)
		return nil
	})
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		if ev.Text == "slow" {
			select {
			case <-answered: // the press behind this update is answered already
			case <-time.After(10 * time.Second):
				return errors.New("press not answered while an earlier update ran")
			}
		}
		return nil
	})
	run(t, newPoller(t, e, h, PollerConfig{Attempts: 1}).Run)
	if err := e.srv.WaitConfirmed(testCtx(t), press); err != nil {
		t.Fatal(err)
	}
	if got := texts(h.events(), an.ChatID()); len(got) != 2 || got[0] != "slow" {
		t.Errorf("chat 101 committed %q, want the text, then the press", got)
	}
}
