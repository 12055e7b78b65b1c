package sheettest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// header is the list header the hostile files share.
var header = Row(1, "STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Thôn", "Địa chỉ")

// hostilePart writes a workbook of one sheet named "Danh sách" whose sheet
// part body writes; the other parts are Book's.
func hostilePart(w io.Writer, shared []string, body func(io.Writer) error) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	if err := writeOtherParts(zw, shared); err != nil {
		return err
	}
	f, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<worksheet ` + mainNS + `><sheetData>`)
	if err := body(bw); err != nil {
		return err
	}
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// writeOtherParts writes every part of a one-sheet workbook named "Danh
// sách" but the sheet itself, which the caller streams.
func writeOtherParts(zw *zip.Writer, shared []string) error {
	for _, p := range (Book{Sheets: []Sheet{{Name: "Danh sách"}}, Shared: shared}).parts() {
		if p[0] == "xl/worksheets/sheet1.xml" {
			continue
		}
		f, err := zw.Create(p[0])
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p[1]); err != nil {
			return err
		}
	}
	return nil
}

// WriteBigCells writes a list of rows records whose address cell holds
// cellBytes of text each (1 MB cells: 400 rows make 400 MB of sheet). The
// file is small: the cells compress to almost nothing.
func WriteBigCells(w io.Writer, rows, cellBytes int) error {
	cell := bytes.Repeat([]byte("Thôn Đông "), cellBytes/len("Thôn Đông "))
	return hostilePart(w, nil, func(bw io.Writer) error {
		io.WriteString(bw, header)
		for r := 2; r <= rows+1; r++ {
			fmt.Fprintf(bw, `<row r="%d"><c r="A%d"><v>%d</v></c>`, r, r, r-1)
			io.WriteString(bw, Cell(Ref(1, r), "Nguyễn Văn An")+Cell(Ref(2, r), "12/05/1990")+Cell(Ref(4, r), "Thôn Đông"))
			fmt.Fprintf(bw, `<c r="F%d" t="inlineStr"><is><t>`, r)
			bw.Write(cell)
			if _, err := io.WriteString(bw, `</t></is></c></row>`); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteManyRows writes a list of rows distinct records laid out as Excel
// writes it (names and villages as shared strings, dates as date-styled
// serials, IDs as numbers), every ID, name and date different so nothing
// that remembers rows can stay small.
func WriteManyRows(w io.Writer, rows int) error {
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"}
	middle := []string{"Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu"}
	given := []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai",
		"Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"}
	var shared []string
	for _, f := range family {
		for _, m := range middle {
			for _, g := range given {
				shared = append(shared, f+" "+m+" "+g)
			}
		}
	}
	names := len(shared)
	shared = append(shared, "Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc")
	return hostilePart(w, shared, func(bw io.Writer) error {
		io.WriteString(bw, header)
		var b []byte
		for i := range rows {
			r := i + 2
			b = b[:0]
			b = append(b, `<row r="`...)
			b = strconv.AppendInt(b, int64(r), 10)
			b = append(b, `"><c><v>`...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, `</v></c><c t="s"><v>`...)
			b = strconv.AppendInt(b, int64(i%names), 10)
			b = append(b, `</v></c><c s="1"><v>`...)
			b = strconv.AppendInt(b, int64(14611+(i/names)%29000), 10) // 1940 on
			b = append(b, `</v></c><c><v>87`...)                       // a CCCD that lost its 0
			b = append(b, fmt.Sprintf("%09d", i)...)
			b = append(b, `</v></c><c t="s"><v>`...)
			b = strconv.AppendInt(b, int64(names+i%4), 10)
			b = append(b, `</v></c></row>`...)
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteLyingZip writes a workbook whose sheet part declares declared bytes
// inflated but inflates to about actual bytes: a header, then the same
// record again and again (rows numbered implicitly), never closed. The
// file stays a few megabytes for gigabytes of sheet.
func WriteLyingZip(w io.Writer, declared, actual int64) error {
	zw := zip.NewWriter(w)
	if err := writeOtherParts(zw, nil); err != nil {
		return err
	}
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<worksheet ` + mainNS + `><sheetData>` + header
	unit := `<row>` + `<c t="n"><v>1</v></c>` + `<c t="inlineStr"><is><t>Nguyễn Văn An</t></is></c>` +
		`<c t="inlineStr"><is><t>12/05/1990</t></is></c><c><v>87090000123</v></c></row>`
	chunk := bytes.Repeat([]byte(unit), (1<<20)/len(unit))
	run := deflateRun([]byte(chunk))
	body := deflateRun([]byte(head))
	for n := int64(len(head)); n < actual; n += int64(len(chunk)) {
		body = append(body, run...)
	}
	f, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(declared)})
	if err != nil {
		return err
	}
	if _, err := f.Write(body); err != nil {
		return err
	}
	return zw.Close()
}

// deflateRun returns deflate blocks (not final) that inflate to data: such
// runs concatenate into one stream, so gigabytes take megabytes.
func deflateRun(data []byte) []byte {
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	fw.Write(data)
	fw.Flush()
	return b.Bytes()
}

// WriteManyStrings writes a list as Excel writes one at the shared
// string limits: rows records whose name, ID, phone and address are each a
// distinct shared string (4 × rows strings; 500,000 rows make the
// 2,000,000 the reader admits, about 63 MB of text).
func WriteManyStrings(w io.Writer, rows int) error {
	var shared []string
	pad := strings.Repeat("x", 15)
	for i := range rows {
		shared = append(shared,
			fmt.Sprintf("Nguyễn Văn An %07d", i),
			fmt.Sprintf("087090%06d", i),
			fmt.Sprintf("09%08d", i),
			fmt.Sprintf("Số %d, Thôn Đông, xã Tân Phú, huyện Châu Thành %s", i, pad))
	}
	return hostilePart(w, shared, func(bw io.Writer) error {
		io.WriteString(bw, Row(1, "Họ và tên", "Số CCCD", "Số điện thoại", "Địa chỉ"))
		for i := range rows {
			r, s := i+2, 4*i
			if _, err := fmt.Fprintf(bw, `<row r="%d"><c t="s"><v>%d</v></c><c t="s"><v>%d</v></c><c t="s"><v>%d</v></c><c t="s"><v>%d</v></c></row>`,
				r, s, s+1, s+2, s+3); err != nil {
				return err
			}
		}
		return nil
	})
}

// Shape is one of the hostile files memory is measured on.
type Shape struct {
	Name  string
	Write func(io.Writer) error
}

// Shapes are the files issue 8 bounds memory on: a zip whose sheet part
// declares 400 MB and inflates to 3 GB of one record; 400 records with a
// 1 MB address each (400 MB of sheet); 2,000,000 distinct records, which
// the default row limit refuses at row 1,000,001; and 500,000 records
// whose text fills the shared string table to its limits.
var Shapes = []Shape{
	{"lying-zip", func(w io.Writer) error { return WriteLyingZip(w, 400<<20, 3<<30) }},
	{"big-cells", func(w io.Writer) error { return WriteBigCells(w, 400, 1<<20) }},
	{"2M-rows", func(w io.Writer) error { return WriteManyRows(w, 2_000_000) }},
	{"2M-strings", func(w io.Writer) error { return WriteManyStrings(w, 500_000) }},
}

// File returns the path of the shape's file in the temp directory,
// writing it the first time: the files take seconds to make and are never
// committed.
func (s Shape) File() (string, error) {
	path := filepath.Join(os.TempDir(), "lamsach-hostile-v1-"+s.Name+".xlsx")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	f, err := os.CreateTemp(os.TempDir(), "hostile-*.xlsx")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if err := s.Write(f); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(f.Name(), path)
}
