package store

import (
	"context"
	"testing"

	"lamsach/flows"
	"lamsach/flows/msg"
)

// A reply dropped as uncertain is not dropped silently: the person gets a
// notice, in their language, under the same update, saying the last reply
// may be missing and how to see it again. One notice a minute per chat;
// none for other drops or for edits.
func TestOutboxUncertainDropTellsThePerson(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	w := newWorld(t, db)
	ctx := context.Background()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.SetMemberLang(ctx, w.police.ID, "en")
	})
	send := func(chat int64, kind flows.OutKind) int64 {
		t.Helper()
		update(t, db, func(ctx context.Context, tx *Tx) error {
			return tx.Enqueue(ctx, 77, []flows.Out{{Kind: kind, ChatID: chat, Text: "thẻ hồ sơ", MessageID: 5}})
		})
		var id int64
		if err := db.read.QueryRow(`SELECT max(id) FROM outbox`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	notices := func(chat int64) []string {
		t.Helper()
		rows, err := db.read.Query(`SELECT json_extract(payload, '$.text') FROM outbox
			WHERE chat_id = ? AND state = 'pending' AND update_id = 77`, chat)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	ob := db.Outbox()
	drop := func(id int64, reason string) {
		t.Helper()
		if err := ob.Drop(ctx, id, reason); err != nil {
			t.Fatal(err)
		}
	}

	drop(send(101, flows.OutSend), "uncertain: timeout")
	if got := notices(101); len(got) != 1 || got[0] != msg.T(msg.VI, "delivery.uncertain") {
		t.Fatalf("after an uncertain drop, pending for the chat: %q; want the Vietnamese notice", got)
	}
	drop(send(101, flows.OutSend), "uncertain: connection reset")
	if got := notices(101); len(got) != 1 {
		t.Errorf("a second cut reply within the minute queued %d notices, want still 1", len(got))
	}
	drop(send(102, flows.OutSend), "uncertain: connection closed (EOF)")
	if got := notices(102); len(got) != 1 || got[0] != msg.T(msg.EN, "delivery.uncertain") {
		t.Errorf("the English member got %q", got)
	}
	drop(send(103, flows.OutSend), "400 Bad Request: chat not found")
	drop(send(103, flows.OutUnbutton), "uncertain: timeout")
	if got := notices(103); len(got) != 0 {
		t.Errorf("a 4xx or an uncertain edit queued notices: %q", got)
	}
}
