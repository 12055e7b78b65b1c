package store

import (
	"context"
	"fmt"
	"testing"

	"lamsach/flows"
)

// BenchmarkCreateRecords100k imports 100,000 records in one transaction,
// the size of a large commune's list. Each iteration uses a fresh database,
// set up outside the timer.
func BenchmarkCreateRecords100k(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		b.StopTimer()
		db := openTest(b)
		w := newWorld(b, db)
		recs := make([]flows.Record, n)
		for i := range recs {
			v := w.a.ID
			if i%3 == 0 {
				v = w.b.ID
			}
			recs[i] = person(w.x.ID, v, i+1)
			recs[i].Name = fmt.Sprintf("Nguyễn Văn An %d", i)
			recs[i].Fields.ID.Number = fmt.Sprintf("0010901%05d", i)
		}
		b.StartTimer()
		update(b, db, func(ctx context.Context, tx *Tx) error { return tx.CreateRecords(ctx, w.station.Actor(), recs) })
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "records/op")
}
