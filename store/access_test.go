package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"lamsach/flows"
)

// TestRecordAccess checks, for each role, that a record out of scope can be
// neither read nor changed (and is left as it was), and one in scope can.
func TestRecordAccess(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	inA := createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	inB := createRecord(t, db, person(w.x.ID, w.b.ID, 2))
	unassigned := createRecord(t, db, person(w.x.ID, 0, 3))
	inY := createRecord(t, db, person(w.y.ID, w.c.ID, 4))

	// Actors that claim more than the database gives them.
	forgedRole := w.villager.Actor()
	forgedRole.Role = flows.RolePolice
	forgedVillages := w.villager.Actor()
	forgedVillages.Villages = []int64{w.a.ID, w.b.ID}
	forgedCommune := w.policeY.Actor()
	forgedCommune.CommuneID = w.x.ID
	noMember := flows.Actor{Role: flows.RoleCoordinator, CommuneID: w.x.ID}

	tests := []struct {
		name  string
		actor flows.Actor
		rec   flows.Record
		want  error // nil: allowed
	}{
		{"village member, own village", w.villager.Actor(), inA, nil},
		{"village member, other village", w.villager.Actor(), inB, flows.ErrForbidden},
		{"village member, unassigned", w.villager.Actor(), unassigned, flows.ErrForbidden},
		{"village member, other commune", w.villager.Actor(), inY, flows.ErrNotFound},
		{"village member claiming more villages", forgedVillages, inB, flows.ErrForbidden},
		{"village member claiming police", forgedRole, inB, flows.ErrForbidden},
		{"police, own commune", w.police.Actor(), inB, nil},
		{"police, unassigned", w.police.Actor(), unassigned, nil},
		{"police, other commune", w.police.Actor(), inY, flows.ErrNotFound},
		{"station, own commune", w.station.Actor(), inB, nil},
		{"station, other commune", w.station.Actor(), inY, flows.ErrNotFound},
		{"coordinator, own commune", w.coordinator.Actor(), unassigned, nil},
		{"coordinator, other commune", w.coordinator.Actor(), inY, flows.ErrNotFound},
		{"police of Y claiming commune X", forgedCommune, inA, flows.ErrForbidden},
		{"no member id", noMember, inA, flows.ErrNotFound},
		{"operator, any commune", flows.Operator, inY, nil},
		{"missing record", flows.Operator, flows.Record{ID: 9999, Version: 1}, flows.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := readRaw(t, db, tc.rec.ID)
			audits := auditCount(t, db)

			err := db.View(ctx, func(tx *Tx) error {
				_, err := tx.Record(ctx, tc.actor, tc.rec.ID)
				return err
			})
			if !sameErr(err, tc.want) {
				t.Errorf("Record = %v, want %v", err, tc.want)
			}
			err = db.View(ctx, func(tx *Tx) error {
				_, err := tx.AuditFor(ctx, tc.actor, tc.rec.ID)
				return err
			})
			if !sameErr(err, tc.want) {
				t.Errorf("AuditFor = %v, want %v", err, tc.want)
			}

			// A write the role makes to an assigned record: a village
			// member reviews, the station and the operator amend; police
			// and coordinators change no assigned record at all.
			act := flows.ActAmend
			if tc.actor.Role == flows.RoleVillage {
				act = flows.ActReview
			}
			wantWrite := tc.want
			if wantWrite == nil && !flows.Can(tc.actor.Role, act, tc.rec.State) {
				wantWrite = flows.ErrForbidden
			}
			f := tc.rec.Fields
			f.Name = "Nguyễn Văn Bình"
			err = db.Update(ctx, func(tx *Tx) error {
				_, err := tx.ChangeRecord(ctx, tc.actor, flows.Change{Record: tc.rec.ID, Version: tc.rec.Version, Action: act,
					Fields: &f, Outcome: flows.OutcomeCorrected, Source: flows.SourceChat})
				return err
			})
			if !sameErr(err, wantWrite) {
				t.Errorf("ChangeRecord %s = %v, want %v", act, err, wantWrite)
			}
			if wantWrite == nil {
				return
			}
			if after := readRaw(t, db, tc.rec.ID); !reflect.DeepEqual(after, before) {
				t.Errorf("refused update changed the row:\n got %v\nwant %v", after, before)
			}
			if n := auditCount(t, db); n != audits {
				t.Errorf("refused update wrote %d audit entries", n-audits)
			}
		})
		// Later cases read the current version.
		tc.rec = reread(t, db, tc.rec)
		for i := range tests {
			if tests[i].rec.ID == tc.rec.ID {
				tests[i].rec = tc.rec
			}
		}
	}
}

// TestRevokedMemberLosesAccess: access follows the members table, not the
// Actor value a session kept.
func TestRevokedMemberLosesAccess(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	if _, err := db.write.Exec(`UPDATE members SET active = 0 WHERE id = ?`, w.villager.ID); err != nil {
		t.Fatal(err)
	}
	err := db.View(ctx, func(tx *Tx) error {
		_, err := tx.Record(ctx, w.villager.Actor(), rec.ID)
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("Record by a revoked member = %v, want ErrForbidden", err)
	}
}

func sameErr(got, want error) bool {
	if want == nil {
		return got == nil
	}
	return errors.Is(got, want)
}

// readRaw returns every column of a record row, as stored.
func readRaw(t *testing.T, db *DB, id int64) []any {
	t.Helper()
	rows, err := db.read.Query(`SELECT * FROM records WHERE id = ?`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		return vals
	}
	return nil
}

func reread(t *testing.T, db *DB, rec flows.Record) flows.Record {
	t.Helper()
	ctx := context.Background()
	got := rec
	db.View(ctx, func(tx *Tx) error {
		r, err := tx.Record(ctx, flows.Operator, rec.ID)
		if err == nil {
			got = r
		}
		return nil
	})
	return got
}
