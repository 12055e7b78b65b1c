package sheet

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// update rewrites the golden files: go test ./flows/sheet -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// dump renders a workbook as text for golden files, read with excelize (a
// reader independent of ours): each sheet's name, frozen rows, column
// widths and merges, then every non-empty cell as
//
//	C9 = "01/02/1990" [text]
//
// with the cell's kind (a number cell shows (n)) and its style: text
// format "@", bold, italic, wrap, border, fill, and "quote" for Excel's
// quote prefix, which keeps a value starting with = + - @ from becoming a
// formula when the cell is edited.
func dump(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the file: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet %q\n", sh)
		if panes, err := f.GetPanes(sh); err == nil && panes.Freeze {
			fmt.Fprintf(&b, "freeze rows %d\n", panes.YSplit)
		}
		var widths []string
		for c := 1; c <= 40; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			if w, err := f.GetColWidth(sh, name); err == nil && w != 9.140625 {
				widths = append(widths, fmt.Sprintf("%s=%g", name, w))
			}
		}
		if len(widths) > 0 {
			fmt.Fprintf(&b, "widths %s\n", strings.Join(widths, " "))
		}
		merges, _ := f.GetMergeCells(sh)
		for _, m := range merges {
			fmt.Fprintf(&b, "merge %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
		rows, err := f.Rows(sh)
		if err != nil {
			t.Fatal(err)
		}
		r := 0
		for rows.Next() {
			r++
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for c, v := range cols {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r)
				fmt.Fprintf(&b, "%s = %q%s\n", ref, v, cellStyle(t, f, sh, ref))
			}
		}
		rows.Close()
	}
	return b.String()
}

// cellStyle describes a cell's kind and style: " (n) [text,b]".
func cellStyle(t *testing.T, f *excelize.File, sh, ref string) string {
	var out string
	if typ, _ := f.GetCellType(sh, ref); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
		out = " (n)"
	}
	id, err := f.GetCellStyle(sh, ref)
	if err != nil || id == 0 {
		return out
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	if st.NumFmt == 49 {
		tags = append(tags, "text")
	} else if st.NumFmt != 0 {
		tags = append(tags, fmt.Sprintf("fmt%d", st.NumFmt))
	}
	if st.Font != nil && st.Font.Bold {
		tags = append(tags, "b")
	}
	if st.Font != nil && st.Font.Italic {
		tags = append(tags, "i")
	}
	if st.Alignment != nil && st.Alignment.WrapText {
		tags = append(tags, "wrap")
	}
	if len(st.Border) > 0 {
		tags = append(tags, "border")
	}
	if st.Fill.Pattern == 1 {
		tags = append(tags, "fill")
	}
	if xf := f.Styles.CellXfs.Xf[id]; xf.QuotePrefix != nil && *xf.QuotePrefix {
		tags = append(tags, "quote")
	}
	if len(tags) == 0 {
		return out
	}
	return out + " [" + strings.Join(tags, ",") + "]"
}

// golden compares got with testdata/golden/name, or rewrites it under
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, diffLines(string(want), got))
	}
}

// diffLines shows the first lines where two texts differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
			n++
		}
	}
	return b.String()
}
