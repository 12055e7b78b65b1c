// Package sessiontest is the contract every flows.Sessions implementation
// keeps: one suite, run by the SQLite store and the Redis store alike, so the
// bot behaves the same whichever one serves it.
//
// The suite controls time through a Clock. A store that takes "now" from an
// injected clock (SQLite) runs on a FakeClock whose tick is a minute and whose
// Advance is instant. A store whose expiry lives on a server (Redis TTLs)
// runs on a RealClock with a tick of a few milliseconds: Advance sleeps, and
// every duration the suite uses is a few ticks, so a case takes a fraction of
// a second and all cases run in parallel.
//
//	func TestContract(t *testing.T) {
//		sessiontest.Run(t, func(t *testing.T, c sessiontest.Clock) flows.Sessions {
//			db := openDB(t, store.WithClock(c.Now))
//			return db.Sessions(sessiontest.Idle(c))
//		})
//	}
package sessiontest

import (
	"bytes"
	"testing"
	"time"

	"lamsach/flows"
)

// Option changes how Run drives the store.
type Option func(*config)

type config struct {
	clock func() Clock
}

// RealTime makes Run give every case a RealClock with the given tick instead
// of a FakeClock, for stores whose expiry a server keeps.
func RealTime(tick time.Duration) Option {
	return func(c *config) { c.clock = func() Clock { return NewRealClock(tick) } }
}

// testCase is one behaviour of the contract, run on a new, empty store.
type testCase struct {
	name string
	run  func(t *testing.T, c Clock, s flows.Sessions)
}

// Run runs the contract suite. For each case it calls open with the case's
// own Clock; open must return a new store that shares nothing with the other
// cases' stores, whose idle expiry is Idle(clock) and which, if it reads the
// time itself, reads clock.Now. open registers any cleanup with t.
func Run(t *testing.T, open func(t *testing.T, clock Clock) flows.Sessions, opts ...Option) {
	cfg := config{clock: func() Clock { return NewFakeClock() }}
	for _, o := range opts {
		o(&cfg)
	}
	for _, cases := range [][]testCase{sessionCases, leaseCases, seenCases} {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				// Parallel cases keep a real-time run short: the waits overlap.
				t.Parallel()
				c := cfg.clock()
				tc.run(t, c, open(t, c))
			})
		}
	}
}

var sessionCases = []testCase{
	{"GetUnknown", func(t *testing.T, c Clock, s flows.Sessions) {
		wantState(t, s, 1, nil)
	}},
	{"PutGetRoundTrip", func(t *testing.T, c Clock, s flows.Sessions) {
		for _, tc := range []struct {
			name  string
			state []byte
		}{
			{"text", []byte(`{"step":"review","record":42}`)},
			{"empty", []byte{}},
			{"binary", []byte{0, 0xff, 0x80, '\n', 0, 'x'}},
			{"64KB", large(64 << 10)},
		} {
			if err := s.Put(t.Context(), 7, tc.state); err != nil {
				t.Fatalf("Put %s: %v", tc.name, err)
			}
			wantState(t, s, 7, tc.state)
		}
	}},
	{"PutOverwrites", func(t *testing.T, c Clock, s flows.Sessions) {
		put(t, s, 1, []byte("a longer first state"))
		put(t, s, 1, []byte("b"))
		wantState(t, s, 1, []byte("b"))
	}},
	{"ExpiresWhenIdle", func(t *testing.T, c Clock, s flows.Sessions) {
		put(t, s, 1, []byte("x"))
		c.Advance(Idle(c) + c.Tick())
		wantState(t, s, 1, nil)
	}},
	{"PutRestartsIdle", func(t *testing.T, c Clock, s flows.Sessions) {
		put(t, s, 1, []byte("first"))
		c.Advance(6 * c.Tick())
		put(t, s, 1, []byte("second"))
		c.Advance(6 * c.Tick())
		// 12 ticks after the first Put, 6 after the second: still there.
		wantState(t, s, 1, []byte("second"))
		c.Advance(5 * c.Tick())
		wantState(t, s, 1, nil)
	}},
	{"Drop", func(t *testing.T, c Clock, s flows.Sessions) {
		put(t, s, 1, []byte("x"))
		if err := s.Drop(t.Context(), 1); err != nil {
			t.Fatalf("Drop: %v", err)
		}
		wantState(t, s, 1, nil)
		// Dropping what is not there is not an error: a conversation that
		// expired may still be ended by the person.
		if err := s.Drop(t.Context(), 2); err != nil {
			t.Fatalf("Drop of unknown user: %v", err)
		}
	}},
	{"UsersIsolated", func(t *testing.T, c Clock, s flows.Sessions) {
		put(t, s, 1, []byte("one"))
		put(t, s, 2, []byte("two"))
		put(t, s, -3, []byte("negative ids are group chats in Telegram"))
		wantState(t, s, 1, []byte("one"))
		wantState(t, s, 2, []byte("two"))
		if err := s.Drop(t.Context(), 1); err != nil {
			t.Fatalf("Drop: %v", err)
		}
		wantState(t, s, 1, nil)
		wantState(t, s, 2, []byte("two"))
		wantState(t, s, -3, []byte("negative ids are group chats in Telegram"))
	}},
}

func put(t *testing.T, s flows.Sessions, user int64, state []byte) {
	t.Helper()
	if err := s.Put(t.Context(), user, state); err != nil {
		t.Fatalf("Put(%d): %v", user, err)
	}
}

// wantState checks the state of user; want nil means "no session", which is
// not the same as an empty one.
func wantState(t *testing.T, s flows.Sessions, user int64, want []byte) {
	t.Helper()
	got, err := s.Get(t.Context(), user)
	if err != nil {
		t.Fatalf("Get(%d): %v", user, err)
	}
	switch {
	case want == nil && got != nil:
		t.Fatalf("Get(%d) = %d bytes %q, want nil", user, len(got), clip(got))
	case want != nil && got == nil:
		t.Fatalf("Get(%d) = nil, want %d bytes %q", user, len(want), clip(want))
	case !bytes.Equal(got, want):
		t.Fatalf("Get(%d) = %d bytes %q, want %d bytes %q", user, len(got), clip(got), len(want), clip(want))
	}
}

// large returns n bytes that use every byte value and never repeat with a
// short period, so a truncation or re-encoding anywhere shows.
func large(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>8)
	}
	return b
}

// clip keeps failure messages readable when a state is 64 KB.
func clip(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}
