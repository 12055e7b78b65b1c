package xlsx

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

const benchRows = 100_000

var (
	benchFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"}
	benchMiddle = []string{"Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu"}
	benchGiven  = []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"}
)

// benchFile returns the path of a 100,000 × 9 list laid out as Excel writes
// it (shared strings, numbers, date-styled serials), generated once and kept
// in the temp directory so a separate process can measure reading alone.
func benchFile(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), "lamsach-xlsx-bench-100k9-v1.xlsx")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	f, err := os.CreateTemp(os.TempDir(), "bench-*.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(f.Name())
	zw := zip.NewWriter(f)
	put := func(name, body string) {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	p := bookParts()
	p["xl/workbook.xml"] = `<workbook ` + testNS + `><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`
	p["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + testRelType + `worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + testRelType + `sharedStrings" Target="sharedStrings.xml"/>` +
		`<Relationship Id="rId3" Type="` + testRelType + `styles" Target="styles.xml"/></Relationships>`
	p["xl/styles.xml"] = testStyles
	for n, body := range p {
		put(n, body)
	}
	// Shared strings: every full name, the genders and villages.
	var sst []string
	idx := map[string]int{}
	intern := func(s string) int {
		if i, ok := idx[s]; ok {
			return i
		}
		idx[s] = len(sst)
		sst = append(sst, s)
		return len(sst) - 1
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet ` + testNS +
		` xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1:I100001"/><sheetData>`)
	cell := func(col string, r int, attrs, v string) {
		fmt.Fprintf(bw, `<c r="%s%d"%s><v>%s</v></c>`, col, r, attrs, v)
	}
	for r := 1; r <= benchRows; r++ {
		fmt.Fprintf(bw, `<row r="%d" spans="1:9" x14ac:dyDescent="0.25">`, r)
		name := benchFamily[r%12] + " " + benchMiddle[(r/12)%8] + " " + benchGiven[(r*7)%23]
		if r%3 == 0 {
			name += " " + benchGiven[(r/3)%23]
		}
		cell("A", r, "", strconv.Itoa(r))
		cell("B", r, ` t="s"`, strconv.Itoa(intern(name)))
		cell("C", r, ` s="2"`, strconv.Itoa(20000+r%20000))
		cell("D", r, ` t="s"`, strconv.Itoa(intern([]string{"Nam", "Nữ"}[r%2])))
		cell("E", r, "", strconv.Itoa(900000000+r*37))
		cell("F", r, "", strconv.Itoa(1089000000+r*7919))
		cell("G", r, ` t="s"`, strconv.Itoa(intern(fmt.Sprintf("Thôn %d", r%40))))
		cell("H", r, ` t="s"`, strconv.Itoa(intern(fmt.Sprintf("HS%013d", r))))
		cell("I", r, ` t="inlineStr"`, "")
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	w, _ = zw.Create("xl/sharedStrings.xml")
	bw.Reset(w)
	fmt.Fprintf(bw, `<sst %s count="%d" uniqueCount="%d">`, testNS, len(sst), len(sst))
	for _, s := range sst {
		bw.WriteString("<si><t>" + s + "</t></si>")
	}
	bw.WriteString("</sst>")
	bw.Flush()
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	if err := os.Rename(f.Name(), path); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkReadRows100k(b *testing.B) { benchRead(b, false) }

// BenchmarkReadKeep100k also keeps every row, as an importer that stores the
// list does, to show the memory a retained Row costs.
func BenchmarkReadKeep100k(b *testing.B) { benchRead(b, true) }

func benchRead(b *testing.B, keep bool) {
	path := benchFile(b)
	st, _ := os.Stat(path)
	b.ReportAllocs()
	b.SetBytes(st.Size())
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		book, err := Open(f, st.Size(), Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := book.Rows(0)
		if err != nil {
			b.Fatal(err)
		}
		n, cells := 0, 0
		var kept []Row
		for rows.Next() {
			n++
			cells += len(rows.Row().Cells)
			if keep {
				kept = append(kept, rows.Row())
			}
		}
		if rows.Err() != nil || n != benchRows || cells != 8*benchRows {
			b.Fatalf("read %d rows, %d cells: %v", n, cells, rows.Err())
		}
		rows.Close()
		f.Close()
		if keep && len(kept) != benchRows {
			b.Fatal("rows not kept")
		}
	}
}

func BenchmarkExcelizeRows100k(b *testing.B) {
	path := benchFile(b)
	b.ReportAllocs()
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
		if n != benchRows {
			b.Fatalf("read %d rows", n)
		}
	}
}

// benchRow fills 18 of 27 columns as the platform import file does. It
// builds values with strconv rather than fmt so the benchmark measures the
// writer, not the caller.
func benchRow(r int, cells []WCell) {
	clear(cells)
	set := func(c int, v string) { cells[c] = WCell{Value: v, Style: StyleText} }
	set(0, strconv.Itoa(r))
	set(1, benchFamily[r%12]+" "+benchMiddle[(r/12)%8]+" "+benchGiven[(r*7)%23])
	set(2, pad2(r%28+1)+"/"+pad2(r%12+1)+"/"+strconv.Itoa(1940+r%70))
	set(3, strconv.Itoa(r%2))
	set(4, "1")
	set(6, "0"+strconv.Itoa(900000000+r*37))
	set(7, "00"+strconv.Itoa(1089000000+r*7919))
	set(9, "Tỉnh Hà Giang")
	set(10, "02")
	set(11, "Huyện Vị Xuyên")
	set(12, "026")
	set(13, "Xã Đạo Đức")
	set(14, "00742")
	set(15, "Thôn "+strconv.Itoa(r%40))
	set(17, "AstraZeneca")
	set(18, "12/08/2021")
	set(19, "ABV"+strconv.Itoa(r%500))
	set(20, "79001")
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func BenchmarkWrite100k27(b *testing.B) {
	cells := make([]WCell, 27)
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		var cw countWriter
		w := NewWriter(&cw)
		if err := w.AddSheet("PL1_Danh sach doi tuong tiem", SheetOptions{FreezeRows: 1, Merges: []string{"J7:Q7"}}); err != nil {
			b.Fatal(err)
		}
		for r := 1; r <= benchRows; r++ {
			benchRow(r, cells)
			if err := w.WriteRow(cells); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size), "file-bytes")
}
