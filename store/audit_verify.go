package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// AuditProblem names what VerifyAudit found wrong.
type AuditProblem string

// The problems VerifyAudit reports.
const (
	AuditAltered   AuditProblem = "content altered"   // the entry's digest does not match its content
	AuditRemoved   AuditProblem = "entry removed"     // a seq is missing, or the log ends before its head
	AuditReordered AuditProblem = "entries reordered" // the entry was written under another seq
	AuditBroken    AuditProblem = "chain broken"      // the entry does not link to the one before it
	AuditHead      AuditProblem = "head mismatch"     // the log has entries the head does not know
	// The entry's values were blanked as purged, but no commune.purge entry
	// of its commune follows: a purge writes one after redacting.
	AuditPurged AuditProblem = "purged without a purge entry"
	// The log has no key row: made by a lamsach older than the keyed log
	// and not opened for writing since, or the row was removed.
	AuditUnkeyed AuditProblem = "log not keyed"
	// The stored start of the keyed chain is not signed with the key.
	AuditKeyStart AuditProblem = "keyed start moved"
)

// purgeAction is the action of the entry a commune's purge writes last.
const purgeAction = "commune.purge"

// AuditReport is the result of walking the audit chain.
type AuditReport struct {
	Entries int64  // entries checked (up to the first bad one)
	Head    string // digest of the last good entry: an operator can note it down
	OK      bool
	BadSeq  int64 // the first bad entry, when not OK
	Problem AuditProblem
	Detail  string // one line for the operator, no personal data
	// KeyID names the audit key and KeyedFrom is the first keyed seq;
	// both empty when the log is not keyed.
	KeyID     string
	KeyedFrom int64
}

// VerifyAudit walks the whole audit log in seq order, checking each entry's
// values against their hashes (unless purged), recomputing its digest and
// its link to the one before, and compares the end with the head. It
// streams the rows, so memory does not grow with the log. A tampered log is
// a report with OK false, not an error.
//
// What it proves: any edit, removal or swap made directly in the database
// shows. From the key's start on, digests are HMACs under the audit key,
// so recomputing the chain after a change, or appending a forged entry,
// needs the key, which is not in the database. What the walk alone cannot
// see is the last entries removed together with the head rewound, or the
// whole log wiped: the anchors kept outside (CheckAnchors, CheckHead) do.
// An entry marked purged must be followed by a purge entry of its commune,
// so blanking one entry's values to hide them shows as well.
func (tx *Tx) VerifyAudit(ctx context.Context) (AuditReport, error) {
	var r AuditReport
	if tx.key != nil && !tx.key.startOK {
		return r.bad(tx.key.start, AuditKeyStart,
			"the stored start of the keyed chain does not carry the key's signature: it was changed by hand"), nil
	}
	r, err := tx.walkAudit(ctx)
	if tx.key != nil {
		r.KeyID, r.KeyedFrom = tx.key.id, tx.key.start
	}
	if err != nil || !r.OK || tx.key != nil {
		return r, err
	}
	return r.bad(1, AuditUnkeyed, "the log has no audit key row: open the database once with this lamsach "+
		"(any command but audit) to key it; if it was keyed before, the row was removed"), nil
}

// walkAudit walks the chain and compares its end with the head.
func (tx *Tx) walkAudit(ctx context.Context) (AuditReport, error) {
	var r AuditReport
	rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit ORDER BY seq`)
	if err != nil {
		return r, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	// The first purged entry of each commune not yet followed by a purge
	// entry, with the report as it stood just before it.
	unmatched := map[int64]AuditReport{}
	var lastSeq int64
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return r, fmt.Errorf("verify audit: %w", err)
		}
		switch {
		case e.Seq != lastSeq+1:
			return r.bad(lastSeq+1, AuditRemoved, fmt.Sprintf("seq %d to %d missing", lastSeq+1, e.Seq-1)), nil
		case !e.valuesMatch():
			// The same words as a digest mismatch: a value is content, and
			// the operator's next step (compare with a backup) is the same.
			return r.bad(e.Seq, AuditAltered, "its digest does not match its content"), nil
		case tx.key.digest(e) != e.Digest:
			rows.Close() // the classification below runs its own query
			return tx.classify(ctx, r, e.Seq, e.Digest, func(seq int64) string {
				e.Seq = seq
				return tx.key.digest(e)
			})
		case e.Prev != r.Head:
			return r.bad(e.Seq, AuditBroken, "its prev is not the digest of the entry before it"), nil
		}
		if _, seen := unmatched[e.CommuneID]; e.purged && !seen {
			unmatched[e.CommuneID] = r.bad(e.Seq, AuditPurged,
				fmt.Sprintf("it is marked purged but no %s entry of commune %d follows", purgeAction, e.CommuneID))
		}
		if e.Action == purgeAction && !e.purged {
			delete(unmatched, e.CommuneID)
		}
		r.Entries++
		r.Head = e.Digest
		lastSeq = e.Seq
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("verify audit: %w", err)
	}
	if len(unmatched) > 0 {
		return firstBad(unmatched), nil
	}
	return tx.compareHead(ctx, r, lastSeq)
}

// compareHead compares the end of a walked log (r, ending at lastSeq) with
// the stored head.
func (tx *Tx) compareHead(ctx context.Context, r AuditReport, lastSeq int64) (AuditReport, error) {
	var h auditHead
	err := tx.queryRow(ctx, `SELECT count, last_seq, digest FROM audit_head WHERE id = 1`).Scan(&h.count, &h.lastSeq, &h.digest)
	if errors.Is(err, sql.ErrNoRows) {
		return r.bad(lastSeq+1, AuditHead, "the audit head row is missing"), nil
	}
	if err != nil {
		return r, fmt.Errorf("verify audit: %w", err)
	}
	switch {
	case h.lastSeq > lastSeq:
		return r.bad(lastSeq+1, AuditRemoved, fmt.Sprintf("the log ends at seq %d but its head is at seq %d", lastSeq, h.lastSeq)), nil
	case h.lastSeq < lastSeq || h.count != r.Entries || h.digest != r.Head:
		return r.bad(h.lastSeq+1, AuditHead, fmt.Sprintf("the head (seq %d, %d entries) does not match the log (seq %d, %d entries)",
			h.lastSeq, h.count, lastSeq, r.Entries)), nil
	}
	r.OK = true
	return r, nil
}

// firstBad returns the report with the lowest BadSeq, so the operator is
// pointed at the earliest damage whichever commune it is in.
func firstBad(reports map[int64]AuditReport) AuditReport {
	var first AuditReport
	for _, r := range reports {
		if first.BadSeq == 0 || r.BadSeq < first.BadSeq {
			first = r
		}
	}
	return first
}

// classify tells a moved entry from an altered one: an entry whose content
// is intact but sits under another seq has a digest that is right for that
// other seq. Finding it costs one hash per seq, paid only on a damaged log.
func (tx *Tx) classify(ctx context.Context, r AuditReport, seq int64, digest string, digestAt func(int64) string) (AuditReport, error) {
	var last int64
	err := tx.queryRow(ctx, `SELECT max(coalesce((SELECT max(seq) FROM audit), 0), coalesce((SELECT last_seq FROM audit_head), 0))`).Scan(&last)
	if err != nil {
		return r, fmt.Errorf("verify audit: %w", err)
	}
	for s := int64(1); s <= last; s++ {
		if err := ctx.Err(); err != nil {
			return r, fmt.Errorf("verify audit: %w", err)
		}
		if s != seq && digestAt(s) == digest {
			return r.bad(seq, AuditReordered, fmt.Sprintf("the entry at seq %d was written as seq %d", seq, s)), nil
		}
	}
	return r.bad(seq, AuditAltered, "its digest does not match its content"), nil
}

func (r AuditReport) bad(seq int64, p AuditProblem, detail string) AuditReport {
	r.OK, r.BadSeq, r.Problem, r.Detail = false, seq, p, detail
	return r
}
