package bot

import (
	"sync"
	"testing"
	"time"
)

// manualClock moves only when the test says so.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.Now().Add(d)
	return ch
}

func (c *manualClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newManualLimiter() (*limiter, *manualClock) {
	clk := &manualClock{now: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	return newLimiter(DefaultLimits, clk), clk
}

// send reserves and settles at once, reporting the wait when refused.
func sendNow(l *limiter, chat int64) time.Duration {
	key := pauseKey(chat, "sendMessage")
	r, wait := l.reserve(key, chat, true)
	if r != nil {
		r.settle(key, true, 0)
	}
	return wait
}

func TestLimiterPrivateChatBurstThenOnePerSecond(t *testing.T) {
	l, clk := newManualLimiter()
	for i := range 3 {
		if wait := sendNow(l, 7); wait != 0 {
			t.Fatalf("send %d of the burst waited %v", i+1, wait)
		}
	}
	wait := sendNow(l, 7)
	if wait < 999*time.Millisecond || wait > time.Second {
		t.Errorf("4th send: wait %v, want 1s", wait)
	}
	if other := sendNow(l, 8); other != 0 {
		t.Errorf("another chat waited %v", other)
	}
	clk.add(wait)
	if again := sendNow(l, 7); again != 0 {
		t.Errorf("after the wait: %v", again)
	}
}

func TestLimiterGlobalWindow(t *testing.T) {
	l, clk := newManualLimiter()
	for chat := int64(1); chat <= 30; chat++ {
		if wait := sendNow(l, chat); wait != 0 {
			t.Fatalf("send %d waited %v", chat, wait)
		}
		clk.add(10 * time.Millisecond)
	}
	// 30 sends from t=0 to t=290ms; at t=300ms the 31st fits when the
	// first leaves the window, at t=1s.
	if wait := sendNow(l, 31); wait != 700*time.Millisecond {
		t.Errorf("31st send: wait %v, want 700ms", wait)
	}
}

func TestLimiterCountsSendsInFlight(t *testing.T) {
	l, _ := newManualLimiter()
	key := pauseKey(7, "sendMessage")
	var held []*reservation
	for range 3 {
		r, _ := l.reserve(key, 7, true)
		if r == nil {
			t.Fatal("burst refused")
		}
		held = append(held, r)
	}
	if r, wait := l.reserve(key, 7, true); r != nil || wait == 0 {
		t.Error("a 4th concurrent send went while 3 were in flight")
	}
	for _, r := range held {
		r.settle(key, true, 0)
	}
}

func TestLimiterGroupPerMinute(t *testing.T) {
	l, clk := newManualLimiter()
	for i := range 20 {
		if wait := sendNow(l, -100); wait != 0 {
			t.Fatalf("group send %d waited %v", i+1, wait)
		}
		clk.add(time.Second)
	}
	if wait := sendNow(l, -100); wait != 40*time.Second {
		t.Errorf("21st group send: wait %v, want 40s", wait)
	}
}

func TestLimiterPauses(t *testing.T) {
	l, clk := newManualLimiter()
	key := pauseKey(7, "sendMessage")
	r, _ := l.reserve(key, 7, true)
	r.settle(key, false, 5*time.Second)
	if _, wait := l.reserve(pauseKey(7, "deleteMessage"), 7, false); wait != 5*time.Second {
		t.Errorf("delete in a paused chat: wait %v, want 5s", wait)
	}
	if r, wait := l.reserve(pauseKey(8, "sendMessage"), 8, false); r == nil {
		t.Errorf("one chat's 429 paused chat 8 for %v", wait)
	}
	// 429s in a row from several chats pause everything.
	for _, chat := range []int64{9, 10} {
		k := pauseKey(chat, "sendMessage")
		r, _ := l.reserve(k, chat, true)
		r.settle(k, false, 30*time.Second)
	}
	if wait := sendNow(l, 11); wait != 30*time.Second {
		t.Errorf("after 429s from 3 chats: chat 11 waits %v, want 30s", wait)
	}
	clk.add(30 * time.Second)
	if wait := sendNow(l, 11); wait != 0 {
		t.Errorf("after the pause: %v", wait)
	}
}

func TestBackoff(t *testing.T) {
	for n := range 12 {
		d := backoff(time.Second, 30*time.Second, n)
		hi := min(30*time.Second, time.Second<<n)
		if d < hi/2 || d > hi {
			t.Errorf("backoff(%d) = %v, want within [%v, %v]", n, d, hi/2, hi)
		}
	}
}

// TestLimitsDefaultsFieldByField: a zero field takes the default, and only
// that field: raising Global alone must not fall back to 30 a second.
func TestLimitsDefaultsFieldByField(t *testing.T) {
	got := Limits{Global: 1000, PrivateRate: 50}.withDefaults()
	want := DefaultLimits
	want.Global, want.PrivateRate = 1000, 50
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
	if got := (Limits{}).withDefaults(); got != DefaultLimits {
		t.Errorf("zero Limits = %+v, want the defaults %+v", got, DefaultLimits)
	}
}
