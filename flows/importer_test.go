package flows

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
)

// fakeImports is an in-memory ImportRepo that can fail the n-th batch.
type fakeImports struct {
	failAt  int // CreateRecords call that fails; 0 never
	calls   int
	stored  int
	atomic  bool
	undone  bool
	imports int
}

var errDisk = errors.New("disk full")

func (f *fakeImports) Villages(context.Context, int64) ([]Village, error) {
	return []Village{{ID: 1, Name: "Thôn Đông"}}, nil
}
func (f *fakeImports) ImportBySHA(context.Context, Actor, int64, string) (Import, error) {
	return Import{}, ErrNotFound
}
func (f *fakeImports) CreateImport(_ context.Context, _ Actor, imp Import) (Import, error) {
	f.imports++
	imp.ID = 7
	return imp, nil
}
func (f *fakeImports) CreateRecords(_ context.Context, _ Actor, recs []Record) error {
	f.calls++
	if f.calls == f.failAt {
		return errDisk
	}
	for _, r := range recs {
		if r.ImportID != 7 || r.CommuneID != 3 {
			return errors.New("record of the wrong import")
		}
	}
	f.stored += len(recs)
	return nil
}
func (f *fakeImports) MarkDuplicates(context.Context, Actor, int64, []sheet.DupPair) error {
	return nil
}
func (f *fakeImports) FinishImport(context.Context, Actor, int64, int) error { return nil }
func (f *fakeImports) EachRecordKey(context.Context, Actor, int64, func(RecordKey) error) error {
	return nil
}
func (f *fakeImports) KnownRecords(context.Context, Actor, int64, []int64) ([]KnownRecord, error) {
	return nil, nil
}
func (f *fakeImports) SaveAmendments(context.Context, Actor, int64, []Amendment) error { return nil }
func (f *fakeImports) DropAmendments(context.Context, Actor, int64, []int64) (int, error) {
	return 0, nil
}
func (f *fakeImports) Atomic(ctx context.Context, fn func(context.Context) error) error {
	f.atomic = true
	err := fn(ctx)
	f.undone = err != nil
	return err
}

func sample(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sheet.Sample(&buf, n, 5); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportListStoresInBatches(t *testing.T) {
	data := sample(t, 5000)
	f := &fakeImports{}
	res, err := ImportList(context.Background(), f, Operator, 3, "s.xlsx", bytes.NewReader(data), int64(len(data)), ImportOptions{BatchSize: 500})
	if err != nil {
		t.Fatal(err)
	}
	if f.stored != res.Stored || res.Stored < 4500 || f.calls < 9 || !f.atomic || f.undone || f.imports != 1 {
		t.Errorf("stored %d of %d in %d calls, atomic %v", f.stored, res.Stored, f.calls, f.atomic)
	}
	n := 0
	for _, c := range res.ByVillage {
		n += c
	}
	if n != res.Stored || res.Report.Rows.OK != res.Stored {
		t.Errorf("village counts %v add up to %d, stored %d, readable %d", res.ByVillage, n, res.Stored, res.Report.Rows.OK)
	}
}

func TestImportListStopsWhenABatchFails(t *testing.T) {
	data := sample(t, 5000)
	f := &fakeImports{failAt: 3}
	_, err := ImportList(context.Background(), f, Operator, 3, "s.xlsx", bytes.NewReader(data), int64(len(data)), ImportOptions{BatchSize: 200})
	if !errors.Is(err, errDisk) {
		t.Fatalf("got %v, want the store's error", err)
	}
	if !f.undone {
		t.Error("the failed import was not undone")
	}
	// The reading stops soon after the failure, not at the end of the file.
	if f.calls > 3+batchBuffers+2 {
		t.Errorf("%d batches handed over after the third failed", f.calls)
	}
}

func TestImportListRefusesAVerificationList(t *testing.T) {
	data := SheetFile(t, [][]string{{"Họ và tên", "Số CCCD", "Kết quả xác minh"}, {"An", "001090000001", "Khớp"}})
	f := &fakeImports{}
	_, err := ImportList(context.Background(), f, Operator, 3, "v.xlsx", bytes.NewReader(data), int64(len(data)), ImportOptions{})
	if !errors.Is(err, ErrVerificationList) || f.imports != 0 || f.calls != 0 {
		t.Errorf("got %v; imports %d, batches %d", err, f.imports, f.calls)
	}
}

// SheetFile writes rows of text cells as a one-sheet workbook. Exported
// from a test file so the external tests (flows_test) share it.
func SheetFile(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	if err := w.AddSheet("Sheet1", xlsx.SheetOptions{}); err != nil {
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
