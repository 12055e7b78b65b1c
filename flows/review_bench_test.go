package flows_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

// benchReview is a village member reviewing through the Engine on a real
// SQLite file, with the SQLite session store, as lamsach serve runs it.
type benchReview struct {
	db      *store.DB
	commune flows.Commune
	eng     *flows.Engine
	update  int64
	tg      int64
	mu      sync.Mutex
	last    []flows.Out // what the last update enqueued
}

// benchCapture keeps each update's outgoing messages, to find the card's
// buttons.
type benchCapture struct {
	b     *benchReview
	inner flows.Store
}

type benchRepo struct {
	flows.Repo
	b *benchReview
}

func (c benchCapture) Update(ctx context.Context, fn func(ctx context.Context, r flows.Repo) error) error {
	return c.inner.Update(ctx, func(ctx context.Context, r flows.Repo) error { return fn(ctx, benchRepo{r, c.b}) })
}

func (r benchRepo) Enqueue(ctx context.Context, updateID int64, outs []flows.Out) error {
	r.b.mu.Lock()
	r.b.last = outs
	r.b.mu.Unlock()
	return r.Repo.Enqueue(ctx, updateID, outs)
}

// benchVillage is how many records a village of the benchmark holds: the
// size lamsach load gives its villages (4,000 records over 10).
const benchVillage = 400

// newBenchReview opens a database with a commune, and the Engine on it.
func newBenchReview(b *testing.B) *benchReview {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "lamsach.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	r := &benchReview{db: db, tg: 7000}
	err = db.Update(ctx, func(tx *store.Tx) error {
		r.commune, err = tx.CreateCommune(ctx, flows.Operator, "Xã Thử")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	sessions := db.Sessions(6 * time.Hour)
	r.eng = &flows.Engine{Store: benchCapture{r, store.Flows{DB: db}}, Sessions: sessions,
		App: &flows.App{Sessions: sessions, BotName: "lamsach_bot"}}
	return r
}

// village makes a new village of benchVillage records and a new member of
// it who joins: the review then goes on there, so every action meets a
// village of the same size however long the benchmark runs.
func (r *benchReview) village(b *testing.B) {
	ctx := context.Background()
	var code string
	err := r.db.Update(ctx, func(tx *store.Tx) error {
		v, err := tx.CreateVillage(ctx, flows.Operator, r.commune.ID, fmt.Sprint("Thôn ", r.tg))
		if err != nil {
			return err
		}
		recs := make([]flows.Record, benchVillage)
		for i := range recs {
			id := vn.ID{Number: fmt.Sprintf("001090%06d", i), Kind: vn.IDCCCD}
			f := flows.Fields{Name: fmt.Sprint("Nguyễn Văn ", i), DOB: vn.Date{Year: 1990}, Gender: vn.Male, ID: id}
			recs[i] = flows.Record{CommuneID: r.commune.ID, VillageID: v.ID, Fields: f, Orig: f, Problem: vn.ProblemWrongInfo}
		}
		if err := tx.CreateRecords(ctx, flows.Operator, recs); err != nil {
			return err
		}
		code, _, err = tx.CreateInvite(ctx, flows.Operator, r.commune.ID, flows.RoleVillage, []int64{v.ID}, time.Hour)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	r.tg++
	if outs := r.handle(b, flows.Event{Kind: flows.EventCommand, Command: "start", Args: code}); !strings.Contains(benchTexts(outs), "Chào") {
		b.Fatalf("joining: %q", benchTexts(outs))
	}
}

func (r *benchReview) handle(b *testing.B, ev flows.Event) []flows.Out {
	r.update++
	ev.UpdateID, ev.UserID, ev.ChatID, ev.UserName, ev.At, ev.Private = r.update, r.tg, r.tg, "Lan", time.Now(), true
	if err := r.eng.Handle(context.Background(), ev); err != nil {
		b.Fatal(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// confirmData returns the callback data of the card's "all correct" button.
func confirmData(outs []flows.Out) string {
	for _, o := range outs {
		for _, row := range o.Buttons {
			for _, btn := range row {
				if strings.HasPrefix(btn.Data, "ok:") {
					return btn.Data
				}
			}
		}
	}
	return ""
}

func benchTexts(outs []flows.Out) string {
	var s []string
	for _, o := range outs {
		s = append(s, o.Text)
	}
	return strings.Join(s, "\n")
}

// BenchmarkReviewAction is one review action through Engine.Handle on a
// real SQLite file: /next opens the next record, ✅ confirms it. Each
// iteration is two updates; the µs/update and allocs/update metrics are
// per update, and cpu-µs/update the process's CPU time (all goroutines and
// the collector), which other work on the machine does not stretch as it
// does the wall-clock µs/update. Every benchVillage/2 iterations the review moves on to a new
// village (made outside the timing), so the village stays at its size.
func BenchmarkReviewAction(b *testing.B) {
	r := newBenchReview(b)
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs := ms.Mallocs // at the start, plus those of making villages
	cpu := cpuTime()      // likewise
	b.ResetTimer()
	for i := range b.N {
		if i%(benchVillage/2) == 0 {
			b.StopTimer()
			runtime.ReadMemStats(&ms)
			before, cpuBefore := ms.Mallocs, cpuTime()
			r.village(b)
			runtime.ReadMemStats(&ms)
			mallocs += ms.Mallocs - before
			cpu += cpuTime() - cpuBefore
			b.StartTimer()
		}
		card := r.handle(b, flows.Event{Kind: flows.EventCommand, Command: "next"})
		data := confirmData(card)
		if data == "" {
			b.Fatalf("no confirm button on the card: %q", benchTexts(card))
		}
		done := r.handle(b, flows.Event{Kind: flows.EventButton, Data: data, MessageID: 1})
		if !strings.Contains(benchTexts(done), "Đã ghi nhận") {
			b.Fatalf("confirm answered %q", benchTexts(done))
		}
	}
	b.StopTimer()
	cpu = cpuTime() - cpu
	runtime.ReadMemStats(&ms)
	updates := float64(2 * b.N)
	b.ReportMetric(float64(b.Elapsed().Microseconds())/updates, "µs/update")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/updates, "allocs/update")
	b.ReportMetric(float64(cpu.Microseconds())/updates, "cpu-µs/update")
}
