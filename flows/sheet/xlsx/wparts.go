package xlsx

import (
	"fmt"
	"strconv"
	"strings"
)

// StyleID picks one of the writer's fixed cell styles.
type StyleID uint8

// The fixed styles. Text styles use number format "@", so a value typed
// into the cell later (an ID, a phone number, a date) also stays text.
const (
	StyleDefault    StyleID = iota // general format
	StyleText                      // text format
	StyleHeader                    // bold, wrapped, centred, bordered, shaded, text format
	StyleNote                      // italic
	StyleTextWrap                  // text format, wrapped, top-aligned
	StyleBold                      // bold, for titles
	StyleTextBorder                // text format with a thin border, for table cells
	numStyles
)

type styleDef struct {
	numFmt, font, fill, border int
	wrap                       bool
	halign, valign             string
}

// styleDefs indexes fonts, fills and borders of stylesXML below.
var styleDefs = [numStyles]styleDef{
	StyleDefault:    {},
	StyleText:       {numFmt: 49},
	StyleHeader:     {numFmt: 49, font: 1, fill: 2, border: 1, wrap: true, halign: "center", valign: "center"},
	StyleNote:       {font: 2},
	StyleTextWrap:   {numFmt: 49, wrap: true, valign: "top"},
	StyleBold:       {font: 1},
	StyleTextBorder: {numFmt: 49, border: 1, valign: "top"},
}

const (
	xmlHead  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain   = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel    = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsPkgRel = `http://schemas.openxmlformats.org/package/2006/relationships`
	ctSheet  = `application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml`
)

// stylesXML has two cell formats per StyleID: index 2*id is the style and
// 2*id+1 the same with quotePrefix, which marks the text as typed after an
// apostrophe.
var stylesXML = func() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<styleSheet xmlns="` + nsMain + `">`)
	const font = `<sz val="11"/><name val="Calibri"/><family val="2"/></font>`
	b.WriteString(`<fonts count="3"><font>` + font + `<font><b/>` + font + `<font><i/>` + font + `</fonts>`)
	b.WriteString(`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
		`<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>`)
	const thin = `style="thin"><color auto="1"/>`
	b.WriteString(`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left ` + thin + `</left><right ` + thin + `</right><top ` + thin + `</top><bottom ` + thin + `</bottom><diagonal/></border></borders>`)
	b.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&b, `<cellXfs count="%d">`, 2*numStyles)
	for _, d := range styleDefs {
		for _, quote := range []bool{false, true} {
			fmt.Fprintf(&b, `<xf numFmtId="%d" fontId="%d" fillId="%d" borderId="%d" xfId="0"`, d.numFmt, d.font, d.fill, d.border)
			for _, a := range []struct {
				on   bool
				name string
			}{{d.numFmt != 0, "applyNumberFormat"}, {d.font != 0, "applyFont"}, {d.fill != 0, "applyFill"},
				{d.border != 0, "applyBorder"}, {d.wrap || d.halign != "" || d.valign != "", "applyAlignment"}, {quote, "quotePrefix"}} {
				if a.on {
					b.WriteString(` ` + a.name + `="1"`)
				}
			}
			if d.wrap || d.halign != "" || d.valign != "" {
				b.WriteString(`><alignment`)
				if d.halign != "" {
					b.WriteString(` horizontal="` + d.halign + `"`)
				}
				if d.valign != "" {
					b.WriteString(` vertical="` + d.valign + `"`)
				}
				if d.wrap {
					b.WriteString(` wrapText="1"`)
				}
				b.WriteString(`/></xf>`)
			} else {
				b.WriteString(`/>`)
			}
		}
	}
	b.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`)
	return b.String()
}()

// appendSheetHead appends a worksheet's start, in the schema order that
// Excel and LibreOffice insist on: sheetViews, sheetFormatPr, cols, then
// sheetData.
func appendSheetHead(b []byte, o SheetOptions, first bool) []byte {
	b = append(b, xmlHead+`<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRel+`"><sheetViews><sheetView workbookViewId="0"`...)
	if first {
		b = append(b, ` tabSelected="1"`...)
	}
	if o.FreezeRows > 0 {
		top := "A" + strconv.Itoa(o.FreezeRows+1)
		b = append(b, `><pane ySplit="`+strconv.Itoa(o.FreezeRows)+`" topLeftCell="`+top+
			`" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="`+top+`" sqref="`+top+`"/></sheetView>`...)
	} else {
		b = append(b, `/>`...)
	}
	b = append(b, `</sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	cols := false
	for i, wd := range o.ColWidths {
		if wd <= 0 {
			continue
		}
		if !cols {
			b = append(b, "<cols>"...)
			cols = true
		}
		n := strconv.Itoa(i + 1)
		b = append(b, `<col min="`+n+`" max="`+n+`" width="`...)
		b = strconv.AppendFloat(b, min(wd, 255), 'f', -1, 64)
		b = append(b, `" customWidth="1"/>`...)
	}
	if cols {
		b = append(b, "</cols>"...)
	}
	return append(b, "<sheetData>"...)
}

type part struct{ name, body string }

// parts returns the package parts other than the sheets.
func (w *Writer) parts() []part {
	var ct, rels, sheets, app strings.Builder
	ct.WriteString(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	rels.WriteString(xmlHead + `<Relationships xmlns="` + nsPkgRel + `">`)
	for i, name := range w.sheets {
		n := strconv.Itoa(i + 1)
		ct.WriteString(`<Override PartName="/xl/worksheets/sheet` + n + `.xml" ContentType="` + ctSheet + `"/>`)
		rels.WriteString(`<Relationship Id="rId` + n + `" Type="` + nsRel + `/worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
		sheets.WriteString(`<sheet name="` + escapeAttr(name) + `" sheetId="` + n + `" r:id="rId` + n + `"/>`)
		app.WriteString(`<vt:lpstr>` + escapeAttr(name) + `</vt:lpstr>`)
	}
	ct.WriteString(`</Types>`)
	rels.WriteString(`<Relationship Id="rId` + strconv.Itoa(len(w.sheets)+1) + `" Type="` + nsRel + `/styles" Target="styles.xml"/></Relationships>`)
	nSheets := strconv.Itoa(len(w.sheets))
	var created string
	if !w.created.IsZero() {
		t := w.created.Format("2006-01-02T15:04:05Z")
		created = `<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>` +
			`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified>`
	}
	return []part{
		{"[Content_Types].xml", ct.String()},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="` + nsPkgRel + `">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="` + nsPkgRel + `/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"docProps/app.xml", xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
			`xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>lamsach</Application>` +
			`<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>` +
			`<vt:variant><vt:i4>` + nSheets + `</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
			`<TitlesOfParts><vt:vector size="` + nSheets + `" baseType="lpstr">` + app.String() + `</vt:vector></TitlesOfParts></Properties>`},
		{"docProps/core.xml", xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
			`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:creator>lamsach</dc:creator>` + created + `</cp:coreProperties>`},
		{"xl/workbook.xml", xmlHead + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><workbookPr/>` +
			`<bookViews><workbookView activeTab="0"/></bookViews><sheets>` + sheets.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", stylesXML},
	}
}
