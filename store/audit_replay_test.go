package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"lamsach/flows"
)

// replayWorld is a commune whose records went through their whole life by
// the store's own use cases: 5 imported (2 with a village, 3 without),
// one of those assigned later, and 4 made by hand, reviewed, confirmed,
// signed and exported, one of them corrected before.
type replayWorld struct {
	*world
	db        *DB
	imported  []int64 // the imported records, by row
	corrected int64   // a record whose name a village member changed
	unedited  int64   // an imported record nobody changed
}

func newReplayWorld(t *testing.T) *replayWorld {
	t.Helper()
	db := openTest(t)
	w := &replayWorld{world: newWorld(t, db), db: db}
	if _, err := importList(t, db, w.station.Actor(), w.x.ID, stationList(t), flows.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.read.Query(`SELECT id FROM records ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		w.imported = append(w.imported, id)
	}
	rows.Close()
	var text string
	if err := db.read.QueryRow(`SELECT village_text FROM records WHERE village_id IS NULL ORDER BY id DESC LIMIT 1`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		n, err := tx.AssignVillage(ctx, w.coordinator.Actor(), w.x.ID, []string{text}, w.b.ID)
		if err == nil && n == 0 {
			err = fmt.Errorf("no record assigned")
		}
		return err
	})
	recs := policeConfirmed(t, db, w.world, 4)
	w.corrected = recs[0].ID
	// The police send it back, the village corrects the name, the police
	// confirm it again.
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := giveBack(ctx, tx, w.police.Actor(), recs[0].ID, recs[0].Version, "typo", "")
		return err
	})
	fixed := reread(t, db, recs[0])
	fixed.Name, fixed.Outcome = "Nguyễn Văn Bình", flows.OutcomeCorrected
	walk(t, db, fixed, flows.StateConfirmed)
	policeSign(t, db, w.police.Actor(), w.x.ID)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.CreateExport(ctx, flows.Operator, w.x.ID, flows.ExportEdit)
		return err
	})
	w.unedited = w.imported[0]
	return w
}

func replay(t *testing.T, db *DB) ReplayReport {
	t.Helper()
	ctx := context.Background()
	var r ReplayReport
	if err := db.View(ctx, func(tx *Tx) (err error) { r, err = tx.ReplayRecords(ctx); return err }); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReplayRecordsIntact(t *testing.T) {
	w := newReplayWorld(t)
	r := replay(t, w.db)
	if !r.OK() || r.Records != 9 || r.Changes == 0 {
		t.Errorf("replay: %d records, %d changes, problems %+v; want 9 records all agreeing", r.Records, r.Changes, r.Problems)
	}
	if v := verify(t, w.db); !v.OK {
		t.Errorf("verify: %+v", v)
	}
}

// TestReplayRecordsChangedWithoutAudit changes the records table behind
// the store's back, each case in a fresh world, and checks the record and
// field reported.
func TestReplayRecordsChangedWithoutAudit(t *testing.T) {
	tests := []struct {
		name  string
		sql   func(w *replayWorld) string
		field string // the field reported; "" for a problem of the record or its import
		want  string // in the detail
		entry bool   // the problem names an entry (a later change)
	}{
		{"never-edited name changed", func(w *replayWorld) string {
			return fmt.Sprintf(`UPDATE records SET name = 'Lê Thị Giả' WHERE id = %d`, w.unedited)
		}, "name", "no entry changed it", false},
		{"corrected name changed again", func(w *replayWorld) string {
			return fmt.Sprintf(`UPDATE records SET name = 'Lê Thị Giả' WHERE id = %d`, w.corrected)
		}, "name", "its last entry wrote", true},
		{"original name changed", func(w *replayWorld) string {
			return fmt.Sprintf(`UPDATE records SET orig_name = 'Lê Thị Giả' WHERE id = %d`, w.unedited)
		}, "name", "no entry changed it", false},
		{"state moved on", func(w *replayWorld) string {
			return fmt.Sprintf(`UPDATE records SET state = 'verified' WHERE id = %d`, w.corrected)
		}, "state", "its last entry wrote", true},
		{"outcome set", func(w *replayWorld) string {
			return fmt.Sprintf(`UPDATE records SET outcome = 'not_found' WHERE id = %d`, w.unedited)
		}, "outcome", "no entry changed it", false},
		{"unassigned record given a village", func(w *replayWorld) string {
			return `UPDATE records SET village_id = (SELECT id FROM villages LIMIT 1) WHERE id =
				(SELECT id FROM records WHERE village_id IS NULL ORDER BY id LIMIT 1)`
		}, "state", "no entry changed it", false},
		{"record deleted", func(w *replayWorld) string {
			return fmt.Sprintf(`DELETE FROM records WHERE id = %d`, w.corrected)
		}, "", "removed behind lamsach's back", true},
		{"imported record deleted", func(w *replayWorld) string {
			return fmt.Sprintf(`DELETE FROM records WHERE id = %d`, w.unedited)
		}, "", "has 4 records but its records.import entries count 5", false},
		{"record added to an import", func(w *replayWorld) string {
			return insertCopy(w.unedited, "import_id")
		}, "", "has 6 records but its records.import entries count 5", false},
		{"record added from nowhere", func(w *replayWorld) string {
			return insertCopy(w.unedited, "NULL")
		}, "", "no import and no record.create entry", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newReplayWorld(t)
			tamper(t, w.db, tc.sql(w))
			r := replay(t, w.db)
			if len(r.Problems) != 1 {
				t.Fatalf("problems %+v, want one", r.Problems)
			}
			p := r.Problems[0]
			if p.Field != tc.field || !strings.Contains(p.Detail, tc.want) || (p.Seq != 0) != tc.entry {
				t.Errorf("problem %+v, want field %q, an entry %v, detail with %q", p, tc.field, tc.entry, tc.want)
			}
			if v := verify(t, w.db); !v.OK {
				t.Errorf("the chain itself should hold: %+v", v)
			}
		})
	}
}

// TestReplayNamesTheEntryAfterAGap: a value changed behind the store's
// back and then changed again through it shows at the entry whose old
// value does not follow from the history.
func TestReplayNamesTheEntryAfterAGap(t *testing.T) {
	w := newReplayWorld(t)
	tamper(t, w.db, fmt.Sprintf(`UPDATE records SET phone = '0900000000', name = 'Lê Thị Giả' WHERE id = %d`, w.unedited))
	update(t, w.db, func(ctx context.Context, tx *Tx) error {
		rec, err := tx.Record(ctx, flows.Operator, w.unedited)
		if err != nil {
			return err
		}
		f := rec.Fields
		f.Name, f.Phone = "Trần Văn Cường", "0911111111"
		_, err = tx.ChangeRecord(ctx, flows.Operator, flows.Change{Record: rec.ID, Version: rec.Version,
			Action: flows.ActAmend, Fields: &f, Source: flows.SourceCLI})
		return err
	})
	r := replay(t, w.db)
	// The phone is a person field with its imported value kept (orig_phone),
	// so its gap shows as well as the name's.
	for i, field := range []string{"name", "phone"} {
		var last int64
		w.db.read.QueryRow(`SELECT max(seq) FROM audit WHERE field = ?`, field).Scan(&last)
		if len(r.Problems) != 2 || r.Problems[i].Field != field || r.Problems[i].Seq != last ||
			!strings.Contains(r.Problems[i].Detail, "old value") {
			t.Errorf("problems %+v, want the %s entry at seq %d", r.Problems, field, last)
		}
	}
}

// insertCopy copies record id as a new row, with import_id set to imp.
func insertCopy(id int64, imp string) string {
	cols := strings.Join(recordFields, ", ")
	sel := strings.Replace(cols, "import_id", imp, 1)
	return fmt.Sprintf(`INSERT INTO records (%s) SELECT %s FROM records WHERE id = %d`, cols, sel, id)
}
