package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
)

const (
	testNS      = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	testRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// zipParts builds a deflated zip archive from part name → content, in name
// order.
func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	return zipPartsMethod(t, parts, zip.Deflate)
}

// zipPartsMethod is zipParts with a choice of method: fuzzing stores parts,
// since a deflate writer per input would dominate each run.
func zipPartsMethod(t testing.TB, parts map[string]string, method uint16) []byte {
	t.Helper()
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(parts[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bookParts returns the parts of a minimal workbook whose sheets are
// sheet1.xml, sheet2.xml… holding the given sheet XML.
func bookParts(sheets ...string) map[string]string {
	var wb, rels strings.Builder
	p := map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + testRelType + `officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	}
	for i, s := range sheets {
		n := fmt.Sprint(i + 1)
		wb.WriteString(`<sheet name="S` + n + `" sheetId="` + n + `" r:id="rId` + n + `"/>`)
		rels.WriteString(`<Relationship Id="rId` + n + `" Type="` + testRelType + `worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
		p["xl/worksheets/sheet"+n+".xml"] = s
	}
	p["xl/workbook.xml"] = `<workbook ` + testNS + `><sheets>` + wb.String() + `</sheets></workbook>`
	p["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		rels.String() + `<Relationship Id="rIdS" Type="` + testRelType + `sharedStrings" Target="sharedStrings.xml"/>` +
		`<Relationship Id="rIdT" Type="` + testRelType + `styles" Target="styles.xml"/></Relationships>`
	return p
}

// sheetXML wraps sheetData content in a worksheet.
func sheetXML(data string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet ` + testNS + `><dimension ref="A1"/><sheetData>` + data + `</sheetData></worksheet>`
}

// sstXML builds a shared string table from raw <si> contents.
func sstXML(items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<sst %s count="%d" uniqueCount="%d">`, testNS, len(items), len(items))
	for _, it := range items {
		b.WriteString("<si>" + it + "</si>")
	}
	b.WriteString("</sst>")
	return b.String()
}

func openBytes(b []byte, lim Limits) (*Book, error) {
	return Open(bytes.NewReader(b), int64(len(b)), lim)
}

// readAll reads every row of sheet i.
func readAll(b *Book, i int) ([]Row, []string, error) {
	rs, err := b.Rows(i)
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	var rows []Row
	for rs.Next() {
		rows = append(rows, rs.Row())
	}
	return rows, rs.Merges(), rs.Err()
}

// dumpRows renders rows one cell a word: "B3:n:"12"", with "|raw" when Raw
// differs from Text and "+d", "+f" for a date format and a formula.
func dumpRows(rows []Row) string {
	var lines []string
	for _, r := range rows {
		var cells []string
		for _, c := range r.Cells {
			s := fmt.Sprintf("%s%d:%c:%q", colName(c.Col), r.Num, "nsibed"[c.Type], c.Text)
			if c.Raw != c.Text {
				s += fmt.Sprintf("|%q", c.Raw)
			}
			if c.DateFormat {
				s += "+d"
			}
			if c.Formula {
				s += "+f"
			}
			if c.NoValue {
				s += "+novalue"
			}
			if c.TooLong {
				s += "+long"
			}
			cells = append(cells, s)
		}
		line := strings.Join(cells, " ")
		if r.Hidden {
			line = "(hidden) " + line
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// cfbFile builds a minimal OLE2 compound file whose directory lists the given
// stream names.
func cfbFile(names ...string) []byte {
	le := binary.LittleEndian
	b := make([]byte, 512*3)
	copy(b, magicCFB)
	le.PutUint16(b[0x18:], 0x3E)
	le.PutUint16(b[0x1A:], 3)
	le.PutUint16(b[0x1C:], 0xFFFE)
	le.PutUint16(b[0x1E:], 9)
	le.PutUint16(b[0x20:], 6)
	le.PutUint32(b[0x2C:], 1)          // one FAT sector
	le.PutUint32(b[0x30:], 1)          // directory in sector 1
	le.PutUint32(b[0x38:], 4096)       // mini stream cutoff
	le.PutUint32(b[0x3C:], 0xFFFFFFFE) // no mini FAT
	le.PutUint32(b[0x44:], 0xFFFFFFFE) // no DIFAT sectors
	for i := range 109 {
		le.PutUint32(b[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(b[0x4C:], 0) // the FAT is sector 0
	fat := b[512:1024]
	for i := range 128 {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD)
	le.PutUint32(fat[4:], 0xFFFFFFFE)
	dir := b[1024:]
	for i, n := range append([]string{"Root Entry"}, names...) {
		e := dir[128*i:]
		u := utf16.Encode([]rune(n))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66] = 2
		if i == 0 {
			e[66] = 5
		}
	}
	return b
}

// deflateRun returns an independent run of deflate blocks (not final) that
// inflates to data: such runs concatenate into one valid stream, which lets
// a test describe gigabytes with a few megabytes.
func deflateRun(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	fw, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	fw.Flush()
	return b.Bytes()
}

// bombPart builds the raw deflate stream of head + unit repeated to total
// bytes + tail, and its true inflated size.
func bombPart(t testing.TB, head, unit, tail string, total int64) ([]byte, int64) {
	t.Helper()
	chunk := bytes.Repeat([]byte(unit), (1<<20)/len(unit))
	run := deflateRun(t, chunk)
	out := deflateRun(t, []byte(head))
	size := int64(len(head))
	for ; size+int64(len(chunk)) <= total; size += int64(len(chunk)) {
		out = append(out, run...)
	}
	var end bytes.Buffer
	fw, _ := flate.NewWriter(&end, flate.BestSpeed)
	fw.Write([]byte(tail))
	fw.Close()
	return append(out, end.Bytes()...), size + int64(len(tail))
}

// zipWithRaw builds a zip of ordinary parts plus raw deflated parts with the
// declared uncompressed sizes given (CRC left zero: a bomb is never read to
// its end).
func zipWithRaw(t testing.TB, parts map[string]string, raw map[string][]byte, declared map[string]int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, body := range parts {
		f, _ := zw.Create(n)
		f.Write([]byte(body))
	}
	for n, body := range raw {
		f, err := zw.CreateRaw(&zip.FileHeader{Name: n, Method: zip.Deflate,
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(declared[n])})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
