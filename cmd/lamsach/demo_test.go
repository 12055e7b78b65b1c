package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestDemo is the whole-process scenario (DESIGN.md §7) on both session
// stores: it plays the demo, with two villages reviewing at the same time,
// then checks what each person was sent, the transcript a newcomer reads,
// and every file.
func TestDemo(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			out := t.TempDir()
			opt := demoOptions{out: out}
			if kind == "redis" {
				opt.redisURL = redisURL(t)
				// A fresh prefix: keys left by an earlier run (its handled
				// update ids) must not meet this run's.
				opt.redisPrefix = fmt.Sprintf("lamsach-demo-test:%d:", time.Now().UnixNano())
				cleanRedis(t, opt.redisURL, opt.redisPrefix)
			}
			var transcript bytes.Buffer
			d, err := playDemo(context.Background(), &transcript, opt)
			if err != nil {
				t.Fatalf("demo: %v\ntranscript:\n%s", err, transcript.String())
			}
			if len(d.files) != len(demoFiles) {
				t.Errorf("demo wrote %d files, want %d: %v", len(d.files), len(demoFiles), d.files)
			}
			checkSent(t, d)
			checkEnglish(t, d)
			checkTranscript(t, transcript.String(), d)
			checkFiles(t, out)
		})
	}
}

// sent is everything the bot sent to p, one message a line.
func sent(p *player) string {
	var b strings.Builder
	for _, m := range p.Messages() {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

// checkSent checks what each person of the demo was sent, and that no one
// saw what is not theirs.
func checkSent(t *testing.T, d *demo) {
	t.Helper()
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
			"Đã đặt hạn", "1 hồ sơ chưa rõ thôn", "Đã giao 1 hồ sơ cho Thôn Tây",
			"Trạm y tế vừa nhập 1 hồ sơ; tất cả đã được giao về thôn",
			// the report after the verification list: records in several states
			"Tổng 11 hồ sơ · đã rà soát xong 10", "đã báo 1 ngày · đã ký 12 hồ sơ", "Hôm nay: 12 hồ sơ đã ký.",
			"Thôn Đông (6): đã cập nhật 3 · đã xác thực 3",
			"Thôn Tây (5): chờ rà soát 1 · đã cập nhật 2 · đã xác thực 1 · vẫn sai 1"},
			[]string{"001090012345", "Nguyen Van An", "Bùi Thị Lan"}, 1},
		{d.station, []string{"bản xem trước", "C12: năm chỉ có 2 chữ số", "Đã nhập 10 hồ sơ",
			// the list sent again
			"So với hồ sơ đã có của xã", "1 dòng mới: sẽ được nhập.", "9 dòng đã có, giống hệt: không nhập lại.",
			"1 dòng khác hồ sơ đã có (Số điện thoại 1)", "Đã nhập 1 hồ sơ từ «danh-sach-gui-lai.xlsx»",
			"Số điện thoại: 01662345678 → 0362345678", "Đã sửa 1 hồ sơ theo «danh-sach-gui-lai.xlsx»",
			"Công an đã ký bàn giao đợt số 1: 10 hồ sơ", "Đợt 1 · tệp import · 2 hồ sơ", "Đợt 2 · danh sách sửa · 8 hồ sơ",
			"Đã ghi nhận đợt 1", "Đã ghi nhận đợt 2",
			// step 5
			"Hôm nay đơn vị đã kiểm tra và ký xác nhận bao nhiêu hồ sơ?", "12 hồ sơ đã ký.",
			"Nhật ký Hộ chiếu vắc xin tháng", "đã báo 1 ngày, chưa báo 0 ngày, đã ký 12 hồ sơ",
			// the verification list
			"danh-sach-xac-minh.xlsx: danh sách xác minh, 5 dòng. Chưa cập nhật gì.",
			"✅ Đã xác thực: 4 hồ sơ", "❌ Vẫn sai: 1 hồ sơ\n   · Đỗ Văn Khánh, 07/06/1992", "Đã cập nhật kết quả xác minh cho 5 hồ sơ"},
			nil, 4},
		{d.police, []string{"Xác minh hồ sơ", "Nguyen Van An → Nguyễn Văn An", "Nữ → Nam",
			"Số giấy tờ này cũng có ở hồ sơ khác của xã:\n• Bùi T. L. · Thôn Đông",
			"Số giấy tờ này cũng có ở hồ sơ khác của xã:\n• Bùi T. L. · Thôn Tây",
			"Đã trả lại cho Thôn Đông", "Ký biên bản bàn giao 10 hồ sơ", "Đã ký bàn giao đợt số 1: 10 hồ sơ"}, nil, 1},
		{d.an, []string{"Có 6 hồ sơ mới", "Nguyen Van An", "thiếu dấu", "Đã lưu phần sửa", "Lê Văn Cường",
			"Đã ghi nhận: không tìm thấy", "Công an trả lại hồ sơ Võ Thị Phượng", "Switched to English.",
			"Returned by police: Typing mistake", "Date of birth: 01/01/1992 → 12/07/1992", "Correction saved.",
			"Đã chuyển sang tiếng Việt."},
			[]string{"Đỗ Văn Khánh", "Trịnh Thị Mai", "Ngô Văn Hải", "Phạm Thị Dung"}, 0},
		{d.binh, []string{"Có 3 hồ sơ mới", "Có thêm 1 hồ sơ", "Có 1 hồ sơ mới", "số CCCD ghi giới tính Nam",
			"Thẻ bạn bấm đã cũ", "⚠ Số giấy tờ trong danh sách sai định dạng: 12345",
			"❗ số giấy tờ có 5 chữ số", "Số giấy tờ này cũng có ở hồ sơ khác của xã:\n• Bùi T. L. · Thôn Đông",
			"Trịnh Thị Mai", "Phạm Thị Dung", "Chỉ còn các hồ sơ bạn đã để sau"},
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
	if n := strings.Count(sent(d.police), "Hai hồ sơ cùng một số giấy tờ"); n != 2 {
		t.Errorf("the police were asked for a second tap %d times, want 2 (both records of Bùi Thị Lan)", n)
	}
}

// checkEnglish checks that what An was sent between /lang en and /lang vi
// is English, card and answers alike.
func checkEnglish(t *testing.T, d *demo) {
	t.Helper()
	all := sent(d.an)
	start := strings.Index(all, "Switched to English.")
	end := strings.Index(all, "Đã chuyển sang tiếng Việt.")
	if start < 0 || end < start {
		t.Fatalf("An did not switch to English and back:\n%s", all)
	}
	english := all[start:end]
	// The police's note is the officer's own words, in Vietnamese; the
	// labels around it must not be.
	for _, vi := range []string{"Họ tên:", "Ngày sinh:", "Hồ sơ ", "Kiểm tra trước khi lưu", "Đã lưu", "Công an trả lại:"} {
		if strings.Contains(english, vi) {
			t.Errorf("in English, An was sent %q:\n%s", vi, english)
		}
	}
	for _, en := range []string{"Record 6/6 · Thôn Đông", "Name: Võ Thị Phượng", "Check before saving", "No more records"} {
		if !strings.Contains(english, en) {
			t.Errorf("in English, An was not sent %q:\n%s", en, english)
		}
	}
}

// checkTranscript checks the printed transcript: every act in order, and
// in the part where the two villages work at once, every reply under the
// action that caused it or naming it.
func checkTranscript(t *testing.T, transcript string, d *demo) {
	t.Helper()
	at := 0
	for i := 1; i <= 12; i++ {
		n := strings.Index(transcript[at:], fmt.Sprintf("━━━ %d. ", i))
		if n < 0 {
			t.Fatalf("the transcript has no act %d after byte %d", i, at)
		}
		at += n
	}
	for _, want := range []string{
		"(Hoa sửa ô C12 thành 15/05/1965",
		"👆 Minh (công an xã) taps [✅ Đã đối chiếu, vẫn xác nhận]",
		"👤 An (thôn Đông): /lang en", "👤 An (thôn Đông): /lang vi",
		"👤 Hoa (trạm y tế): /passport", "👤 Hoa (trạm y tế): 📎 danh-sach-xac-minh.xlsx",
	} {
		if !strings.Contains(transcript, want) {
			t.Errorf("the transcript lacks %q", want)
		}
	}
	start := strings.Index(transcript, "━━━ 5. ")
	end := strings.Index(transcript, "━━━ 6. ")
	if err := checkCauses(transcript[start:end], []*player{d.an, d.binh}); err != nil {
		t.Errorf("%v\nthe part where both villages work:\n%s", err, transcript[start:end])
	}
}

// checkCauses reads a part of the transcript where each person gets only
// replies to their own actions, one action at a time: so each reply
// answers its person's latest action. It checks each reply is printed
// under that action (right after it, or after other replies to it), or
// names it with "↪ trả lời cho «…»", and names it only when needed.
func checkCauses(part string, people []*player) error {
	latest := map[*player]string{} // the person's latest action, as a reply names it
	var current string             // the action the lines printed last belong to
	for i, line := range strings.Split(part, "\n") {
		for _, p := range people {
			for _, icon := range []string{"👤 ", "👆 "} {
				if what, ok := strings.CutPrefix(line, icon+p.name); ok {
					latest[p] = icon + p.short + short(what)
					current = latest[p]
				}
			}
			head, ok := strings.CutPrefix(line, "🤖 → "+p.name)
			if !ok {
				continue
			}
			want := latest[p]
			if want == "" {
				return fmt.Errorf("line %d: %s got a reply before doing anything", i+1, p.name)
			}
			switch named, ok := strings.CutPrefix(head, "  ↪ trả lời cho «"); {
			case !ok && head != ":":
				return fmt.Errorf("line %d: a reply's head reads %q", i+1, line)
			case !ok && current != want:
				return fmt.Errorf("line %d: %s's reply to «%s» is printed under «%s» without naming its action", i+1, p.name, want, current)
			case ok && strings.TrimSuffix(named, "»") != want:
				return fmt.Errorf("line %d: the reply names %q, but %s's latest action is «%s»", i+1, line, p.name, want)
			case ok && current == want:
				return fmt.Errorf("line %d: the reply names its action though it is printed under it", i+1)
			}
			current = want
		}
	}
	return nil
}
