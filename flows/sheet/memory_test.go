package sheet

import (
	"bytes"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/sheettest"
	"lamsach/flows/sheet/xlsx"
)

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r *bytes.Reader
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// TestMaxRowsStopsEarly refuses a list over MaxRows as soon as the count
// passes: the rows delivered stop at the limit and most of the file is
// never read.
func TestMaxRowsStopsEarly(t *testing.T) {
	var buf bytes.Buffer
	if err := sheettest.WriteManyRows(&buf, 100_000); err != nil {
		t.Fatal(err)
	}
	r := &countingReaderAt{r: bytes.NewReader(buf.Bytes())}
	delivered := 0
	_, err := Read(r, int64(buf.Len()), Options{Today: today, Limits: xlsx.Limits{MaxRows: 100}}, func(rows []Row) error {
		delivered += len(rows)
		return nil
	})
	if !errors.Is(err, xlsx.ErrTooManyRows) || !strings.Contains(RefusalText(msg.EN, err), "more than 100 rows") {
		t.Fatalf("err %v, want too many rows", err)
	}
	if delivered > 100 || r.n.Load() > int64(buf.Len())/10 {
		t.Errorf("%d rows delivered and %d of %d bytes read before the refusal", delivered, r.n.Load(), buf.Len())
	}
}

// TestBudgets checks that rows wait in bounded bytes, not only bounded
// counts: batches of large rows are cut short, and the rows with errors
// kept for the error file stop at their byte budget.
func TestBudgets(t *testing.T) {
	note := strings.Repeat("😀", 30_000) // 120 KB, within the character limit
	var rows strings.Builder
	rows.WriteString(sheettest.Row(1, "Họ và tên", "Ngày sinh", "Ghi chú"))
	for r := 2; r <= 151; r++ { // 18 MB, every row with an error (a two-digit year)
		rows.WriteString(sheettest.Row(r, "Nguyễn Văn An", "12/05/90", note))
	}
	data := sheettest.Book{Sheets: []sheettest.Sheet{{Name: "S", Rows: rows.String()}}}.Bytes()
	maxBatch := 0
	rep, err := Read(bytes.NewReader(data), int64(len(data)), Options{Today: today, BatchSize: 1000}, func(b []Row) error {
		maxBatch = max(maxBatch, len(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if maxBatch >= 100 || maxBatch < 30 {
		t.Errorf("largest batch %d rows of 120 KB; want it cut near %d MB", maxBatch, batchBytes>>20)
	}
	if n := len(rep.ErrorRows); n >= 150 || n < 100 || rep.ErrorRowsOmitted != 150-n {
		t.Errorf("%d error rows kept, %d omitted; want the %d MB budget to cut the 150", n, rep.ErrorRowsOmitted, maxErrorBytes>>20)
	}
}

// TestRowTooLong refuses a row past the row byte limit with its own
// answer.
func TestRowTooLong(t *testing.T) {
	cell := strings.Repeat("x", 30_000)
	cells := []string{"Nguyễn Văn An", "12/05/1990"}
	for range 40 {
		cells = append(cells, cell)
	}
	rows := sheettest.Row(1, "Họ và tên", "Ngày sinh") + sheettest.Row(2, cells...)
	data := sheettest.Book{Sheets: []sheettest.Sheet{{Name: "S", Rows: rows}}}.Bytes()
	rep, _, err := readBytes(t, data, Options{})
	if !errors.Is(err, xlsx.ErrRowTooLong) || rep.Refusal != "row_too_long" {
		t.Fatalf("err %v, refusal %q", err, rep.Refusal)
	}
	if got := RefusalText(msg.VI, err); !strings.Contains(got, "hơn 1 MB chữ") {
		t.Errorf("answer %q", got)
	}
}
