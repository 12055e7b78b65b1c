package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"testing"
	"time"

	"lamsach/flows"
)

// tamperDB is a database whose log has 8 entries (seq 1..8) and whose head
// was anchored at seq 8, so every tampering case runs against a log an
// operator could have checked before.
func tamperDB(t *testing.T) *DB {
	t.Helper()
	db := auditDB(t, 8)
	if h, err := db.Anchor(context.Background()); err != nil || h.Seq != 8 {
		t.Fatalf("anchor = %v, %v; want seq 8", h, err)
	}
	return db
}

// tamper runs statements behind the store's back, as someone holding the
// database file would.
func tamper(t *testing.T, db *DB, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := db.write.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// entries reads the log as stored.
func entries(t *testing.T, db *DB) []auditRow {
	t.Helper()
	rows, err := db.read.Query(`SELECT ` + auditColumns + ` FROM audit ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// rechain recomputes every link and digest from seq from on with digest,
// and the head: what a forger without the key can do.
func rechain(t *testing.T, db *DB, from int64, digest func(auditRow) string) {
	t.Helper()
	prev := ""
	var n, last int64
	for _, e := range entries(t, db) {
		n, last = n+1, e.Seq
		if e.Seq < from {
			prev = e.Digest
			continue
		}
		e.Prev = prev
		e.Digest = digest(e)
		if _, err := db.write.Exec(`UPDATE audit SET prev = ?, digest = ? WHERE seq = ?`, e.Prev, e.Digest, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Digest
	}
	if _, err := db.write.Exec(`UPDATE audit_head SET count = ?, last_seq = ?, digest = ?`, n, last, prev); err != nil {
		t.Fatal(err)
	}
}

// wrongKey is an HMAC under a key that is not the database's.
func wrongKey(e auditRow) string {
	return encodeAudit(hmac.New(sha256.New, []byte("a guessed key, 32 bytes long!!!!")), keyedDomain, e)
}

// forgeAppend adds an entry after the last one, with value hashes, link
// and head all consistent, and a digest made with digest.
func forgeAppend(t *testing.T, db *DB, digest func(auditRow) string) {
	t.Helper()
	es := entries(t, db)
	last := es[len(es)-1]
	e := auditRow{AuditEntry: flows.AuditEntry{Seq: last.Seq + 1, At: time.UnixMilli(last.At.UnixMilli() + 1).UTC(),
		Role: flows.RoleOperator, Action: "export", Field: "count", New: "0", Source: flows.SourceCLI, Prev: last.Digest}}
	e.seal()
	e.Digest = digest(e)
	_, err := db.write.Exec(`INSERT INTO audit (seq, at, role, action, field, old, new, source, reason, prev, digest,
		old_hash, new_hash, reason_hash, salt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, e.At.UnixMilli(), string(e.Role), e.Action, e.Field, e.Old, e.New, string(e.Source), e.Reason,
		e.Prev, e.Digest, e.oldHash, e.newHash, e.reasonHash, e.salt)
	if err != nil {
		t.Fatal(err)
	}
	tamper(t, db, `UPDATE audit_head SET count = count + 1, last_seq = last_seq + 1, digest = (SELECT digest FROM audit ORDER BY seq DESC LIMIT 1)`)
}

// anchors checks the database against its anchor file.
func anchors(t *testing.T, db *DB) AnchorReport {
	t.Helper()
	r, err := db.CheckAnchors(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAuditTamperingKeyed: what someone holding the database but not the
// key can do to the log, and what catches it: the keyed digests, or the
// anchor taken before.
func TestAuditTamperingKeyed(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(t *testing.T, db *DB)
		seq     int64        // first bad entry the chain walk reports; 0: the walk passes
		problem AuditProblem // what the walk reports
		anchor  AnchorKind   // what checking the anchor at seq 8 reports; "": it holds
	}{
		{"value changed", func(t *testing.T, db *DB) {
			tamper(t, db, `UPDATE audit SET new = 'x' WHERE seq = 3`)
		}, 3, AuditAltered, ""},
		{"value changed and chain recomputed unkeyed", func(t *testing.T, db *DB) {
			tamper(t, db, `UPDATE audit SET new = 'x' WHERE seq = 3`)
			fixValueHash(t, db, 3)
			rechain(t, db, 3, auditDigest)
		}, 3, AuditAltered, AnchorChanged},
		{"value changed and chain recomputed with a guessed key", func(t *testing.T, db *DB) {
			tamper(t, db, `UPDATE audit SET new = 'x' WHERE seq = 3`)
			fixValueHash(t, db, 3)
			rechain(t, db, 3, wrongKey)
		}, 3, AuditAltered, AnchorChanged},
		{"middle entry removed and chain recomputed", func(t *testing.T, db *DB) {
			tamper(t, db, `DELETE FROM audit WHERE seq = 4`, `UPDATE audit SET seq = seq - 1 WHERE seq > 4`)
			rechain(t, db, 4, auditDigest)
		}, 4, AuditAltered, AnchorMissing},
		{"middle entry removed", func(t *testing.T, db *DB) {
			tamper(t, db, `DELETE FROM audit WHERE seq = 4`)
		}, 4, AuditRemoved, ""},
		{"last entries removed and head rewound", func(t *testing.T, db *DB) {
			tamper(t, db, `DELETE FROM audit WHERE seq > 5`,
				`UPDATE audit_head SET count = 5, last_seq = 5, digest = (SELECT digest FROM audit WHERE seq = 5)`)
		}, 0, "", AnchorMissing},
		{"reordered", func(t *testing.T, db *DB) { tamper(t, db, swap(2, 6)...) }, 2, AuditReordered, ""},
		{"forged append", func(t *testing.T, db *DB) { forgeAppend(t, db, auditDigest) }, 9, AuditAltered, ""},
		{"forged append with a guessed key", func(t *testing.T, db *DB) { forgeAppend(t, db, wrongKey) }, 9, AuditAltered, ""},
		{"log wiped", func(t *testing.T, db *DB) {
			tamper(t, db, `DELETE FROM audit`, `UPDATE audit_head SET count = 0, last_seq = 0, digest = ''`)
		}, 0, "", AnchorMissing},
		{"log wiped with its key row", func(t *testing.T, db *DB) {
			tamper(t, db, `DELETE FROM audit`, `UPDATE audit_head SET count = 0, last_seq = 0, digest = ''`, `DELETE FROM audit_key`)
		}, 1, AuditUnkeyed, AnchorMissing},
		{"keyed start moved past the end, chain recomputed unkeyed", func(t *testing.T, db *DB) {
			tamper(t, db, `UPDATE audit SET new = 'x' WHERE seq = 3`, `UPDATE audit_key SET start_seq = 100`)
			fixValueHash(t, db, 3)
			rechain(t, db, 1, auditDigest)
		}, 100, AuditKeyStart, AnchorChanged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := tamperDB(t)
			tc.tamper(t, db)
			db = reopen(t, db)
			r := verify(t, db)
			switch {
			case tc.seq == 0 && !r.OK:
				t.Errorf("chain walk: %+v, want it to pass (only the anchor can tell)", r)
			case tc.seq != 0 && (r.OK || r.BadSeq != tc.seq || r.Problem != tc.problem):
				t.Errorf("chain walk: %+v, want seq %d %q", r, tc.seq, tc.problem)
			}
			a := anchors(t, db)
			if tc.anchor == "" {
				if len(a.Problems) > 0 || a.Anchors != 1 {
					t.Errorf("anchors: %d checked, %+v; want the one anchor to hold", a.Anchors, a.Problems)
				}
				return
			}
			if len(a.Problems) != 1 || a.Problems[0].Kind != tc.anchor || a.Problems[0].Seq != 8 {
				t.Errorf("anchors: %+v, want the anchor of seq 8 %q", a.Problems, tc.anchor)
			}
		})
	}
}

// fixValueHash makes the hash of an edited new value match, as a forger
// who read the code would.
func fixValueHash(t *testing.T, db *DB, seq int64) {
	t.Helper()
	for _, e := range entries(t, db) {
		if e.Seq == seq {
			if _, err := db.write.Exec(`UPDATE audit SET new_hash = ? WHERE seq = ?`, valueHash(e.salt, "new", e.New), seq); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// reopen closes db and opens its file again read-only, as audit verify
// does, with the same key and anchors, so nothing kept in memory hides
// what was done to the file.
func reopen(t *testing.T, db *DB) *DB {
	t.Helper()
	files := db.audit.files
	db.Close()
	again, err := OpenReadOnly(context.Background(), db.path, WithAuditFiles(files))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}
