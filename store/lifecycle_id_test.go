package store

import (
	"context"
	"errors"
	"testing"

	"lamsach/flows"
	"lamsach/flows/vn"
)

// TestLifecycleNeedsAnID is the state machine's side of issue 13: a record
// listed for a malformed ID cannot be reviewed as right, nor confirmed,
// while it has no valid ID and nobody stated the person has none
// (flows.ErrIDNeeded), even with its name fixed; with a typed ID, or with
// the statement, it moves; "not found" needs neither.
func TestLifecycleNeedsAnID(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	bad := func(row int) flows.Record {
		rec := person(w.x.ID, w.a.ID, row)
		rec.Fields.ID, rec.Orig.ID, rec.IDRaw, rec.Problem = vn.ID{}, vn.ID{}, "8.7084E+10", vn.ProblemBadIDFormat
		rec.State = flows.StateAssigned
		return createRecord(t, db, rec)
	}
	move := func(actor flows.Actor, rec flows.Record, ch flows.Change) (flows.Record, error) {
		ch.Record, ch.Version, ch.Source = rec.ID, rec.Version, flows.SourceChat
		var got flows.Record
		err := db.Update(ctx, func(tx *Tx) (err error) {
			got, err = tx.ChangeRecord(ctx, actor, ch)
			return err
		})
		return got, err
	}
	village, police := w.villager.Actor(), w.police.Actor()

	rec := bad(1)
	named := rec.Fields
	named.Name = "Nguyễn Văn Bảy"
	if _, err := move(village, rec, flows.Change{Action: flows.ActReview, Fields: &named, Outcome: flows.OutcomeCorrected}); !errors.Is(err, flows.ErrIDNeeded) {
		t.Fatalf("review with only the name fixed: %v, want ErrIDNeeded", err)
	}
	typed := named
	typed.ID = vn.ID{Number: "087084000999", Kind: vn.IDCCCD}
	rec, err := move(village, rec, flows.Change{Action: flows.ActReview, Fields: &typed, Outcome: flows.OutcomeCorrected})
	if err != nil || rec.State != flows.StateReviewed || rec.Fields.ID.Number != "087084000999" {
		t.Fatalf("review with the ID typed: %v, %s %q", err, rec.State, rec.Fields.ID.Number)
	}
	if rec, err = move(police, rec, flows.Change{Action: flows.ActConfirm}); err != nil || rec.State != flows.StateConfirmed {
		t.Fatalf("confirm: %v, %s", err, rec.State)
	}

	child := bad(2)
	child, err = move(village, child, flows.Change{Action: flows.ActReview, Outcome: flows.OutcomeCorrected, NoID: true})
	if err != nil || !child.NoID || child.Fields.ID.Number != "" {
		t.Fatalf("review stating no ID: %v, no_id %v id %q", err, child.NoID, child.Fields.ID.Number)
	}
	if child, err = move(police, child, flows.Change{Action: flows.ActConfirm}); err != nil || child.State != flows.StateConfirmed {
		t.Fatalf("confirm the record with no ID: %v, %s", err, child.State)
	}

	// A record reviewed before the rule (written behind the store's back):
	// the police cannot confirm it as it is either.
	legacy := bad(4)
	if _, err := db.write.Exec(`UPDATE records SET state = 'reviewed', outcome = 'unchanged' WHERE id = ?`, legacy.ID); err != nil {
		t.Fatal(err)
	}
	legacy = reread(t, db, legacy)
	if _, err := move(police, legacy, flows.Change{Action: flows.ActConfirm}); !errors.Is(err, flows.ErrIDNeeded) {
		t.Errorf("police confirm of a record with no valid ID: %v, want ErrIDNeeded", err)
	}

	gone := bad(3)
	if gone, err = move(village, gone, flows.Change{Action: flows.ActReview, Outcome: flows.OutcomeNotFound, Note: "đã chuyển đi"}); err != nil {
		t.Fatalf("not found needs no ID: %v", err)
	}
	if _, err = move(police, gone, flows.Change{Action: flows.ActConfirm}); err != nil {
		t.Fatalf("confirm a person not found: %v", err)
	}
}
