package xlsx

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const testStyles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;Ngày&quot; 0"/>` +
	`<numFmt numFmtId="166" formatCode="[Red]0.00;\d"/></numFmts>` +
	`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
	`<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>` +
	`</styleSheet>`

func TestCells(t *testing.T) {
	tests := []struct {
		name  string
		sheet string // full sheet XML if it starts with "<?" or "<x:", else sheetData content
		sst   []string
		want  string
	}{
		{"shared string and number",
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>87084000999</v></c></row>`,
			[]string{"<t>hello</t>"}, `A1:s:"hello" B1:n:"87084000999"`},
		{"numbers keep their text",
			`<row r="2"><c r="A2"><v>8.7084000999E10</v></c><c r="B2" t="n"><v>32874</v></c><c r="C2"><v>0.1</v></c></row>`,
			nil, `A2:n:"8.7084000999E10" B2:n:"32874" C2:n:"0.1"`},
		{"cells without r follow the previous cell",
			`<row r="3"><c><v>1</v></c><c><v>2</v></c><c r="E3"><v>5</v></c><c><v>6</v></c></row>`,
			nil, `A3:n:"1" B3:n:"2" E3:n:"5" F3:n:"6"`},
		{"rows without r follow the previous row",
			`<row><c><v>1</v></c></row><row><c><v>2</v></c></row><row r="10"><c><v>3</v></c></row><row r="11"/><row><c><v>4</v></c></row>`,
			nil, "A1:n:\"1\"\nA2:n:\"2\"\nA10:n:\"3\"\nA12:n:\"4\""},
		{"empty cells and rows are skipped",
			`<row r="1"><c r="A1" s="1"/><c r="B1" t="s"/><c r="C1"><v></v></c><c r="D1" t="s"><v>1</v></c><c r="E1"><v>7</v></c></row><row r="2"><c r="A2" s="3"/></row>`,
			[]string{"<t>x</t>", "<t/>"}, `E1:n:"7"`},
		{"inline string",
			`<row r="1"><c r="A1" t="inlineStr"><is><t>Nguyễn Văn A</t></is></c></row>`,
			nil, `A1:i:"Nguyễn Văn A"`},
		{"preserved spaces",
			`<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">  x </t></is></c></row>`,
			nil, `A1:i:"  x "`},
		{"inline rich text",
			`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Họ </t></r><r><t>tên</t></r></is></c></row>`,
			nil, `A1:i:"Họ tên"`},
		{"phonetic runs ignored",
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x</t><rPh sb="0" eb="1"><t>y</t></rPh></is></c></row>`,
			[]string{`<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>`}, `A1:s:"東京" B1:i:"x"`},
		{"entities",
			`<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;&#10;&#x41;&#65;&#0;&bogus;</t></is></c></row>`,
			nil, `A1:i:"a & b <c> \"d\" 'e'\nAA�&bogus;"`},
		{"excel escapes",
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>_xD83D__xDE00_ _xD800_ _x41_</t></is></c></row>`,
			[]string{`<t>a_x000D_b_x005F_x0041_c_x0009_</t>`}, `A1:s:"a\rb_x0041_c\t" B1:i:"😀 � _x41_"`},
		{"line ends normalised",
			"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc&#13;d</t></is></c></row>",
			nil, `A1:i:"a\nb\nc\rd"`},
		{"CDATA taken literally",
			`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>&amp;</b>]]></t></is></c></row>`,
			nil, `A1:i:"<b>&amp;</b>"`},
		{"prefixed SpreadsheetML",
			`<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
				`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
			[]string{"<t>a</t>"}, `A1:s:"a" B1:i:"b"`},
		{"formula results",
			`<row r="1"><c r="A1" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c>` +
				`<c r="C1"><f>1+1</f><v>2</v></c><c r="D1"><f>NOW()</f></c><c r="E1" t="str"><v>_x0041_</v></c></row>`,
			nil, `A1:s:"ab"+f B1:e:"#DIV/0!"+f C1:n:"2"+f D1:n:""+f+novalue E1:s:"A"`},
		{"formulas without a saved value, as scripts write them",
			`<row r="1"><c r="A1"><f>SUM(B1:C1)</f><v></v></c><c r="B1"><f>ROW()</f><v/></c><c r="C1" t="str"><f>""</f><v></v></c>` +
				`<c r="D1" t="str"><f>A1&amp;""</f></c><c r="E1"><f t="shared" si="0"/></c><c r="F1" t="inlineStr"><f>X</f><is><t>x</t></is></c></row>`,
			nil, `A1:n:""+f+novalue B1:n:""+f+novalue D1:s:""+f+novalue E1:n:""+f+novalue F1:i:"x"+f`},
		{"hidden rows",
			`<row r="1" hidden="1"><c r="A1"><v>1</v></c></row><row r="2" hidden="0"><c r="A2"><v>2</v></c></row><row r="3" hidden="true"><c r="A3"><v>3</v></c></row>`,
			nil, "(hidden) A1:n:\"1\"\nA2:n:\"2\"\n(hidden) A3:n:\"3\""},
		{"booleans, errors and ISO dates",
			`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="d"><v>2021-06-21T00:00:00</v></c></row>`,
			nil, `A1:b:"TRUE"|"1" B1:b:"FALSE"|"0" C1:e:"#N/A" D1:d:"2021-06-21T00:00:00"`},
		{"date styles",
			`<row r="1"><c r="A1" s="0"><v>1</v></c><c r="B1" s="1"><v>32874</v></c><c r="C1" s="2"><v>44368</v></c>` +
				`<c r="D1" s="3"><v>4</v></c><c r="E1" s="4"><v>5</v></c><c r="F1" s="5"><v>6</v></c><c r="G1" s="99"><v>7</v></c></row>`,
			nil, `A1:n:"1" B1:n:"32874"+d C1:n:"44368"+d D1:n:"4" E1:n:"5" F1:n:"6" G1:n:"7"`},
		{"cells out of order are sorted",
			`<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row>`,
			nil, `A1:n:"1" C1:n:"3"`},
		{"comments, PIs, odd quoting and '>' in attributes",
			"<row r='1'>\n  <!-- note <c> -->\n  <c r='A1' t='s' foo=\"a>b\"><v>0</v></c><?pi x?>\n  <c r=\"b1\" x:y = 'z' ><v> 2 </v></c></row>",
			[]string{"<t>a</t>"}, `A1:s:"a" B1:n:" 2 "`},
		{"shared rich text",
			`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`,
			[]string{`<r><t>a</t></r><r><rPr><b/></rPr><t xml:space="preserve"> b</t></r>`}, `A1:s:"a b"`},
		{"inline string without t",
			`<row r="1"><c r="A1"><is><t>x</t></is></c></row>`,
			nil, `A1:i:"x"`},
		{"DTD entities are not expanded",
			`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><worksheet><sheetData>` +
				`<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`,
			nil, `A1:i:"&b;"`},
		{"empty sheet", `<row r="1"/>`, nil, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheet := tt.sheet
			if !strings.HasPrefix(sheet, "<?") {
				sheet = sheetXML(sheet)
			}
			p := bookParts(sheet)
			p["xl/styles.xml"] = testStyles
			if tt.sst != nil {
				p["xl/sharedStrings.xml"] = sstXML(tt.sst...)
			}
			b, err := openBytes(zipParts(t, p), Limits{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			rows, _, err := readAll(b, 0)
			if err != nil {
				t.Fatalf("rows: %v", err)
			}
			if got := dumpRows(rows); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestRowErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		lim  Limits
		want error
	}{
		{"shared string index out of range", `<row r="1"><c r="A1" t="s"><v>5</v></c></row>`, Limits{}, ErrCorrupt},
		{"shared string index not a number", `<row r="1"><c r="A1" t="s"><v>x</v></c></row>`, Limits{}, ErrCorrupt},
		{"bad cell reference", `<row r="1"><c r="1A"><v>1</v></c></row>`, Limits{}, ErrCorrupt},
		{"bad row number", `<row r="-1"><c><v>1</v></c></row>`, Limits{}, ErrCorrupt},
		{"unclosed cell", `<row r="1"><c r="A1"><v>1</v>`, Limits{}, ErrCorrupt},
		{"unclosed tag", `<row r="1"><c r="A1`, Limits{}, ErrCorrupt},
		{"column past limit", `<row r="1"><c r="C1"><v>1</v></c></row>`, Limits{MaxCols: 2}, ErrTooManyCols},
		{"row past limit", `<row r="4"><c r="A4"><v>1</v></c></row>`, Limits{MaxRows: 3}, ErrTooManyRows},
		{"implicit row past limit", `<row><c><v>1</v></c></row><row><c><v>1</v></c></row>`, Limits{MaxRows: 1}, ErrTooManyRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := sheetXML(tt.data)
			if strings.HasSuffix(tt.name, "unclosed cell") || strings.HasSuffix(tt.name, "unclosed tag") {
				raw = `<worksheet><sheetData>` + tt.data
			}
			p := bookParts(raw)
			p["xl/sharedStrings.xml"] = sstXML("<t>a</t>")
			b, err := openBytes(zipParts(t, p), tt.lim)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			_, _, err = readAll(b, 0)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestEmptyCellsPastLimitsAreFine(t *testing.T) {
	// Formatting often reaches column XFD and row 1,048,576 with no values.
	data := `<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row><row r="1048576"><c r="A1048576" s="1"/></row>`
	b, err := openBytes(zipParts(t, bookParts(sheetXML(data))), Limits{MaxCols: 2, MaxRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(b, 0)
	if err != nil || len(rows) != 1 {
		t.Fatalf("got %d rows, %v; want 1 row", len(rows), err)
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"dd/mm/yyyy": true, "[$-42A]d mmmm yyyy": true, "h:mm AM/PM": true, "[h]:mm:ss": true,
		"General": false, "0.00": false, "@": false, `"Ngày" 0`: false, `\d0`: false,
		"[Red]0;[Blue]-0": false, `#,##0_);(#,##0)`: false, "0.00E+00": false, `0;"dd"`: false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestLongCells reads cells at and past MaxCellChars, inline and shared,
// and a cell of megabytes: past the limit a cell is flagged and its text
// dropped; at the limit it is read whole, counted in characters, not bytes.
func TestLongCells(t *testing.T) {
	atLimit := strings.Repeat("ễ", MaxCellChars) // 3 bytes each
	over := strings.Repeat("a", MaxCellChars+1)
	huge := strings.Repeat("x&amp;", 1<<20) // 6 MB of XML, a 2 MB value
	is := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	data := `<row r="1">` + is("A1", atLimit) + is("B1", over) + is("C1", huge) + `<c r="D1" t="s"><v>0</v></c><c r="E1" t="s"><v>1</v></c>` +
		`<c r="F1"><v>` + strings.Repeat("1", MaxCellChars+1) + `</v></c>` + is("G1", "ok") + `</row>`
	p := bookParts(sheetXML(data))
	p["xl/sharedStrings.xml"] = sstXML("<t>"+over+"</t>", "<t>"+atLimit+"</t>")
	b, err := openBytes(zipParts(t, p), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(b, 0)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	var got []string
	for _, c := range rows[0].Cells {
		got = append(got, fmt.Sprintf("%s:%v:%d", colName(c.Col), c.TooLong, len(c.Text)))
	}
	want := "A:false:98301 B:true:0 C:true:0 D:true:0 E:false:98301 F:true:0 G:false:2"
	if strings.Join(got, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestRowByteLimit refuses a row holding more text than MaxRowBytes, even
// when each of its cells is within MaxCellChars.
func TestRowByteLimit(t *testing.T) {
	cell := strings.Repeat("a", 30_000)
	var row strings.Builder
	row.WriteString(`<row r="1">`)
	for range 40 { // 1.2 MB
		row.WriteString(`<c t="inlineStr"><is><t>` + cell + `</t></is></c>`)
	}
	row.WriteString(`</row>`)
	data := zipParts(t, bookParts(sheetXML(row.String())))
	b, err := openBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := readAll(b, 0); !errors.Is(err, ErrRowTooLong) {
		t.Errorf("default limit: got %v, want ErrRowTooLong", err)
	}
	b, _ = openBytes(data, Limits{MaxRowBytes: 2 << 20})
	if rows, _, err := readAll(b, 0); err != nil || len(rows) != 1 {
		t.Errorf("2 MB limit: %d rows, %v", len(rows), err)
	}
}

// TestCellTypeAcrossRefills reads cells whose content spans the reader's
// window refills: the cell's type, read from its start tag, must survive
// the window moving (it once pointed into the window and came back as
// whatever was read over it, turning shared strings into numbers).
func TestCellTypeAcrossRefills(t *testing.T) {
	var rows strings.Builder
	formula := strings.Repeat("A1&", 1000)
	for r := 1; r <= 200; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><f>%sA1</f><v>0</v></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c></row>`,
			r, r, formula, r, strings.Repeat("b", 500))
	}
	p := bookParts(sheetXML(rows.String()))
	p["xl/sharedStrings.xml"] = sstXML("<t>hello</t>")
	b, err := openBytes(zipParts(t, p), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := readAll(b, 0)
	if err != nil || len(got) != 200 {
		t.Fatalf("%d rows, %v", len(got), err)
	}
	for _, r := range got {
		if len(r.Cells) != 2 || r.Cells[0].Type != CellString || r.Cells[0].Text != "hello" || r.Cells[1].Type != CellInlineString {
			t.Fatalf("row %d read as %+v", r.Num, r.Cells[0])
		}
	}
}
