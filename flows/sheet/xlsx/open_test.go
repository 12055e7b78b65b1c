package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// referenceDir holds the repository's copies of the platform's templates,
// so the tests never depend on files outside the clone.
const referenceDir = "../../../testdata/"

func TestOpenRefusals(t *testing.T) {
	utf16Tab := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune("Họ và tên\tNgày sinh\r\nLê Thị B\t01/02/1990\r\n")) {
		utf16Tab = append(utf16Tab, byte(u), byte(u>>8))
	}
	random := make([]byte, 5000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	random[0] = 0x01 // not a zip, CFB or text
	noWorkbook := zipParts(t, map[string]string{"word/document.xml": "<w:document/>"})
	ods := zipParts(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>"})
	corruptSheet := bookParts(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`)
	corruptStyles := bookParts(sheetXML(""))
	corruptStyles["xl/styles.xml"] = `<styleSheet><cellXfs><xf numFmtId="0`
	validZip := zipParts(t, bookParts(sheetXML("")))
	xlsb := zipParts(t, map[string]string{"xl/workbook.bin": "\x83\x01\x00", "_rels/.rels": `<Relationships>` +
		`<Relationship Id="rId1" Type="` + testRelType + `officeDocument" Target="xl/workbook.bin"/></Relationships>`})
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"empty", nil, Limits{}, ErrEmpty},
		{"too large", validZip, Limits{MaxFileBytes: 100}, ErrTooLarge},
		{"xls", cfbFile("Workbook", "\x05SummaryInformation"), Limits{}, ErrXLS},
		{"excel 5 xls", cfbFile("Book"), Limits{}, ErrXLS},
		{"encrypted xlsx", cfbFile("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"), Limits{}, ErrEncrypted},
		{"word document", cfbFile("WordDocument"), Limits{}, ErrNotXLSX},
		{"truncated OLE2", cfbFile("Workbook")[:600], Limits{}, ErrNotXLSX},
		{"ods", ods, Limits{}, ErrODS},
		{"csv", []byte("Họ và tên,Ngày sinh,Giới tính\nNguyễn Văn A,01/02/1990,Nam\n"), Limits{}, ErrCSV},
		{"semicolon csv in a legacy code page", []byte("H\xd2 t\xean;N\xe3m sinh\r\nL\xea;1990\r\n"), Limits{}, ErrCSV},
		{"utf-16 text export", utf16Tab, Limits{}, ErrCSV},
		{"html saved as xls", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>"), Limits{}, ErrNotXLSX},
		{"random bytes", random, Limits{}, ErrNotXLSX},
		{"pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), Limits{}, ErrNotXLSX},
		{"zip without workbook", noWorkbook, Limits{}, ErrNotXLSX},
		{"xlsb", xlsb, Limits{}, ErrNotXLSX},
		{"truncated zip", validZip[:len(validZip)/2], Limits{}, ErrCorrupt},
		{"zip header then garbage", append([]byte("PK\x03\x04"), random...), Limits{}, ErrCorrupt},
		{"corrupt styles", zipParts(t, corruptStyles), Limits{}, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openBytes(tt.data, tt.lim)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("corrupt sheet", func(t *testing.T) {
		b, err := openBytes(zipParts(t, corruptSheet), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := readAll(b, 0); !errors.Is(err, ErrCorrupt) {
			t.Errorf("got %v, want ErrCorrupt", err)
		}
	})
}

func TestOpenReferenceXLS(t *testing.T) {
	data, err := os.ReadFile(referenceDir + "platform-import-template-2021.xls")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openBytes(data, Limits{}); !errors.Is(err, ErrXLS) {
		t.Errorf("got %v, want ErrXLS", err)
	}
}

func TestZipBomb(t *testing.T) {
	head := `<worksheet><sheetData>`
	const size = 3 << 30
	body, real := bombPart(t, head, "<row/>", `</sheetData></worksheet>`, size)
	t.Logf("%d bytes inflate to %d", len(body), real)
	p := bookParts()
	p["xl/workbook.xml"] = `<workbook ` + testNS + `><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>`
	p["xl/_rels/workbook.xml.rels"] = `<Relationships><Relationship Id="rId1" Type="` + testRelType + `worksheet" Target="worksheets/sheet1.xml"/></Relationships>`

	t.Run("declared size", func(t *testing.T) {
		data := zipWithRaw(t, p, map[string][]byte{"xl/worksheets/sheet1.xml": body}, map[string]int64{"xl/worksheets/sheet1.xml": real})
		b, err := openBytes(data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := readAll(b, 0); !errors.Is(err, ErrZipBomb) {
			t.Errorf("got %v, want ErrZipBomb", err)
		}
	})
	t.Run("understated size", func(t *testing.T) {
		// archive/zip stops at the declared size, so the lie surfaces as
		// corruption before our count is reached; either way it is refused
		// after a few bytes.
		data := zipWithRaw(t, p, map[string][]byte{"xl/worksheets/sheet1.xml": body}, map[string]int64{"xl/worksheets/sheet1.xml": 1000})
		b, err := openBytes(data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if _, _, err := readAll(b, 0); !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrZipBomb) {
			t.Errorf("got %v, want a refusal", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("refusal took %v", d)
		}
	})
	t.Run("total over parts", func(t *testing.T) {
		part, n := bombPart(t, head, "<row/>", `</sheetData></worksheet>`, 15<<20)
		pp := bookParts("", "")
		delete(pp, "xl/worksheets/sheet1.xml")
		delete(pp, "xl/worksheets/sheet2.xml")
		raw := map[string][]byte{"xl/worksheets/sheet1.xml": part, "xl/worksheets/sheet2.xml": part}
		sizes := map[string]int64{"xl/worksheets/sheet1.xml": n, "xl/worksheets/sheet2.xml": n}
		b, err := openBytes(zipWithRaw(t, pp, raw, sizes), Limits{MaxUncompressedBytes: 20 << 20})
		if err != nil {
			t.Fatal(err)
		}
		// The first sheet's CRC is a dummy, so its end is corrupt; what
		// matters is that the second is cut off by the running total.
		readAll(b, 0)
		if _, _, err := readAll(b, 1); !errors.Is(err, ErrZipBomb) {
			t.Errorf("got %v, want ErrZipBomb", err)
		}
	})
}

// endless inflates forever.
type endless struct{}

func (endless) Read(p []byte) (int, error) { return len(p), nil }
func (endless) Close() error               { return nil }

func TestCountingReaderStopsEachPart(t *testing.T) {
	b := &Book{lim: Limits{MaxUncompressedBytes: 1 << 20}.withDefaults()}
	n, err := io.Copy(io.Discard, &countingReader{rc: endless{}, book: b, name: "x"})
	if !errors.Is(err, ErrZipBomb) || n > 1<<20 {
		t.Errorf("got %d bytes, %v; want ErrZipBomb within the limit", n, err)
	}
}

func TestWorkbookStructure(t *testing.T) {
	p := map[string]string{
		"_rels/.rels": `<Relationships><Relationship Id="a" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/Book/Main.xml"/></Relationships>`,
		"Book/Main.xml": `<x:workbook xmlns:x="` + "ns" + `" xmlns:rel="r"><x:workbookPr date1904="1"/><x:sheets>` +
			`<x:sheet name="Tom &amp; Jerry" sheetId="3" rel:id="r3"/><x:sheet name="Ẩn" state="hidden" sheetId="1" rel:id="r1"/>` +
			`<x:sheet name="Lost" sheetId="2" rel:id="r9"/></x:sheets></x:workbook>`,
		"Book/_rels/Main.xml.rels": `<Relationships><Relationship Id="r1" Type="x/worksheet" Target="/Data/One.xml"/>` +
			`<Relationship Id="r3" Type="x/worksheet" Target="../Data/three%20x.xml"/>` +
			`<Relationship Id="r4" Type="x/hyperlink" Target="http://example.com/" TargetMode="External"/></Relationships>`,
		`Data\one.xml`:     sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`),
		"Data/three x.xml": sheetXML(`<row r="1"><c r="A1"><v>3</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells><sheetData>`),
	}
	b, err := openBytes(zipParts(t, p), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Sheets(), []string{"Tom & Jerry", "Ẩn", "Lost"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Sheets() = %q, want %q", got, want)
	}
	if !b.Date1904() || b.Hidden(0) || !b.Hidden(1) {
		t.Errorf("Date1904 %v Hidden(0) %v Hidden(1) %v, want true false true", b.Date1904(), b.Hidden(0), b.Hidden(1))
	}
	for i, want := range []string{`A1:n:"3"`, `A1:n:"1"`} {
		rows, _, err := readAll(b, i)
		if got := dumpRows(rows); err != nil || got != want {
			t.Errorf("sheet %d: got %s, %v; want %s", i, got, err, want)
		}
	}
	if _, err := b.Rows(2); !errors.Is(err, ErrCorrupt) {
		t.Errorf("sheet without part: got %v, want ErrCorrupt", err)
	}
	if m, err := b.Merges(0); err != nil || !reflect.DeepEqual(m, []string{"A1:B2"}) {
		t.Errorf("Merges(0) = %q, %v", m, err)
	}
}

// TestManyZipEntries refuses an archive listing more entries than a
// workbook has, before archive/zip loads them all, and reads the count of
// a zip64 archive too.
func TestManyZipEntries(t *testing.T) {
	parts := bookParts(sheetXML(""))
	for i := range maxParts {
		parts[fmt.Sprintf("xl/media/x%05d.bin", i)] = ""
	}
	data := zipPartsMethod(t, parts, zip.Store)
	if _, err := openBytes(data, Limits{}); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "zip entries") {
		t.Errorf("got %v, want ErrCorrupt naming the entries", err)
	}
	if n, ok := zipEntries(bytes.NewReader(data), int64(len(data))); !ok || n != uint64(len(parts)) {
		t.Errorf("zipEntries = %d, %v; want %d", n, ok, len(parts))
	}
	// More than 65,535 entries makes archive/zip write zip64 end records.
	big := map[string]string{}
	for i := range 70_000 {
		big[fmt.Sprintf("%05d", i)] = ""
	}
	data = zipPartsMethod(t, big, zip.Store)
	if n, ok := zipEntries(bytes.NewReader(data), int64(len(data))); !ok || n != 70_000 {
		t.Errorf("zip64: zipEntries = %d, %v; want 70000", n, ok)
	}
	if _, err := openBytes(zipParts(t, bookParts(sheetXML(""))), Limits{}); err != nil {
		t.Errorf("a small workbook: %v", err)
	}
}
