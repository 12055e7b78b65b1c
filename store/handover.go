package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"lamsach/flows"
)

// unsignedCond selects a commune's records waiting to be signed: confirmed
// and in no handover yet. Signing changes both, so a record can be signed
// only once.
const unsignedCond = `r.commune_id = ? AND r.state = 'confirmed' AND r.handover_id IS NULL`

// eachUnsigned calls fn for each of the commune's records waiting to be
// signed, in id order (the digest's order), one row in memory at a time.
func (tx *Tx) eachUnsigned(ctx context.Context, communeID int64, fn func(flows.Record)) error {
	rows, err := tx.query(ctx, recordSelect+` WHERE `+unsignedCond+` ORDER BY r.id`, communeID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return err
		}
		fn(r)
	}
	return rows.Err()
}

// SignSummary counts the commune's confirmed records not yet signed, per
// village, and digests exactly that set (flows.HandoverHash), so a signing
// can name the set the officer saw. The operator and the commune's active
// police members may ask.
func (tx *Tx) SignSummary(ctx context.Context, actor flows.Actor, communeID int64) (flows.SignSummary, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RolePolice); err != nil {
		return flows.SignSummary{}, fmt.Errorf("sign summary: %w", err)
	}
	s := flows.SignSummary{ByVillage: map[int64]int{}}
	hh := flows.NewHandoverHash()
	err := tx.eachUnsigned(ctx, communeID, func(r flows.Record) {
		hh.Add(r)
		s.Count++
		s.ByVillage[r.VillageID]++
	})
	if err != nil {
		return flows.SignSummary{}, fmt.Errorf("sign summary: %w", err)
	}
	s.Digest = hh.Sum()
	return s, nil
}

// SignHandover signs the commune's confirmed records not yet signed into
// the next numbered handover, by the actor, now, if their digest is digest
// (the SignSummary the officer was shown): otherwise flows.ErrConflict and
// nothing is written. With nothing to sign it returns a zero Handover (Number
// 0) and writes nothing. The records become signed with the handover's id
// and a new version; they are returned in id order as they now are.
//
// A handover names the officer who signed it, so only an active police
// member of the commune may sign; the operator may not.
//
// The records are chosen and changed by one conditional UPDATE in this
// write transaction: two officers signing at once each get a distinct set
// (the second usually nothing), never a record twice.
//
// The audit log gets one "handover.sign" entry for the batch (number,
// count, digest) and, per record, the state and handover changes as
// "record.update" entries, so each record's own history shows its signing.
func (tx *Tx) SignHandover(ctx context.Context, actor flows.Actor, communeID int64, digest string) (flows.Handover, []flows.Record, error) {
	fail := func(err error) (flows.Handover, []flows.Record, error) {
		return flows.Handover{}, nil, fmt.Errorf("sign handover: %w", err)
	}
	if isOperator(actor) || actor.Role != flows.RolePolice {
		return fail(flows.ErrForbidden)
	}
	if err := tx.authorize(ctx, actor, communeID, flows.RolePolice); err != nil {
		return fail(err)
	}
	var recs []flows.Record
	hh := flows.NewHandoverHash()
	if err := tx.eachUnsigned(ctx, communeID, func(r flows.Record) { hh.Add(r); recs = append(recs, r) }); err != nil {
		return fail(err)
	}
	if len(recs) == 0 {
		return flows.Handover{}, nil, nil
	}
	h := flows.Handover{CommuneID: communeID, OfficerID: actor.MemberID, SignedAt: tx.now, Digest: hh.Sum(), RecordCount: len(recs)}
	if h.Digest != digest {
		return fail(flows.ErrConflict)
	}
	if err := tx.queryRow(ctx, `SELECT coalesce(max(number), 0) + 1 FROM handovers WHERE commune_id = ?`, communeID).
		Scan(&h.Number); err != nil {
		return fail(err)
	}
	res, err := tx.exec(ctx, `INSERT INTO handovers (commune_id, number, officer_id, signed_at, digest, record_count)
		VALUES (?, ?, ?, ?, ?, ?)`, communeID, h.Number, h.OfficerID, tx.now.UnixMilli(), h.Digest, h.RecordCount)
	if err != nil {
		return fail(err)
	}
	if h.ID, err = res.LastInsertId(); err != nil {
		return fail(err)
	}
	number := strconv.Itoa(h.Number)
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, Action: "handover.sign", Field: "handover",
		New: number, Source: flows.SourcePolice, Reason: strconv.Itoa(len(recs)) + " records, digest " + h.Digest})
	if err != nil {
		return fail(err)
	}
	ids, err := tx.moveRecords(ctx, actor, move{commune: communeID, act: flows.ActSign,
		where: `r.commune_id = ? AND r.handover_id IS NULL`, args: []any{communeID},
		set: []setColumn{{"handover_id", h.ID, "handover", strconv.FormatInt(h.ID, 10)}},
		src: flows.SourcePolice, reason: "handover " + number})
	if err != nil {
		return fail(err)
	}
	// The write transaction holds the database since the records were
	// read, so the move meets the same set; anything else is a bug, and
	// the error rolls the handover back.
	if len(ids) != len(recs) {
		return fail(fmt.Errorf("%d records signed, %d read: %w", len(ids), len(recs), flows.ErrConflict))
	}
	for i := range recs {
		r := &recs[i]
		r.State, r.HandoverID, r.Version, r.UpdatedAt = flows.StateSigned, h.ID, r.Version+1, tx.now
	}
	return h, recs, nil
}

// Handover returns handover number of a commune and its records in id
// order, as they are now (later steps move them on to exported and beyond;
// their four fields no longer change). It is what "lamsach export --kind
// handover --batch N" writes (flows.HandoverSheet) and what the station's
// edit list names. The operator and the commune's active police, station
// and coordinator members may read it; an unknown number is
// flows.ErrNotFound. It is a bulk read of personal data: the caller that
// hands it out (an export) audits that.
func (tx *Tx) Handover(ctx context.Context, actor flows.Actor, communeID int64, number int) (flows.Handover, []flows.Record, error) {
	fail := func(err error) (flows.Handover, []flows.Record, error) {
		return flows.Handover{}, nil, fmt.Errorf("handover: %w", err)
	}
	if err := tx.authorize(ctx, actor, communeID, flows.RolePolice, flows.RoleStation, flows.RoleCoordinator); err != nil {
		return fail(err)
	}
	h := flows.Handover{CommuneID: communeID}
	var signed int64
	err := tx.queryRow(ctx, `SELECT id, number, officer_id, signed_at, digest, record_count FROM handovers
		WHERE commune_id = ? AND number = ?`, communeID, number).
		Scan(&h.ID, &h.Number, &h.OfficerID, &signed, &h.Digest, &h.RecordCount)
	if errors.Is(err, sql.ErrNoRows) {
		return fail(flows.ErrNotFound)
	}
	if err != nil {
		return fail(err)
	}
	h.SignedAt = fromMS(sql.NullInt64{Int64: signed, Valid: true})
	rows, err := tx.query(ctx, recordSelect+` WHERE r.commune_id = ? AND r.handover_id = ? ORDER BY r.id`, communeID, h.ID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var recs []flows.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return fail(err)
		}
		recs = append(recs, r)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return h, recs, nil
}
