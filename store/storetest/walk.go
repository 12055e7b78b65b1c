// Package storetest takes records along their lifecycle for tests above
// the store: each step is what a member of the right role does, through
// the store's own use cases, so a test never puts a record in a state the
// process could not reach.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

// walkPath is the way along the lifecycle to each state a test asks for.
var walkPath = map[flows.State][]flows.Action{
	flows.StateAssigned:   {},
	flows.StateReviewed:   {flows.ActReview},
	flows.StateReturned:   {flows.ActReview, flows.ActReturn},
	flows.StateConfirmed:  {flows.ActReview, flows.ActConfirm},
	flows.StateSigned:     {flows.ActReview, flows.ActConfirm, flows.ActSign},
	flows.StateExported:   {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport},
	flows.StateEntered:    {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport, flows.ActEnter},
	flows.StateVerified:   {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport, flows.ActVerified},
	flows.StateStillWrong: {flows.ActReview, flows.ActConfirm, flows.ActSign, flows.ActExport, flows.ActStillWrong},
}

// Walker walks records of one database; it makes the members it acts as
// once, through invites, with Telegram ids from 5000 up.
type Walker struct {
	DB      *store.DB
	members map[string]flows.Member
}

// New returns a Walker of db.
func New(db *store.DB) *Walker { return &Walker{DB: db, members: map[string]flows.Member{}} }

// Actor is the member of commune (and, for village members, of village)
// who takes the steps of role.
func (w *Walker) Actor(ctx context.Context, tx *store.Tx, commune int64, role flows.Role, village int64) (flows.Actor, error) {
	key := fmt.Sprintf("%d:%s:%d", commune, role, village)
	if m, ok := w.members[key]; ok {
		return m.Actor(), nil
	}
	// A member the test made is the one who acts, as in the process.
	ms, err := tx.Members(ctx, flows.Operator, commune)
	if err != nil {
		return flows.Actor{}, err
	}
	for _, m := range ms {
		if m.Active && m.Role == role && (role != flows.RoleVillage || slices.Contains(m.Villages, village)) {
			w.members[key] = m
			return m.Actor(), nil
		}
	}
	var vs []int64
	if role == flows.RoleVillage {
		vs = []int64{village}
	}
	code, _, err := tx.CreateInvite(ctx, flows.Operator, commune, role, vs, time.Hour)
	if err != nil {
		return flows.Actor{}, err
	}
	m, err := tx.RedeemInvite(ctx, code, int64(5000+len(w.members)), "Người "+string(role), "vi")
	if err != nil {
		return flows.Actor{}, err
	}
	w.members[key] = m
	return m.Actor(), nil
}

// Walk moves a record to state to, one transaction per step, each step by
// a member of the role flows.Lifecycle names: the review keeps want's
// outcome, note and fields (a correction when they differ from the stored
// ones), the return its reason and note. Signing, exporting and entering
// are the commune-wide steps the police and the station take, so they also
// move every other record ready for them.
func (w *Walker) Walk(ctx context.Context, want flows.Record, to flows.State) (flows.Record, error) {
	path, ok := walkPath[to]
	if !ok {
		return want, fmt.Errorf("walk to %s: no path", to)
	}
	if err := w.assign(ctx, want); err != nil {
		return want, err
	}
	for _, act := range path {
		err := w.DB.Update(ctx, func(tx *store.Tx) error {
			cur, err := tx.Record(ctx, flows.Operator, want.ID)
			if err != nil {
				return err
			}
			role := flows.RoleStation
			for _, tr := range flows.Lifecycle {
				if tr.Action == act {
					role = tr.Roles[0]
					break
				}
			}
			actor, err := w.Actor(ctx, tx, cur.CommuneID, role, cur.VillageID)
			if err != nil {
				return err
			}
			return step(ctx, tx, actor, cur, want, act)
		})
		if err != nil {
			return want, fmt.Errorf("walk %s: %w", act, err)
		}
	}
	var rec flows.Record
	err := w.DB.View(ctx, func(tx *store.Tx) (err error) { rec, err = tx.Record(ctx, flows.Operator, want.ID); return err })
	return rec, err
}

// assign gives a record without a village want.VillageID, as the
// coordinator assigns records by the village text the list gave them
// (so every record with that text moves too).
func (w *Walker) assign(ctx context.Context, want flows.Record) error {
	return w.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Record(ctx, flows.Operator, want.ID)
		if err != nil || cur.VillageID != 0 {
			return err
		}
		if want.VillageID == 0 {
			return fmt.Errorf("walk: record %d has no village to be reviewed in", want.ID)
		}
		_, err = tx.AssignVillage(ctx, flows.Operator, cur.CommuneID, []string{cur.VillageText}, want.VillageID)
		return err
	})
}

// step takes one walk step on cur; want holds what the step should write.
func step(ctx context.Context, tx *store.Tx, actor flows.Actor, cur, want flows.Record, act flows.Action) error {
	switch act {
	case flows.ActReview, flows.ActConfirm, flows.ActReturn:
		f := want.Fields
		ch := flows.Change{Record: cur.ID, Version: cur.Version, Action: act, Fields: &f,
			Outcome: want.Outcome, Note: want.Note, ReturnReason: want.ReturnReason, Source: flows.SourceChat}
		// A record without a valid ID is reviewed as a person who has
		// none, as the village would have to state.
		ch.NoID = act == flows.ActReview && !want.IDReady() && want.Outcome != flows.OutcomeNotFound
		if act == flows.ActReview && ch.Outcome == "" {
			ch.Outcome = flows.OutcomeUnchanged
			if !flows.SameFields(f, cur.Fields) {
				ch.Outcome = flows.OutcomeCorrected
			}
		}
		if act == flows.ActReturn {
			ch.Fields, ch.Note = nil, want.ReturnNote
			if ch.ReturnReason == "" {
				ch.ReturnReason = "typo"
			}
		}
		_, err := tx.ChangeRecord(ctx, actor, ch)
		return err
	case flows.ActSign:
		s, err := tx.SignSummary(ctx, actor, cur.CommuneID)
		if err == nil {
			_, _, err = tx.SignHandover(ctx, actor, cur.CommuneID, s.Digest)
		}
		return err
	case flows.ActExport:
		kind := flows.ExportEdit
		if cur.Problem != "wrong_info" {
			kind = flows.ExportImport
		}
		_, err := tx.CreateExport(ctx, actor, cur.CommuneID, kind)
		return err
	case flows.ActEnter:
		e, err := tx.OpenExports(ctx, actor, cur.CommuneID)
		for _, x := range e {
			if err == nil && x.ID == cur.ExportID {
				_, _, err = tx.MarkEntered(ctx, actor, cur.CommuneID, x.Number)
			}
		}
		return err
	case flows.ActVerified, flows.ActStillWrong:
		state := flows.MoveTo(act)
		_, err := tx.ApplyVerification(ctx, actor, cur.CommuneID, []flows.VerifyChange{{RecordID: cur.ID, State: state}}, "test")
		return err
	}
	return fmt.Errorf("walk: no step for %s", act)
}

// Amend changes a record's fields as the operator would from a list sent
// again: someone else's change to a card a person has open.
func Amend(ctx context.Context, tx *store.Tx, id int64, edit func(*flows.Fields)) (flows.Record, error) {
	cur, err := tx.Record(ctx, flows.Operator, id)
	if err != nil {
		return cur, err
	}
	f := cur.Fields
	edit(&f)
	return tx.ChangeRecord(ctx, flows.Operator, flows.Change{Record: id, Version: cur.Version,
		Action: flows.ActAmend, Fields: &f, Source: flows.SourceCLI, Reason: "test"})
}
