package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"lamsach/flows"
)

// change is one field of a record that an update changes, as the audit log
// shows it.
type change struct{ field, old, new string }

// diffRecord lists the fields that differ between old and rec, in a fixed
// order: the person fields (flows.FieldSpecs), then the record's own.
// Warnings are left out: they are derived from the fields and recomputed
// with them, so the field changes already explain them.
func diffRecord(old, rec flows.Record) []change {
	cs := fieldChanges(old.Fields, rec.Fields)
	add := func(field, o, n string) {
		if o != n {
			cs = append(cs, change{field, o, n})
		}
	}
	add("no_id", boolText(old.NoID), boolText(rec.NoID))
	add("code", old.Code, rec.Code)
	add("problem", string(old.Problem), string(rec.Problem))
	add("village", idText(old.VillageID), idText(rec.VillageID))
	add("state", string(old.State), string(rec.State))
	add("outcome", string(old.Outcome), string(rec.Outcome))
	add("note", old.Note, rec.Note)
	add("return_reason", old.ReturnReason, rec.ReturnReason)
	add("return_note", old.ReturnNote, rec.ReturnNote)
	add("reviewed_by", idText(old.ReviewedBy), idText(rec.ReviewedBy))
	add("reviewed_at", timeText(old.ReviewedAt), timeText(rec.ReviewedAt))
	add("confirmed_by", idText(old.ConfirmedBy), idText(rec.ConfirmedBy))
	add("confirmed_at", timeText(old.ConfirmedAt), timeText(rec.ConfirmedAt))
	add("handover", idText(old.HandoverID), idText(rec.HandoverID))
	add("export", idText(old.ExportID), idText(rec.ExportID))
	return cs
}

// boolText is a flag as the audit log shows it; false is empty.
func boolText(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// idText is an id as the audit log shows it; 0 is empty.
func idText(v int64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

// ChangeRecord applies one person's action to one record (flows.Change):
// the move must be in flows.Lifecycle for the record's state and the
// actor's role, and ch.Version must be the stored version. The record is
// written by one UPDATE whose WHERE repeats the version, the allowed
// from-states and the actor's scope, so the write can never reach a record
// the checks above did not pass. The audit log gets one entry per changed
// field (old → new) with ch.Source and ch.Reason, in the same transaction.
//
// A record out of the actor's scope is flows.ErrNotFound or
// flows.ErrForbidden (as for Record); an action the actor's role never
// makes is flows.ErrForbidden; a version that moved on, or a state the
// action does not apply to, is flows.ErrConflict. Nothing is written then.
func (tx *Tx) ChangeRecord(ctx context.Context, actor flows.Actor, ch flows.Change) (flows.Record, error) {
	fail := func(err error) (flows.Record, error) {
		return flows.Record{}, fmt.Errorf("%s record: %w", ch.Action, err)
	}
	old, err := tx.loadRecord(ctx, actor, ch.Record)
	if err != nil {
		return fail(err)
	}
	from := flows.MoveFrom(actor.Role, ch.Action)
	if len(from) == 0 {
		return fail(flows.ErrForbidden)
	}
	t, ok := flows.Move(old.State, actor.Role, ch.Action)
	if old.Version != ch.Version || !ok {
		return fail(flows.ErrConflict)
	}
	rec, err := t.Apply(old, ch, actor.MemberID, tx.now)
	if err != nil {
		return fail(err)
	}
	changes := diffRecord(old, rec)
	if len(changes) == 0 && slices.Equal(old.Warnings, rec.Warnings) {
		return old, nil
	}
	rec.Version, rec.UpdatedAt = old.Version+1, tx.now
	update, args, err := updateChanged(old, &rec)
	if err != nil {
		return fail(err)
	}
	cond, scope := recordScope(actor)
	args = append(append(args, rec.ID, old.Version), scope...)
	res, err := tx.exec(ctx, update+" WHERE r.id = ? AND r.version = ? AND r.state IN ("+stateList(from)+") AND "+cond, args...)
	if err != nil {
		return fail(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fail(err)
	} else if n != 1 {
		return fail(flows.ErrConflict)
	}
	for _, c := range changes {
		err := tx.record(ctx, actor, flows.AuditEntry{CommuneID: rec.CommuneID, RecordID: rec.ID, Action: "record.update",
			Field: c.field, Old: c.old, New: c.new, Source: ch.Source, Reason: ch.Reason})
		if err != nil {
			return fail(err)
		}
	}
	return rec, nil
}

// updateChanged returns an UPDATE of the stored columns whose values differ
// between old and rec (the version always does), and those values; the
// caller appends the WHERE. Writing only what changed spares SQLite the
// indexes on columns that did not, which a review never touches.
func updateChanged(old flows.Record, rec *flows.Record) (string, []any, error) {
	was, err := recordArgs(&old)
	if err != nil {
		return "", nil, err
	}
	now, err := recordArgs(rec)
	if err != nil {
		return "", nil, err
	}
	var set []string
	var args []any
	for i, c := range recordFields {
		if was[i] != now[i] {
			set = append(set, c+" = ?")
			args = append(args, now[i])
		}
	}
	return "UPDATE records AS r SET " + strings.Join(set, ", "), args, nil
}
