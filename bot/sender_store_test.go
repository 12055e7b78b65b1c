package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"lamsach/flows"
	"lamsach/store"
)

// TestTwoSendersShareAnOutbox runs two Senders, as two processes would,
// each with its own connection to one database file: every message is
// delivered exactly once, and each chat's in order.
func TestTwoSendersShareAnOutbox(t *testing.T) {
	e := newEnv(t, envOpts{})
	path := filepath.Join(t.TempDir(), "lamsach.db")
	var dbs []*store.DB
	for range 2 {
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	people := make([]int64, 8)
	var outs []flows.Out
	for i := range people {
		people[i] = e.srv.User(int64(101+i), fmt.Sprint("P", i), "vi").ChatID()
	}
	for n := range 6 {
		for _, chat := range people {
			outs = append(outs, send(chat, fmt.Sprint("m", n)))
		}
	}
	if err := dbs[0].Update(context.Background(), func(tx *store.Tx) error {
		return tx.Enqueue(context.Background(), 1, outs)
	}); err != nil {
		t.Fatal(err)
	}
	for _, db := range dbs {
		ob := db.Outbox()
		t.Cleanup(func() { ob.Close() })
		startSender(t, e, ob, SenderConfig{})
	}
	for _, chat := range people {
		p := e.srv.User(chat, "", "vi")
		msgs, err := p.WaitMessages(testCtx(t), 6)
		if err != nil {
			t.Fatalf("chat %d: %v", chat, err)
		}
		if got := rawTexts(msgs); !slices.Equal(got, []string{"m0", "m1", "m2", "m3", "m4", "m5"}) {
			t.Errorf("chat %d got %v, want m0…m5 once each, in order", chat, got)
		}
	}
	if n := countCalls(e.srv, "sendMessage"); n != len(outs) {
		t.Errorf("%d sendMessage calls, want %d: one per message", n, len(outs))
	}
}
