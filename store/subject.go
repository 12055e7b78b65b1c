package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"lamsach/flows"
)

// lookupDomain separates the hashes of looked-up values from the other
// MACs made with the audit key.
const lookupDomain = "lamsach subject lookup v1"

// LookupHash returns the keyed hash under which the audit log keeps what
// a data-subject lookup searched for (by is what was searched: "id" or
// "name"). Whoever holds the key can tell whether a given ID number was
// looked up, by hashing it again; the log alone does not tell it, so the
// log does not become a list of the ID numbers people asked about.
func (tx *Tx) LookupHash(by, value string) (string, error) {
	if tx.key == nil {
		return "", errors.New("lookup hash: the audit log has no key: the database is not open for writing")
	}
	return tx.key.mac(lookupDomain, by, value), nil
}

// ImportEntries returns, by import id, the audit entry that stored the
// records of each import of the commune (its first "records.import"
// entry): who imported them, when, from where. A record's history starts
// there, though the entry names no record. Purged entries are left out.
func (tx *Tx) ImportEntries(ctx context.Context, actor flows.Actor, communeID int64) (map[int64]flows.AuditEntry, error) {
	if err := tx.authorize(ctx, actor, communeID); err != nil {
		return nil, fmt.Errorf("import entries: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit
		WHERE commune_id = ? AND action = ? AND purged = 0 ORDER BY seq`, communeID, actionImport)
	if err != nil {
		return nil, fmt.Errorf("import entries: %w", err)
	}
	defer rows.Close()
	out := map[int64]flows.AuditEntry{}
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("import entries: %w", err)
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(r.Reason, importReason), 10, 64)
		if _, seen := out[id]; err == nil && !seen {
			out[id] = r.AuditEntry
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import entries: %w", err)
	}
	return out, nil
}
