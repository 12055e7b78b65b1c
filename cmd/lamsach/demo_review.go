package main

import (
	"context"
	"fmt"
	"strings"

	"lamsach/bot/telegramtest"
)

// The part of the demo where two villages review at the same time: each
// member's replies may come after the other's actions, and the transcript
// says which action each answers.

func (d *demo) review(ctx context.Context) error {
	d.heading("5. Hai thôn rà soát hồ sơ cùng lúc")
	errs := make(chan error, 2)
	go func() { errs <- d.reviewDong() }()
	go func() { errs <- d.reviewTay() }()
	err1, err2 := <-errs, <-errs
	if err1 != nil {
		return err1
	}
	return err2
}

// reviewDong: a name corrected, records right as they are, a pasted QR, a
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
	if err := d.allRight(an, "Trần Thị Bích"); err != nil {
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
	for _, name := range []string{"Võ Thị Phượng", "Bùi Thị Lan"} {
		if err := d.allRight(an, name); err != nil {
			return err
		}
	}
	_, err = an.expect("không còn hồ sơ")
	return err
}

// reviewTay: a gender corrected, a stale button, a malformed ID that must
// be fixed before the record can be marked right, records right as they
// are, and one left for later.
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
	if err := d.fixID(next); err != nil {
		return err
	}
	for _, name := range []string{"Ngô Văn Hải", "Trịnh Thị Mai"} {
		if err := d.allRight(b, name); err != nil {
			return err
		}
	}
	if card, err = b.expect("Phạm Thị Dung"); err != nil {
		return err
	}
	d.s.printf("\n   (Bình chưa gặp được bà Dung, để hồ sơ này lại sau)\n")
	if err := b.tap(card, "⏭ Để sau"); err != nil {
		return err
	}
	_, err = b.expect("Chỉ còn các hồ sơ bạn đã để sau")
	return err
}

// fixID: Bình marks a record with a malformed ID right, is asked for the
// ID first, types it wrong then right, and is told before saving that
// another record of the commune holds the number.
func (d *demo) fixID(card telegramtest.Message) error {
	b := d.binh
	if err := b.tap(card, "✅ Đúng hết"); err != nil {
		return err
	}
	ask, err := b.expect("sai định dạng")
	if err != nil {
		return err
	}
	if err := b.tap(ask, "✏️ Số giấy tờ"); err != nil {
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
	confirm, err := b.expect("Kiểm tra trước khi lưu")
	if err != nil {
		return err
	}
	if !strings.Contains(confirm.Text, "cũng có ở hồ sơ khác") {
		return fmt.Errorf("%s was not told that another record holds the number", b.name)
	}
	d.s.printf("\n   (Đúng là bà Lan: bà tiêm mũi 1 ở Thôn Đông trước khi chuyển về Thôn Tây)\n")
	if err := b.tap(confirm, "💾 Lưu"); err != nil {
		return err
	}
	_, err = b.expect("Đã lưu")
	return err
}

// allRight waits for the card of name and taps ✅ Đúng hết.
func (d *demo) allRight(p *player, name string) error {
	card, err := p.expect(name)
	if err != nil {
		return err
	}
	if err := p.tap(card, "✅ Đúng hết"); err != nil {
		return err
	}
	_, err = p.expect("Đã ghi nhận")
	return err
}
