package bot

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

// A 4xx to one call (404 to sendPhoto, 401 to sendMessage) fails that one
// item; the Sender goes on with the next.
func TestSender4xxFailsOneItemAndGoesOn(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	e.srv.FailNextWith("sendPhoto", 1, &telegramtest.APIError{Code: 404, Description: "Not Found"})
	e.srv.FailNextWith("sendMessage", 1, &telegramtest.APIError{Code: 401, Description: "Unauthorized"})
	ob := &fakeOutbox{}
	m := &Metrics{}
	ob.add(
		flows.Out{Kind: flows.OutPhoto, ChatID: an.ChatID(), File: &flows.File{Name: "tien-do.png", Data: []byte("not drawn")}},
		send(an.ChatID(), "first"),
		send(an.ChatID(), "second"),
	)
	startSender(t, e, ob, SenderConfig{Metrics: m})
	ob.waitSettled(t)
	for id, want := range map[int64]string{1: "dropped", 2: "dropped", 3: "sent"} {
		if got := ob.snapshot(id).state; got != want {
			t.Errorf("item %d = %s, want %s", id, got, want)
		}
	}
	if r := ob.snapshot(1).reasons; len(r) != 1 || !strings.HasPrefix(r[0], "404") {
		t.Errorf("photo dropped for %q, want the 404", r)
	}
	if msgs := an.Messages(); len(msgs) != 1 || msgs[0].Text != "second" {
		t.Errorf("messages %v, want only the second", rawTexts(msgs))
	}
	if m.Dropped.Load() != 2 || m.Sent.Load() != 1 {
		t.Errorf("metrics: %d dropped, %d sent; want 2 and 1", m.Dropped.Load(), m.Sent.Load())
	}
}

// A file given as a stream (Open, the outbox's blob) is sent whole, and
// its stream closed.
func TestSenderStreamsFiles(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	data := bytes.Repeat([]byte("0123456789"), 100_000)
	closed := false
	open := func() (io.ReadCloser, error) {
		return readCloser{Reader: bytes.NewReader(data), close: func() { closed = true }}, nil
	}
	ob := &fakeOutbox{}
	ob.add(flows.Out{Kind: flows.OutFile, ChatID: an.ChatID(), File: &flows.File{Name: "xuat.xlsx", Open: open}})
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	msgs := an.Messages()
	if len(msgs) != 1 || msgs[0].Document == nil || !bytes.Equal(msgs[0].Document.Data, data) {
		t.Fatalf("got %d messages, want the 1 MB document intact", len(msgs))
	}
	ob.mu.Lock()
	defer ob.mu.Unlock()
	if !closed {
		t.Error("the file's stream was not closed")
	}
}

type readCloser struct {
	io.Reader
	close func()
}

func (r readCloser) Close() error {
	r.close()
	return nil
}

// After a 429 the Sender sleeps until the item is due again, not until a
// poll: with an hour between polls the message still goes right after
// retry_after.
func TestSenderWakesWhenARetryIsDue(t *testing.T) {
	clk := newTestClock(20)
	e := newEnv(t, envOpts{clock: clk})
	an := e.srv.User(101, "An", "vi")
	e.srv.FailNext("sendMessage", 1, 429, 5)
	ob := &fakeOutbox{}
	ob.add(send(an.ChatID(), "sau 429"))
	startSender(t, e, ob, SenderConfig{PollEvery: time.Hour})
	start := clk.Now()
	msgs, err := an.WaitMessages(testCtx(t), 1)
	if err != nil {
		t.Fatalf("the message never came: %v", err)
	}
	if wait := msgs[0].Date.Sub(start); wait < 4*time.Second || wait > time.Minute {
		t.Errorf("sent %v after the 429, want just after its 5 s retry_after", wait)
	}
}

// Items not sent within the privacy window are expired: dropped, counted.
func TestSenderExpiresItemsPastThePrivacyWindow(t *testing.T) {
	clk := newTestClock(1)
	e := newEnv(t, envOpts{clock: clk})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{}
	ids := ob.add(send(an.ChatID(), "cũ"), send(an.ChatID(), "mới"))
	ob.mu.Lock()
	// The old one waits on a long 429 since before the window; the new one
	// is behind it.
	ob.item(ids[0]).created = clk.Now().Add(-25 * time.Hour)
	ob.item(ids[0]).notBefore = clk.Now().Add(time.Hour)
	ob.item(ids[1]).created = clk.Now()
	ob.mu.Unlock()
	m := &Metrics{}
	startSender(t, e, ob, SenderConfig{Metrics: m})
	ob.waitSettled(t)
	if it := ob.snapshot(ids[0]); it.state != "dropped" || it.reasons[0] != "expired" {
		t.Errorf("old item = %s %v, want dropped as expired", it.state, it.reasons)
	}
	if msgs := an.Messages(); len(msgs) != 1 || msgs[0].Text != "mới" {
		t.Errorf("messages %v, want only the new one", rawTexts(msgs))
	}
	if m.Expired.Load() != 1 {
		t.Errorf("Expired = %d, want 1", m.Expired.Load())
	}
}
