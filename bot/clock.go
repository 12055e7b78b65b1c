package bot

import (
	"context"
	"math/rand/v2"
	"time"
)

// Clock tells the time and waits. Rate limits, retry_after windows, back-off
// and the privacy window all read it, so tests can run them on a fast or
// fake clock that the fake Bot API server shares.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed on this clock.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// sleep waits d on clk, or until ctx is done; it reports whether the whole
// wait passed.
func sleep(ctx context.Context, clk Clock, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	select {
	case <-clk.After(d):
		return true
	case <-ctx.Done():
		return false
	}
}

// sleepOr waits d on clk, or until wake is closed, or until ctx is done;
// it reports false only for the last.
func sleepOr(ctx context.Context, clk Clock, d time.Duration, wake <-chan struct{}) bool {
	select {
	case <-clk.After(d):
	case <-wake:
	case <-ctx.Done():
		return false
	}
	return true
}

// backoff is capped exponential back-off with jitter: the n-th wait (n from
// 0) is drawn from [d/2, d] where d = min(cap, base·2ⁿ). The jitter keeps
// many clients that failed together from retrying together.
func backoff(base, limit time.Duration, n int) time.Duration {
	d := base
	for i := 0; i < n && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}
