package sessiontest

import (
	"testing"
	"time"

	"lamsach/flows"
)

// seenTTL is as long as the idle expiry, for the same margins.
func seenTTL(c Clock) time.Duration { return IdleTicks * c.Tick() }

var seenCases = []testCase{
	{"SeenAfterMark", func(t *testing.T, c Clock, s flows.Sessions) {
		wantSeen(t, s, 500, false)
		markSeen(t, s, 500, seenTTL(c))
		wantSeen(t, s, 500, true)
		wantSeen(t, s, 501, false)
	}},
	{"SeenExpires", func(t *testing.T, c Clock, s flows.Sessions) {
		markSeen(t, s, 500, seenTTL(c))
		c.Advance(seenTTL(c) + c.Tick())
		wantSeen(t, s, 500, false)
	}},
	{"MarkSeenAgainRestartsTTL", func(t *testing.T, c Clock, s flows.Sessions) {
		// A retried update may be marked twice; the later mark counts.
		markSeen(t, s, 500, seenTTL(c))
		c.Advance(6 * c.Tick())
		markSeen(t, s, 500, seenTTL(c))
		c.Advance(6 * c.Tick())
		wantSeen(t, s, 500, true)
		c.Advance(5 * c.Tick())
		wantSeen(t, s, 500, false)
	}},
	{"SeenNonPositiveTTL", func(t *testing.T, c Clock, s flows.Sessions) {
		for _, ttl := range []time.Duration{0, -time.Second} {
			if err := s.MarkSeen(t.Context(), 500, ttl); err == nil {
				t.Errorf("MarkSeen(ttl %v) = nil, want an error", ttl)
			}
		}
		wantSeen(t, s, 500, false)
	}},
	{"SeenMany", func(t *testing.T, c Clock, s flows.Sessions) {
		// Telegram update ids are consecutive; mark every other one of a
		// burst and check that none leaks into its neighbour. The case is
		// about neighbours, not expiry: the marks live an hour, because
		// with Redis's real clock the 600 round trips can take longer than
		// seenTTL (1s) on a loaded machine under -race, and the last marks
		// expired before they were read ("Seen(900000386) = false").
		const first, n = int64(900_000_000), int64(400)
		for id := first; id < first+n; id += 2 {
			markSeen(t, s, id, time.Hour)
		}
		for id := first; id < first+n; id++ {
			wantSeen(t, s, id, (id-first)%2 == 0)
		}
	}},
}

func markSeen(t *testing.T, s flows.Sessions, update int64, ttl time.Duration) {
	t.Helper()
	if err := s.MarkSeen(t.Context(), update, ttl); err != nil {
		t.Fatalf("MarkSeen(%d): %v", update, err)
	}
}

func wantSeen(t *testing.T, s flows.Sessions, update int64, want bool) {
	t.Helper()
	got, err := s.Seen(t.Context(), update)
	if err != nil {
		t.Fatalf("Seen(%d): %v", update, err)
	}
	if got != want {
		t.Fatalf("Seen(%d) = %v, want %v", update, got, want)
	}
}
