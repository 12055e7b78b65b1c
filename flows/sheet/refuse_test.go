package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
)

// zipBomb is a valid workbook whose sheet inflates to about 30 MB of
// XML comments from about 30 KB: built here, never committed. The test
// lowers the limit below it rather than inflating past the default
// 500 MB, which would take seconds under the race detector.
func zipBomb(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	head := wrapSheet(t, nil)
	zr, err := zip.NewReader(bytes.NewReader(head), int64(len(head)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			continue
		}
		w, _ := zw.Create(f.Name)
		r, _ := f.Open()
		var part bytes.Buffer
		part.ReadFrom(r)
		w.Write(part.Bytes())
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày sinh</t></is></c></row>`))
	pad := bytes.Repeat([]byte("<!---->"), 1<<16)
	for range 65 { // 65 × 458,752 bytes ≈ 30 MB
		w.Write(pad)
	}
	w.Write([]byte(`</sheetData></worksheet>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestZipBomb(t *testing.T) {
	bomb := zipBomb(t)
	if len(bomb) > 2<<20 {
		t.Fatalf("the bomb is %d bytes; it should be small", len(bomb))
	}
	lim := xlsx.Limits{MaxUncompressedBytes: 5 << 20}
	_, rows, err := readBytes(t, bomb, Options{Limits: lim})
	if !errors.Is(err, xlsx.ErrZipBomb) || len(rows) != 0 {
		t.Fatalf("err %v, %d rows; want ErrZipBomb and no rows", err, len(rows))
	}
	if got := RefusalText(msg.VI, err); !strings.Contains(got, "5 MB") {
		t.Errorf("answer %q does not state the 5 MB limit", got)
	}
	if got := RefusalText(msg.EN, err); !strings.Contains(got, "5 MB") {
		t.Errorf("answer %q does not state the 5 MB limit", got)
	}
}

func TestLimitRefusals(t *testing.T) {
	g := grid{rows: [][]any{{"Họ và tên", "Ngày sinh"}}}
	for i := range 20 {
		g.rows = append(g.rows, []any{fmt.Sprintf("Nguyễn Văn %c", 'A'+i), "01/01/1990"})
	}
	data := g.bytes(t)
	_, _, err := readBytes(t, data, Options{Limits: xlsx.Limits{MaxRows: 10}})
	if !errors.Is(err, xlsx.ErrTooManyRows) || !strings.Contains(RefusalText(msg.EN, err), "more than 10 rows") {
		t.Errorf("too many rows: %v, %q", err, RefusalText(msg.EN, err))
	}
	_, _, err = readBytes(t, data, Options{Limits: xlsx.Limits{MaxFileBytes: 1000}})
	if !errors.Is(err, xlsx.ErrTooLarge) || RefusalText(msg.VI, err) == "" {
		t.Errorf("too large: %v", err)
	}
	_, _, err = readBytes(t, nil, Options{})
	if !errors.Is(err, xlsx.ErrEmpty) || !strings.Contains(RefusalText(msg.VI, err), "Tệp trống") {
		t.Errorf("empty: %v, %q", err, RefusalText(msg.VI, err))
	}
	_, _, err = readBytes(t, []byte("PK\x03\x04 this is not really a zip file at all, only its magic"), Options{})
	if Reason(err) != "corrupt" && Reason(err) != "not_xlsx" {
		t.Errorf("broken zip: %v (reason %q)", err, Reason(err))
	}
}

// TestRefusalTexts checks every reason has its own sentence in both
// languages, and that a system error gets the generic apology.
func TestRefusalTexts(t *testing.T) {
	seen := map[string]string{}
	for _, r := range reasons {
		for _, l := range []msg.Lang{msg.VI, msg.EN} {
			text := RefusalText(l, fmt.Errorf("wrapped: %w", r.err))
			if text == "" || strings.Contains(text, "sheet.refuse") || strings.Contains(text, "%!") || strings.Contains(text, "&") {
				t.Errorf("%s/%s: %q", r.code, l, text)
			}
			if other, dup := seen[text]; dup {
				t.Errorf("%s and %s share the answer %q", r.code, other, text)
			}
			seen[text] = r.code
		}
	}
	if got := RefusalText(msg.VI, errors.New("disk I/O")); !strings.Contains(got, "Xin lỗi") {
		t.Errorf("system error answer %q, want the apology", got)
	}
}

// TestReportJSON checks the report's JSON names the fields the CLI's
// --json users read, and leaves the uploaded cells out.
func TestReportJSON(t *testing.T) {
	rep, _, err := readFixture(t, "station-list.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{`"sheet":"Danh sách"`, `"header_rows":[6,7]`, `"field":"name"`, `"rows":{"total":8,"skipped":3,"ok":5,"with_errors":3,"hidden":0}`,
		`"lost_zeros":{"ids":1,"phones":1}`, `"kind":"dup_person","row_a":9,"row_b":14`, `"dob":"1990-05-12"`, `"cell":"C11"`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, "=1+1") { // row 15's note, only in its cells
		t.Error("JSON carries the uploaded cells")
	}
}
