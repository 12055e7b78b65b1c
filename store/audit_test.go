package store

import (
	"context"
	"fmt"
	"testing"

	"lamsach/flows"
)

// auditDB returns a database whose log has n entries of varied kinds.
func auditDB(t *testing.T, n int) *DB {
	t.Helper()
	db := openTest(t)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		for i := range n {
			if _, err := tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: "export", Field: "count",
				New: fmt.Sprint(i), Reason: "test", Source: flows.SourceCLI}); err != nil {
				return err
			}
		}
		return nil
	})
	return db
}

func verify(t *testing.T, db *DB) AuditReport {
	t.Helper()
	ctx := context.Background()
	var r AuditReport
	err := db.View(ctx, func(tx *Tx) (err error) { r, err = tx.VerifyAudit(ctx); return err })
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestVerifyAuditIntact(t *testing.T) {
	db := openTest(t)
	if r := verify(t, db); !r.OK || r.Entries != 0 {
		t.Errorf("empty log: %+v, want OK with 0 entries", r)
	}
	w := newWorld(t, db)
	rec := createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	rec.Name = "Nguyễn Văn Bình"
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := review(ctx, tx, w.villager.Actor(), rec, flows.OutcomeCorrected, flows.SourceChat, "")
		return err
	})
	r := verify(t, db)
	if n := auditCount(t, db); !r.OK || r.Entries != int64(n) || r.Head == "" {
		t.Errorf("intact log: %+v, want OK with %d entries and a head", r, n)
	}
}

// TestVerifyAuditTampering changes the log behind the store's back, each
// case in a fresh database of 6 entries, and checks the reported entry.
func TestVerifyAuditTampering(t *testing.T) {
	tests := []struct {
		name    string
		sql     []string
		seq     int64
		problem AuditProblem
	}{
		{"altered new value", []string{`UPDATE audit SET new = 'x' WHERE seq = 3`}, 3, AuditAltered},
		{"altered old value", []string{`UPDATE audit SET old = 'x' WHERE seq = 2`}, 2, AuditAltered},
		{"altered reason", []string{`UPDATE audit SET reason = 'x' WHERE seq = 4`}, 4, AuditAltered},
		{"old and new swapped", []string{`UPDATE audit SET old = new, new = old WHERE seq = 4`}, 4, AuditAltered},
		{"altered value hash", []string{`UPDATE audit SET new_hash = old_hash WHERE seq = 3`}, 3, AuditAltered},
		{"value and hashes copied from another entry", []string{`UPDATE audit SET (new, new_hash, salt) =
			(SELECT new, new_hash, salt FROM audit WHERE seq = 2) WHERE seq = 3`}, 3, AuditAltered},
		{"altered salt", []string{`UPDATE audit SET salt = 'x' WHERE seq = 5`}, 5, AuditAltered},
		{"marked purged", []string{`UPDATE audit SET purged = 1 WHERE seq = 3`}, 3, AuditPurged},
		{"purged by hand", []string{`UPDATE audit SET purged = 1, old = '', new = '', reason = '', salt = '' WHERE seq = 3`}, 3, AuditPurged},
		{"purged by hand twice", []string{`UPDATE audit SET purged = 1, new = '', reason = '', salt = '' WHERE seq IN (5, 2)`}, 2, AuditPurged},
		{"marked purged and edited", []string{`UPDATE audit SET purged = 1, new = 'y' WHERE seq = 3`}, 3, AuditAltered},
		{"altered member", []string{`UPDATE audit SET member_id = 42 WHERE seq = 5`}, 5, AuditAltered},
		{"altered time", []string{`UPDATE audit SET at = at + 1 WHERE seq = 1`}, 1, AuditAltered},
		{"removed middle", []string{`DELETE FROM audit WHERE seq = 3`}, 3, AuditRemoved},
		{"removed first", []string{`DELETE FROM audit WHERE seq = 1`}, 1, AuditRemoved},
		{"removed last", []string{`DELETE FROM audit WHERE seq = 6`}, 6, AuditRemoved},
		{"removed last two", []string{`DELETE FROM audit WHERE seq >= 5`}, 5, AuditRemoved},
		{"reordered", swap(2, 4), 2, AuditReordered},
		{"reordered neighbours", swap(5, 6), 5, AuditReordered},
		{"head rewound", []string{`UPDATE audit_head SET count = 5, last_seq = 5`}, 6, AuditHead},
		{"head removed", []string{`DELETE FROM audit_head`}, 7, AuditHead},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := auditDB(t, 6)
			for _, q := range tc.sql {
				if _, err := db.write.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			r := verify(t, db)
			if r.OK || r.BadSeq != tc.seq || r.Problem != tc.problem {
				t.Errorf("report %+v, want seq %d %q", r, tc.seq, tc.problem)
			}
			if r.Problem != AuditHead && r.Entries != tc.seq-1 {
				t.Errorf("report %+v, want %d good entries before seq %d", r, tc.seq-1, tc.seq)
			}
		})
	}
}

// swap exchanges everything but seq between two entries.
func swap(a, b int64) []string {
	cols := `at, member_id, role, commune_id, record_id, action, field, old, new, source, reason, prev, digest,
		old_hash, new_hash, reason_hash, salt, purged`
	return []string{
		fmt.Sprintf(`CREATE TEMP TABLE s AS SELECT * FROM audit WHERE seq IN (%d, %d)`, a, b),
		fmt.Sprintf(`UPDATE audit SET (%s) = (SELECT %s FROM s WHERE s.seq = %d) WHERE seq = %d`, cols, cols, b, a),
		fmt.Sprintf(`UPDATE audit SET (%s) = (SELECT %s FROM s WHERE s.seq = %d) WHERE seq = %d`, cols, cols, a, b),
	}
}

// TestAuditAppendsAfterTamperStillFlagged: later appends do not hide an
// earlier edit.
func TestAuditAppendsAfterTamperStillFlagged(t *testing.T) {
	db := auditDB(t, 4)
	if _, err := db.write.Exec(`UPDATE audit SET reason = 'nothing to see' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: "export"})
		return err
	})
	if r := verify(t, db); r.OK || r.BadSeq != 2 || r.Problem != AuditAltered {
		t.Errorf("report %+v, want seq 2 altered", r)
	}
}
