package store

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"lamsach/flows"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// xlsxList writes rows of text cells as a one-sheet workbook, the way a
// script or another program writes a station list.
func xlsxList(t testing.TB, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	if err := w.AddSheet("Danh sách", xlsx.SheetOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		cells := make([]xlsx.WCell, len(r))
		for i, v := range r {
			cells[i] = xlsx.WCell{Value: v}
		}
		if err := w.WriteRow(cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var resendHeader = []string{"Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn", "Ghi chú"}

// resendRows are the first list: rows 2 to 5 of the sheet.
func resendRows() [][]string {
	return [][]string{
		{"Nguyễn Văn An", "12/05/1990", "Nam", "001090000001", "Thôn Đông", ""},
		{"Trần Thị Bình", "03/04/1985", "Nữ", "001185000002", "Thôn Đông", ""},
		{"Lê Văn Cường", "1970", "Nam", "", "Thôn Tây", ""},
		{"Phạm Thị Dung", "20/10/1992", "Nữ", "001192000004", "Thôn Tây", ""},
	}
}

func listOf(t testing.TB, rows [][]string) []byte {
	return xlsxList(t, append([][]string{resendHeader}, rows...))
}

// resendWorld imports the first list as the station and returns its
// records by sheet row.
func resendWorld(t *testing.T) (*DB, *world, map[int]flows.Record) {
	t.Helper()
	db := openTest(t)
	w := newWorld(t, db)
	if _, err := importList(t, db, w.station.Actor(), w.x.ID, listOf(t, resendRows()), flows.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return db, w, recordsByRow(t, db, w.x.ID)
}

// recordsByRow reads the commune's records, keyed by sheet row (the first
// import's rows win).
func recordsByRow(t testing.TB, db *DB, commune int64) map[int]flows.Record {
	t.Helper()
	out := map[int]flows.Record{}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		for _, s := range []flows.State{flows.StateImported, flows.StateAssigned, flows.StateReviewed, flows.StateConfirmed} {
			recs, err := tx.StateQueue(ctx, flows.Operator, s, nil, 1000)
			if err != nil {
				return err
			}
			for _, r := range recs {
				if _, ok := out[r.RowNum]; !ok && r.CommuneID == commune {
					out[r.RowNum] = r
				}
			}
		}
		return nil
	})
	return out
}

func amend(t testing.TB, db *DB, w *world, data []byte) (flows.ImportResult, error) {
	t.Helper()
	return importList(t, db, w.station.Actor(), w.x.ID, data, flows.ImportOptions{Amend: true})
}

func TestResendImportsOnlyNewRowsAndKeepsCorrections(t *testing.T) {
	db, w, before := resendWorld(t)
	rows := resendRows()
	rows[1][0] = "Trần Thị Bính" // a name corrected
	rows[0][5] = "đã gọi điện"   // a note: not a person field
	rows = append(rows[:3:3], []string{"Đỗ Văn Em", "01/01/2000", "Nam", "001200000005", "Thôn Đông", ""})
	// row 5 (Phạm Thị Dung) is no longer in the list
	res, err := amend(t, db, w, listOf(t, rows))
	if err != nil {
		t.Fatal(err)
	}
	r := res.Resend
	if res.Stored != 1 || r.New != 1 || r.Same != 2 || r.Differ != 1 || r.Amendable != 1 || r.Locked != 0 ||
		r.ByField[vn.FieldName] != 1 || len(r.ByField) != 1 || r.Village != 0 || res.Pending != 1 {
		t.Fatalf("stored %d pending %d, resend %+v", res.Stored, res.Pending, r)
	}
	if res.ByVillage[w.a.ID] != 1 || len(res.ByVillage) != 1 {
		t.Errorf("new records by village %v, want the one new record of Thôn Đông", res.ByVillage)
	}
	if n := count(t, db, `SELECT count(*) FROM records WHERE commune_id = ?`, w.x.ID); n != 5 {
		t.Errorf("%d records after the re-send, want 4 + 1", n)
	}
	if len(r.Examples) != 1 || r.Examples[0].Row != 3 || r.Examples[0].Record.ID != before[3].ID ||
		r.Examples[0].Fields.Name != "Trần Thị Bính" || len(r.Examples[0].Changed) != 1 {
		t.Errorf("examples %+v", r.Examples)
	}
	var ams []flows.Amendment
	update(t, db, func(ctx context.Context, tx *Tx) error {
		ams, err = tx.Amendments(ctx, w.station.Actor(), res.Import.ID)
		return err
	})
	bin := before[3]
	if len(ams) != 1 || ams[0].Record != bin.ID || ams[0].Version != bin.Version || ams[0].RowNum != 3 ||
		ams[0].Fields.Name != "Trần Thị Bính" || ams[0].Fields.ID != bin.Fields.ID || ams[0].Fields.DOB != bin.DOB {
		t.Fatalf("pending amendments %+v", ams)
	}
	if got := recordsByRow(t, db, w.x.ID)[3]; got.Name != "Trần Thị Bình" || got.Version != bin.Version {
		t.Errorf("the record changed before the station applied: %+v", got)
	}

	var ar flows.AmendResult
	update(t, db, func(ctx context.Context, tx *Tx) error {
		ar, err = flows.ApplyAmendments(ctx, tx, w.station.Actor(), ams, "ds-sua.xlsx")
		if err != nil {
			return err
		}
		_, err = tx.EndAmendments(ctx, w.station.Actor(), res.Import.ID)
		return err
	})
	if ar.Applied != 1 || ar.Locked != 0 || ar.Changed != 0 || len(ar.SentBack) != 0 {
		t.Errorf("apply: %+v", ar)
	}
	got := recordsByRow(t, db, w.x.ID)[3]
	if got.Name != "Trần Thị Bính" || got.Orig.Name != "Trần Thị Bình" || got.State != flows.StateAssigned || got.Version != bin.Version+1 {
		t.Errorf("after applying: %+v", got)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE record_id = ? AND action = 'record.update' AND field = 'name'
		AND old = 'Trần Thị Bình' AND new = 'Trần Thị Bính' AND source = 'sheet' AND reason = 'ds-sua.xlsx'`, got.ID); n != 1 {
		t.Errorf("%d audit entries of the correction, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM amendments`); n != 0 {
		t.Errorf("%d amendments left after applying", n)
	}
}

func TestResendOfTheSameRowsIsNothingNew(t *testing.T) {
	db, w, _ := resendWorld(t)
	rows := resendRows()
	rows[2][5] = "chỉ sửa ghi chú"
	imports := count(t, db, `SELECT count(*) FROM imports`)
	audits := auditCount(t, db)
	res, err := amend(t, db, w, listOf(t, rows))
	if !errors.Is(err, flows.ErrNothingNew) {
		t.Fatalf("got %v, want ErrNothingNew", err)
	}
	if res.Resend.Same != 4 || res.Resend.New != 0 || res.Stored != 0 {
		t.Errorf("resend %+v stored %d", res.Resend, res.Stored)
	}
	if n := count(t, db, `SELECT count(*) FROM imports`); n != imports {
		t.Errorf("%d imports, want %d: nothing is kept", n, imports)
	}
	if n := auditCount(t, db); n != audits {
		t.Errorf("%d audit entries, want %d", n, audits)
	}
	// The same bytes again are refused as before.
	_, err = amend(t, db, w, listOf(t, resendRows()))
	var same *flows.SameFileError
	if !errors.As(err, &same) {
		t.Errorf("the same file again: %v, want SameFileError", err)
	}
}

func TestResendNeverChangesAConfirmedRecord(t *testing.T) {
	db, w, before := resendWorld(t)
	confirmed := walk(t, db, before[2], flows.StateConfirmed)
	reviewed := walk(t, db, before[3], flows.StateReviewed)
	rows := resendRows()
	rows[0][1] = "13/05/1990" // row 2, confirmed: differs, never changed
	rows[1][0] = "Trần Thị Bính"
	res, err := amend(t, db, w, listOf(t, rows))
	if err != nil {
		t.Fatal(err)
	}
	r := res.Resend
	if r.Differ != 2 || r.Locked != 1 || r.Amendable != 1 || res.Pending != 1 || r.ByField[vn.FieldDOB] != 1 || res.Stored != 0 {
		t.Fatalf("resend %+v pending %d stored %d", r, res.Pending, res.Stored)
	}
	if len(r.Examples) != 2 || !r.Examples[0].Locked || r.Examples[1].Locked {
		t.Errorf("examples %+v", r.Examples)
	}
	var ar flows.AmendResult
	update(t, db, func(ctx context.Context, tx *Tx) error {
		ams, err := tx.Amendments(ctx, w.station.Actor(), res.Import.ID)
		if err != nil {
			return err
		}
		ar, err = flows.ApplyAmendments(ctx, tx, w.station.Actor(), ams, "ds.xlsx")
		return err
	})
	if ar.Applied != 1 || ar.SentBack[w.a.ID] != 1 {
		t.Errorf("apply: %+v", ar)
	}
	after := recordsByRow(t, db, w.x.ID)
	if c := after[2]; c.Version != confirmed.Version || c.DOB != confirmed.DOB || c.State != flows.StateConfirmed {
		t.Errorf("the confirmed record changed: %+v", c)
	}
	// A reviewed record corrected from the list goes back to its village.
	if b := after[3]; b.Name != "Trần Thị Bính" || b.State != flows.StateAssigned || b.Outcome != flows.OutcomeNone ||
		b.ReviewedBy != 0 || b.Version != reviewed.Version+1 {
		t.Errorf("the reviewed record after the correction: %+v", b)
	}
}

func TestResendAmendmentLosesToALaterChange(t *testing.T) {
	db, w, before := resendWorld(t)
	rows := resendRows()
	rows[1][0] = "Trần Thị Bính"
	res, err := amend(t, db, w, listOf(t, rows))
	if err != nil {
		t.Fatal(err)
	}
	walk(t, db, before[3], flows.StateReviewed) // the village reviews it meanwhile
	var ar flows.AmendResult
	update(t, db, func(ctx context.Context, tx *Tx) error {
		ams, err := tx.Amendments(ctx, w.station.Actor(), res.Import.ID)
		if err != nil {
			return err
		}
		ar, err = flows.ApplyAmendments(ctx, tx, w.station.Actor(), ams, "ds.xlsx")
		return err
	})
	if ar.Applied != 0 || ar.Changed != 1 {
		t.Errorf("apply: %+v", ar)
	}
	if got := recordsByRow(t, db, w.x.ID)[3]; got.Name != "Trần Thị Bình" || got.State != flows.StateReviewed {
		t.Errorf("a record changed since the list was overwritten: %+v", got)
	}
}

func TestResendFindsRecordsImportedWithoutAnID(t *testing.T) {
	db, w, before := resendWorld(t)
	// The village corrected the name of row 4 (no ID) and gave it an ID.
	update(t, db, func(ctx context.Context, tx *Tx) error {
		rec := before[4]
		rec.Name = "Lê Văn Khương"
		rec.Fields.ID = vn.ID{Number: "001070000003", Kind: vn.IDCCCD}
		_, err := review(ctx, tx, walkerOf(t, ctx, tx, db, w, rec), rec, flows.OutcomeCorrected, flows.SourceChat, "")
		return err
	})
	rows := resendRows()
	rows = append(rows, []string{"Lê Văn Cường", "1970", "Nam", "", "Thôn Đông", ""}) // the same person twice
	res, err := amend(t, db, w, listOf(t, rows))
	if !errors.Is(err, flows.ErrNothingNew) {
		t.Fatalf("got %v, want ErrNothingNew", err)
	}
	r := res.Resend
	// Row 4 is found by its name and date of birth as imported; row 6 is
	// the same record again, so both are set aside.
	if r.Same != 3 || r.Shared != 2 || len(r.SharedRows) != 1 || r.SharedRows[0] != [2]int{4, 6} || r.New != 0 {
		t.Errorf("resend %+v", r)
	}

	// A row that now brings an ID for a record imported without one is
	// that record, with the ID to correct.
	rows = resendRows()
	rows[2] = []string{"Lê Văn Cường", "1970", "Nam", "001070000009", "Thôn Tây", ""}
	rows[3][4] = "Thôn Đông" // Phạm Thị Dung: another village
	res, err = amend(t, db, w, listOf(t, rows))
	if err != nil {
		t.Fatal(err)
	}
	r = res.Resend
	// The village change is shown, never applied: only the ID is kept.
	if r.New != 0 || r.Differ != 2 || r.ByField[vn.FieldID] != 1 || r.Village != 1 || r.Amendable != 1 || res.Pending != 1 {
		t.Errorf("resend %+v pending %d", r, res.Pending)
	}
}

// walkerOf returns a village member of rec's village.
func walkerOf(t testing.TB, ctx context.Context, tx *Tx, db *DB, w *world, rec flows.Record) flows.Actor {
	t.Helper()
	if rec.VillageID == w.a.ID {
		return w.villager.Actor()
	}
	key := walker{db: db, commune: rec.CommuneID, role: flows.RoleVillage, village: rec.VillageID}
	m, ok := walkers[key]
	if !ok {
		m = join(t, ctx, tx, rec.CommuneID, flows.RoleVillage, int64(900+len(walkers)), rec.VillageID)
		walkers[key] = m
	}
	return m.Actor()
}

func TestResendRowMatchingSeveralRecordsIsSetAside(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	twice := []string{"Nguyễn Văn An", "12/05/1990", "Nam", "001090000001", "Thôn Đông", ""}
	first := [][]string{twice, twice, {"Trần Thị Bình", "03/04/1985", "Nữ", "001185000002", "Thôn Đông", ""}}
	if _, err := importList(t, db, w.station.Actor(), w.x.ID, listOf(t, first), flows.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	again := [][]string{
		{"Nguyễn Văn Ân", "12/05/1990", "Nam", "001090000001", "Thôn Đông", ""}, // matches both records
		{"Trần Thị Bình", "03/04/1985", "Nữ", "001185000002", "Thôn Đông", "x"},
		{"Trần Thị Bính", "03/04/1985", "Nữ", "001185000002", "Thôn Đông", ""}, // the same record again
	}
	res, err := amend(t, db, w, listOf(t, again))
	if !errors.Is(err, flows.ErrNothingNew) {
		t.Fatalf("got %v, want ErrNothingNew", err)
	}
	r := res.Resend
	if r.Ambiguous != 1 || len(r.AmbiguousRows) != 1 || r.AmbiguousRows[0] != 2 || r.Shared != 2 || r.Differ != 0 ||
		r.Amendable != 0 || len(r.Examples) != 0 || res.Pending != 0 {
		t.Errorf("resend %+v pending %d", r, res.Pending)
	}
	if n := count(t, db, `SELECT count(*) FROM amendments`); n != 0 {
		t.Errorf("%d amendments kept for rows set aside", n)
	}
}

func TestResendAccess(t *testing.T) {
	db, w, before := resendWorld(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *Tx) error {
		for _, a := range []flows.Actor{w.villager.Actor(), w.police.Actor(), w.policeY.Actor()} {
			if err := tx.EachRecordKey(ctx, a, w.x.ID, func(flows.RecordKey) error { return nil }); !errors.Is(err, flows.ErrForbidden) {
				t.Errorf("%s reads the keys: %v", a.Role, err)
			}
			if _, err := tx.KnownRecords(ctx, a, w.x.ID, []int64{before[2].ID}); !errors.Is(err, flows.ErrForbidden) {
				t.Errorf("%s reads known records: %v", a.Role, err)
			}
		}
		// Another commune's records are not known to this one.
		ks, err := tx.KnownRecords(ctx, flows.Operator, w.y.ID, []int64{before[2].ID})
		if err != nil || len(ks) != 0 {
			t.Errorf("another commune's record: %v %v", ks, err)
		}
		n := 0
		if err := tx.EachRecordKey(ctx, w.station.Actor(), w.x.ID, func(flows.RecordKey) error { n++; return nil }); err != nil || n != 4 {
			t.Errorf("the station read %d keys: %v", n, err)
		}
		imp, err := tx.CreateImport(ctx, flows.Operator, flows.Import{CommuneID: w.y.ID, Kind: flows.KindList, FileName: "y.xlsx"})
		if err != nil {
			return err
		}
		err = tx.SaveAmendments(ctx, flows.Operator, imp.ID, []flows.Amendment{{Record: before[2].ID, Version: 1}})
		if !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("an amendment of another commune's record: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPurgeDropsAmendments(t *testing.T) {
	db, w, _ := resendWorld(t)
	rows := resendRows()
	rows[1][0] = "Trần Thị Bính"
	if _, err := amend(t, db, w, listOf(t, rows)); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM amendments`); n != 1 {
		t.Fatalf("%d amendments before the purge", n)
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.PurgeCommune(ctx, flows.Operator, w.x.ID)
		return err
	})
	if n := count(t, db, `SELECT count(*) FROM amendments`); n != 0 {
		t.Errorf("%d amendments after the purge", n)
	}
}
