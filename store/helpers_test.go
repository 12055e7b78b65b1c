package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/vn"
)

// clock is a settable clock for WithClock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// openTest opens a new database file in a temporary directory.
func openTest(t testing.TB, opts ...Option) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "lamsach.db"), opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// update runs fn in a write transaction and fails the test on error.
func update(t testing.TB, db *DB, fn func(ctx context.Context, tx *Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// world is two communes: X with villages A and B, Y with village C, and a
// member of each role in X, plus police of Y.
type world struct {
	x, y                                   flows.Commune
	a, b, c                                flows.Village
	villager, police, station, coordinator flows.Member
	policeY                                flows.Member
}

func newWorld(t testing.TB, db *DB) *world {
	t.Helper()
	w := &world{}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		must := func(e error) {
			if err == nil {
				err = e
			}
		}
		var e error
		w.x, e = tx.CreateCommune(ctx, flows.Operator, "Xã Tân Phú")
		must(e)
		w.y, e = tx.CreateCommune(ctx, flows.Operator, "Xã Hòa An")
		must(e)
		w.a, e = tx.CreateVillage(ctx, flows.Operator, w.x.ID, "Thôn Đông")
		must(e)
		w.b, e = tx.CreateVillage(ctx, flows.Operator, w.x.ID, "Thôn Tây")
		must(e)
		w.c, e = tx.CreateVillage(ctx, flows.Operator, w.y.ID, "Ấp Một")
		must(e)
		if err != nil {
			return err
		}
		w.villager = join(t, ctx, tx, w.x.ID, flows.RoleVillage, 101, w.a.ID)
		w.police = join(t, ctx, tx, w.x.ID, flows.RolePolice, 102)
		w.station = join(t, ctx, tx, w.x.ID, flows.RoleStation, 103)
		w.coordinator = join(t, ctx, tx, w.x.ID, flows.RoleCoordinator, 104)
		w.policeY = join(t, ctx, tx, w.y.ID, flows.RolePolice, 105)
		return nil
	})
	return w
}

// join makes a member through an invite, as people join.
func join(t testing.TB, ctx context.Context, tx *Tx, commune int64, role flows.Role, telegramID int64, villages ...int64) flows.Member {
	t.Helper()
	code, _, err := tx.CreateInvite(ctx, flows.Operator, commune, role, villages, time.Hour)
	if err != nil {
		t.Fatalf("CreateInvite %s: %v", role, err)
	}
	m, err := tx.RedeemInvite(ctx, code, telegramID, "Người "+string(role), "vi")
	if err != nil {
		t.Fatalf("RedeemInvite %s: %v", role, err)
	}
	return m
}

// person returns a record of commune c in village v (0: unassigned).
func person(c, v int64, row int) flows.Record {
	f := flows.Fields{
		Name:   "Nguyễn Văn An",
		DOB:    vn.Date{Year: 1990, Month: 5},
		Gender: vn.Male,
		ID:     vn.ID{Number: "001090123456", Kind: vn.IDCCCD},
	}
	return flows.Record{
		CommuneID: c, VillageID: v, RowNum: row, Fields: f, Orig: f,
		IDRaw: "1090123456", Phone: "0906331568", Problem: vn.ProblemWrongInfo,
		Warnings: []vn.Issue{{Code: vn.CodeCCCDYear, Field: vn.FieldID, Arg: "1991"}},
		Original: []string{"1", "Nguyễn Văn An", "05/1990"},
	}
}

// createRecord adds a record as the operator.
func createRecord(t testing.TB, db *DB, rec flows.Record) flows.Record {
	t.Helper()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		rec, err = tx.CreateRecord(ctx, flows.Operator, rec)
		return err
	})
	return rec
}

// auditCount counts the audit entries.
func auditCount(t testing.TB, db *DB) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT count(*) FROM audit`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
