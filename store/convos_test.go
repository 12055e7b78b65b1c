package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"lamsach/flows"
)

// wipe deletes every conversation state, as Redis restarting empty does.
func wipe(t *testing.T, db *DB) {
	t.Helper()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions`)
		return err
	})
}

func TestTrackedTellsLostStateFromNone(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	ctx := context.Background()
	s := db.Tracked(db.Sessions(time.Hour), time.Hour)
	get := func(user int64) ([]byte, error) {
		t.Helper()
		return s.Get(ctx, user)
	}
	if b, err := get(1); b != nil || err != nil {
		t.Fatalf("Get of a person never seen = %q, %v; want nil, nil", b, err)
	}
	if err := s.Put(ctx, 1, []byte("edit name")); err != nil {
		t.Fatal(err)
	}
	if b, err := get(1); string(b) != "edit name" || err != nil {
		t.Fatalf("Get = %q, %v", b, err)
	}
	wipe(t, db) // Redis restarted empty
	if b, err := get(1); b != nil || !errors.Is(err, flows.ErrStateLost) {
		t.Errorf("Get after the store lost the state = %q, %v; want ErrStateLost", b, err)
	}
	if err := s.Drop(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if b, err := get(1); b != nil || err != nil {
		t.Errorf("Get after Drop = %q, %v; want nil, nil (told once)", b, err)
	}
	// A conversation that ran out its idle time is no loss.
	if err := s.Put(ctx, 2, []byte("x")); err != nil {
		t.Fatal(err)
	}
	wipe(t, db)
	c.Add(time.Hour + time.Hour/8 + time.Second)
	if b, err := get(2); b != nil || err != nil {
		t.Errorf("Get after the idle time = %q, %v; want nil, nil", b, err)
	}
}

func TestTrackedWritesTheNoteOnlyWhenStale(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	ctx := context.Background()
	s := db.Tracked(db.Sessions(time.Hour), time.Hour)
	until := func() int64 {
		return int64(count(t, db, `SELECT expires_at / 1000 FROM open_convos WHERE user_id = 1`))
	}
	s.Put(ctx, 1, []byte("a"))
	first := until()
	c.Add(time.Minute)
	s.Put(ctx, 1, []byte("b"))
	if got := until(); got != first {
		t.Errorf("note rewritten after a minute (%d → %d), want it kept", first, got)
	}
	c.Add(10 * time.Minute)
	s.Put(ctx, 1, []byte("c"))
	if got := until(); got <= first {
		t.Errorf("note not refreshed after 11 minutes of an hour's idle time")
	}
}
