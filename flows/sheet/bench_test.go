package sheet

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"lamsach/flows/vn"
)

const benchRows = 100_000

// benchList returns the path of a 100,000-record list as Sample writes it
// (9 columns), made once and kept in the temp directory so a separate
// process can measure reading alone:
//
//	go test -c -o sheet.test ./flows/sheet
//	/usr/bin/time -v ./sheet.test -test.run XXX -test.bench ReadCheck100k -test.benchtime 1x
func benchList(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), "lamsach-sheet-bench-100k-v1.xlsx")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	f, err := os.CreateTemp(os.TempDir(), "bench-*.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(f.Name())
	if err := Sample(f, benchRows, 1); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkReadCheck100k reads and checks every record of the list: the
// header, every parser, vn.Check, duplicates and the report.
func BenchmarkReadCheck100k(b *testing.B) {
	path := benchList(b)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		rep, err := Read(f, st.Size(), Options{}, func(rows []Row) error {
			n += len(rows)
			return nil
		})
		if err != nil || n != benchRows || rep.Rows.Total != benchRows {
			b.Fatalf("read %d rows, report %+v, err %v", n, rep.Rows, err)
		}
	}
}

// BenchmarkExcelizeRows100k is the baseline: excelize's own streaming
// Rows iterator over the same file, reading the cells and nothing more.
func BenchmarkExcelizeRows100k(b *testing.B) {
	path := benchList(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Danh sách")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
		f.Close()
		if n < benchRows {
			b.Fatalf("%d rows", n)
		}
	}
}

// BenchmarkWriteImport100k writes 100,000 records into the default
// 27-column template: 8 record fields, the sequence and 11 carried columns
// filled (20 of 27).
func BenchmarkWriteImport100k(b *testing.B) {
	headers := []string{"Họ và tên", "Nhóm đối tượng", "Đơn vị công tác", "Tỉnh/Thành phố", "Mã tỉnh", "Huyện",
		"Mã huyện", "Xã", "Mã xã", "Tên vắc xin", "Ngày tiêm", "Ghi chú"}
	pool := make([]ExportRow, 1000)
	for i := range pool {
		pool[i] = ExportRow{
			Name: fmt.Sprintf("Nguyễn Văn %c%d", 'A'+i%26, i), DOB: vn.Date{Year: 1940 + i%70, Month: 1 + i%12, Day: 1 + i%28},
			Gender: vn.Male, ID: fmt.Sprintf("0870%08d", i), Phone: fmt.Sprintf("09%08d", i), Insurance: fmt.Sprintf("DN48787%08d", i),
			Village: "Thôn Đông", Address: "Số " + strconv.Itoa(i) + ", Thôn Đông, xã Tân Phú",
			Headers: headers,
			Cells: []string{"", "5", "UBND xã", "Đồng Tháp", "87", "Châu Thành", "874", "Tân Phú", "29950",
				"AstraZeneca", "20/07/2021", "ghi chú " + strconv.Itoa(i)},
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		iw, err := NewImportWriter(io.Discard, DefaultTemplate())
		if err != nil {
			b.Fatal(err)
		}
		for i := range benchRows {
			if err := iw.Write(pool[i%len(pool)]); err != nil {
				b.Fatal(err)
			}
		}
		stats, err := iw.Close()
		if err != nil || stats.Rows != benchRows || stats.Carried != 11*benchRows {
			b.Fatalf("stats %+v, err %v", stats, err)
		}
	}
}
