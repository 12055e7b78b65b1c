package main

import (
	"context"
	"fmt"
	"time"

	"lamsach/bot/telegramtest"
)

// The demo's acts, in the order of the process. Each prints a heading,
// makes its people act, and checks the bot answered as it should.

func (d *demo) setup(ctx context.Context) error {
	d.heading("1. Người quản trị tạo xã, thôn và mời tổ công tác xã")
	for _, args := range [][]string{
		{"commune", "add", demoCommune},
		{"village", "add", "--commune", demoCommune, "Thôn Đông"},
		{"village", "add", "--commune", demoCommune, "Thôn Tây"},
	} {
		if _, err := d.operator(ctx, args...); err != nil {
			return err
		}
	}
	out, err := d.operator(ctx, "invite", "--commune", demoCommune, "--role", "coordinator", "--bot", d.bot)
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
	list, err := demoList(false)
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
	return d.assign()
}

// assign: the coordinator gives the record without a known village to
// Thôn Tây.
func (d *demo) assign() error {
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

// resend: the station fixes the refused row and sends the whole list
// again; only the new row is imported, and a changed phone number is
// applied on request.
func (d *demo) resend(ctx context.Context) error {
	d.heading("4. Trạm y tế sửa dòng lỗi rồi gửi lại cả danh sách")
	list, err := demoList(true)
	if err != nil {
		return err
	}
	if err := d.saveBytes(list, "danh-sach-gui-lai.xlsx"); err != nil {
		return err
	}
	d.s.printf("\n   (Hoa sửa ô C12 thành 15/05/1965 và ghi số điện thoại mới của Ngô Văn Hải, rồi gửi lại cả danh sách)\n")
	h := d.station
	h.upload("danh-sach-gui-lai.xlsx", list)
	preview, err := h.expect("So với hồ sơ đã có")
	if err != nil {
		return err
	}
	if err := h.tap(preview, "📥 Nhập"); err != nil {
		return err
	}
	if _, err := h.expect("Đã nhập 1 hồ sơ"); err != nil {
		return err
	}
	differ, err := h.expect("khác hồ sơ đã có")
	if err != nil {
		return err
	}
	if _, err := d.binh.expect("Có 1 hồ sơ mới"); err != nil {
		return err
	}
	if _, err := d.coord.expect("vừa nhập 1 hồ sơ"); err != nil {
		return err
	}
	if err := d.tapPart(h, differ, "✏️ Sửa"); err != nil {
		return err
	}
	_, err = h.expect("Đã sửa 1 hồ sơ")
	return err
}
