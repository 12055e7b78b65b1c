package store

import (
	"context"
	"os"
	"testing"

	"lamsach/flows"
)

// BenchmarkAuditVerify100k is what audit verify costs on a commune with
// 100,000 imported records, each reviewed once (3 changes: outcome,
// reviewer, time): the chain walk and the replay of every record's
// history, in one read transaction as the command runs them.
func BenchmarkAuditVerify100k(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	w := newWorld(b, db)
	list, err := os.Open(sampleList(b))
	if err != nil {
		b.Fatal(err)
	}
	st, _ := list.Stat()
	err = db.Update(ctx, func(tx *Tx) error {
		_, err := flows.ImportList(ctx, tx, w.station.Actor(), w.x.ID, "list.xlsx", list, st.Size(), flows.ImportOptions{})
		return err
	})
	list.Close()
	if err != nil {
		b.Fatal(err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, recordSelect+` ORDER BY r.id`)
		if err != nil {
			return err
		}
		var recs []flows.Record
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				return err
			}
			recs = append(recs, r)
		}
		rows.Close()
		// One audited change per record: the station corrects each name
		// from a list sent again.
		for _, r := range recs {
			f := r.Fields
			f.Name += " An"
			if _, err := tx.ChangeRecord(ctx, flows.Operator, flows.Change{Record: r.ID, Version: r.Version,
				Action: flows.ActAmend, Fields: &f, Source: flows.SourceSheet}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Read as the command does: a closed database, opened read-only.
	files := db.audit.files
	db.Close()
	db, err = OpenReadOnly(ctx, db.path, WithAuditFiles(files))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var chain AuditReport
	var replayed ReplayReport
	for b.Loop() {
		err := db.View(ctx, func(tx *Tx) (err error) {
			if chain, err = tx.VerifyAudit(ctx); err != nil {
				return err
			}
			replayed, err = tx.ReplayRecords(ctx)
			return err
		})
		if err != nil || !chain.OK || !replayed.OK() {
			b.Fatalf("verify: %v, chain %+v, %d record problems", err, chain, len(replayed.Problems))
		}
	}
	b.ReportMetric(float64(replayed.Records), "records/op")
	b.ReportMetric(float64(chain.Entries), "entries/op")
}
