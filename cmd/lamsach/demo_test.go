package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"lamsach/flows/sheet/xlsx"
)

// TestDemo runs the demo and reads back every file it wrote.
func TestDemo(t *testing.T) {
	out := t.TempDir()
	var transcript bytes.Buffer
	files, err := runDemo(context.Background(), &transcript, out)
	if err != nil {
		t.Fatalf("demo: %v\ntranscript:\n%s", err, transcript.String())
	}
	if len(files) != 6 {
		t.Errorf("demo wrote %d files, want 6: %v", len(files), files)
	}
	for _, want := range []string{"Thông báo về dữ liệu cá nhân", "bản xem trước", "Đã nhập 9 hồ sơ",
		"thẻ bạn bấm đã cũ", "Công an trả lại", "Đã ký bàn giao đợt số 1", "Đã ghi nhận đợt 2"} {
		if !strings.Contains(strings.ToLower(transcript.String()), strings.ToLower(want)) {
			t.Errorf("transcript lacks %q", want)
		}
	}

	imp := cells(t, filepath.Join(out, "tep-import-nen-tang.xlsx"))
	for _, want := range []string{"Lê Văn Cường", "12/03/1970", "001070009876", "Bùi Thị Lan", "001175004567", "01/01/1975"} {
		if !imp[want] {
			t.Errorf("import file lacks the cell %q", want)
		}
	}
	edit := cells(t, filepath.Join(out, "danh-sach-sua.xlsx"))
	for _, want := range []string{"Nguyen Van An", "Nguyễn Văn An", "001185000111", "Đỗ Văn Khánh", "12/07/1992"} {
		if !edit[want] {
			t.Errorf("edit list lacks the cell %q", want)
		}
	}
	hand := cells(t, filepath.Join(out, "bien-ban-ban-giao-1.xlsx"))
	for _, want := range []string{"Võ Thị Phượng", "001192123456", "Trịnh Thị Mai"} {
		if !hand[want] {
			t.Errorf("handover lacks the cell %q", want)
		}
	}
	errs := cells(t, filepath.Join(out, "loi-danh-sach.xlsx"))
	if !errs["Phạm Thị Dung"] || !errs["15/05/65"] {
		t.Errorf("error file lacks the refused row: %v", keys(errs))
	}
	for name, set := range map[string]map[string]bool{"import": imp, "edit": edit, "handover": hand} {
		for v := range set {
			if !norm.NFC.IsNormalString(v) {
				t.Errorf("%s file: cell %q is not NFC", name, v)
			}
		}
	}
	f, err := os.Open(filepath.Join(out, "bao-cao-tien-do.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("chart: %v", err)
	}
}

// cells returns the set of cell texts of every sheet of an .xlsx file.
func cells(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	book, err := xlsx.Open(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	set := map[string]bool{}
	for i := range book.Sheets() {
		rows, err := book.Rows(i)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			for _, c := range rows.Row().Cells {
				set[c.Text] = true
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return set
}

func keys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
