package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"

	"lamsach/flows"
)

// stepClock never really waits: After records the wait, moves the clock
// on by it and fires at once. Tests of back-off read the waits.
type stepClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// newTestIntake is an intake over a client that makes no calls.
func newTestIntake(t *testing.T, h Handler, clk Clock, m *Metrics) *intake {
	c := &Client{clock: clk, hashKey: []byte("k"), log: slog.New(slog.NewTextHandler(testWriter{t}, nil))}
	return newIntake(c, h, c.logger("test"), m, 3, 100*time.Millisecond, time.Minute, time.Minute)
}

// failing is a Handler whose Handle fails with errs in turn, then succeeds.
func failing(errs ...error) *fakeHandler {
	var mu sync.Mutex
	return newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		mu.Lock()
		defer mu.Unlock()
		if len(errs) == 0 {
			return nil
		}
		err := errs[0]
		errs = errs[1:]
		return err
	})
}

func TestIntakeWaitsOutTransientFaults(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	busy := flows.Transient(errors.New("database is locked"))
	var errs []error
	for range 12 {
		errs = append(errs, busy)
	}
	h := failing(errs...)
	clk := &stepClock{now: start}
	m := &Metrics{}
	in := newTestIntake(t, h, clk, m)
	inc := &incoming{ev: flows.Event{UpdateID: 7, ChatID: 1, At: start}}
	if err := in.run(context.Background(), inc, nil); err != nil {
		t.Fatalf("run = %v", err)
	}
	if n := len(h.events()); n != 1 || len(h.setAside()) != 0 {
		t.Fatalf("committed %d, set aside %d; want the update committed after the fault, never set aside", n, len(h.setAside()))
	}
	if got := m.TransientRetries.Load(); got != 12 {
		t.Errorf("TransientRetries = %d, want 12", got)
	}
	// Doubling from 100 ms (each wait drawn from [d/2, d]), capped at a minute.
	for i, w := range clk.waits {
		d := min(100*time.Millisecond<<i, time.Minute)
		if w < d/2 || w > d {
			t.Errorf("wait %d = %v, want in [%v, %v]", i, w, d/2, d)
		}
	}
}

func TestIntakeSetsAsideWhenTelegramWouldHaveDroppedTheUpdate(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		return flows.Op("turn", flows.Op("sessions get", flows.Transient(syscall.ECONNREFUSED)))
	})
	clk := &stepClock{now: start.Add(23 * time.Hour)}
	m := &Metrics{}
	in := newTestIntake(t, h, clk, m)
	inc := &incoming{ev: flows.Event{UpdateID: 7, ChatID: 1, At: start}}
	if err := in.run(context.Background(), inc, nil); err != nil {
		t.Fatalf("run = %v", err)
	}
	if got := clk.Now().Sub(start); got < keepUpdates || got > keepUpdates+time.Minute {
		t.Errorf("set aside %v after the update's date, want just past %v", got, keepUpdates)
	}
	if len(h.faults) != 1 {
		t.Fatalf("set aside %d times, want 1", len(h.faults))
	}
	want := flows.Fault{Class: flows.FaultTransient, Op: "handle/turn/sessions get (syscall.Errno)"}
	if got := h.faults[0]; got.Class != want.Class || !strings.HasSuffix(got.Op, "turn/sessions get (syscall.Errno)") {
		t.Errorf("fault = %+v, want %+v", got, want)
	}
	if m.SetAsideTransient.Load() != 1 {
		t.Errorf("SetAsideTransient = %d, want 1", m.SetAsideTransient.Load())
	}
}

func TestIntakeSetsAsideFailuresThatRepeat(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	h := failing(errBoom, flows.Transient(errBoom), errBoom, errBoom, errBoom)
	clk := &stepClock{now: start}
	in := newTestIntake(t, h, clk, nil)
	inc := &incoming{ev: flows.Event{UpdateID: 7, ChatID: 1, At: start}}
	if err := in.run(context.Background(), inc, nil); err != nil {
		t.Fatalf("run = %v", err)
	}
	// Three failures that are not transient; the transient one between
	// does not count towards them.
	if got := h.callsOf(7); got != 4 {
		t.Errorf("Handle called %d times, want 4", got)
	}
	if len(h.faults) != 1 || h.faults[0].Class != flows.FaultError {
		t.Errorf("faults %+v, want one error", h.faults)
	}
}

func TestIntakeHonoursRetryAfter(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	tooMany := &tg.TooManyRequestsError{Message: "too many requests", RetryAfter: 42}
	h := failing(flows.Op("download document", failedCall("getFile", tooMany, http.StatusTooManyRequests)))
	clk := &stepClock{now: start}
	in := newTestIntake(t, h, clk, nil)
	if err := in.run(context.Background(), &incoming{ev: flows.Event{UpdateID: 7, At: start}}, nil); err != nil {
		t.Fatal(err)
	}
	if len(clk.waits) != 1 || clk.waits[0] != 42*time.Second {
		t.Errorf("waits %v, want the 42 s retry_after", clk.waits)
	}
}

func TestFailedCallIsTransientOnlyWhenItMayPass(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		status    int
		transient bool
	}{
		{"429", &tg.TooManyRequestsError{RetryAfter: 3}, 429, true},
		{"500 JSON", errors.New("error response from telegram for method getFile, 500 Internal Server Error"), 500, true},
		{"502 page", errors.New("error decode response body for method getFile"), 502, true},
		{"connection refused", &netError{op: "getFile", err: syscall.ECONNREFUSED}, 0, true},
		{"download 503", &apiError{code: 503, description: "file download failed"}, 0, true},
		{"download 404", &apiError{code: 404, description: "file download failed"}, 0, false},
		{"400", fmt.Errorf("%w, Bad Request: invalid file_id", tg.ErrorBadRequest), 400, false},
		{"404", fmt.Errorf("%w, Not Found", tg.ErrorNotFound), 404, false},
		{"401", fmt.Errorf("%w, Unauthorized", tg.ErrorUnauthorized), 401, false},
	}
	for _, tc := range tests {
		err := failedCall("getFile", tc.err, tc.status)
		if got := flows.IsTransient(err); got != tc.transient {
			t.Errorf("%s: transient %v, want %v (%v)", tc.name, got, tc.transient, err)
		}
		if !strings.HasPrefix(err.Error(), "getFile: ") {
			t.Errorf("%s: error %q does not name the call", tc.name, err)
		}
	}
}

func TestPanicFaultNamesTheFunction(t *testing.T) {
	h := newFakeHandler(func(ctx context.Context, ev flows.Event) error {
		var m map[string]int
		m["x"]++
		return nil
	})
	in := newTestIntake(t, h, &stepClock{}, nil)
	err := in.try(context.Background(), &incoming{ev: flows.Event{UpdateID: 1}})
	f := faultOf(err)
	if f.Class != flows.FaultPanic || !strings.Contains(f.Op, "TestPanicFaultNamesTheFunction") || !strings.Contains(f.Op, "intake_test.go") {
		t.Errorf("fault = %+v, want a panic in this test's function and file", f)
	}
	if !errors.Is(err, errPanic) {
		t.Errorf("%v is not errPanic", err)
	}
}
