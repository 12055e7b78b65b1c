package store

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/vn"
)

// TestWriteExportLeavesOutAnUnwritableRecord: an export never fails as a
// whole because of one record (issue 8, point 3). A record holding a value
// longer than a spreadsheet cell holds (here written behind the store's
// back: the import refuses such cells) is left out and returned as
// LeftCell, and the others are written.
func TestWriteExportLeavesOutAnUnwritableRecord(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	st := w.station.Actor()
	mk := func(row int, name string) flows.Record {
		rec := person(w.x.ID, w.a.ID, row)
		rec.Name, rec.Orig.Name = name, name
		rec.Fields.ID, rec.Orig.ID, rec.IDRaw, rec.Problem = vn.ID{}, vn.ID{}, "", vn.ProblemMissingID
		rec.State = flows.StateSigned
		return createRecord(t, db, rec)
	}
	good := mk(1, "Nguyễn Văn An")
	bad := mk(2, "Trần Văn Bình")
	if _, err := db.write.Exec(`UPDATE records SET name = ? WHERE id = ?`, strings.Repeat("a", 40_000), bad.ID); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var stats sheet.ImportStats
	var left []flows.Left
	update(t, db, func(ctx context.Context, tx *Tx) error {
		e, err := tx.CreateExport(ctx, st, w.x.ID, flows.ExportImport)
		if err != nil {
			return err
		}
		stats, left, err = flows.WriteExport(ctx, tx, st, e, sheet.DefaultTemplate(), &buf)
		return err
	})
	if stats.Rows != 1 || len(left) != 1 || left[0].Record.ID != bad.ID || left[0].Reason != flows.LeftCell {
		t.Fatalf("wrote %d rows, left %+v; want 1 row and record %d left out for its cell", stats.Rows, left, bad.ID)
	}
	var names []string
	for _, v := range dumpCells(t, buf.Bytes()) {
		if v == good.Name || len(v) > 1000 {
			names = append(names, v[:min(len(v), 20)])
		}
	}
	if len(names) != 1 || names[0] != good.Name {
		t.Errorf("file holds %q; want only %q", names, good.Name)
	}
}
