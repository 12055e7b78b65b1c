package main

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"lamsach/flows"
)

// checkFiles reads back every file the demo wrote: the spreadsheets with
// excelize (another reader than lamsach's own), the chart as a PNG.
func checkFiles(t *testing.T, out string) {
	t.Helper()
	for _, c := range []struct {
		file string
		rows [][]string // each a row that must hold these cells
		data int        // rows numbered in column A (0: not checked)
	}{
		{"danh-sach-tram-y-te.xlsx", [][]string{{"Phạm Thị Dung", "15/05/65"}, {"Bùi Thị Lan", "12345", "Thôn Tây"},
			{"Bùi Thị Lan", "001175004567", "Thôn Đông"}}, 11},
		{"loi-danh-sach.xlsx", [][]string{{"Phạm Thị Dung", "15/05/65",
			"C3: năm chỉ có 2 chữ số; hãy ghi đủ 4 chữ số, ví dụ 15/05/1990\n(dòng 12 trong tệp đã gửi)"}}, 1},
		{"danh-sach-gui-lai.xlsx", [][]string{{"Phạm Thị Dung", "15/05/1965"}, {"Ngô Văn Hải", "0362345678"}}, 11},
		{"bien-ban-ban-giao-1.xlsx", [][]string{{"Số hồ sơ bàn giao: 10"},
			{"Bùi Thị Lan", "001175004567", "Đã sửa; trùng số giấy tờ với hồ sơ khác", "Thôn Tây"},
			{"Bùi Thị Lan", "001175004567", "Đúng, không sửa; trùng số giấy tờ với hồ sơ khác", "Thôn Đông"},
			{"Võ Thị Phượng", "12/07/1992", "001192123456"}, {"Hoàng Văn Em", "Không tìm thấy"}, {"Minh (công an xã)"}}, 10},
		{"tep-import-nen-tang.xlsx", [][]string{{"Lê Văn Cường", "12/03/1970", "0", "001070009876"},
			{"Bùi Thị Lan", "01/01/1975", "1", "001175004567"}}, 2},
		{"danh-sach-sua.xlsx", [][]string{{"Nguyen Van An", "Nguyễn Văn An"}, {"Võ Thị Phượng", "01/01/1992", "12/07/1992"},
			{"Đỗ Văn Khánh", "Nữ", "Nam"}, {"Hoàng Văn Em", "Không tìm thấy người: Đã mất: Mất năm 2023, gia đình đã báo tổ dân phố"},
			{"Bùi Thị Lan", "trùng số giấy tờ với hồ sơ khác", "Thôn Đông"}, {"001185000111", "không đổi"}}, 8},
		{"nhat-ky-ho-chieu-vac-xin.xlsx", [][]string{{"Đơn vị: Xã Tân Phú"}, {"12", "đã báo", "Hoa (trạm y tế)"},
			{"Cộng: đã báo 1 ngày · chưa báo 0 ngày · đã ký 12 hồ sơ"}}, 0},
		{"danh-sach-xac-minh.xlsx", [][]string{{"Đỗ Văn Khánh", "Không khớp thông tin"}, {"Lê Văn Cường", "Đã xác thực"}}, 5},
	} {
		rows := sheetRows(t, filepath.Join(out, c.file))
		for _, want := range c.rows {
			if !slices.ContainsFunc(rows, func(r []string) bool { return holds(r, want) }) {
				t.Errorf("%s has no row with %q", c.file, want)
			}
		}
		if n := numbered(rows); c.data > 0 && n != c.data {
			t.Errorf("%s has %d numbered rows, want %d", c.file, n, c.data)
		}
		for _, r := range rows {
			for _, v := range r {
				if !norm.NFC.IsNormalString(v) {
					t.Errorf("%s: cell %q is not NFC", c.file, v)
				}
			}
		}
	}
	checkChart(t, filepath.Join(out, "bao-cao-tien-do.png"))
}

// checkChart decodes the chart and checks its size: two villages, and a
// legend of two rows, which only three or four states fill (the report's
// text names the four).
func checkChart(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("chart: %v", err)
	}
	w, h := flows.ChartSize(2, 4)
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Errorf("chart is %v, want %dx%d (2 villages, 3 or 4 states)", got, w, h)
	}
	if _, oneRow := flows.ChartSize(2, 2); oneRow == h {
		t.Fatal("ChartSize no longer tells two states from four: the size check above proves nothing")
	}
}

// sheetRows reads the first sheet of an .xlsx file with excelize.
func sheetRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// holds reports whether row has every cell of want, in any order.
func holds(row, want []string) bool {
	for _, w := range want {
		if !slices.Contains(row, w) {
			return false
		}
	}
	return true
}

var rowNumber = regexp.MustCompile(`^[0-9]+$`)

// numbered counts the rows whose first cell is a row number (STT, #): the
// data rows of lamsach's files and of the station's lists.
func numbered(rows [][]string) (n int) {
	for _, r := range rows {
		if len(r) > 1 && rowNumber.MatchString(r[0]) && strings.TrimSpace(strings.Join(r[1:], "")) != "" {
			n++
		}
	}
	return n
}
