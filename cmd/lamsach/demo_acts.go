package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"lamsach/bot/telegramtest"
)

// The demo's acts, in the order of the process. Each prints a heading,
// makes its people act, and checks the bot answered as it should.

func (d *demo) setup(ctx context.Context) error {
	d.heading("1. Người quản trị tạo xã, thôn và mời tổ công tác xã")
	for _, args := range [][]string{
		{"commune", "add", "Xã Tân Phú"},
		{"village", "add", "--commune", "Xã Tân Phú", "Thôn Đông"},
		{"village", "add", "--commune", "Xã Tân Phú", "Thôn Tây"},
	} {
		if _, err := d.operator(ctx, args...); err != nil {
			return err
		}
	}
	out, err := d.operator(ctx, "invite", "--commune", "Xã Tân Phú", "--role", "coordinator", "--bot", d.bot)
	if err != nil {
		return err
	}
	code, err := inviteCode(out)
	if err != nil {
		return err
	}
	d.coord = d.s.player(1001, "Lan (tổ công tác xã)")
	d.coord.command("start", code)
	_, err = d.coord.expect("Chào")
	return err
}

func (d *demo) invite(ctx context.Context) error {
	d.heading("2. Tổ công tác xã mời trạm y tế, công an và hai thôn")
	d.station = d.s.player(1002, "Hoa (trạm y tế)")
	d.police = d.s.player(1003, "Minh (công an xã)")
	d.an = d.s.player(1004, "An (thôn Đông)")
	d.binh = d.s.player(1005, "Bình (thôn Tây)")
	for _, inv := range []struct {
		args string
		who  *player
	}{{"trạm", d.station}, {"công an", d.police}, {"thôn Thôn Đông", d.an}, {"thôn Thôn Tây", d.binh}} {
		d.coord.command("invite", inv.args)
		m, err := d.coord.expect("Liên kết mời")
		if err != nil {
			return err
		}
		code, err := inviteCode(m.Text)
		if err != nil {
			return err
		}
		d.s.printf("\n   (Lan gửi riêng liên kết cho %s)\n", inv.who.name)
		inv.who.command("start", code)
		if _, err := inv.who.expect("Chào"); err != nil {
			return err
		}
	}
	deadline := time.Now().In(hcm()).AddDate(0, 0, 14).Format("02/01/2006")
	d.coord.command("deadline", deadline)
	m, err := d.coord.expect("Đặt hạn hoàn thành là")
	if err != nil {
		return err
	}
	if err := d.coord.tap(m, "✅ Đặt hạn"); err != nil {
		return err
	}
	_, err = d.coord.expect("Đã đặt hạn")
	return err
}

func (d *demo) upload(ctx context.Context) error {
	d.heading("3. Trạm y tế gửi danh sách, xem trước rồi nhập")
	list, err := demoList()
	if err != nil {
		return err
	}
	if err := d.saveBytes(list, "danh-sach-tram-y-te.xlsx"); err != nil {
		return err
	}
	d.station.upload("danh-sach-tram-y-te.xlsx", list)
	preview, err := d.station.expect("bản xem trước")
	if err != nil {
		return err
	}
	errFile, err := d.station.expectFile("dòng có lỗi")
	if err != nil {
		return err
	}
	if err := d.save(errFile.Document, "loi-danh-sach.xlsx"); err != nil {
		return err
	}
	if err := d.station.tap(preview, "📥 Nhập"); err != nil {
		return err
	}
	if _, err := d.station.expect("Đã nhập"); err != nil {
		return err
	}
	for _, p := range []*player{d.an, d.binh} {
		if _, err := p.expect("hồ sơ mới"); err != nil {
			return err
		}
	}
	if _, err := d.coord.expect("/assign"); err != nil {
		return err
	}
	d.coord.command("assign", "")
	m, err := d.coord.expect("Hồ sơ chưa có thôn")
	if err != nil {
		return err
	}
	if err := d.tapPart(d.coord, m, "Xóm Mới"); err != nil {
		return err
	}
	if m, err = d.coord.expect("cho thôn nào"); err != nil {
		return err
	}
	if err := d.tapPart(d.coord, m, "Thôn Tây"); err != nil {
		return err
	}
	if m, err = d.coord.expect("Giao"); err != nil {
		return err
	}
	if err := d.coord.tap(m, "✅ Giao"); err != nil {
		return err
	}
	if _, err := d.coord.expect("Đã giao"); err != nil {
		return err
	}
	_, err = d.binh.expect("Có thêm")
	return err
}

func (d *demo) review(ctx context.Context) error {
	d.heading("4. Hai thôn rà soát hồ sơ cùng lúc")
	errs := make(chan error, 2)
	go func() { errs <- d.reviewDong() }()
	go func() { errs <- d.reviewTay() }()
	err1, err2 := <-errs, <-errs
	if err1 != nil {
		return err1
	}
	return err2
}

// reviewDong: a name corrected, a record right as it is, a pasted QR, a
// person not found.
func (d *demo) reviewDong() error {
	an := d.an
	an.command("next", "")
	card, err := an.expect("Nguyen Van An")
	if err != nil {
		return err
	}
	if err := d.edit(an, card, "✏️ Họ tên", "Gõ họ tên", "Nguyễn Văn An"); err != nil {
		return err
	}
	if card, err = an.expect("Trần Thị Bích"); err != nil {
		return err
	}
	if err := an.tap(card, "✅ Đúng hết"); err != nil {
		return err
	}
	if card, err = an.expect("Lê Văn Cường"); err != nil {
		return err
	}
	if err := an.tap(card, "📋 Dán mã QR CCCD"); err != nil {
		return err
	}
	if _, err := an.expect("QR"); err != nil {
		return err
	}
	an.say("001070009876||LÊ VĂN CƯỜNG|12031970|Nam|Thôn Đông, Xã Tân Phú, Huyện Châu Thành, Đồng Tháp|01022022")
	if err := d.save2(an); err != nil {
		return err
	}
	if card, err = an.expect("Hoàng Văn Em"); err != nil {
		return err
	}
	if err := an.tap(card, "🚫 Không tìm thấy"); err != nil {
		return err
	}
	m, err := an.expect("Vì sao")
	if err != nil {
		return err
	}
	if err := an.tap(m, "Đã mất"); err != nil {
		return err
	}
	if _, err := an.expect("Ghi chú"); err != nil {
		return err
	}
	an.say("Mất năm 2023, gia đình đã báo tổ dân phố")
	if card, err = an.expect("Võ Thị Phượng"); err != nil {
		return err
	}
	if err := an.tap(card, "✅ Đúng hết"); err != nil {
		return err
	}
	_, err = an.expect("không còn hồ sơ")
	return err
}

// reviewTay: a gender corrected, a stale button, an ID typed wrong then
// right, two records right as they are.
func (d *demo) reviewTay() error {
	b := d.binh
	b.command("next", "")
	card, err := b.expect("Đỗ Văn Khánh")
	if err != nil {
		return err
	}
	if err := b.tap(card, "✏️ Giới tính"); err != nil {
		return err
	}
	m, err := b.expect("Chọn giới tính")
	if err != nil {
		return err
	}
	if err := b.tap(m, "Nam"); err != nil {
		return err
	}
	if err := d.save2(b); err != nil {
		return err
	}
	next, err := b.expect("Bùi Thị Lan")
	if err != nil {
		return err
	}
	// The bot removes an answered card's buttons, but a tap on a slow
	// phone can arrive before that edit does.
	d.s.printf("\n   (Bình lỡ bấm lại nút trên thẻ cũ, trước khi nút kịp biến mất)\n")
	if err := b.tapStale(card, "✅ Đúng hết"); err != nil {
		return err
	}
	if _, err := b.expect("đã cũ"); err != nil {
		return err
	}
	if err := b.tap(next, "✏️ Số giấy tờ"); err != nil {
		return err
	}
	if _, err := b.expect("Gõ số CCCD"); err != nil {
		return err
	}
	b.say("12345")
	if _, err := b.expect("❗"); err != nil {
		return err
	}
	b.say("001175004567")
	if err := d.save2(b); err != nil {
		return err
	}
	for _, name := range []string{"Ngô Văn Hải", "Trịnh Thị Mai"} {
		card, err := b.expect(name)
		if err != nil {
			return err
		}
		if err := b.tap(card, "✅ Đúng hết"); err != nil {
			return err
		}
	}
	_, err = b.expect("không còn hồ sơ")
	return err
}

// edit changes one field from a card and saves it.
func (d *demo) edit(p *player, card telegramtest.Message, label, ask, value string) error {
	if err := p.tap(card, label); err != nil {
		return err
	}
	if _, err := p.expect(ask); err != nil {
		return err
	}
	p.say(value)
	return d.save2(p)
}

// save2 waits for the old → new card and taps Lưu.
func (d *demo) save2(p *player) error {
	m, err := p.expect("Kiểm tra trước khi lưu")
	if err != nil {
		return err
	}
	if err := p.tap(m, "💾 Lưu"); err != nil {
		return err
	}
	_, err = p.expect("Đã")
	return err
}

func (d *demo) tapPart(p *player, m telegramtest.Message, part string) error {
	label, ok := button(m, part)
	if !ok {
		return fmt.Errorf("%s: no button with %q", p.name, part)
	}
	return p.tap(m, label)
}

func hcm() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}

// expectFile waits for a message with a document whose caption has want.
func (p *player) expectFile(want string) (telegramtest.Message, error) {
	for {
		m, err := p.expect(want)
		if err != nil {
			return m, err
		}
		if m.Document != nil || m.Photo != nil {
			return m, nil
		}
	}
}

// expectAny waits for a message containing one of wants and says which.
func (p *player) expectAny(wants ...string) (telegramtest.Message, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), p.s.timeout)
	defer cancel()
	for n := p.shown + 1; ; n++ {
		msgs, err := p.WaitMessages(ctx, n)
		if err != nil {
			return telegramtest.Message{}, "", fmt.Errorf("%s waited for one of %q: %w", p.name, wants, err)
		}
		m := msgs[n-1]
		p.show(m)
		p.shown = n
		for _, w := range wants {
			if strings.Contains(m.Text, w) {
				return m, w, nil
			}
		}
	}
}
