package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"lamsach/flows"
)

const testSecret = "s3cret_Token-1"

// newWebhookEnv serves a Webhook over HTTP and registers it with the fake.
func newWebhookEnv(t *testing.T, h Handler) (*env, *httptest.Server) {
	t.Helper()
	e := newEnv(t, envOpts{})
	w, err := NewWebhook(e.c, h, WebhookConfig{Secret: testSecret})
	if err != nil {
		t.Fatalf("NewWebhook: %v", err)
	}
	hs := httptest.NewServer(w)
	t.Cleanup(hs.Close)
	if err := e.c.SetWebhook(testCtx(t), hs.URL+"/telegram", testSecret); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	return e, hs
}

func post(t *testing.T, url, method, secret, body string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(testCtx(t), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestWebhookRefusesBadRequests(t *testing.T) {
	h := newFakeHandler(nil)
	_, hs := newWebhookEnv(t, h)
	update := `{"update_id":5,"message":{"message_id":1,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},"date":1772438400,"text":"x"}}`
	tests := []struct {
		name, method, secret, body string
		want                       int
	}{
		{"missing secret", http.MethodPost, "", update, http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, "s3cret_Token-2", update, http.StatusUnauthorized},
		{"secret prefix", http.MethodPost, "s3cret", update, http.StatusUnauthorized},
		{"GET", http.MethodGet, testSecret, "", http.StatusMethodNotAllowed},
		{"junk", http.MethodPost, testSecret, "<html>", http.StatusBadRequest},
		{"no update id", http.MethodPost, testSecret, `{"message":{}}`, http.StatusBadRequest},
		{"too large", http.MethodPost, testSecret, `{"update_id":6,"message":{"text":"` + strings.Repeat("x", 2<<20) + `"}}`, http.StatusRequestEntityTooLarge},
		{"update the models cannot read", http.MethodPost, testSecret, `{"update_id":7,"message":{"message_id":"x"}}`, http.StatusOK},
		{"good", http.MethodPost, testSecret, update, http.StatusOK},
	}
	for _, tt := range tests {
		if got := post(t, hs.URL, tt.method, tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := h.done(); got != 1 {
		t.Errorf("handled %d updates, want only the good one", got)
	}
}

func TestNewWebhookNeedsSecret(t *testing.T) {
	e := newEnv(t, envOpts{})
	for _, s := range []string{"", "has space", strings.Repeat("a", 257)} {
		if _, err := NewWebhook(e.c, newFakeHandler(nil), WebhookConfig{Secret: s}); err == nil {
			t.Errorf("NewWebhook accepted secret %q", s)
		}
	}
}

func TestWebhookAnswers200OnlyAfterCommit(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		if fail.Load() {
			return errors.New("database is locked")
		}
		return nil
	})
	e, _ := newWebhookEnv(t, h)
	an := e.srv.User(101, "An", "vi")
	an.Send("Nguyễn Văn An")

	n, err := e.srv.DeliverWebhook(testCtx(t))
	if err == nil || n != 0 || !strings.Contains(err.Error(), "500") {
		t.Fatalf("DeliverWebhook with a failing handler = %d, %v; want 0 and a 500", n, err)
	}
	if e.srv.Pending() != 1 || h.done() != 0 {
		t.Fatalf("after a failure: pending %d, handled %d; want 1, 0", e.srv.Pending(), h.done())
	}
	fail.Store(false) // Telegram retries; now the commit works
	if n, err := e.srv.DeliverWebhook(testCtx(t)); err != nil || n != 1 {
		t.Fatalf("DeliverWebhook = %d, %v; want 1 delivered", n, err)
	}
	if got := texts(h.events(), an.ChatID()); len(got) != 1 || got[0] != "Nguyễn Văn An" {
		t.Errorf("committed %v", got)
	}
	if e.srv.Pending() != 0 {
		t.Errorf("pending %d after 200, want 0", e.srv.Pending())
	}
}

func TestWebhookSetsAsidePoisonAfterAttempts(t *testing.T) {
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error { panic("bad update") })
	e, _ := newWebhookEnv(t, h)
	an := e.srv.User(101, "An", "vi")
	msg, err := bot(e).SendMessage(testCtx(t), sendParams(an.ChatID(), "card", "OK", "ok"))
	if err != nil {
		t.Fatal(err)
	}
	an.PressData(msg.ID, "ok")
	for i := 1; i < 3; i++ {
		if _, err := e.srv.DeliverWebhook(testCtx(t)); err == nil {
			t.Fatalf("delivery %d succeeded, want a 5xx", i)
		}
	}
	if n, err := e.srv.DeliverWebhook(testCtx(t)); err != nil || n != 1 {
		t.Fatalf("third delivery = %d, %v; want 200 after setting the update aside", n, err)
	}
	if asides := h.setAside(); len(asides) != 1 || asides[0].Kind != flows.EventButton {
		t.Errorf("set aside %+v, want the button press", asides)
	}
	if cbs := an.Callbacks(); len(cbs) != 1 || !cbs[0].Answered {
		t.Errorf("callbacks %+v, want the press answered (once)", cbs)
	}
	// Later updates flow normally.
	h.setFn(nil)
	an.Send("next")
	if n, err := e.srv.DeliverWebhook(testCtx(t)); err != nil || n != 1 {
		t.Errorf("DeliverWebhook after the poison = %d, %v", n, err)
	}
}

func TestWebhookDeleteWebhookLetsPollerRun(t *testing.T) {
	h := newFakeHandler(nil)
	e, _ := newWebhookEnv(t, h)
	an := e.srv.User(101, "An", "vi")
	id := an.Send("x")
	run(t, newPoller(t, e, h, PollerConfig{}).Run) // deletes the webhook first
	if err := e.srv.WaitConfirmed(testCtx(t), id); err != nil {
		t.Fatalf("WaitConfirmed: %v", err)
	}
}

// textUpdate is the JSON of a text message update of chat (a private chat
// with user chat) sent now.
func textUpdate(id, chat int64, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"A"},"chat":{"id":%d,"type":"private"},"date":%d,"text":%q}}`,
		id, id, chat, chat, time.Now().Unix(), text)
}

func TestWebhookTransientFaultAnswers5xxAndKeepsTheChatsOrder(t *testing.T) {
	var back atomic.Bool
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		if ev.ChatID == 1 && !back.Load() {
			return flows.Transient(errors.New("redis: connection refused"))
		}
		return nil
	})
	_, hs := newWebhookEnv(t, h)
	url := hs.URL + "/telegram"
	for i := range 5 { // more deliveries than Attempts: a transient fault never sets aside
		if code := post(t, url, http.MethodPost, testSecret, textUpdate(10, 1, "a1")); code != http.StatusInternalServerError {
			t.Fatalf("delivery %d of a1 while the store is down = %d, want 500", i+1, code)
		}
	}
	if code := post(t, url, http.MethodPost, testSecret, textUpdate(11, 1, "a2")); code != http.StatusInternalServerError {
		t.Errorf("a2 while a1 waits = %d, want 500", code)
	}
	if n := h.callsOf(11); n != 0 {
		t.Errorf("a2 handled %d times while a1 waits, want 0", n)
	}
	if code := post(t, url, http.MethodPost, testSecret, textUpdate(12, 2, "b1")); code != http.StatusOK {
		t.Errorf("another chat's update while a1 waits = %d, want 200", code)
	}
	back.Store(true)
	for _, step := range []struct {
		id   int64
		text string
		want int
	}{{11, "a2", http.StatusInternalServerError}, {10, "a1", http.StatusOK}, {11, "a2", http.StatusOK}} {
		if code := post(t, url, http.MethodPost, testSecret, textUpdate(step.id, 1, step.text)); code != step.want {
			t.Errorf("%s after the store is back = %d, want %d", step.text, code, step.want)
		}
	}
	if got := texts(h.events(), 1); strings.Join(got, " ") != "a1 a2" {
		t.Errorf("chat 1 handled %v, want [a1 a2]", got)
	}
	if n := len(h.setAside()); n != 0 {
		t.Errorf("%d updates set aside, want none", n)
	}
}
