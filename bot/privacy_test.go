package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

// lockedBuffer collects log output from many goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogsHoldNoPersonalData runs updates and replies full of personal
// data through every path, failures included, and searches the logs.
func TestLogsHoldNoPersonalData(t *testing.T) {
	const (
		userID  = 5550123987
		name    = "Nguyễn Văn Bình"
		idNo    = "001090012345"
		phone   = "0912345678"
		blocked = 5550777111
	)
	var logs lockedBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := newEnv(t, envOpts{logger: logger})
	binh := e.srv.User(userID, name, "vi")
	other := e.srv.User(blocked, "Trần Thị "+phone, "vi")
	e.srv.Block(other.ChatID())

	ob := &fakeOutbox{}
	startSender(t, e, ob, SenderConfig{})
	var failed sync.Once
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		var err error
		failed.Do(func() { err = errBoom })
		if err != nil {
			return err
		}
		if ev.Kind == flows.EventCommand {
			panic(ev.Args) // a poison update whose panic value is personal data
		}
		reply := flows.Out{Kind: flows.OutSend, ChatID: ev.ChatID, Personal: true,
			Text:    "Hồ sơ: " + ev.UserName + " · CCCD " + idNo + " · SĐT " + phone,
			Buttons: [][]flows.Button{{{Text: name, Data: "rec:" + idNo}}}}
		ob.add(reply)
		return nil
	})
	// Bình's first replies fail with a 400, a 500 and a 429; the other
	// person blocked the bot (403).
	var failures = []*telegramtest.APIError{
		{Code: 400, Description: "Bad Request: can't parse entities"}, {Code: 500, Description: "Internal Server Error"},
		{Code: 429, Description: "Too Many Requests: retry after 1", RetryAfter: 1},
	}
	var mu sync.Mutex
	e.srv.Hook("sendMessage", func(ctx context.Context, c telegramtest.Call) *telegramtest.APIError {
		mu.Lock()
		defer mu.Unlock()
		if c.ChatID != userID || len(failures) == 0 {
			return nil
		}
		f := failures[0]
		failures = failures[1:]
		return f
	})
	e.srv.FailNext("getUpdates", 1, 502, 0)
	e.srv.FailNext("answerCallbackQuery", 1, 400, 0)
	run(t, newPoller(t, e, h, PollerConfig{Attempts: 3}).Run)

	binh.Send("Tôi là " + name + ", CCCD " + idNo + ", SĐT " + phone)
	first := binh.LastSentID()
	binh.Command("find", name)
	binh.SendDocument(name+" "+phone+".xlsx", []byte("Họ tên,"+name+","+idNo), "text/csv")
	binh.PressData(1, "rec:"+idNo)
	if _, err := binh.Edit(first, name+" "+idNo); err != nil {
		t.Fatal(err)
	}
	last := other.Send(idNo)
	if err := e.srv.WaitConfirmed(testCtx(t), last); err != nil {
		t.Fatal(err)
	}
	ob.waitSettled(t)

	out := logs.String()
	for _, want := range []string{ChatHash([]byte("test key"), userID), "update set aside", "handler panic", "chat unreachable",
		"message dropped", "message retry", "poll failed", "callback answer failed", `"kind":"edited_message"`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %q: the run did not take every path", want)
		}
	}
	for _, secret := range []string{name, "Bình", "Nguyễn", "Trần", idNo, phone, strconv.Itoa(userID), strconv.Itoa(blocked), e.srv.Token(), "Tôi là", "Họ tên"} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("logs:\n%s", out)
	}
}

func TestErrorsNeverCarryTheToken(t *testing.T) {
	const token = "123456:AAHsecretTokenValue"
	raw := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + token + "/sendMessage", Err: syscall.ECONNREFUSED}
	for _, err := range []error{raw, stripURL("getUpdates", raw), errors.Join(errors.New("wrapped"), raw)} {
		if d := describe(err); strings.Contains(d, token) || d == "" {
			t.Errorf("describe(%T) = %q", err, d)
		}
	}
	if got := stripURL("getUpdates", raw).Error(); got != "getUpdates: connection refused" {
		t.Errorf("stripURL = %q", got)
	}
	// A Client that cannot reach its server says so without the URL.
	_, err := NewClient(testCtx(t), ClientConfig{Token: token, APIURL: "http://127.0.0.1:1"})
	if err == nil || strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "AAH") {
		t.Errorf("NewClient error = %v", err)
	}
	// The last line of defence: the token never reaches the log output.
	var buf bytes.Buffer
	log := slog.New(newRedactHandler(slog.NewTextHandler(&buf, nil), token))
	log.With("url", "/bot"+token+"/x").WithGroup("g").Info("call "+token, "err", raw, "s", token, slog.Group("x", "y", token))
	if strings.Contains(buf.String(), token) || strings.Count(buf.String(), "<token>") != 5 {
		t.Errorf("redacted log: %s", buf.String())
	}
}

func TestChatHash(t *testing.T) {
	a, b := ChatHash([]byte("k1"), 42), ChatHash([]byte("k2"), 42)
	if a == b || len(a) != 16 || a != ChatHash([]byte("k1"), 42) || a == ChatHash([]byte("k1"), 43) {
		t.Errorf("ChatHash: %q %q", a, b)
	}
	if strings.Contains(a, "42") && a == "42" {
		t.Error("ChatHash returned the id")
	}
}
