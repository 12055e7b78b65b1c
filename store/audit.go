package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
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
// Version 2 covers the hashes of old, new and reason instead of the values.
const auditDomain = "lamsach.audit.v2"

// auditValueDomain separates the hashes of an entry's values from its
// digest and from any other SHA-256 use.
const auditValueDomain = "lamsach.audit.value.v2"

// auditRow is an entry as stored: the values, their hashes and whether the
// values were purged.
type auditRow struct {
	flows.AuditEntry
	oldHash, newHash, reasonHash string
	// salt goes into the value hashes and is blanked with the values, so
	// a purged hash cannot be reversed by hashing every possible value.
	salt   string
	purged bool
}

// putString writes s to h with its length in front, so no two different
// sequences of strings write the same bytes ("ab"+"c" differs from "a"+"bc").
func putString(h hash.Hash, s string) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}

// valueHash is the hex SHA-256 of one value of an entry: the column's name
// goes in, so old and new cannot be swapped unnoticed.
func valueHash(salt, column, value string) string {
	h := sha256.New()
	putString(h, auditValueDomain)
	putString(h, salt)
	putString(h, column)
	putString(h, value)
	return sum(h)
}

// seal gives r a new salt and the hashes of its values.
func (r *auditRow) seal() {
	r.salt = rand.Text()
	r.oldHash = valueHash(r.salt, "old", r.Old)
	r.newHash = valueHash(r.salt, "new", r.New)
	r.reasonHash = valueHash(r.salt, "reason", r.Reason)
}

// valuesMatch reports whether r's values are the ones its hashes were made
// of. A purged entry's values are gone; one that still has a value must
// match too, so marking an entry purged cannot hide an edit.
func (r *auditRow) valuesMatch() bool {
	match := func(column, value, hash string) bool {
		return (r.purged && value == "") || valueHash(r.salt, column, value) == hash
	}
	return match("old", r.Old, r.oldHash) && match("new", r.New, r.newHash) &&
		match("reason", r.Reason, r.reasonHash)
}

// auditDigest is the SHA-256, in hex, of an entry's canonical encoding
// (encodeAudit): the digest of the entries written before the chain was
// keyed.
func auditDigest(r auditRow) string { return encodeAudit(sha256.New(), auditDomain, r) }

// digest is r's digest as the chain has it at r's seq: from the key's start
// on an HMAC under the key, so only the key's holder can make one; before
// it (and with no key) the plain auditDigest.
func (k *auditKey) digest(r auditRow) string {
	if k == nil || r.Seq < k.start {
		return auditDigest(r)
	}
	return encodeAudit(hmac.New(sha256.New, k.secret), keyedDomain, r)
}

// encodeAudit writes an entry's canonical encoding to h and returns the
// hex sum: every field, seq and prev included, each as a length-prefixed
// string, with the hashes of old, new and reason standing in for the values.
// Neither the values nor the salt nor the purged mark are covered: purging
// changes them.
func encodeAudit(h hash.Hash, domain string, r auditRow) string {
	put := func(s string) { putString(h, s) }
	num := func(v int64) { put(strconv.FormatInt(v, 10)) }
	put(domain)
	num(r.Seq)
	num(r.At.UnixMilli())
	num(r.MemberID)
	put(string(r.Role))
	num(r.CommuneID)
	num(r.RecordID)
	put(r.Action)
	put(r.Field)
	put(r.oldHash)
	put(r.newHash)
	put(string(r.Source))
	put(r.reasonHash)
	put(r.Prev)
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
	if tx.key == nil {
		// Only Open keys a database; one opened read-only has no key to
		// append with, and an unkeyed entry would weaken the chain.
		return e, errors.New("the audit log has no key: the database is not open for writing")
	}
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
	r := auditRow{AuditEntry: e}
	r.seal()
	e.Digest = tx.key.digest(r)
	_, err := tx.exec(ctx, `INSERT INTO audit (seq, at, member_id, role, commune_id, record_id, action,
		field, old, new, source, reason, prev, digest, old_hash, new_hash, reason_hash, salt)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, e.At.UnixMilli(), nullID(e.MemberID), string(e.Role), nullID(e.CommuneID), nullID(e.RecordID),
		e.Action, e.Field, e.Old, e.New, string(e.Source), e.Reason, e.Prev, e.Digest,
		r.oldHash, r.newHash, r.reasonHash, r.salt)
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
	if anchoredActions[e.Action] {
		tx.anchor = true
	}
	return e, nil
}

const auditColumns = `seq, at, member_id, role, commune_id, record_id, action, field, old, new, source,
	reason, prev, digest, old_hash, new_hash, reason_hash, salt, purged`

// scanAudit reads one row of auditColumns.
func scanAudit(row interface{ Scan(...any) error }) (auditRow, error) {
	var r auditRow
	var at int64
	var member, commune, record sql.NullInt64
	var role, source string
	err := row.Scan(&r.Seq, &at, &member, &role, &commune, &record, &r.Action, &r.Field,
		&r.Old, &r.New, &source, &r.Reason, &r.Prev, &r.Digest,
		&r.oldHash, &r.newHash, &r.reasonHash, &r.salt, &r.purged)
	r.At = fromMS(sql.NullInt64{Int64: at, Valid: true})
	r.MemberID, r.CommuneID, r.RecordID = member.Int64, commune.Int64, record.Int64
	r.Role, r.Source = flows.Role(role), flows.Source(source)
	return r, err
}

// AuditFor returns the history of one record, oldest first, for a person's
// data-subject request or the record's card. The actor must be allowed to
// read the record. Purged entries are left out: they belong to a purged
// commune's records, whose ids a newer record may have taken since.
func (tx *Tx) AuditFor(ctx context.Context, actor flows.Actor, recordID int64) ([]flows.AuditEntry, error) {
	if err := tx.visible(ctx, actor, recordID); err != nil {
		return nil, fmt.Errorf("audit for record: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit WHERE record_id = ? AND purged = 0 ORDER BY seq`, recordID)
	if err != nil {
		return nil, fmt.Errorf("audit for record: %w", err)
	}
	defer rows.Close()
	var out []flows.AuditEntry
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("audit for record: %w", err)
		}
		out = append(out, r.AuditEntry)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit for record: %w", err)
	}
	return out, nil
}
