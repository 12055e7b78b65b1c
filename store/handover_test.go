package store

import (
	"context"
	"errors"
	"sync"
	"testing"

	"lamsach/flows"
)

// policeConfirmed adds n records of commune X confirmed by the police,
// alternating villages A and B.
func policeConfirmed(t *testing.T, db *DB, w *world, n int) []flows.Record {
	t.Helper()
	var out []flows.Record
	for i := range n {
		v := w.a.ID
		if i%2 == 1 {
			v = w.b.ID
		}
		rec := policeReviewed(t, db, w.x.ID, v, i+1, w.villager.ID)
		update(t, db, func(ctx context.Context, tx *Tx) error {
			var err error
			rec, err = confirm(ctx, tx, w.police.Actor(), rec, "")
			return err
		})
		out = append(out, rec)
	}
	return out
}

// policeSign signs what is unsigned now, as actor.
func policeSign(t *testing.T, db *DB, actor flows.Actor, communeID int64) (flows.Handover, []flows.Record) {
	t.Helper()
	var h flows.Handover
	var recs []flows.Record
	update(t, db, func(ctx context.Context, tx *Tx) error {
		s, err := tx.SignSummary(ctx, actor, communeID)
		if err != nil {
			return err
		}
		h, recs, err = tx.SignHandover(ctx, actor, communeID, s.Digest)
		return err
	})
	return h, recs
}

func TestHandoverSign(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	recs := policeConfirmed(t, db, w, 3)
	policeReviewed(t, db, w.x.ID, w.a.ID, 9, w.villager.ID) // not confirmed: stays out

	var s flows.SignSummary
	db.View(ctx, func(tx *Tx) error { s, _ = tx.SignSummary(ctx, w.police.Actor(), w.x.ID); return nil })
	if s.Count != 3 || s.ByVillage[w.a.ID] != 2 || s.ByVillage[w.b.ID] != 1 || s.Digest != flows.HandoverDigest(recs) {
		t.Fatalf("summary %+v, want 3 (2 in A, 1 in B) with digest %s", s, flows.HandoverDigest(recs))
	}
	audits := auditCount(t, db)
	err := db.Update(ctx, func(tx *Tx) error {
		_, _, err := tx.SignHandover(ctx, w.police.Actor(), w.x.ID, "0"+s.Digest[1:])
		return err
	})
	if !errors.Is(err, flows.ErrConflict) || auditCount(t, db) != audits {
		t.Fatalf("signing another set: err %v, %d audit entries", err, auditCount(t, db)-audits)
	}

	h, signed := policeSign(t, db, w.police.Actor(), w.x.ID)
	if h.Number != 1 || h.RecordCount != 3 || h.OfficerID != w.police.ID || h.Digest != s.Digest || len(signed) != 3 {
		t.Fatalf("handover %+v with %d records", h, len(signed))
	}
	for i, r := range signed {
		got := policeRecord(t, db, r.ID)
		if got.State != flows.StateSigned || got.HandoverID != h.ID || got.Version != recs[i].Version+1 || r.Version != got.Version {
			t.Errorf("record %d after signing: state %s handover %d version %d (returned %d)", r.ID, got.State, got.HandoverID, got.Version, r.Version)
		}
	}
	// 1 batch entry and 2 per record (state, handover).
	if got := auditCount(t, db) - audits; got != 1+2*3 {
		t.Errorf("signing wrote %d audit entries, want 7", got)
	}
	if again, _ := policeSign(t, db, w.police.Actor(), w.x.ID); again.Number != 0 {
		t.Errorf("signing again made handover %+v", again)
	}
	more := policeConfirmed(t, db, w, 1)
	if h2, _ := policeSign(t, db, w.police.Actor(), w.x.ID); h2.Number != 2 || h2.RecordCount != 1 {
		t.Errorf("second handover %+v, want number 2 with 1 record (%d)", h2, more[0].ID)
	}

	for _, a := range []flows.Actor{w.police.Actor(), w.station.Actor(), w.coordinator.Actor(), flows.Operator} {
		var got flows.Handover
		var grecs []flows.Record
		err := db.View(ctx, func(tx *Tx) error {
			var err error
			got, grecs, err = tx.Handover(ctx, a, w.x.ID, 1)
			return err
		})
		if err != nil || got.ID != h.ID || !got.SignedAt.Equal(h.SignedAt) || len(grecs) != 3 || flows.HandoverDigest(grecs) != h.Digest {
			t.Errorf("%s reads handover 1: %+v, %d records, %v", a.Role, got, len(grecs), err)
		}
	}
	for _, a := range []flows.Actor{w.villager.Actor(), w.policeY.Actor()} {
		err := db.View(ctx, func(tx *Tx) error { _, _, err := tx.Handover(ctx, a, w.x.ID, 1); return err })
		if !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("%s reads handover 1: %v, want forbidden", a.Role, err)
		}
	}
	err = db.View(ctx, func(tx *Tx) error { _, _, err := tx.Handover(ctx, w.police.Actor(), w.x.ID, 7); return err })
	if !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("handover 7: %v, want not found", err)
	}
	// A signed record can no longer be returned.
	err = db.Update(ctx, func(tx *Tx) error {
		r := policeRecord(t, db, recs[0].ID)
		_, err := giveBack(ctx, tx, w.police.Actor(), r.ID, r.Version, "typo", "")
		return err
	})
	if !errors.Is(err, flows.ErrConflict) {
		t.Errorf("returning a signed record: %v", err)
	}
}

// TestHandoverSignConcurrently has two officers sign at the same moment: every
// record ends in exactly one handover.
func TestHandoverSignConcurrently(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	var second flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		second = join(t, ctx, tx, w.x.ID, flows.RolePolice, 109)
		return nil
	})
	recs := policeConfirmed(t, db, w, 6)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i, a := range []flows.Actor{w.police.Actor(), second.Actor()} {
		wg.Go(func() {
			errs[i] = db.Update(ctx, func(tx *Tx) error {
				s, err := tx.SignSummary(ctx, a, w.x.ID)
				if err != nil {
					return err
				}
				h, _, err := tx.SignHandover(ctx, a, w.x.ID, s.Digest)
				counts[i] = h.RecordCount
				return err
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("officer %d: %v", i, err)
		}
	}
	if counts[0]+counts[1] != len(recs) || (counts[0] != 0 && counts[1] != 0) {
		t.Errorf("signed %v records, want all %d in one handover", counts, len(recs))
	}
	var n int
	db.read.QueryRow(`SELECT count(*) FROM handovers`).Scan(&n)
	if n != 1 {
		t.Errorf("%d handovers, want 1", n)
	}
}

// policeRecord reads a record as the operator.
func policeRecord(t *testing.T, db *DB, id int64) flows.Record {
	t.Helper()
	var rec flows.Record
	ctx := context.Background()
	if err := db.View(ctx, func(tx *Tx) error {
		var err error
		rec, err = tx.Record(ctx, flows.Operator, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return rec
}
