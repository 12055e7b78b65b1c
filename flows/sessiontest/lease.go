package sessiontest

import (
	"sync"
	"testing"
	"time"

	"lamsach/flows"
)

// Members and records used by the lease cases. The values are arbitrary;
// they differ so a swapped argument shows in the failure message.
const (
	recA, recB = int64(1001), int64(1002)
	alice, bob = int64(11), int64(22)
	carol      = int64(33)
)

// leaseTTL is as long as the idle expiry, so the same timeline shapes (and
// the same margins) serve sessions and leases.
func leaseTTL(c Clock) time.Duration { return IdleTicks * c.Tick() }

var leaseCases = []testCase{
	{"LeaseAcquire", func(t *testing.T, c Clock, s flows.Sessions) {
		wantHolder(t, s, c, recA, alice, alice)
	}},
	{"LeaseRefusedForAnother", func(t *testing.T, c Clock, s flows.Sessions) {
		wantHolder(t, s, c, recA, alice, alice)
		wantHolder(t, s, c, recA, bob, alice)
		// A refused attempt must not extend the holder's lease: 11 ticks
		// after Alice took it, it is free although Bob asked at tick 6.
		c.Advance(6 * c.Tick())
		wantHolder(t, s, c, recA, bob, alice)
		c.Advance(5 * c.Tick())
		wantHolder(t, s, c, recA, carol, carol)
	}},
	{"LeaseRenewedByHolder", func(t *testing.T, c Clock, s flows.Sessions) {
		wantHolder(t, s, c, recA, alice, alice)
		c.Advance(6 * c.Tick())
		wantHolder(t, s, c, recA, alice, alice)
		c.Advance(6 * c.Tick())
		// 12 ticks after taking it, 6 after renewing: still Alice's.
		wantHolder(t, s, c, recA, bob, alice)
		c.Advance(5 * c.Tick())
		wantHolder(t, s, c, recA, bob, bob)
	}},
	{"LeaseExpiryFreesIt", func(t *testing.T, c Clock, s flows.Sessions) {
		wantHolder(t, s, c, recA, alice, alice)
		c.Advance(leaseTTL(c) + c.Tick())
		wantHolder(t, s, c, recA, bob, bob)
		wantHolder(t, s, c, recA, alice, bob)
	}},
	{"LeaseRecordsIsolated", func(t *testing.T, c Clock, s flows.Sessions) {
		wantHolder(t, s, c, recA, alice, alice)
		wantHolder(t, s, c, recB, bob, bob)
		wantHolder(t, s, c, recB, alice, bob)
		wantHolder(t, s, c, recA, bob, alice)
	}},
	{"ReleaseByHolder", func(t *testing.T, c Clock, s flows.Sessions) {
		wantHolder(t, s, c, recA, alice, alice)
		release(t, s, recA, alice)
		wantHolder(t, s, c, recA, bob, bob)
		// Releasing twice, or a record never leased, is not an error.
		release(t, s, recA, alice)
		release(t, s, recB, alice)
		wantHolder(t, s, c, recA, alice, bob)
	}},
	{"ReleaseByOtherDoesNothing", func(t *testing.T, c Clock, s flows.Sessions) {
		wantHolder(t, s, c, recA, alice, alice)
		release(t, s, recA, bob)
		wantHolder(t, s, c, recA, bob, alice)
		wantHolder(t, s, c, recA, alice, alice)
	}},
	{"LeaseNonPositiveTTL", func(t *testing.T, c Clock, s flows.Sessions) {
		// A zero ttl is a caller's bug; taking a lease that is already over
		// would hide it, and Redis refuses PX 0 anyway.
		for _, ttl := range []time.Duration{0, -time.Second} {
			if h, err := s.Lease(t.Context(), recA, alice, ttl); err == nil {
				t.Errorf("Lease(ttl %v) = %d, nil; want an error", ttl, h)
			}
		}
		wantHolder(t, s, c, recA, bob, bob)
	}},
	{"LeaseConcurrent", func(t *testing.T, c Clock, s flows.Sessions) {
		const n = 32
		holders := make([]int64, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				holders[i], errs[i] = s.Lease(t.Context(), recA, int64(100+i), leaseTTL(c))
			})
		}
		// Release them together so the attempts really overlap.
		close(start)
		wg.Wait()
		winners := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("Lease by member %d: %v", 100+i, errs[i])
			}
			if holders[i] == int64(100+i) {
				winners++
			}
			if holders[i] != holders[0] {
				t.Errorf("member %d saw holder %d, member 100 saw %d", 100+i, holders[i], holders[0])
			}
		}
		if winners != 1 {
			t.Fatalf("%d of %d concurrent Lease calls won, want exactly 1", winners, n)
		}
		wantHolder(t, s, c, recA, alice, holders[0])
	}},
}

// wantHolder asks for a lease of rec for member and checks who holds it.
func wantHolder(t *testing.T, s flows.Sessions, c Clock, rec, member, want int64) {
	t.Helper()
	got, err := s.Lease(t.Context(), rec, member, leaseTTL(c))
	if err != nil {
		t.Fatalf("Lease(record %d, member %d): %v", rec, member, err)
	}
	if got != want {
		t.Fatalf("Lease(record %d, member %d) = holder %d, want %d", rec, member, got, want)
	}
}

func release(t *testing.T, s flows.Sessions, rec, member int64) {
	t.Helper()
	if err := s.Release(t.Context(), rec, member); err != nil {
		t.Fatalf("Release(record %d, member %d): %v", rec, member, err)
	}
}
