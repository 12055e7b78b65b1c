package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"

	"lamsach/flows"
)

// auditHead is the end of the chain: how many entries, the last seq and the
// last digest.
type auditHead struct {
	count   int64
	lastSeq int64
	digest  string
}

// auditDomain separates lamsach's audit digests from any other SHA-256 use
// and names the encoding, so a future change of encoding can be told apart.
const auditDomain = "lamsach.audit.v1"

// auditDigest is the SHA-256, in hex, of an entry's canonical encoding: every
// field, seq and prev included, as a length-prefixed string, so no two
// different entries encode the same ("ab"+"c" differs from "a"+"bc").
func auditDigest(e flows.AuditEntry) string {
	h := sha256.New()
	put := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	num := func(v int64) { put(strconv.FormatInt(v, 10)) }
	put(auditDomain)
	num(e.Seq)
	num(e.At.UnixMilli())
	num(e.MemberID)
	put(string(e.Role))
	num(e.CommuneID)
	num(e.RecordID)
	put(e.Action)
	put(e.Field)
	put(e.Old)
	put(e.New)
	put(string(e.Source))
	put(e.Reason)
	put(e.Prev)
	return sum(h)
}

func sum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// Audit appends e to the audit log as done by actor, at the transaction's
// time. It is for events that are not a change of a stored row, such as a
// bulk read of personal data (an export). Seq, At, Prev and Digest are set
// here; CommuneID defaults to the actor's.
func (tx *Tx) Audit(ctx context.Context, actor flows.Actor, e flows.AuditEntry) (flows.AuditEntry, error) {
	e.MemberID, e.Role = actor.MemberID, actor.Role
	if e.CommuneID == 0 {
		e.CommuneID = actor.CommuneID
	}
	if e.Action == "" {
		return flows.AuditEntry{}, errors.New("audit: entry needs an action")
	}
	e, err := tx.appendAudit(ctx, e)
	if err != nil {
		return flows.AuditEntry{}, fmt.Errorf("audit: %w", err)
	}
	return e, nil
}

// record appends the entry for a change made by actor.
func (tx *Tx) record(ctx context.Context, actor flows.Actor, e flows.AuditEntry) error {
	e.MemberID, e.Role = actor.MemberID, actor.Role
	if e.Source == "" {
		e.Source = flows.SourceSystem
	}
	_, err := tx.appendAudit(ctx, e)
	return err
}

// appendAudit links e to the end of the chain and writes it and the new
// head. The head is read once per transaction and then kept, so a batch of
// entries costs one read.
func (tx *Tx) appendAudit(ctx context.Context, e flows.AuditEntry) (flows.AuditEntry, error) {
	if tx.head == nil {
		var h auditHead
		err := tx.queryRow(ctx, `SELECT count, last_seq, digest FROM audit_head WHERE id = 1`).
			Scan(&h.count, &h.lastSeq, &h.digest)
		if err != nil {
			return e, fmt.Errorf("read audit head: %w", err)
		}
		tx.head = &h
	}
	e.Seq = tx.head.lastSeq + 1
	e.At = tx.now
	e.Prev = tx.head.digest
	e.Digest = auditDigest(e)
	_, err := tx.exec(ctx, `INSERT INTO audit (seq, at, member_id, role, commune_id, record_id, action,
		field, old, new, source, reason, prev, digest) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, e.At.UnixMilli(), nullID(e.MemberID), string(e.Role), nullID(e.CommuneID), nullID(e.RecordID),
		e.Action, e.Field, e.Old, e.New, string(e.Source), e.Reason, e.Prev, e.Digest)
	if err != nil {
		tx.head = nil // the statement failed; reread rather than trust memory
		return e, fmt.Errorf("write audit entry: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE audit_head SET count = count + 1, last_seq = ?, digest = ? WHERE id = 1`,
		e.Seq, e.Digest); err != nil {
		tx.head = nil
		return e, fmt.Errorf("write audit head: %w", err)
	}
	tx.head.count++
	tx.head.lastSeq = e.Seq
	tx.head.digest = e.Digest
	return e, nil
}

const auditColumns = `seq, at, member_id, role, commune_id, record_id, action, field, old, new, source, reason, prev, digest`

// scanAudit reads one row of auditColumns.
func scanAudit(row interface{ Scan(...any) error }) (flows.AuditEntry, error) {
	var e flows.AuditEntry
	var at int64
	var member, commune, record sql.NullInt64
	var role, source string
	err := row.Scan(&e.Seq, &at, &member, &role, &commune, &record, &e.Action, &e.Field,
		&e.Old, &e.New, &source, &e.Reason, &e.Prev, &e.Digest)
	e.At = fromMS(sql.NullInt64{Int64: at, Valid: true})
	e.MemberID, e.CommuneID, e.RecordID = member.Int64, commune.Int64, record.Int64
	e.Role, e.Source = flows.Role(role), flows.Source(source)
	return e, err
}

// AuditFor returns the history of one record, oldest first, for a person's
// data-subject request or the record's card. The actor must be allowed to
// read the record.
func (tx *Tx) AuditFor(ctx context.Context, actor flows.Actor, recordID int64) ([]flows.AuditEntry, error) {
	if err := tx.visible(ctx, actor, recordID); err != nil {
		return nil, fmt.Errorf("audit for record: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit WHERE record_id = ? ORDER BY seq`, recordID)
	if err != nil {
		return nil, fmt.Errorf("audit for record: %w", err)
	}
	defer rows.Close()
	var out []flows.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("audit for record: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit for record: %w", err)
	}
	return out, nil
}
