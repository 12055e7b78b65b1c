package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
)

// stationList is the shared fixture every station test reads.
func stationList(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "station-list.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importList runs the import use case as actor in one transaction.
func importList(t testing.TB, db *DB, actor flows.Actor, commune int64, data []byte, opt flows.ImportOptions) (flows.ImportResult, error) {
	t.Helper()
	var res flows.ImportResult
	ctx := context.Background()
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		res, err = flows.ImportList(ctx, tx, actor, commune, "ds.xlsx", bytes.NewReader(data), int64(len(data)), opt)
		return err
	})
	return res, err
}

// count runs a count query on the database.
func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportListStoresRecordsAndImport(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	res, err := importList(t, db, w.station.Actor(), w.x.ID, stationList(t), flows.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 5 || res.ByVillage[w.a.ID] != 2 || res.ByVillage[0] != 3 || !res.Import.Committed {
		t.Fatalf("result: stored %d by village %v committed %v", res.Stored, res.ByVillage, res.Import.Committed)
	}
	var imp flows.Import
	update(t, db, func(ctx context.Context, tx *Tx) error {
		imp, err = tx.ImportBySHA(ctx, w.station.Actor(), w.x.ID, res.Import.SHA256)
		return err
	})
	if imp.ID != res.Import.ID || imp.Rows != 5 || !imp.Committed || imp.MemberID != w.station.ID || imp.FileName != "ds.xlsx" ||
		len(imp.SHA256) != 64 || len(imp.Headers) != 9 || imp.Headers[1] != "Họ và tên" || len(imp.Columns) != 9 ||
		imp.Columns[1].Field != sheet.FieldName || imp.Kind != flows.KindList {
		t.Errorf("stored import: %+v", imp)
	}
	if n := count(t, db, `SELECT count(*) FROM records WHERE import_id = ? AND version = 1`, imp.ID); n != 5 {
		t.Errorf("%d records of the import at version 1, want 5", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'import' AND new = '5'`); n != 1 {
		t.Errorf("%d import audit entries", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'records.import'`); n != 1 {
		t.Errorf("%d records.import audit entries", n)
	}
	_, err = importList(t, db, w.station.Actor(), w.x.ID, stationList(t), flows.ImportOptions{})
	var same *flows.SameFileError
	if !errors.As(err, &same) || same.Earlier.ID != imp.ID {
		t.Errorf("the same file again: %v", err)
	}
	// Another commune may import the same file: the digest is per commune.
	var stY flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		stY = join(t, ctx, tx, w.y.ID, flows.RoleStation, 106)
		return nil
	})
	if _, err := importList(t, db, stY.Actor(), w.y.ID, stationList(t), flows.ImportOptions{}); err != nil {
		t.Errorf("another commune importing the same file: %v", err)
	}
}

func TestImportListRefusedHalfwayLeavesNothing(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	var buf bytes.Buffer
	if err := sheet.Sample(&buf, 3000, 7); err != nil {
		t.Fatal(err)
	}
	audit := auditCount(t, db)
	// Rows past 2500 are over the limit: the refusal comes after batches
	// were stored, inside the transaction.
	opt := flows.ImportOptions{Limits: xlsx.Limits{MaxRows: 2500}, BatchSize: 100}
	var res flows.ImportResult
	ctx := context.Background()
	var after int
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		res, err = flows.ImportList(ctx, tx, w.station.Actor(), w.x.ID, "big.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), opt)
		if !sheet.IsRefusal(err) {
			t.Fatalf("want a refusal, got %v", err)
		}
		// The update itself goes on and commits, as the chat's does.
		_, aerr := tx.Audit(ctx, w.station.Actor(), flows.AuditEntry{Action: "test.after"})
		after = res.Stored
		return aerr
	})
	if err != nil {
		t.Fatal(err)
	}
	if after == 0 {
		t.Fatal("no batch was stored before the refusal; the test does not test the rollback")
	}
	if n := count(t, db, `SELECT count(*) FROM records`); n != 0 {
		t.Errorf("%d records left by a refused import", n)
	}
	if n := count(t, db, `SELECT count(*) FROM imports`); n != 0 {
		t.Errorf("%d imports left by a refused import", n)
	}
	if got := auditCount(t, db); got != audit+1 {
		t.Errorf("audit entries %d → %d, want one more (the update's own)", audit, got)
	}
	var rep AuditReport
	if err := db.View(ctx, func(tx *Tx) error { rep, err = tx.VerifyAudit(ctx); return err }); err != nil || !rep.OK {
		t.Errorf("audit chain after a rolled-back import: %+v, %v", rep, err)
	}
}

func TestImportAccess(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	data := stationList(t)
	for _, a := range []flows.Actor{w.villager.Actor(), w.police.Actor(), w.coordinator.Actor(), w.policeY.Actor(),
		{MemberID: w.station.ID, Role: flows.RoleStation, CommuneID: w.y.ID}} {
		if _, err := importList(t, db, a, w.x.ID, data, flows.ImportOptions{}); !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("%s of %d importing: %v, want forbidden", a.Role, a.CommuneID, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM records`); n != 0 {
		t.Errorf("%d records stored by people who may not", n)
	}
	if _, err := importList(t, db, flows.Operator, w.x.ID, data, flows.ImportOptions{}); err != nil {
		t.Errorf("operator: %v", err)
	}
}

func TestUploadLifecycle(t *testing.T) {
	clk := newClock()
	db := openTest(t, WithClock(clk.Now))
	w := newWorld(t, db)
	st := w.station.Actor()
	var u flows.Upload
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		u, err = tx.SaveUpload(ctx, st, flows.Upload{CommuneID: w.x.ID, Kind: flows.KindList, FileName: "a.xlsx", Data: []byte("file")}, time.Hour)
		return err
	})
	update(t, db, func(ctx context.Context, tx *Tx) error {
		got, err := tx.Upload(ctx, st, u.ID)
		if err != nil || got.Status != flows.UploadPending || string(got.Data) != "file" || got.MemberID != w.station.ID {
			t.Errorf("pending upload: %+v, %v", got, err)
		}
		if _, err := tx.Upload(ctx, w.policeY.Actor(), u.ID); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("another commune reads the upload: %v", err)
		}
		if _, err := tx.Upload(ctx, w.police.Actor(), u.ID); !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("police read the upload: %v", err)
		}
		if _, err := tx.CancelUpload(ctx, w.coordinator.Actor(), u.ID); !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("the coordinator cancels the upload: %v", err)
		}
		ups, err := tx.PendingUploads(ctx, st)
		if err != nil || len(ups) != 1 || ups[0].Data != nil {
			t.Errorf("pending uploads: %+v, %v", ups, err)
		}
		return nil
	})
	clk.Add(2 * time.Hour)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		got, err := tx.Upload(ctx, st, u.ID)
		if err != nil || got.Status != flows.UploadExpired || got.Data != nil {
			t.Errorf("expired upload: %+v, %v", got, err)
		}
		if err := tx.FinishUpload(ctx, st, u.ID, 0); !errors.Is(err, flows.ErrConflict) {
			t.Errorf("finishing an expired upload: %v", err)
		}
		return nil
	})
	if n := count(t, db, `SELECT count(*) FROM pending_uploads WHERE length(data) > 0`); n != 0 {
		t.Errorf("%d files kept after expiry", n)
	}
	// Ended rows stay (without their files), so ids are never reused.
	clk.Add(31 * 24 * time.Hour)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		v, err := tx.SaveUpload(ctx, st, flows.Upload{CommuneID: w.x.ID, Kind: flows.KindVerification, FileName: "b.xlsx", Data: []byte("x")}, time.Hour)
		if err != nil {
			return err
		}
		if n, err := tx.CancelUploads(ctx, st); err != nil || n != 1 {
			t.Errorf("cancel uploads: %d, %v", n, err)
		}
		got, err := tx.CancelUpload(ctx, st, v.ID)
		if err != nil || got.Status != flows.UploadCancelled {
			t.Errorf("cancelling a cancelled upload: %+v, %v", got, err)
		}
		if v.ID == u.ID {
			t.Errorf("a new upload took the id of an old one")
		}
		return nil
	})
	if n := count(t, db, `SELECT count(*) FROM pending_uploads WHERE length(data) > 0`); n != 0 {
		t.Errorf("%d files kept after cancelling", n)
	}
}

func TestMarkDuplicatesMarksTheEarlierRow(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	res, err := importList(t, db, w.station.Actor(), w.x.ID, stationList(t), flows.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var warnings string
	if err := db.read.QueryRow(`SELECT warnings FROM records WHERE import_id = ? AND row_num = 9`, res.Import.ID).Scan(&warnings); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`{"code":"dup_person","field":"name","arg":"14"}`, `{"code":"dup_id","field":"id","arg":"15"}`} {
		if !bytes.Contains([]byte(warnings), []byte(want)) {
			t.Errorf("row 9 warnings %s lack %s", warnings, want)
		}
	}
	if !slices.Contains([]int{2}, len(res.Report.Duplicates)) {
		t.Errorf("%d pairs", len(res.Report.Duplicates))
	}
}
