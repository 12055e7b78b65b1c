package sheet

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// today is the fixed "now" of the tests, so dates never turn future.
var today = time.Date(2022, 5, 20, 9, 0, 0, 0, time.UTC)

// readBytes reads a workbook and returns the report and every row.
func readBytes(t testing.TB, data []byte, opt Options) (*Report, []Row, error) {
	t.Helper()
	if opt.Today.IsZero() {
		opt.Today = today
	}
	var rows []Row
	rep, err := Read(bytes.NewReader(data), int64(len(data)), opt, func(b []Row) error {
		rows = append(rows, b...)
		return nil
	})
	return rep, rows, err
}

// readFixture reads one of the shared fixtures.
func readFixture(t *testing.T, name string) (*Report, []Row, error) {
	t.Helper()
	data, err := os.ReadFile(fixture(name))
	if err != nil {
		t.Fatal(err)
	}
	return readBytes(t, data, Options{})
}

// grid builds a one-sheet workbook from rows of cells with excelize; a cell
// is a string, a number, or nil for empty. Merges are "A1:C1" ranges and
// dates lists cells to format as dates.
type grid struct {
	rows   [][]any
	merges []string
	dates  []string
}

func (g grid) bytes(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range g.rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range g.merges {
		a, b, _ := strings.Cut(m, ":")
		if err := f.MergeCell("Sheet1", a, b); err != nil {
			t.Fatal(err)
		}
	}
	if len(g.dates) > 0 {
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		for _, ref := range g.dates {
			f.SetCellStyle("Sheet1", ref, ref, st)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fields returns the column mapping as "B=name C=dob …".
func fields(rep *Report) string {
	var parts []string
	for _, c := range rep.Columns {
		if c.Field != FieldNone {
			parts = append(parts, c.Col+"="+string(c.Field))
		}
	}
	return strings.Join(parts, " ")
}

// issueCodes lists the codes of issues as "code(arg)".
func issueCodes[T any](list []T, code func(T) string) string {
	parts := make([]string, len(list))
	for i, x := range list {
		parts[i] = code(x)
	}
	return strings.Join(parts, " ")
}
