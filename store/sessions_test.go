package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sessiontest"
)

// TestSessionsContract runs the shared contract on a real SQLite file. The
// database reads the suite's fake clock, so minutes of expiry pass at once.
func TestSessionsContract(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T, c sessiontest.Clock) flows.Sessions {
		return openTest(t, WithClock(c.Now)).Sessions(sessiontest.Idle(c))
	})
}

// sessionRows counts the rows of a session table, expired or not.
func sessionRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSessionsSweep(t *testing.T) {
	ctx := context.Background()
	c := sessiontest.NewFakeClock()
	db := openTest(t, WithClock(c.Now))
	s := db.Sessions(10 * time.Minute)
	for user := range int64(3) {
		if err := s.Put(ctx, user, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Lease(ctx, 1, 11, 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSeen(ctx, 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	c.Advance(10 * time.Minute)
	// Sessions and the lease are due; the seen update has 50 minutes left.
	n, err := s.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("Sweep removed %d rows, want 4", n)
	}
	for table, want := range map[string]int{"sessions": 0, "leases": 0, "seen_updates": 1} {
		if got := sessionRows(t, db, table); got != want {
			t.Errorf("after Sweep, %s has %d rows, want %d", table, got, want)
		}
	}
}

// TestSessionsWritesSweep checks that writes clean up expired rows a batch
// at a time, so the tables stay small without a Sweep job.
func TestSessionsWritesSweep(t *testing.T) {
	ctx := context.Background()
	c := sessiontest.NewFakeClock()
	db := openTest(t, WithClock(c.Now))
	s := db.Sessions(time.Minute)
	const n = sweepBatch + 36
	for id := range int64(n) {
		if err := s.MarkSeen(ctx, id, time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := s.Put(ctx, id, []byte("x")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Lease(ctx, id, 7, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	c.Advance(time.Minute)
	if err := s.MarkSeen(ctx, n, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, n, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lease(ctx, n, 7, time.Minute); err != nil {
		t.Fatal(err)
	}
	// One batch of the n expired rows went, and the new row came.
	want := n - sweepBatch + 1
	for _, table := range []string{"sessions", "leases", "seen_updates"} {
		if got := sessionRows(t, db, table); got != want {
			t.Errorf("%s has %d rows after one write, want %d", table, got, want)
		}
	}
}

// TestSessionsSharedFile checks that two Sessions over one database see the
// same state and leases, and that the read pool sees a write at once.
func TestSessionsSharedFile(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a, b := db.Sessions(time.Minute), db.Sessions(time.Minute)
	if err := a.Put(ctx, 1, []byte("state")); err != nil {
		t.Fatal(err)
	}
	got, err := b.Get(ctx, 1)
	if err != nil || string(got) != "state" {
		t.Fatalf("Get through a second Sessions = %q, %v; want %q", got, err, "state")
	}
	if h, err := a.Lease(ctx, 9, 1, time.Minute); err != nil || h != 1 {
		t.Fatalf("Lease = %d, %v; want 1", h, err)
	}
	if h, err := b.Lease(ctx, 9, 2, time.Minute); err != nil || h != 1 {
		t.Fatalf("Lease through a second Sessions = %d, %v; want holder 1", h, err)
	}
}

func TestSessionsIdleMustBePositive(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Sessions(0) did not panic")
		}
	}()
	openTest(t).Sessions(0)
}

// TestSessionsJoinUpdate checks that inside Engine.Update the session store
// uses the update's transaction: it does not wait for the write connection
// that transaction holds, and what it wrote rolls back with the update.
func TestSessionsJoinUpdate(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db := openTest(t)
	s := db.Sessions(time.Minute)
	failed := errors.New("handler failed")
	err := Flows{DB: db}.Update(ctx, func(ctx context.Context, _ flows.Repo) error {
		if h, err := s.Lease(ctx, 9, 1, time.Minute); err != nil || h != 1 {
			t.Errorf("Lease inside the update = %d, %v; want 1", h, err)
		}
		if err := s.Put(ctx, 1, []byte("x")); err != nil {
			t.Error(err)
		}
		// The transaction's own writes are visible to it.
		if got, err := s.Get(ctx, 1); err != nil || string(got) != "x" {
			t.Errorf("Get inside the update = %q, %v; want %q", got, err, "x")
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Update = %v, want %v", err, failed)
	}
	if h, err := s.Lease(ctx, 9, 2, time.Minute); err != nil || h != 2 {
		t.Errorf("Lease after the update rolled back = %d, %v; want 2 (the first lease undone)", h, err)
	}
	if got, err := s.Get(ctx, 1); err != nil || got != nil {
		t.Errorf("Get after the update rolled back = %q, %v; want nil", got, err)
	}
}
