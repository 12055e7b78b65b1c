package xlsx

import (
	"archive/zip"
	"bytes"
	"testing"
)

// fuzzLimits keeps each fuzz input cheap.
var fuzzLimits = Limits{MaxFileBytes: 1 << 20, MaxUncompressedBytes: 8 << 20, MaxRows: 10_000, MaxCols: 100, MaxSharedStrings: 10_000}

// drain reads every row of every sheet, returning the number of cells.
func drain(b *Book) int {
	n := 0
	for i := range b.Sheets() {
		rows, err := b.Rows(i)
		if err != nil {
			continue
		}
		for rows.Next() {
			n += len(rows.Row().Cells)
		}
		rows.Merges()
		rows.Close()
		b.Merges(i)
	}
	return n
}

func FuzzOpen(f *testing.F) {
	f.Add([]byte{})
	f.Add(cfbFile("Workbook"))
	f.Add(cfbFile("EncryptionInfo", "EncryptedPackage"))
	f.Add([]byte("a,b\n1,2\n"))
	f.Add(zipParts(f, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}))
	p := bookParts(sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>32874</v></c></row>`))
	p["xl/sharedStrings.xml"] = sstXML("<t>a</t>", "<r><t>b</t></r>")
	p["xl/styles.xml"] = testStyles
	f.Add(zipParts(f, p))
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.AddSheet("a", SheetOptions{Merges: []string{"A1:B1"}})
	w.WriteRow([]WCell{{Value: "x"}, {Value: "1", Number: true}})
	w.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Open(bytes.NewReader(data), int64(len(data)), fuzzLimits)
		if err != nil {
			return
		}
		b.Sheets()
		b.Date1904()
		drain(b)
	})
}

func FuzzRows(f *testing.F) {
	for _, s := range []string{
		sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>x</t></r><rPh><t>y</t></rPh></is></c></row>`),
		sheetXML(`<row><c><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>_x0041_</v></c></row>`),
		`<x:worksheet><x:sheetData><x:row r="3"><x:c r="C3" s="2"><x:v>44368</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B2"/></x:mergeCells></x:worksheet>`,
		`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><worksheet><!-- c --><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t><![CDATA[a]]>&e;&#x41;&#10;</t></is></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row><row r="999999999"><c><v>1</v></c></row>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, sheet []byte) {
		p := bookParts(string(sheet))
		p["xl/sharedStrings.xml"] = sstXML("<t>a</t>", "<t/>")
		p["xl/styles.xml"] = testStyles
		data := zipPartsMethod(t, p, zip.Store)
		b, err := Open(bytes.NewReader(data), int64(len(data)), fuzzLimits)
		if err != nil {
			t.Fatalf("Open of a valid package: %v", err)
		}
		if n := drain(b); n > len(sheet) {
			t.Fatalf("%d cells from %d bytes", n, len(sheet))
		}
	})
}
