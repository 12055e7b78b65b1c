// Package sheettest writes workbooks the way programs other than lamsach
// write them, for tests of flows/sheet and the command line: parts built
// by hand (inline strings as openpyxl writes them, shared strings as Excel
// does, formulas without saved values, merged two-row headers, hidden
// sheets and rows), and hostile files streamed straight to disk (a zip
// whose entries lie about their size, hundreds of megabytes of 1 MB cells,
// millions of rows) that are never committed.
package sheettest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"
)

// Sheet is one sheet of a Book.
type Sheet struct {
	Name   string
	Hidden bool
	// Rows is the sheet's <sheetData> content, e.g. from Row.
	Rows   string
	Merges []string
}

// Book is a workbook written part by part. Style 1 is a date format
// (dd/mm/yyyy); Shared are the shared strings, plain text.
type Book struct {
	Sheets   []Sheet
	Shared   []string
	Date1904 bool
}

const (
	mainNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	relNS  = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relPkg = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	relDoc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// Bytes returns the workbook as an .xlsx file.
func (b Book) Bytes() []byte {
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	return buf.Bytes()
}

// Write writes the workbook to w.
func (b Book) Write(w io.Writer) error {
	zw := zip.NewWriter(w)
	for _, p := range b.parts() {
		f, err := zw.Create(p[0])
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p[1]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// parts returns the workbook's parts as name, content pairs.
func (b Book) parts() [][2]string {
	var types, sheets, rels strings.Builder
	var out [][2]string
	for i, s := range b.Sheets {
		n := i + 1
		state := ""
		if s.Hidden {
			state = ` state="hidden"`
		}
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, html.EscapeString(s.Name), n, state, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>`, n, relDoc, n)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		out = append(out, [2]string{fmt.Sprintf("xl/worksheets/sheet%d.xml", n), SheetXML(s.Rows, s.Merges)})
	}
	pr := ""
	if b.Date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	out = append(out,
		[2]string{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
			types.String() + `</Types>`},
		[2]string{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships ` + relPkg + `>` +
			`<Relationship Id="rId1" Type="` + relDoc + `officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		[2]string{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook ` + mainNS + ` ` + relNS + `>` + pr +
			`<sheets>` + sheets.String() + `</sheets></workbook>`},
		[2]string{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships ` + relPkg + `>` + rels.String() +
			`<Relationship Id="rIdS" Type="` + relDoc + `styles" Target="styles.xml"/>` +
			`<Relationship Id="rIdT" Type="` + relDoc + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		[2]string{"xl/styles.xml", styles},
		[2]string{"xl/sharedStrings.xml", sharedStrings(b.Shared)},
	)
	return out
}

// styles has the default style 0 and a date style 1, as a list typed in
// Excel has.
const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ` + mainNS + `>` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
	`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
	`<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>` +
	`<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`

// SheetXML is a worksheet part holding rows (<sheetData> content) and the
// merged ranges after them, where the format puts them.
func SheetXML(rows string, merges []string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<worksheet ` + mainNS + ` ` + relNS + `><sheetData>`)
	b.WriteString(rows)
	b.WriteString(`</sheetData>`)
	if len(merges) > 0 {
		fmt.Fprintf(&b, `<mergeCells count="%d">`, len(merges))
		for _, m := range merges {
			b.WriteString(`<mergeCell ref="` + m + `"/>`)
		}
		b.WriteString(`</mergeCells>`)
	}
	b.WriteString(`</worksheet>`)
	return b.String()
}

func sharedStrings(items []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">`, mainNS, len(items), len(items))
	for _, it := range items {
		b.WriteString(`<si><t xml:space="preserve">` + html.EscapeString(it) + `</t></si>`)
	}
	b.WriteString(`</sst>`)
	return b.String()
}

// Row is a <row> of inline-string cells from column A, as openpyxl writes
// text; "" leaves a cell out. A value starting with "=" is a formula
// without a saved value (openpyxl's <f>…</f><v/>), one starting with "#"
// a number, and "s:N" the shared string N.
func Row(num int, values ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, num)
	for i, v := range values {
		if v == "" {
			continue
		}
		b.WriteString(Cell(Ref(i, num), v))
	}
	b.WriteString(`</row>`)
	return b.String()
}

// Cell is one cell at ref, valued as Row describes.
func Cell(ref, v string) string {
	switch {
	case strings.HasPrefix(v, "="):
		return `<c r="` + ref + `"><f>` + html.EscapeString(v[1:]) + `</f><v/></c>`
	case strings.HasPrefix(v, "#"):
		return `<c r="` + ref + `"><v>` + v[1:] + `</v></c>`
	case strings.HasPrefix(v, "s:"):
		return `<c r="` + ref + `" t="s"><v>` + v[2:] + `</v></c>`
	}
	return `<c r="` + ref + `" t="inlineStr"><is><t xml:space="preserve">` + html.EscapeString(v) + `</t></is></c>`
}

// Ref returns the reference of a 0-based column and 1-based row: "C12".
func Ref(col, row int) string {
	var b [8]byte
	i := len(b)
	for col++; col > 0; col = (col - 1) / 26 {
		i--
		b[i] = byte('A' + (col-1)%26)
	}
	return fmt.Sprintf("%s%d", b[i:], row)
}
