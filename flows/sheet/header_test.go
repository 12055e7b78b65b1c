package sheet

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"lamsach/flows/sheet/xlsx"
)

// textRow makes a header row of inline strings from column A; "" skips a
// cell.
func textRow(num int, texts ...string) xlsx.Row {
	r := xlsx.Row{Num: num}
	for i, t := range texts {
		if t != "" {
			r.Cells = append(r.Cells, xlsx.Cell{Col: i, Type: xlsx.CellInlineString, Raw: t, Text: t})
		}
	}
	return r
}

// groupNames are group headers that name no field, as lists write them
// over an address or a document: the group must not decide anything.
var groupNames = []string{"Nơi ở", "Thông tin cá nhân", "Giấy tờ tùy thân", "Nơi ở tạm trú (hiện tại) (*)", "Liên hệ"}

// anchorFor returns a column header naming a field other than f, a name
// column unless f is the name, so the header is valid (a name column and
// one more field) without competing with the sub-column.
func anchorFor(f Field) (string, Field) {
	if f == FieldName {
		return "Ngày sinh", FieldDOB
	}
	return "Họ và tên", FieldName
}

// TestGroupHeaderPairings puts every header synonym under every other one
// (and under group texts that name nothing) in a two-row header: the
// sub-column's own name decides its field, wherever it sits under the
// group, and the group's text only names the sub-column that says nothing.
func TestGroupHeaderPairings(t *testing.T) {
	groups := append([]synonym{}, synonyms...)
	for _, g := range groupNames {
		groups = append(groups, synonym{FieldNone, g, exact})
	}
	const note = "Ghi chú" // a sub-column that names no field
	n := 0
	for _, g := range groups {
		for _, s := range synonyms {
			anchor, af := anchorFor(s.field)
			// The sub-column first under the group, then second.
			first := findHeader([]xlsx.Row{textRow(1, "STT", anchor, g.text), textRow(2, "", "", s.text, note)})
			second := findHeader([]xlsx.Row{textRow(1, "STT", anchor, g.text), textRow(2, "", "", note, s.text)})
			for _, tc := range []struct {
				h          *header
				sub, other int // the column of the synonym, and of the note
			}{{first, 2, 3}, {second, 3, 2}} {
				n++
				where := fmt.Sprintf("%q over %q (column %s)", g.text, s.text, colLetter(tc.sub))
				if tc.h == nil || len(tc.h.rows) != 2 {
					t.Errorf("%s: header %v, want rows 1–2", where, tc.h)
					continue
				}
				if got := tc.h.cols[tc.sub].Field; got != s.field {
					t.Errorf("%s: sub-column read as %q, want %q", where, got, s.field)
				}
				if tc.h.cols[1].Field != af {
					t.Errorf("%s: anchor %q read as %q", where, anchor, tc.h.cols[1].Field)
				}
				want := FieldNone
				if tc.other == 2 && g.field != s.field && g.field != af {
					// The group helps the note under it, unless a column
					// names the field itself.
					want = g.field
				}
				if got := tc.h.cols[tc.other].Field; got != want {
					t.Errorf("%s: column %s «%s» read as %q, want %q", where, colLetter(tc.other), note, got, want)
				}
				if p := tc.h.cols[tc.sub].Path; p != g.text+" / "+s.text {
					t.Errorf("%s: path %q", where, p)
				}
			}
		}
	}
	t.Logf("%d pairings", n)
}

// TestGroupHeaderFiles reads two-row headers with merged groups from files
// written the way openpyxl writes them (inline strings, merges after the
// rows): the village under an address group is the village, and reaches
// the rows.
func TestGroupHeaderFiles(t *testing.T) {
	is := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	tests := []struct {
		name    string
		head    string // rows 1–2
		merges  string
		mapping string
		village string
	}{
		{"«Nơi ở hiện tại» over «Thôn/Ấp» | «Địa chỉ chi tiết»",
			`<row r="1">` + is("A1", "Họ và tên") + is("B1", "Ngày sinh") + is("C1", "Nơi ở hiện tại") + `</row>` +
				`<row r="2">` + is("C2", "Thôn/Ấp") + is("D2", "Địa chỉ chi tiết") + `</row>`,
			`<mergeCell ref="A1:A2"/><mergeCell ref="B1:B2"/><mergeCell ref="C1:D1"/>`,
			"A=name B=dob C=village D=address", "Thôn Đông"},
		{"«Nơi ở» over «Thôn» | «Xã»",
			`<row r="1">` + is("A1", "Họ và tên") + is("B1", "Ngày sinh") + is("C1", "Nơi ở") + `</row>` +
				`<row r="2">` + is("C2", "Thôn") + is("D2", "Xã") + `</row>`,
			`<mergeCell ref="C1:D1"/>`,
			"A=name B=dob C=village", "Thôn Đông"},
		{"«Địa chỉ» over «Số nhà» | «Tổ dân phố»",
			`<row r="1">` + is("A1", "Họ tên") + is("B1", "Năm sinh") + is("C1", "Địa chỉ") + `</row>` +
				`<row r="2">` + is("C2", "Số nhà") + is("D2", "Tổ dân phố") + `</row>`,
			`<mergeCell ref="C1:D1"/>`,
			"A=name B=dob C=address D=village", "Thôn Đông"},
	}
	for _, tc := range tests {
		data := tc.head + `<row r="3">` + is("A3", "Nguyễn Văn An") + is("B3", "12/05/1990") + is("C3", "Thôn Đông") + is("D3", "Thôn Đông") + `</row>`
		book := wrapSheetMerges(t, []byte(data), tc.merges)
		rep, rows, err := readBytes(t, book, Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if fields(rep) != tc.mapping || len(rows) != 1 || rows[0].Village != tc.village {
			t.Errorf("%s: mapping %q, %d rows, village %q; want %q and %q", tc.name, fields(rep), len(rows), firstVillage(rows), tc.mapping, tc.village)
		}
		if len(rep.HeaderMerges) == 0 {
			t.Errorf("%s: merges not kept", tc.name)
		}
	}
}

func firstVillage(rows []Row) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[0].Village
}

// TestPlatformTemplateHeader reads the platform's own 2021 template with a
// row added: its address group's «Địa bàn cơ sở» is the village and
// «Địa chỉ chi tiết» the address, and nothing else of the group is taken.
func TestPlatformTemplateHeader(t *testing.T) {
	data, err := os.ReadFile(fixture("platform-import-template-2021.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rep, _, err := readBytes(t, data, Options{})
	if err != nil && Reason(err) != "no_rows" {
		t.Fatal(err)
	}
	want := "B=name C=dob D=gender G=phone H=id I=insurance P=village Q=address"
	if got := fields(rep); got != want || fmt.Sprint(rep.HeaderRows) != "[7 8]" {
		t.Errorf("header rows %v mapping %q, want [7 8] %q", rep.HeaderRows, got, want)
	}
	for _, c := range rep.Columns {
		if c.Col == "P" && !strings.HasPrefix(c.Path, "Nơi ở tạm trú") {
			t.Errorf("P path %q, want under the address group", c.Path)
		}
	}
}
