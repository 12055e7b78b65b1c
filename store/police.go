package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"lamsach/flows"
)

// policeOnly refuses every actor but the operator and police members. It
// is a cheap first gate: the queries then check the member row itself
// (recordScope, authorize), so a police member revoked a moment ago is
// refused too.
func policeOnly(a flows.Actor) error {
	if isOperator(a) || a.Role == flows.RolePolice {
		return nil
	}
	return flows.ErrForbidden
}

// PoliceQueue returns up to limit records of the police member's commune
// that a village reviewed and the police have not yet checked, oldest
// review first, skipping the ids in skip. The operator sees every commune's.
func (tx *Tx) PoliceQueue(ctx context.Context, actor flows.Actor, skip []int64, limit int) ([]flows.Record, error) {
	if !isOperator(actor) {
		// Said plainly rather than left to the scope, which would answer a
		// revoked officer with an empty queue, as if all were done.
		if err := tx.authorize(ctx, actor, actor.CommuneID, flows.RolePolice); err != nil {
			return nil, fmt.Errorf("police queue: %w", err)
		}
	}
	cond := `r.state = 'reviewed'`
	var args []any
	if len(skip) > 0 {
		cond += ` AND r.id NOT IN (` + params(len(skip)) + `)`
		for _, id := range skip {
			args = append(args, id)
		}
	}
	// A record reviewed without a time (set by hand) sorts first rather
	// than never.
	recs, err := tx.records(ctx, actor, cond, args, `ORDER BY coalesce(r.reviewed_at, 0), r.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("police queue: %w", err)
	}
	return recs, nil
}

// sameFields reports whether two records hold the same four fields.
func sameFields(a, b flows.Fields) bool {
	return a.Name == b.Name && a.DOB == b.DOB && a.Gender == b.Gender && a.ID == b.ID
}

// ConfirmRecord records that the police found a reviewed record to match
// the population database. rec.Version is the version the officer's card
// showed and rec's four fields and warnings are the values confirmed: when
// they differ from the stored ones the officer corrected the record, and
// its outcome becomes corrected. Everything else of rec is ignored. The
// record becomes confirmed by the actor, now; the audit log gets each
// change with source police and reason (e.g. "qr" when the correction came
// from the card's QR text).
//
// Only the operator and active police members of the record's commune may;
// a record that is not in state reviewed, or whose version moved on, is
// flows.ErrConflict and nothing is written.
func (tx *Tx) ConfirmRecord(ctx context.Context, actor flows.Actor, rec flows.Record, reason string) (flows.Record, error) {
	fail := func(err error) (flows.Record, error) { return flows.Record{}, fmt.Errorf("confirm record: %w", err) }
	if err := policeOnly(actor); err != nil {
		return fail(err)
	}
	old, err := tx.loadRecord(ctx, actor, rec.ID)
	if err != nil {
		return fail(err)
	}
	if old.Version != rec.Version || old.State != flows.StateReviewed {
		return fail(flows.ErrConflict)
	}
	next := old
	if !sameFields(old.Fields, rec.Fields) {
		next.Fields, next.Warnings, next.Outcome = rec.Fields, rec.Warnings, flows.OutcomeCorrected
	}
	next.State, next.ConfirmedBy, next.ConfirmedAt = flows.StateConfirmed, actor.MemberID, tx.now
	saved, err := tx.UpdateRecord(ctx, actor, next, flows.SourcePolice, reason)
	if err != nil {
		return flows.Record{}, fmt.Errorf("confirm record: %w", err)
	}
	return saved, nil
}

// ReturnRecord sends a record back to its village: state returned, with
// the reason code (one of flows.ReturnReasons) and note the village will
// see; a confirmation not yet signed is undone. It is audited with source
// police. The record must be reviewed, or confirmed and not yet in a
// handover, at version; else flows.ErrConflict and nothing is written.
// Reason "other" needs a note. Access is as for ConfirmRecord.
func (tx *Tx) ReturnRecord(ctx context.Context, actor flows.Actor, id, version int64, reason, note string) (flows.Record, error) {
	fail := func(err error) (flows.Record, error) { return flows.Record{}, fmt.Errorf("return record: %w", err) }
	if err := policeOnly(actor); err != nil {
		return fail(err)
	}
	if !slices.Contains(flows.ReturnReasons, reason) {
		return fail(fmt.Errorf("unknown reason %q", reason))
	}
	note = strings.TrimSpace(note)
	if reason == flows.ReturnOther && note == "" {
		return fail(fmt.Errorf("reason %q needs a note", reason))
	}
	old, err := tx.loadRecord(ctx, actor, id)
	if err != nil {
		return fail(err)
	}
	open := old.State == flows.StateReviewed || (old.State == flows.StateConfirmed && old.HandoverID == 0)
	if old.Version != version || !open {
		return fail(flows.ErrConflict)
	}
	next := old
	next.State, next.ReturnReason, next.ReturnNote = flows.StateReturned, reason, note
	next.ConfirmedBy, next.ConfirmedAt = 0, time.Time{}
	saved, err := tx.UpdateRecord(ctx, actor, next, flows.SourcePolice, reason)
	if err != nil {
		return flows.Record{}, fmt.Errorf("return record: %w", err)
	}
	return saved, nil
}

// Recipients returns the active members of a commune with role who have a
// Telegram chat, by id: for role village only those assigned to village
// villageID. The police use it to tell a village its record came back and
// the station that a handover is signed. The operator and the commune's
// active police members may ask: names are personal data.
func (tx *Tx) Recipients(ctx context.Context, actor flows.Actor, communeID int64, role flows.Role, villageID int64) ([]flows.Member, error) {
	fail := func(err error) ([]flows.Member, error) { return nil, fmt.Errorf("recipients: %w", err) }
	if err := tx.authorize(ctx, actor, communeID, flows.RolePolice); err != nil {
		return fail(err)
	}
	q := `SELECT ` + memberColumns + ` FROM members WHERE commune_id = ? AND role = ? AND active = 1
		AND telegram_id IS NOT NULL`
	args := []any{communeID, string(role)}
	if role == flows.RoleVillage {
		q += ` AND id IN (SELECT member_id FROM member_villages WHERE village_id = ?)`
		args = append(args, villageID)
	}
	rows, err := tx.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return fail(err)
	}
	var out []flows.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return fail(err)
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	for i := range out {
		if err := tx.withVillages(ctx, &out[i]); err != nil {
			return fail(err)
		}
	}
	return out, nil
}
