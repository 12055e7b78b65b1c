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
		Phone:  "0906331568",
	}
	return flows.Record{
		CommuneID: c, VillageID: v, RowNum: row, Fields: f, Orig: f,
		IDRaw: "1090123456", Problem: vn.ProblemWrongInfo,
		Warnings: []vn.Issue{{Code: vn.CodeCCCDYear, Field: vn.FieldID, Arg: "1991"}},
		Original: []string{"1", "Nguyễn Văn An", "05/1990"},
	}
}

// createRecord adds a record as the operator and, when rec.State names a
// later state, walks it there through the lifecycle as the commune's
// members would (see walk).
func createRecord(t testing.TB, db *DB, rec flows.Record) flows.Record {
	t.Helper()
	target, want := rec.State, rec
	rec.State, rec.Outcome, rec.Note, rec.ReturnReason, rec.ReturnNote = "", "", "", "", ""
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		rec, err = tx.CreateRecord(ctx, flows.Operator, rec)
		return err
	})
	if target != "" && target != rec.State {
		want.ID, want.Version = rec.ID, rec.Version
		rec = walk(t, db, want, target)
	}
	return rec
}

// review saves a village member's review of rec with its current fields
// (changed by the caller for a correction), as the chat does.
func review(ctx context.Context, tx *Tx, actor flows.Actor, rec flows.Record, outcome flows.Outcome, src flows.Source, reason string) (flows.Record, error) {
	f := rec.Fields
	return tx.ChangeRecord(ctx, actor, flows.Change{Record: rec.ID, Version: rec.Version, Action: flows.ActReview,
		Fields: &f, Outcome: outcome, Note: rec.Note, Source: src, Reason: reason})
}

// confirm is the police confirming rec with its current fields (changed
// by the caller for a correction).
func confirm(ctx context.Context, tx *Tx, actor flows.Actor, rec flows.Record, reason string) (flows.Record, error) {
	f := rec.Fields
	return tx.ChangeRecord(ctx, actor, flows.Change{Record: rec.ID, Version: rec.Version, Action: flows.ActConfirm,
		Fields: &f, Source: flows.SourcePolice, Reason: reason})
}

// giveBack is the police returning record id to its village.
func giveBack(ctx context.Context, tx *Tx, actor flows.Actor, id, version int64, reason, note string) (flows.Record, error) {
	return tx.ChangeRecord(ctx, actor, flows.Change{Record: id, Version: version, Action: flows.ActReturn,
		ReturnReason: reason, Note: note, Source: flows.SourcePolice, Reason: reason})
}

// walkPath is the way along the lifecycle to each state a test asks for.
var walkPath = map[flows.State][]flows.Action{
	flows.StateReviewed:   {flows.ActReview},
	flows.StateReturned:   {flows.ActReview, flows.ActReturn},
	flows.StateConfirmed:  {flows.ActReview, flows.ActConfirm},
	flows.StateSigned:     {flows.ActReview, flows.ActConfirm, flows.ActSign},
	flows.StateExported:   {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport},
	flows.StateEntered:    {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport, flows.ActEnter},
	flows.StateVerified:   {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport, flows.ActVerified},
	flows.StateStillWrong: {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport, flows.ActStillWrong},
}

// walkers are the members walks act as, made once per commune, role and
// village of a database.
var walkers = map[walker]flows.Member{}

type walker struct {
	db               *DB
	commune, village int64
	role             flows.Role
}

// walk moves an assigned record to state to through the lifecycle: each
// step by a member of the role flows.Lifecycle names (made on the spot),
// the single-record steps with ChangeRecord, the batch steps (sign,
// export, enter, verification) with moveRecords on this record alone. The
// review keeps rec's outcome and note, the return its reason.
func walk(t testing.TB, db *DB, rec flows.Record, to flows.State) flows.Record {
	t.Helper()
	path, ok := walkPath[to]
	if !ok || rec.VillageID == 0 {
		t.Fatalf("walk to %s: no path from a record in village %d", to, rec.VillageID)
	}
	for _, act := range path {
		update(t, db, func(ctx context.Context, tx *Tx) error {
			cur, err := tx.Record(ctx, flows.Operator, rec.ID)
			if err != nil {
				return err
			}
			tr, ok := flows.Move(cur.State, roleFor(act), act)
			if !ok {
				t.Fatalf("walk: %s from %s is not in the lifecycle", act, cur.State)
			}
			key := walker{db: db, commune: cur.CommuneID, role: tr.Roles[0]}
			var vs []int64
			if key.role == flows.RoleVillage {
				key.village, vs = cur.VillageID, []int64{cur.VillageID}
			}
			m, ok := walkers[key]
			if !ok {
				m = join(t, ctx, tx, cur.CommuneID, key.role, int64(900+len(walkers)), vs...)
				walkers[key] = m
			}
			switch act {
			case flows.ActReview, flows.ActConfirm, flows.ActReturn:
				f := rec.Fields
				if act == flows.ActReturn {
					f = cur.Fields
				}
				ch := flows.Change{Record: cur.ID, Version: cur.Version, Action: act, Fields: &f, Outcome: rec.Outcome, Note: rec.Note,
					ReturnReason: rec.ReturnReason, Source: flows.SourceChat,
					NoID: act == flows.ActReview && !cur.IDReady() && rec.Outcome != flows.OutcomeNotFound}
				if act == flows.ActReview && ch.Outcome == "" {
					ch.Outcome = flows.OutcomeUnchanged
				}
				if act == flows.ActReturn {
					ch.Note = rec.ReturnNote
					if ch.ReturnReason == "" {
						ch.ReturnReason = "typo"
					}
				}
				rec, err = tx.ChangeRecord(ctx, m.Actor(), ch)
				return err
			}
			_, err = tx.moveRecords(ctx, m.Actor(), move{commune: cur.CommuneID, act: act, where: "r.id = ?",
				args: []any{cur.ID}, src: flows.SourceCLI, reason: "test"})
			if err == nil {
				rec, err = tx.Record(ctx, flows.Operator, rec.ID)
			}
			return err
		})
	}
	return rec
}

// roleFor is the member role that does act in the tests' walks.
func roleFor(act flows.Action) flows.Role {
	for _, tr := range flows.Lifecycle {
		if tr.Action == act {
			return tr.Roles[0]
		}
	}
	return ""
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
