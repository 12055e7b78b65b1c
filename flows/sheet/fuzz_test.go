package sheet

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"lamsach/flows/sheet/sheettest"
)

// FuzzRead feeds Read arbitrary bytes (asSheet false) and arbitrary sheet
// XML inside an otherwise valid workbook (asSheet true). It must never
// panic or hang, and a refusal must come with a reason and its sentence.
// The seed corpus (the fixtures, a sample, hand-made sheets) runs in every
// go test.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"station-list.xlsx", "verification-list.xlsx", "legacy-tcvn3.xlsx",
		"list-utf16.csv", "platform-import-template-2021.xls"} {
		data, err := os.ReadFile(fixture(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
	}
	var buf bytes.Buffer
	if err := Sample(&buf, 30, 1); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes(), false)
	f.Add([]byte{}, false)
	f.Add([]byte("PK\x03\x04garbage"), false)
	for _, s := range []string{
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày sinh</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>An</t></is></c><c r="B2" s="1"><v>33005</v></c></row>`,
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Tên</t></is></c><c r="B1" t="inlineStr"><is><t>CCCD</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>8.7084E+10</v></c></row>` +
			`<row r="3"><c r="A3" t="d"><v>1990-05-12T00:00:00</v></c><c r="XFD3"><v>1</v></c></row>`,
		`<row r="1048576"><c r="A1048576" t="s"><v>99</v></c></row>`,
		// Formulas without a saved value, a hidden row, text that is not
		// UTF-8 and TCVN3 text in a column other than the name.
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Thôn</t></is></c></row>` +
			`<row r="2" hidden="1"><c r="A2"><f>PROPER("an")</f><v/></c><c r="B2" t="str"><f>X</f></c></row>` +
			"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>L\xea V\xe3n</t></is></c><c r=\"B3\" t=\"inlineStr\"><is><t>Th«n §«ng</t></is></c></row>",
		`<row><c><v>`,
	} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, asSheet bool) {
		if asSheet {
			data = wrapSheet(t, data)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			rep, rows, err := readBytes(t, data, Options{})
			if err != nil && IsRefusal(err) && (rep.Refusal == "" || RefusalText("vi", err) == "") {
				t.Errorf("refusal %v without a reason or text", err)
			}
			if err == nil && len(rows) != rep.Rows.Total {
				t.Errorf("%d rows delivered, report counts %d", len(rows), rep.Rows.Total)
			}
			if rep != nil {
				rep.Text("vi")
			}
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("Read did not finish in 20 s")
		}
	})
}

// wrapSheet puts sheet XML rows inside a valid workbook whose style 1 is
// a date format.
func wrapSheet(t *testing.T, rows []byte) []byte { return wrapSheetDates(t, rows, false) }

// wrapSheetDates is wrapSheet with a choice of the 1904 date system.
func wrapSheetDates(t *testing.T, rows []byte, date1904 bool) []byte {
	return sheettest.Book{Sheets: []sheettest.Sheet{{Name: "S", Rows: string(rows)}}, Date1904: date1904}.Bytes()
}

// wrapSheetMerges is wrapSheet with merged ranges ("<mergeCell …/>"
// elements) after the rows, where Excel and openpyxl put them.
func wrapSheetMerges(t *testing.T, rows []byte, merges string) []byte {
	var refs []string
	for _, m := range strings.Split(merges, "/>") {
		if _, ref, ok := strings.Cut(m, `ref="`); ok {
			refs = append(refs, strings.TrimSuffix(ref, `"`))
		}
	}
	return sheettest.Book{Sheets: []sheettest.Sheet{{Name: "S", Rows: string(rows), Merges: refs}}}.Bytes()
}
