package store

import (
	"context"
	"errors"
	"testing"

	"lamsach/flows"
)

// errRollback ends a transaction that only tried something.
var errRollback = errors.New("rollback")

// TestLifecycleTable walks flows.Lifecycle: for every state a record can
// be in, every role and every action, the store makes the move exactly
// when the table has it, and then the record is in the table's state.
func TestLifecycleTable(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	actors := map[flows.Role]flows.Actor{
		flows.RoleVillage: w.villager.Actor(), flows.RolePolice: w.police.Actor(), flows.RoleStation: w.station.Actor(),
		flows.RoleCoordinator: w.coordinator.Actor(), flows.RoleOperator: flows.Operator,
	}
	states := []flows.State{flows.StateImported, flows.StateAssigned, flows.StateReviewed, flows.StateReturned,
		flows.StateConfirmed, flows.StateSigned, flows.StateExported, flows.StateEntered, flows.StateVerified, flows.StateStillWrong}
	actions := []flows.Action{flows.ActAssign, flows.ActReview, flows.ActConfirm, flows.ActReturn, flows.ActSign,
		flows.ActExport, flows.ActEnter, flows.ActVerified, flows.ActStillWrong, flows.ActAmend}
	recs := map[flows.State]flows.Record{}
	for i, s := range states {
		rec := person(w.x.ID, w.a.ID, i+1)
		if s == flows.StateImported {
			rec.VillageID = 0
		}
		rec.State = s
		recs[s] = createRecord(t, db, rec)
	}
	moves := 0
	for _, from := range states {
		for role, actor := range actors {
			for _, act := range actions {
				want, allowed := flows.Move(from, role, act)
				rec := recs[from]
				var got flows.Record
				err := db.Update(ctx, func(tx *Tx) error {
					err := tryMove(ctx, tx, actor, rec, act, w.a.ID)
					if err == nil {
						got, err = tx.Record(ctx, flows.Operator, rec.ID)
					}
					if err == nil {
						err = errRollback // leave the record for the next case
					}
					return err
				})
				switch {
				case allowed && !errors.Is(err, errRollback):
					t.Errorf("%s by %s from %s: %v, want the move to %s", act, role, from, err, want.To)
				case allowed && got.State != want.To:
					t.Errorf("%s by %s from %s: state %s, want %s", act, role, from, got.State, want.To)
				case !allowed && !errors.Is(err, flows.ErrForbidden) && !errors.Is(err, flows.ErrConflict) && !errors.Is(err, errNotMoved):
					t.Errorf("%s by %s from %s: %v, want it refused", act, role, from, err)
				}
				if allowed {
					moves++
				}
			}
		}
	}
	// Every row of the table was tried, for each of its roles.
	want := 0
	for _, tr := range flows.Lifecycle {
		if tr.From != "" {
			want += len(tr.Roles)
		}
	}
	if moves != want {
		t.Errorf("%d allowed moves tried, the table has %d", moves, want)
	}
}

var errNotMoved = errors.New("no record moved")

// tryMove does act to rec as actor through the store function that makes
// that kind of move.
func tryMove(ctx context.Context, tx *Tx, actor flows.Actor, rec flows.Record, act flows.Action, village int64) error {
	switch act {
	case flows.ActReview, flows.ActConfirm, flows.ActReturn, flows.ActAmend:
		f := rec.Fields
		f.Name = "Nguyễn Văn Bình"
		_, err := tx.ChangeRecord(ctx, actor, flows.Change{Record: rec.ID, Version: rec.Version, Action: act, Fields: &f,
			Outcome: flows.OutcomeCorrected, ReturnReason: "typo", Source: flows.SourceChat})
		if act == flows.ActReturn && errors.Is(err, flows.ErrNotEditable) {
			_, err = tx.ChangeRecord(ctx, actor, flows.Change{Record: rec.ID, Version: rec.Version, Action: act,
				ReturnReason: "typo", Source: flows.SourcePolice})
		}
		return err
	}
	var set []setColumn
	if act == flows.ActAssign {
		set = []setColumn{{"village_id", village, "village", "x"}}
	}
	ids, err := tx.moveRecords(ctx, actor, move{commune: rec.CommuneID, act: act, where: "r.id = ?", args: []any{rec.ID},
		set: set, src: flows.SourceCLI})
	if err == nil && len(ids) == 0 {
		err = errNotMoved
	}
	return err
}

// TestVillageMemberCannotConfirm: a village member's actor cannot make a
// police move, not even by claiming the police role.
func TestVillageMemberCannotConfirm(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := createRecord(t, db, func() flows.Record { r := person(w.x.ID, w.a.ID, 1); r.State = flows.StateReviewed; return r }())
	forged := w.villager.Actor()
	forged.Role = flows.RolePolice
	for _, actor := range []flows.Actor{w.villager.Actor(), forged} {
		err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.ChangeRecord(ctx, actor, flows.Change{Record: rec.ID, Version: rec.Version, Action: flows.ActConfirm,
				Source: flows.SourcePolice})
			return err
		})
		if !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("confirm by %s village member: %v, want ErrForbidden", actor.Role, err)
		}
	}
	if got := reread(t, db, rec); got.State != flows.StateReviewed || got.ConfirmedBy != 0 {
		t.Errorf("record after refused confirmations: %s by %d", got.State, got.ConfirmedBy)
	}
}

// TestPoliceCannotImport: records come only from the station (or the
// operator): a police member's import and hand-made record are refused.
func TestPoliceCannotImport(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	err := db.Update(ctx, func(tx *Tx) error {
		return tx.CreateRecords(ctx, w.police.Actor(), []flows.Record{person(w.x.ID, w.a.ID, 1)})
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("import by the police: %v, want ErrForbidden", err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		_, err := tx.CreateRecord(ctx, w.police.Actor(), person(w.x.ID, w.a.ID, 1))
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("record made by the police: %v, want ErrForbidden", err)
	}
	// Nor can anyone make a record further along its life.
	signed := person(w.x.ID, w.a.ID, 2)
	signed.State = flows.StateSigned
	err = db.Update(ctx, func(tx *Tx) error {
		_, err := tx.CreateRecord(ctx, flows.Operator, signed)
		return err
	})
	if err == nil {
		t.Error("a record was created signed")
	}
	var n int
	db.read.QueryRow(`SELECT count(*) FROM records`).Scan(&n)
	if n != 0 {
		t.Errorf("%d records after refused imports", n)
	}
}

// TestFieldsOnlyWhereTheTableSays: a move without Edits cannot carry a
// change to the person's fields.
func TestFieldsOnlyWhereTheTableSays(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := createRecord(t, db, func() flows.Record { r := person(w.x.ID, w.a.ID, 1); r.State = flows.StateReviewed; return r }())
	f := rec.Fields
	f.Name = "Người Khác"
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ChangeRecord(ctx, w.police.Actor(), flows.Change{Record: rec.ID, Version: rec.Version,
			Action: flows.ActReturn, ReturnReason: "typo", Fields: &f, Source: flows.SourcePolice})
		return err
	})
	if !errors.Is(err, flows.ErrNotEditable) {
		t.Errorf("a return that changes the name: %v, want it refused", err)
	}
	if got := reread(t, db, rec); got.Name == "Người Khác" || got.Version != rec.Version {
		t.Errorf("record changed: %q v%d", got.Name, got.Version)
	}
}
