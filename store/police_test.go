package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"lamsach/flows"
	"lamsach/flows/vn"
)

// policeReviewed adds a record of commune c, village v, reviewed (unchanged) by
// member by.
func policeReviewed(t *testing.T, db *DB, c, v int64, row int, by int64) flows.Record {
	t.Helper()
	rec := person(c, v, row)
	rec.State, rec.Outcome = flows.StateReviewed, flows.OutcomeUnchanged
	return createRecord(t, db, rec)
}

// policeActors are the actors that are not police of commune X, with the
// error each must get for a record or commune of X.
func policeActors(t *testing.T, db *DB, w *world) []struct {
	name  string
	actor flows.Actor
} {
	t.Helper()
	forged := w.villager.Actor()
	forged.Role = flows.RolePolice
	revoked := w.police
	update(t, db, func(ctx context.Context, tx *Tx) error {
		revoked = join(t, ctx, tx, w.x.ID, flows.RolePolice, 106)
		_, err := tx.RevokeMember(ctx, flows.Operator, revoked.ID)
		return err
	})
	return []struct {
		name  string
		actor flows.Actor
	}{
		{"village member", w.villager.Actor()},
		{"station", w.station.Actor()},
		{"coordinator", w.coordinator.Actor()},
		{"police of another commune", w.policeY.Actor()},
		{"village member claiming police", forged},
		{"revoked police", revoked.Actor()},
		{"stranger", flows.Actor{Role: flows.RolePolice, CommuneID: w.x.ID}},
	}
}

// TestPoliceAccess tries every police method as everyone who is not police
// of the commune: each is refused and nothing changes.
func TestPoliceAccess(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := policeReviewed(t, db, w.x.ID, w.a.ID, 1, w.villager.ID)
	confirmed := policeReviewed(t, db, w.x.ID, w.b.ID, 2, w.villager.ID)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		confirmed, err = confirm(ctx, tx, w.police.Actor(), confirmed, "")
		return err
	})
	for _, a := range policeActors(t, db, w) {
		t.Run(a.name, func(t *testing.T) {
			before, beforeC, audits := readRaw(t, db, rec.ID), readRaw(t, db, confirmed.ID), auditCount(t, db)
			calls := map[string]func(tx *Tx) error{
				"PoliceQueue": func(tx *Tx) error {
					recs, err := tx.PoliceQueue(ctx, a.actor, nil, 10)
					if err == nil && len(recs) > 0 {
						return errors.New("saw another's records")
					}
					return err
				},
				"ConfirmRecord": func(tx *Tx) error { _, err := confirm(ctx, tx, a.actor, rec, ""); return err },
				"ReturnRecord": func(tx *Tx) error {
					_, err := giveBack(ctx, tx, a.actor, rec.ID, rec.Version, "typo", "")
					return err
				},
				"Recipients": func(tx *Tx) error {
					_, err := tx.Recipients(ctx, a.actor, w.x.ID, flows.RoleVillage, w.a.ID)
					return err
				},
				"SignSummary": func(tx *Tx) error { _, err := tx.SignSummary(ctx, a.actor, w.x.ID); return err },
				"SignHandover": func(tx *Tx) error {
					s, _ := tx.SignSummary(ctx, flows.Operator, w.x.ID)
					_, _, err := tx.SignHandover(ctx, a.actor, w.x.ID, s.Digest)
					return err
				},
			}
			for name, call := range calls {
				err := db.Update(ctx, call)
				if name == "PoliceQueue" && a.name == "police of another commune" && err == nil {
					continue // their own commune's queue, which is empty
				}
				if !errors.Is(err, flows.ErrForbidden) && !errors.Is(err, flows.ErrNotFound) {
					t.Errorf("%s: err = %v, want forbidden or not found", name, err)
				}
			}
			if !reflect.DeepEqual(readRaw(t, db, rec.ID), before) || !reflect.DeepEqual(readRaw(t, db, confirmed.ID), beforeC) {
				t.Error("a refused call changed a record")
			}
			if got := auditCount(t, db); got != audits {
				t.Errorf("a refused call wrote %d audit entries", got-audits)
			}
		})
	}
	// The police of the commune and the operator may (the operator cannot
	// sign: a handover names its officer).
	for _, a := range []flows.Actor{w.police.Actor(), flows.Operator} {
		err := db.View(ctx, func(tx *Tx) error {
			recs, err := tx.PoliceQueue(ctx, a, nil, 10)
			if err == nil && (len(recs) != 1 || recs[0].ID != rec.ID) {
				return errors.New("queue does not hold the reviewed record")
			}
			if err == nil {
				_, err = tx.SignSummary(ctx, a, w.x.ID)
			}
			if err == nil {
				_, err = tx.Recipients(ctx, a, w.x.ID, flows.RoleStation, 0)
			}
			return err
		})
		if err != nil {
			t.Errorf("%s: %v", a.Role, err)
		}
	}
	err := db.Update(ctx, func(tx *Tx) error {
		_, _, err := tx.SignHandover(ctx, flows.Operator, w.x.ID, "")
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("operator signing: %v, want forbidden", err)
	}
}

func TestPoliceConfirm(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := policeReviewed(t, db, w.x.ID, w.a.ID, 1, w.villager.ID)
	assigned := createRecord(t, db, person(w.x.ID, w.a.ID, 2))

	for name, bad := range map[string]flows.Record{
		"old version":  func() flows.Record { r := rec; r.Version--; return r }(),
		"not reviewed": assigned,
	} {
		err := db.Update(ctx, func(tx *Tx) error { _, err := confirm(ctx, tx, w.police.Actor(), bad, ""); return err })
		if !errors.Is(err, flows.ErrConflict) {
			t.Errorf("%s: err = %v, want conflict", name, err)
		}
	}
	corrected := rec
	corrected.Fields.ID = vn.ID{Number: "001090999999", Kind: vn.IDCCCD}
	corrected.Note = "ignored"
	var got flows.Record
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		got, err = confirm(ctx, tx, w.police.Actor(), corrected, "qr")
		return err
	})
	if got.State != flows.StateConfirmed || got.ConfirmedBy != w.police.ID || got.ConfirmedAt.IsZero() ||
		got.Outcome != flows.OutcomeCorrected || got.Fields.ID.Number != "001090999999" || got.Note != "" {
		t.Errorf("confirmed: state %s by %d at %v outcome %s id %s note %q", got.State, got.ConfirmedBy,
			got.ConfirmedAt, got.Outcome, got.Fields.ID.Number, got.Note)
	}
	var hist []flows.AuditEntry
	db.View(ctx, func(tx *Tx) error { hist, _ = tx.AuditFor(ctx, flows.Operator, rec.ID); return nil })
	fields := map[string]flows.AuditEntry{}
	for _, e := range hist {
		if e.Source == flows.SourcePolice {
			fields[e.Field] = e
		}
	}
	if e := fields["id_number"]; e.Old != "001090123456" || e.New != "001090999999" || e.Reason != "qr" || e.MemberID != w.police.ID {
		t.Errorf("id change audit: %+v", e)
	}
	if e := fields["state"]; e.Old != "reviewed" || e.New != "confirmed" {
		t.Errorf("state audit: %+v", e)
	}
}

func TestPoliceReturn(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := policeReviewed(t, db, w.x.ID, w.a.ID, 1, w.villager.ID)
	ret := func(id, ver int64, reason, note string) (flows.Record, error) {
		var got flows.Record
		err := db.Update(ctx, func(tx *Tx) error {
			var err error
			got, err = giveBack(ctx, tx, w.police.Actor(), id, ver, reason, note)
			return err
		})
		return got, err
	}
	if _, err := ret(rec.ID, rec.Version, "bogus", ""); err == nil {
		t.Error("an unknown reason was accepted")
	}
	if _, err := ret(rec.ID, rec.Version, flows.ReturnOther, "  "); err == nil {
		t.Error("reason other without a note was accepted")
	}
	if _, err := ret(rec.ID, rec.Version-1, "typo", ""); !errors.Is(err, flows.ErrConflict) {
		t.Errorf("old version: %v", err)
	}
	// A confirmation not yet signed can still be undone by a return.
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		rec, err = confirm(ctx, tx, w.police.Actor(), rec, "")
		return err
	})
	got, err := ret(rec.ID, rec.Version, "not_in_db", " kiểm tra lại ")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != flows.StateReturned || got.ReturnReason != "not_in_db" || got.ReturnNote != "kiểm tra lại" ||
		got.ConfirmedBy != 0 || !got.ConfirmedAt.IsZero() {
		t.Errorf("returned: %+v", got)
	}
	if _, err := ret(got.ID, got.Version, "typo", ""); !errors.Is(err, flows.ErrConflict) {
		t.Errorf("returning a returned record: %v", err)
	}
	var queue []flows.Record
	db.View(ctx, func(tx *Tx) error { queue, _ = tx.Queue(ctx, w.villager.Actor(), nil, 5); return nil })
	if len(queue) != 1 || queue[0].ID != rec.ID {
		t.Errorf("the village queue lacks the returned record: %+v", queue)
	}
}

func TestPoliceRecipients(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	var other, gone flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		other = join(t, ctx, tx, w.x.ID, flows.RoleVillage, 107, w.b.ID)
		gone = join(t, ctx, tx, w.x.ID, flows.RoleVillage, 108, w.a.ID)
		_, err := tx.RevokeMember(ctx, flows.Operator, gone.ID)
		return err
	})
	ids := func(role flows.Role, village int64) []int64 {
		var out []int64
		db.View(ctx, func(tx *Tx) error {
			ms, err := tx.Recipients(ctx, w.police.Actor(), w.x.ID, role, village)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				out = append(out, m.ID)
			}
			return nil
		})
		return out
	}
	if got := ids(flows.RoleVillage, w.a.ID); !reflect.DeepEqual(got, []int64{w.villager.ID}) {
		t.Errorf("village A: %v, want only %d (not %d of B, not revoked %d)", got, w.villager.ID, other.ID, gone.ID)
	}
	if got := ids(flows.RoleStation, 0); !reflect.DeepEqual(got, []int64{w.station.ID}) {
		t.Errorf("station: %v", got)
	}
	if got := ids(flows.RoleVillage, 0); len(got) != 0 {
		t.Errorf("no village: %v", got)
	}
}
