package store

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"lamsach/flows"
)

// BenchmarkStagedImportLockWait imports a list through a StagedImport,
// as import --commit does, while another connection to the same file
// writes one small row every 10 ms, as the bot's updates do, and reports
// how long those writes waited: the longest is about the longest the
// import held the write lock. The list is $LAMSACH_LOCK_LIST (for the
// README's 500,000 rows: lamsach sample --rows 500000 --out FILE), else
// the 100,000-row list of BenchmarkImport100k.
//
//	LAMSACH_LOCK_LIST=/tmp/big.xlsx go test -run '^$' -bench StagedImportLockWait -benchtime 1x ./store
func BenchmarkStagedImportLockWait(b *testing.B) {
	path := os.Getenv("LAMSACH_LOCK_LIST")
	if path == "" {
		path = sampleList(b)
	}
	ctx := context.Background()
	for b.Loop() {
		db := openTest(b)
		w := newWorld(b, db)
		other, err := Open(ctx, db.path)
		if err != nil {
			b.Fatal(err)
		}
		list, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		st, err := list.Stat()
		if err != nil {
			b.Fatal(err)
		}
		stop := make(chan struct{})
		waits := make(chan []time.Duration)
		go func() { waits <- writeEvery(b, other, w.y.ID, 10*time.Millisecond, stop) }()
		staged, err := db.StagedImport()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		res, err := flows.ImportList(ctx, staged, w.station.Actor(), w.x.ID, "list.xlsx", list, st.Size(), flows.ImportOptions{})
		took := time.Since(start)
		close(stop)
		ws := <-waits
		staged.Close()
		list.Close()
		other.Close()
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		slices.Sort(ws)
		pct := func(p float64) time.Duration { return ws[int(p*float64(len(ws)-1))] }
		b.Logf("%d records in %s; %d writes beside it waited p50 %s, p99 %s, max %s", res.Stored, took.Round(time.Millisecond),
			len(ws), pct(0.5), pct(0.99), ws[len(ws)-1])
		b.ReportMetric(float64(ws[len(ws)-1].Milliseconds()), "max-wait-ms")
		b.ReportMetric(float64(pct(0.99).Milliseconds()), "p99-wait-ms")
	}
}

// writeEvery updates a village of commune every pause until stop is
// closed and returns how long each write took.
func writeEvery(b *testing.B, db *DB, commune int64, pause time.Duration, stop <-chan struct{}) []time.Duration {
	ctx := context.Background()
	var v flows.Village
	if err := db.Update(ctx, func(tx *Tx) (err error) {
		v, err = tx.CreateVillage(ctx, flows.Operator, commune, "Ấp Đo")
		return err
	}); err != nil {
		b.Error(err)
		return []time.Duration{0}
	}
	var out []time.Duration
	for {
		select {
		case <-stop:
			return out
		case <-time.After(pause):
		}
		start := time.Now()
		err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `UPDATE villages SET name = name WHERE id = ?`, v.ID)
			return err
		})
		if err != nil {
			b.Error(err)
			return append(out, 0)
		}
		out = append(out, time.Since(start))
	}
}
