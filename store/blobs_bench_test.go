package store

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"lamsach/flows"
)

// BenchmarkEnqueueFile measures the update transaction that queues a
// 12 MB file (about a 100,000-row export): as a blob, and, for
// comparison, as the outbox stored it before, base64 inside the JSON.
func BenchmarkEnqueueFile(b *testing.B) {
	data := make([]byte, 12<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		data[i] = byte(r.IntN(256)) // a zip does not compress further
	}
	out := flows.Out{Kind: flows.OutFile, ChatID: 1, File: &flows.File{Name: "xuat.xlsx", Data: data}}
	b.Run("blob", func(b *testing.B) {
		db := openTest(b)
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			update(b, db, func(ctx context.Context, tx *Tx) error { return tx.Enqueue(ctx, 0, []flows.Out{out}) })
		}
	})
	b.Run("json", func(b *testing.B) {
		db := openTest(b)
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			update(b, db, func(ctx context.Context, tx *Tx) error {
				payload, err := json.Marshal(out)
				if err != nil {
					return err
				}
				_, err = tx.exec(ctx, `INSERT INTO outbox (chat_id, kind, payload, created_at, not_before) VALUES (1, 'file', ?, 0, 0)`, string(payload))
				return err
			})
		}
	})
}
