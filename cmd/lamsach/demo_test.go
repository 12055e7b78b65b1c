package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"lamsach/flows/sheet/xlsx"
)

// TestDemo is the whole-process scenario (DESIGN.md §7) on both session
// stores: it plays the demo, with two villages reviewing at the same time,
// then checks what each person was sent and reads back every file.
func TestDemo(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			var base serverConfig
			if kind == "redis" {
				base.RedisURL = redisURL(t)
				// A fresh prefix: keys left by an earlier run (its handled
				// update ids) must not meet this run's.
				base.RedisPrefix = fmt.Sprintf("lamsach-demo-test:%d:", time.Now().UnixNano())
				cleanRedis(t, base.RedisURL, base.RedisPrefix)
			}
			out := t.TempDir()
			var transcript bytes.Buffer
			d, err := playDemo(context.Background(), &transcript, out, base)
			if err != nil {
				t.Fatalf("demo: %v\ntranscript:\n%s", err, transcript.String())
			}
			if len(d.files) != 6 {
				t.Errorf("demo wrote %d files, want 6: %v", len(d.files), d.files)
			}
			checkSent(t, d)
			checkFiles(t, out)
		})
	}
}

// checkSent checks what each person of the demo was sent, and that no one
// saw what is not theirs.
func checkSent(t *testing.T, d *demo) {
	t.Helper()
	sent := func(p *player) string {
		var b strings.Builder
		for _, m := range p.Messages() {
			b.WriteString(m.Text + "\n")
		}
		return b.String()
	}
	files := func(p *player) (n int) {
		for _, m := range p.Messages() {
			if m.Document != nil || m.Photo != nil {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		who   *player
		want  []string
		never []string
		files int
	}{
		{d.coord, []string{"Thông báo về dữ liệu cá nhân", "Liên kết mời: trạm y tế", "Liên kết mời: công an xã",
			"Đã đặt hạn", "1 hồ sơ chưa rõ thôn", "Đã giao 1 hồ sơ cho Thôn Tây", "Tổng 9 hồ sơ"},
			[]string{"001090012345", "Nguyen Van An"}, 1},
		{d.station, []string{"bản xem trước", "C12: năm chỉ có 2 chữ số", "Đã nhập 9 hồ sơ",
			"Công an đã ký bàn giao đợt số 1: 9 hồ sơ", "Đợt 1 · tệp import · 2 hồ sơ", "Đợt 2 · danh sách sửa · 7 hồ sơ",
			"Đã ghi nhận đợt 1", "Đã ghi nhận đợt 2"}, nil, 3},
		{d.police, []string{"Xác minh hồ sơ", "Nguyen Van An → Nguyễn Văn An", "Nữ → Nam", "Đã trả lại cho Thôn Đông",
			"Ký biên bản bàn giao 9 hồ sơ", "Đã ký bàn giao đợt số 1: 9 hồ sơ"}, nil, 1},
		{d.an, []string{"Có 5 hồ sơ mới", "Nguyen Van An", "thiếu dấu", "Đã lưu phần sửa", "Lê Văn Cường",
			"Đã ghi nhận: không tìm thấy", "Công an trả lại hồ sơ Võ Thị Phượng", "Công an trả lại: Lỗi đánh máy"},
			[]string{"Đỗ Văn Khánh", "Bùi Thị Lan", "Trịnh Thị Mai", "Ngô Văn Hải"}, 0},
		{d.binh, []string{"Có 3 hồ sơ mới", "Có thêm 1 hồ sơ", "số CCCD ghi giới tính Nam", "Thẻ bạn bấm đã cũ",
			"❗ số giấy tờ có 5 chữ số", "Trịnh Thị Mai"},
			[]string{"Nguyen Van An", "Trần Thị Bích", "Lê Văn Cường", "Võ Thị Phượng", "Hoàng Văn Em"}, 0},
	} {
		got := sent(c.who)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s was not sent %q", c.who.name, w)
			}
		}
		for _, n := range c.never {
			if strings.Contains(got, n) {
				t.Errorf("%s was sent %q, which is not theirs to see", c.who.name, n)
			}
		}
		if f := files(c.who); f != c.files {
			t.Errorf("%s got %d files, want %d", c.who.name, f, c.files)
		}
	}
}

// checkFiles reads back every file the demo wrote.
func checkFiles(t *testing.T, out string) {
	t.Helper()
	imp := cells(t, filepath.Join(out, "tep-import-nen-tang.xlsx"))
	for _, want := range []string{"Lê Văn Cường", "12/03/1970", "001070009876", "Bùi Thị Lan", "001175004567", "01/01/1975"} {
		if !imp[want] {
			t.Errorf("import file lacks the cell %q", want)
		}
	}
	edit := cells(t, filepath.Join(out, "danh-sach-sua.xlsx"))
	for _, want := range []string{"Nguyen Van An", "Nguyễn Văn An", "001185000111", "Đỗ Văn Khánh", "12/07/1992",
		"Không tìm thấy người: Đã mất: Mất năm 2023, gia đình đã báo tổ dân phố"} {
		if !edit[want] {
			t.Errorf("edit list lacks the cell %q", want)
		}
	}
	hand := cells(t, filepath.Join(out, "bien-ban-ban-giao-1.xlsx"))
	for _, want := range []string{"Võ Thị Phượng", "001192123456", "Trịnh Thị Mai", "Minh (công an xã)"} {
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
