package store

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"testing"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// signed adds a record of commune c, village v, with problem p, already
// signed.
func signed(t testing.TB, db *DB, c, v int64, p vn.Problem, name string) flows.Record {
	t.Helper()
	rec := person(c, v, 1)
	rec.Problem, rec.Name, rec.State = p, name, flows.StateSigned
	return createRecord(t, db, rec)
}

// handover inserts a signed handover of commune c by officer, as the
// police conversation would, and attaches the records to it.
func handover(t testing.TB, db *DB, c, officer int64, number int, recs ...flows.Record) int64 {
	t.Helper()
	res, err := db.write.Exec(`INSERT INTO handovers (commune_id, number, officer_id, signed_at, digest, record_count)
		VALUES (?, ?, ?, ?, 'abc123', ?)`, c, number, officer, int64(1_700_000_000_000), len(recs))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	for _, r := range recs {
		if _, err := db.write.Exec(`UPDATE records SET handover_id = ? WHERE id = ?`, id, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func TestCreateExportNumbersAndMarks(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	st := w.station.Actor()
	noID := signed(t, db, w.x.ID, w.a.ID, vn.ProblemMissingID, "Lê Văn Một")
	bad := signed(t, db, w.x.ID, w.b.ID, vn.ProblemBadIDFormat, "Lê Văn Hai")
	wrong := signed(t, db, w.x.ID, w.a.ID, vn.ProblemWrongInfo, "Lê Văn Ba")
	other := signed(t, db, w.y.ID, w.c.ID, vn.ProblemMissingID, "Lê Văn Bốn")
	createRecord(t, db, person(w.x.ID, w.a.ID, 9)) // not signed: stays out
	handover(t, db, w.x.ID, w.police.ID, 4, wrong)

	update(t, db, func(ctx context.Context, tx *Tx) error {
		counts, err := tx.ExportCounts(ctx, st, w.x.ID)
		if err != nil || counts[flows.ExportImport] != 2 || counts[flows.ExportEdit] != 1 {
			t.Errorf("counts %v, %v", counts, err)
		}
		e, err := tx.CreateExport(ctx, st, w.x.ID, flows.ExportImport)
		if err != nil || e.Number != 1 || e.Count != 2 || e.Kind != flows.ExportImport || e.MemberID != w.station.ID {
			t.Errorf("first export %+v, %v", e, err)
		}
		e2, err := tx.CreateExport(ctx, st, w.x.ID, flows.ExportEdit)
		if err != nil || e2.Number != 2 || e2.Count != 1 {
			t.Errorf("second export %+v, %v", e2, err)
		}
		if _, err := tx.CreateExport(ctx, st, w.x.ID, flows.ExportImport); !errors.Is(err, flows.ErrNothingToExport) {
			t.Errorf("exporting nothing: %v", err)
		}
		// Numbers are per commune.
		ey, err := tx.CreateExport(ctx, flows.Operator, w.y.ID, flows.ExportImport)
		if err != nil || ey.Number != 1 {
			t.Errorf("commune Y's first export %+v, %v", ey, err)
		}
		return nil
	})
	for _, r := range []flows.Record{noID, bad, wrong, other} {
		var state string
		var export, version int64
		if err := db.read.QueryRow(`SELECT state, coalesce(export_id, 0), version FROM records WHERE id = ?`, r.ID).Scan(&state, &export, &version); err != nil {
			t.Fatal(err)
		}
		if state != "exported" || export == 0 || version != r.Version+1 {
			t.Errorf("record %s: state %s export %d version %d", r.Name, state, export, version)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'record.update' AND field = 'state' AND old = 'signed' AND new = 'exported'`); n != 4 {
		t.Errorf("%d state audit entries, want 4", n)
	}
	if n := count(t, db, `SELECT count(*) FROM records WHERE state = 'assigned'`); n != 1 {
		t.Errorf("the unsigned record moved")
	}
}

func TestExportAccess(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	signed(t, db, w.x.ID, w.a.ID, vn.ProblemMissingID, "Lê Văn Một")
	var e flows.Export
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		e, err = tx.CreateExport(ctx, w.station.Actor(), w.x.ID, flows.ExportImport)
		return err
	})
	ctx := context.Background()
	for _, a := range []flows.Actor{w.villager.Actor(), w.police.Actor(), w.coordinator.Actor(), w.policeY.Actor()} {
		err := db.Update(ctx, func(tx *Tx) error {
			_, err1 := tx.ExportCounts(ctx, a, w.x.ID)
			_, err2 := tx.CreateExport(ctx, a, w.x.ID, flows.ExportEdit)
			_, _, err3 := tx.MarkEntered(ctx, a, w.x.ID, 1)
			err4 := tx.ExportItems(ctx, a, e.ID, func(flows.ExportItem) error { return nil })
			_, err5 := tx.OpenExports(ctx, a, w.x.ID)
			_, err6 := tx.ImportTemplate(ctx, a, w.x.ID)
			for i, err := range []error{err1, err2, err3, err4, err5, err6} {
				if !errors.Is(err, flows.ErrForbidden) && !errors.Is(err, flows.ErrNotFound) {
					t.Errorf("%s of commune %d, call %d: %v, want refused", a.Role, a.CommuneID, i+1, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM exports WHERE entered_at IS NOT NULL`); n != 0 {
		t.Error("a batch was marked entered by someone who may not")
	}
}

func TestMarkEntered(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	st := w.station.Actor()
	r := signed(t, db, w.x.ID, w.a.ID, vn.ProblemMissingID, "Lê Văn Một")
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.CreateExport(ctx, st, w.x.ID, flows.ExportImport)
		return err
	})
	update(t, db, func(ctx context.Context, tx *Tx) error {
		if _, _, err := tx.MarkEntered(ctx, st, w.x.ID, 2); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("unknown batch: %v", err)
		}
		e, n, err := tx.MarkEntered(ctx, st, w.x.ID, 1)
		if err != nil || n != 1 || e.EnteredBy != w.station.ID || e.EnteredAt.IsZero() {
			t.Errorf("mark entered: %+v %d %v", e, n, err)
		}
		if e, _, err := tx.MarkEntered(ctx, st, w.x.ID, 1); !errors.Is(err, flows.ErrAlreadyEntered) || e.EnteredAt.IsZero() {
			t.Errorf("twice: %+v %v", e, err)
		}
		open, err := tx.OpenExports(ctx, st, w.x.ID)
		if err != nil || len(open) != 0 {
			t.Errorf("open exports after entering: %+v %v", open, err)
		}
		return nil
	})
	if n := count(t, db, `SELECT count(*) FROM records WHERE id = ? AND state = 'entered' AND version = ?`, r.ID, r.Version+2); n != 1 {
		t.Error("the record is not entered one version up")
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE record_id = ? AND old = 'exported' AND new = 'entered'`, r.ID); n != 1 {
		t.Error("entering is not audited")
	}
}

func TestWriteExportEditListWithHandover(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	st := w.station.Actor()
	rec := person(w.x.ID, w.a.ID, 3)
	rec.Name, rec.State, rec.Code = "Nguyễn Văn Ân", flows.StateSigned, "DT0001"
	rec = createRecord(t, db, rec)
	handover(t, db, w.x.ID, w.police.ID, 7, rec)
	var buf bytes.Buffer
	update(t, db, func(ctx context.Context, tx *Tx) error {
		e, err := tx.CreateExport(ctx, st, w.x.ID, flows.ExportEdit)
		if err != nil {
			return err
		}
		_, _, err = flows.WriteExport(ctx, tx, st, e, sheet.DefaultTemplate(), &buf)
		return err
	})
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'export' AND new = '1' AND reason = 'edit 1' AND member_id = ?`, w.station.ID); n != 1 {
		t.Errorf("%d bulk export audit entries, want 1", n)
	}
	dump := dumpCells(t, buf.Bytes())
	for ref, want := range map[string]string{"B6": "DT0001", "C6": "Nguyễn Văn An", "D6": "Nguyễn Văn Ân", "K6": "họ tên",
		"L6": "7", "M6": "Người police", "N6": "Thôn Đông", "I6": "001090123456"} {
		if dump[ref] != want {
			t.Errorf("%s = %q, want %q", ref, dump[ref], want)
		}
	}
}

// dumpCells reads the first sheet of an .xlsx into cell reference → text.
func dumpCells(t testing.TB, data []byte) map[string]string {
	t.Helper()
	book, err := xlsx.Open(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.Rows(0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		r := rows.Row()
		for _, c := range r.Cells {
			out[colLetters(c.Col)+strconv.Itoa(r.Num)] = c.Text
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func colLetters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// TestExportNotFoundGoesToEditList: a person the village could not find has
// nothing to import, whatever the problem; the edit list carries them.
func TestExportNotFoundGoesToEditList(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	gone := person(w.x.ID, w.a.ID, 1)
	gone.Problem, gone.State, gone.Outcome, gone.Note = vn.ProblemMissingID, flows.StateSigned, flows.OutcomeNotFound, "Đã mất"
	createRecord(t, db, gone)
	signed(t, db, w.x.ID, w.a.ID, vn.ProblemMissingID, "Lê Văn Một")
	update(t, db, func(ctx context.Context, tx *Tx) error {
		counts, err := tx.ExportCounts(ctx, w.station.Actor(), w.x.ID)
		if err != nil || counts[flows.ExportImport] != 1 || counts[flows.ExportEdit] != 1 {
			t.Errorf("counts %v, %v; want 1 to import and the person not found on the edit list", counts, err)
		}
		return nil
	})
}

// TestCreateExportHoldsBackInvalidIDs: a signed record whose ID the
// platform would refuse (here written behind the store's back, as a
// database from before the ID check could hold) is left out of the import
// batch, stays signed and is named; a record stated to have no ID goes in.
func TestCreateExportHoldsBackInvalidIDs(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	mk := func(row int, id string, problem vn.Problem) flows.Record {
		rec := person(w.x.ID, w.a.ID, row)
		rec.Fields.ID, rec.Orig.ID, rec.Problem = vn.ID{}, vn.ID{}, problem
		rec.IDRaw, rec.State = id, flows.StateSigned
		return createRecord(t, db, rec)
	}
	child := mk(1, "", vn.ProblemMissingID) // reviewed as a person with no ID
	legacy := mk(2, "8.7084E+10", vn.ProblemBadIDFormat)
	if _, err := db.write.Exec(`UPDATE records SET no_id = 0, id_number = '8.7084E+10', id_kind = 'passport_foreign' WHERE id = ?`, legacy.ID); err != nil {
		t.Fatal(err)
	}
	var e flows.Export
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		e, err = tx.CreateExport(ctx, w.station.Actor(), w.x.ID, flows.ExportImport)
		return err
	})
	if e.Count != 1 || len(e.Held) != 1 || e.Held[0].ID != legacy.ID {
		t.Fatalf("export of %d records, held %+v; want 1 and the legacy record", e.Count, e.Held)
	}
	if got := reread(t, db, legacy); got.State != flows.StateSigned || got.ExportID != 0 {
		t.Errorf("held record: %s in export %d, want signed in none", got.State, got.ExportID)
	}
	if got := reread(t, db, child); got.State != flows.StateExported || !got.NoID {
		t.Errorf("record with no ID: %s no_id %v, want exported", got.State, got.NoID)
	}
	err := db.Update(ctx, func(tx *Tx) error {
		e, err := tx.CreateExport(ctx, w.station.Actor(), w.x.ID, flows.ExportImport)
		if len(e.Held) != 1 {
			t.Errorf("second export held %d, want the legacy record again", len(e.Held))
		}
		return err
	})
	if !errors.Is(err, flows.ErrNothingToExport) {
		t.Errorf("second export: %v, want ErrNothingToExport", err)
	}
}
