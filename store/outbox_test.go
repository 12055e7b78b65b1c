package store

import (
	"context"
	"testing"
	"time"

	"lamsach/flows"
)

func TestOutboxOrderClaimsAndOutcomes(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	ctx := context.Background()
	msg := func(chat int64, text string) flows.Out {
		return flows.Out{Kind: flows.OutSend, ChatID: chat, Text: text}
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.Enqueue(ctx, 1, []flows.Out{msg(1, "a1"), msg(2, "b1"), msg(1, "a2"), msg(1, "a3"), msg(2, "b2")})
	})
	ob := db.Outbox()
	next := func() []string {
		t.Helper()
		items, err := ob.Next(ctx, c.Now(), 10)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, it := range items {
			texts = append(texts, it.Out.Text)
		}
		return texts
	}
	ids := map[string]int64{}
	items, _ := ob.Next(ctx, c.Now(), 10)
	for _, it := range items {
		ids[it.Out.Text] = it.ID
	}
	if len(items) != 2 || items[0].Out.Text != "a1" || items[1].Out.Text != "b1" {
		t.Fatalf("first Next: %+v, want a1 and b1 (each chat's oldest)", items)
	}
	if got := next(); len(got) != 0 {
		t.Errorf("claimed items handed out again: %v", got)
	}
	// a1 delivered: a2 is next for chat 1; b1 stays claimed.
	if err := ob.Sent(ctx, ids["a1"], 11, c.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	items, _ = ob.Next(ctx, c.Now(), 10)
	if len(items) != 1 || items[0].Out.Text != "a2" {
		t.Fatalf("after a1 sent: %+v, want a2", items)
	}
	// a2 must wait (429): nothing from chat 1 before its time, a3 held back.
	if err := ob.Retry(ctx, items[0].ID, c.Now().Add(30*time.Second), "429"); err != nil {
		t.Fatal(err)
	}
	if got := next(); len(got) != 0 {
		t.Errorf("during the wait: %v, want nothing (a2 waits, a3 is behind it, b1 claimed)", got)
	}
	c.Add(31 * time.Second)
	items, _ = ob.Next(ctx, c.Now(), 10)
	if len(items) != 1 || items[0].Out.Text != "a2" || items[0].Attempts != 1 {
		t.Fatalf("after the wait: %+v, want a2 with 1 attempt", items)
	}
	// a2 refused as bad: dropped, kept for inspection; a3 comes next.
	if err := ob.Drop(ctx, items[0].ID, "400 Bad Request"); err != nil {
		t.Fatal(err)
	}
	// A claim outlives a sender that stopped: b1 is tried again later.
	c.Add(3 * time.Minute)
	if got := next(); len(got) != 2 || got[0] != "b1" || got[1] != "a3" {
		t.Errorf("after the claims expired: %v, want b1 and a3", got)
	}
	var payload, state string
	db.read.QueryRow(`SELECT payload, state FROM outbox WHERE id = ?`, ids["a1"]).Scan(&payload, &state)
	if state != "sent" || payload != "{}" {
		t.Errorf("a sent message keeps state %q payload %q; want sent and no text", state, payload)
	}

	// The sent message is due for deletion after its time, once.
	if d, _ := ob.DueDeletions(ctx, c.Now(), 10); len(d) != 0 {
		t.Errorf("deletions due early: %v", d)
	}
	c.Add(24 * time.Hour)
	d, err := ob.DueDeletions(ctx, c.Now(), 10)
	if err != nil || len(d) != 1 || d[0] != (flows.Deletion{ChatID: 1, MessageID: 11}) {
		t.Fatalf("due deletions: %v %v", d, err)
	}
	if err := ob.Deleted(ctx, 1, 11); err != nil {
		t.Fatal(err)
	}
	if d, _ := ob.DueDeletions(ctx, c.Now(), 10); len(d) != 0 {
		t.Errorf("a deleted message is due again: %v", d)
	}
}

func TestOutboxUnreachable(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	if err := db.Outbox().Unreachable(context.Background(), w.villager.TelegramID); err != nil {
		t.Fatal(err)
	}
	var m flows.Member
	db.View(context.Background(), func(tx *Tx) (err error) { m, err = tx.Member(context.Background(), w.villager.ID); return err })
	if !m.Unreachable {
		t.Error("a member who blocked the bot is not marked unreachable")
	}
}

// RecentSends gives a restarted Sender the sends of the last seconds, by
// chat and time, oldest first; items not sent are not among them.
func TestOutboxRecentSends(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	ctx := context.Background()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.Enqueue(ctx, 1, []flows.Out{
			{Kind: flows.OutSend, ChatID: 1, Text: "a"},
			{Kind: flows.OutSend, ChatID: 2, Text: "b"},
			{Kind: flows.OutSend, ChatID: 1, Text: "c"},
		})
	})
	ob := db.Outbox()
	items, err := ob.Next(ctx, c.Now(), 10)
	if err != nil || len(items) != 2 {
		t.Fatalf("Next = %d items, %v", len(items), err)
	}
	old := c.Now()
	if err := ob.Sent(ctx, items[0].ID, 11, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c.Add(5 * time.Second)
	if err := ob.Sent(ctx, items[1].ID, 12, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, err := ob.RecentSends(ctx, old.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ChatID != 2 || !got[0].At.Equal(c.Now()) {
		t.Errorf("RecentSends = %+v, want chat 2's send at %v only", got, c.Now())
	}
	if got, _ := ob.RecentSends(ctx, old); len(got) != 2 || got[0].ChatID != 1 {
		t.Errorf("RecentSends from the start = %+v, want chat 1 then chat 2", got)
	}
}
