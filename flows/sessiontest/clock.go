package sessiontest

import (
	"sync"
	"time"
)

// Clock is the time the suite runs on. The suite never reads the wall clock
// itself: it measures every duration in ticks and lets time pass with
// Advance, so the same cases run against a store that compares expiry with an
// injected clock (SQLite) and against one whose expiry the server keeps
// (Redis, where TTLs cannot be faked).
//
// Every "still there" check in the suite leaves at least four ticks between
// the elapsed time and the expiry, and every "gone" check waits at least one
// tick past it, so with a real clock the tick is the margin for network and
// scheduling delay.
type Clock interface {
	// Now returns the current time; a store under test reads it for "now".
	Now() time.Time
	// Advance lets at least d pass for the store under test.
	Advance(d time.Duration)
	// Tick is the suite's unit of time.
	Tick() time.Duration
}

// IdleTicks is the idle expiry, in ticks, that the open function passed to
// Run must give the store.
const IdleTicks = 10

// Idle returns the idle expiry the open function passed to Run must give the
// store: IdleTicks ticks of c.
func Idle(c Clock) time.Duration { return IdleTicks * c.Tick() }

// FakeClock is a Clock that moves only when told: Advance is instant, so
// expiry of minutes costs no test time. Use it for stores that take their
// "now" from an injected clock. It is safe for concurrent use.
type FakeClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFakeClock returns a FakeClock standing at a fixed date, so a failing
// case prints the same times on every run.
func NewFakeClock() *FakeClock {
	return &FakeClock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
}

// Now returns the clock's current time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d at once.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Tick is a minute: with a fake clock the suite runs on realistic durations
// (a ten-minute idle expiry) at no cost.
func (c *FakeClock) Tick() time.Duration { return time.Minute }

// RealClock is the wall clock with a short tick, for stores whose expiry is
// kept by a server (Redis TTLs): Advance really sleeps, and the tick is
// chosen small so that a whole expiry case takes a fraction of a second.
type RealClock struct {
	tick time.Duration
}

// NewRealClock returns the wall clock with the given tick. The tests use
// 100ms: the slowest case takes about two seconds, and every check that
// expects a key to still be there has 400ms of slack, which a loaded
// machine running the race detector needs (25ms proved flaky).
func NewRealClock(tick time.Duration) RealClock { return RealClock{tick: tick} }

// Now returns the wall-clock time.
func (c RealClock) Now() time.Time { return time.Now() }

// Advance sleeps for d: the server's clock is the one that has to move, and
// nothing else can move it.
func (c RealClock) Advance(d time.Duration) { time.Sleep(d) }

// Tick returns the tick given to NewRealClock.
func (c RealClock) Tick() time.Duration { return c.tick }
