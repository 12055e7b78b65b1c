package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

func TestPollerWaitsOutTransientFaultWhileOtherChatsGoOn(t *testing.T) {
	e := newEnv(t, envOpts{})
	an, binh := e.srv.User(101, "An", "vi"), e.srv.User(102, "Bình", "vi")
	a1 := an.Send("a1")
	an.Send("a2")
	binh.Send("b1")
	back := make(chan struct{}) // closed when the session store is back
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		if ev.ChatID != an.ChatID() {
			return nil
		}
		select {
		case <-back:
			return nil
		default:
			return flows.Op("sessions get", flows.Transient(errors.New("dial tcp: connection refused")))
		}
	})
	m := &Metrics{}
	// One worker: the waiting chat must give its place to the others.
	run(t, newPoller(t, e, h, PollerConfig{Workers: 1, Attempts: 3, RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Millisecond,
		CatchUp: 10 * time.Millisecond, Metrics: m}).Run)
	handled := func(p *telegramtest.Person, n int) func() bool {
		return func() bool { return len(texts(h.events(), p.ChatID())) == n }
	}
	h.waitFor(t, "b1 handled while a1 waits", handled(binh, 1))
	binh.Send("b2") // arrives while a1 waits: the poller must still fetch and run it
	h.waitFor(t, "b2 handled while a1 waits", handled(binh, 2))
	h.waitFor(t, "a1 tried more often than Attempts", func() bool { return h.callsOf(a1) > 5 })
	if got := e.srv.Pending(); got != 4 {
		t.Errorf("Pending() = %d while a1 waits, want 4: nothing from a1 on may be confirmed", got)
	}
	if got := h.callsOf(a1 + 1); got != 0 {
		t.Errorf("a2 handled %d times while a1 waits, want 0: the chat keeps its order", got)
	}
	close(back)
	h.waitFor(t, "a1 and a2 handled", handled(an, 2))
	if err := e.srv.WaitConfirmed(testCtx(t), a1+3); err != nil {
		t.Fatal(err)
	}
	if got := texts(h.events(), an.ChatID()); strings.Join(got, " ") != "a1 a2" {
		t.Errorf("chat 101 handled %v, want [a1 a2]", got)
	}
	if n := len(h.setAside()); n != 0 {
		t.Errorf("%d updates set aside, want none: the fault was transient", n)
	}
	if m.TransientRetries.Load() < 5 || m.UpdatesHandled.Load() != 4 {
		t.Errorf("metrics: %d transient retries, %d handled; want ≥ 5 and 4", m.TransientRetries.Load(), m.UpdatesHandled.Load())
	}
}

func TestPollerDownloadRetriesGetFileFailures(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	an.SendDocument("danh sách.xlsx", []byte("PK\x03\x04 data"), "application/octet-stream")
	e.srv.FailNext("getFile", 2, 502, 0)
	e.srv.FailNext("getFile", 1, 429, 1)
	h := newFakeHandler(nil)
	run(t, newPoller(t, e, h, PollerConfig{Attempts: 1, RetryDelay: time.Millisecond}).Run)
	h.waitDone(t, 1)
	evs := h.events()
	if len(evs) != 1 || evs[0].Doc == nil || string(evs[0].Doc.Data) != "PK\x03\x04 data" {
		t.Fatalf("events %+v, want the document downloaded after getFile failed three times", evs)
	}
	if got := countCalls(e.srv, "getFile"); got != 4 {
		t.Errorf("getFile called %d times, want 4", got)
	}
}

func TestPollerDoesNotDownloadStrangersDocuments(t *testing.T) {
	e := newEnv(t, envOpts{})
	member, stranger := e.srv.User(101, "An", "vi"), e.srv.User(666, "Lạ", "vi")
	stranger.SendDocument("virus.xlsx", []byte("stranger's bytes"), "application/octet-stream")
	member.SendDocument("list.xlsx", []byte("member's bytes"), "application/octet-stream")
	h := newFakeHandler(nil)
	h.members = map[int64]bool{101: true}
	run(t, newPoller(t, e, h, PollerConfig{}).Run)
	h.waitDone(t, 2)
	for _, ev := range h.events() {
		switch {
		case ev.Doc == nil:
			t.Errorf("event %+v has no document", ev)
		case ev.UserID == 666 && (ev.Doc.Data != nil || ev.Doc.Name != "virus.xlsx"):
			t.Errorf("stranger's document = %+v, want handed on unread", ev.Doc)
		case ev.UserID == 101 && string(ev.Doc.Data) != "member's bytes":
			t.Errorf("member's document = %+v, want downloaded", ev.Doc)
		}
	}
	if got := countCalls(e.srv, "getFile"); got != 1 {
		t.Errorf("getFile called %d times, want 1 (the member's only)", got)
	}
}
