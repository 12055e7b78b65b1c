package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"lamsach/flows"
)

// change is one field of a record that an update changes, as the audit log
// shows it.
type change struct{ field, old, new string }

// diffRecord lists the fields that differ between old and rec, in a fixed
// order. Warnings are left out: they are derived from the fields and
// recomputed with them, so the field changes already explain them.
func diffRecord(old, rec flows.Record) []change {
	var cs []change
	add := func(field, o, n string) {
		if o != n {
			cs = append(cs, change{field, o, n})
		}
	}
	id := func(v int64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	add("name", old.Name, rec.Name)
	add("dob", old.DOB.String(), rec.DOB.String())
	add("gender", string(old.Gender), string(rec.Gender))
	add("id_number", old.Fields.ID.Number, rec.Fields.ID.Number)
	add("id_kind", string(old.Fields.ID.Kind), string(rec.Fields.ID.Kind))
	add("phone", old.Phone, rec.Phone)
	add("code", old.Code, rec.Code)
	add("problem", string(old.Problem), string(rec.Problem))
	add("village", id(old.VillageID), id(rec.VillageID))
	add("state", string(old.State), string(rec.State))
	add("outcome", string(old.Outcome), string(rec.Outcome))
	add("note", old.Note, rec.Note)
	add("return_reason", old.ReturnReason, rec.ReturnReason)
	add("return_note", old.ReturnNote, rec.ReturnNote)
	add("reviewed_by", id(old.ReviewedBy), id(rec.ReviewedBy))
	add("reviewed_at", timeText(old.ReviewedAt), timeText(rec.ReviewedAt))
	add("confirmed_by", id(old.ConfirmedBy), id(rec.ConfirmedBy))
	add("confirmed_at", timeText(old.ConfirmedAt), timeText(rec.ConfirmedAt))
	add("handover", id(old.HandoverID), id(rec.HandoverID))
	add("export", id(old.ExportID), id(rec.ExportID))
	return cs
}

// UpdateRecord saves rec over the stored record rec.ID. rec.Version is the
// version the caller read: when the record has changed since,
// flows.ErrConflict and nothing is written, so an old button or a second
// person cannot overwrite a newer record. On success the version goes up by
// one and the audit log gets one entry per changed field (old → new), with
// src and reason, in the same transaction.
//
// Access is as for Record; in addition a village member may not move a
// record to another village. What a record was imported as (commune,
// import, row, Orig, IDRaw, Original, CreatedAt) never changes: those
// fields of rec are ignored. An update that changes nothing writes nothing
// and returns the stored record.
func (tx *Tx) UpdateRecord(ctx context.Context, actor flows.Actor, rec flows.Record, src flows.Source, reason string) (flows.Record, error) {
	fail := func(err error) (flows.Record, error) { return flows.Record{}, fmt.Errorf("update record: %w", err) }
	old, err := tx.loadRecord(ctx, actor, rec.ID)
	if err != nil {
		return fail(err)
	}
	if old.Version != rec.Version {
		return fail(flows.ErrConflict)
	}
	rec.CommuneID, rec.ImportID, rec.RowNum = old.CommuneID, old.ImportID, old.RowNum
	rec.Orig, rec.IDRaw, rec.Original, rec.VillageText, rec.CreatedAt = old.Orig, old.IDRaw, old.Original, old.VillageText, old.CreatedAt
	if rec.VillageID != old.VillageID {
		if actor.Role == flows.RoleVillage {
			return fail(flows.ErrForbidden)
		}
		if rec.VillageID != 0 {
			if err := tx.checkVillage(ctx, rec.CommuneID, rec.VillageID); err != nil {
				return fail(err)
			}
		}
	}
	changes := diffRecord(old, rec)
	if len(changes) == 0 && slices.Equal(old.Warnings, rec.Warnings) {
		return old, nil
	}
	rec.Version, rec.UpdatedAt = old.Version+1, tx.now
	args, err := recordArgs(&rec)
	if err != nil {
		return fail(err)
	}
	cond, scope := recordScope(actor)
	// The scope and the version are checked again by the UPDATE itself, so
	// the write can never reach a row the read above did not.
	args = append(append(args, rec.ID, old.Version), scope...)
	res, err := tx.exec(ctx, updateRecord+" WHERE r.id = ? AND r.version = ? AND "+cond, args...)
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
			Field: c.field, Old: c.old, New: c.new, Source: src, Reason: reason})
		if err != nil {
			return fail(err)
		}
	}
	return rec, nil
}
