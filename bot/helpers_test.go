package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

// testClock runs k times faster than real time and can jump ahead, so
// tests of retry_after, rate limits and the privacy window take
// milliseconds. The fake server reads the same clock.
type testClock struct {
	mu     sync.Mutex
	base   time.Time
	start  time.Time
	k      float64
	offset time.Duration
}

func newTestClock(k float64) *testClock {
	return &testClock{base: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), start: time.Now(), k: k}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(c.offset + time.Duration(float64(time.Since(c.start))*c.k))
}

func (c *testClock) After(d time.Duration) <-chan time.Time {
	return time.After(time.Duration(float64(d) / c.k))
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// testCtx is bounded, so a broken test fails instead of hanging.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// env is a fake Telegram and a Client talking to it.
type env struct {
	srv *telegramtest.Server
	c   *Client
	clk Clock
}

type envOpts struct {
	clock       *testClock
	rateLimits  bool
	maxDownload int64
	logger      *slog.Logger
	httpClient  *http.Client
}

func newEnv(t *testing.T, o envOpts) *env {
	t.Helper()
	var sopts []telegramtest.Option
	var clk Clock = realClock{}
	if o.clock != nil {
		sopts = append(sopts, telegramtest.WithClock(o.clock.Now))
		clk = o.clock
	}
	if o.rateLimits {
		sopts = append(sopts, telegramtest.WithRateLimits())
	}
	srv := telegramtest.New(sopts...)
	t.Cleanup(srv.Close)
	logger := o.logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := NewClient(testCtx(t), ClientConfig{Token: srv.Token(), APIURL: srv.URL(), MaxDownload: o.maxDownload,
		HashKey: []byte("test key"), Logger: logger, Clock: clk, HTTPClient: o.httpClient})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return &env{srv: srv, c: c, clk: clk}
}

// testWriter sends log output to t.Log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

// run starts fn in a goroutine and returns a channel with its result; the
// test's cleanup cancels it and waits.
func run(t *testing.T, fn func(ctx context.Context) error) (cancel func(), result <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ch, done := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(done)
		ch <- fn(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("did not stop within 30s of cancellation")
		}
	})
	return cancel, ch
}

// signal is a condition tests wait on without sleeping: every change
// closes the current channel.
type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

func (s *signal) changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

func (s *signal) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
	}
	s.ch = make(chan struct{})
}

// waitFor blocks until cond holds; cond is checked after every change.
func (s *signal) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		ch := s.changed()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-timeout:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// fakeHandler is an in-memory Handler: an update commits once; repeats
// are no-ops, as the real one's processed-update check makes them.
type fakeHandler struct {
	signal
	fn func(ctx context.Context, ev flows.Event) error // before commit; an error aborts it

	mu         sync.Mutex
	processed  map[int64]bool
	committed  []flows.Event
	calls      map[int64]int
	asides     []flows.Event
	faults     []flows.Fault
	failAside  int                      // SetAside fails this many more times
	asideTries int                      // SetAside calls, failed ones included
	members    map[int64]bool           // MayUpload's answer by user; nil: everyone may
	mayErr     func(userID int64) error // MayUpload fails with this when it returns non-nil
}

func newFakeHandler(fn func(ctx context.Context, ev flows.Event) error) *fakeHandler {
	return &fakeHandler{fn: fn, processed: map[int64]bool{}, calls: map[int64]int{}}
}

func (h *fakeHandler) Handle(ctx context.Context, ev flows.Event) error {
	h.mu.Lock()
	h.calls[ev.UpdateID]++
	done := h.processed[ev.UpdateID]
	fn := h.fn
	h.mu.Unlock()
	defer h.notify()
	if done {
		return nil
	}
	if fn != nil {
		if err := fn(ctx, ev); err != nil {
			return err
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.processed[ev.UpdateID] = true
	h.committed = append(h.committed, ev)
	return nil
}

func (h *fakeHandler) SetAside(ctx context.Context, ev flows.Event, f flows.Fault) error {
	defer h.notify()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.asideTries++
	if h.failAside > 0 {
		h.failAside--
		return errors.New("disk I/O error")
	}
	h.processed[ev.UpdateID] = true
	h.asides = append(h.asides, ev)
	h.faults = append(h.faults, f)
	return nil
}

func (h *fakeHandler) MayUpload(ctx context.Context, userID int64) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.mayErr != nil {
		if err := h.mayErr(userID); err != nil {
			return false, err
		}
	}
	return h.members == nil || h.members[userID], nil
}

func (h *fakeHandler) setFn(fn func(ctx context.Context, ev flows.Event) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fn = fn
}

func (h *fakeHandler) events() []flows.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.committed)
}

func (h *fakeHandler) done() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.committed) + len(h.asides)
}

func (h *fakeHandler) callsOf(id int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.calls[id]
}

func (h *fakeHandler) setAside() []flows.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.asides)
}

// waitDone waits until n updates are committed or set aside.
func (h *fakeHandler) waitDone(t *testing.T, n int) {
	t.Helper()
	h.waitFor(t, "handled updates", func() bool { return h.done() >= n })
}

// texts returns the Text (or "/Command Args") of events in chat.
func texts(evs []flows.Event, chat int64) []string {
	var out []string
	for _, ev := range evs {
		if ev.ChatID != chat {
			continue
		}
		if ev.Kind == flows.EventCommand {
			out = append(out, "/"+ev.Command+" "+ev.Args)
			continue
		}
		out = append(out, ev.Text)
	}
	return out
}

var errBoom = errors.New("boom")

// bot returns the go-telegram/bot client of e, for sending directly.
func bot(e *env) *tg.Bot { return e.c.api }

// sendParams is a message with one callback button.
func sendParams(chat int64, text, button, data string) *tg.SendMessageParams {
	return &tg.SendMessageParams{ChatID: chat, Text: text, ReplyMarkup: keyboard([][]flows.Button{{{Text: button, Data: data}}})}
}
