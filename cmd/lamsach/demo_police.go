package main

// The demo's acts from the police's check to the station's export: the
// police confirm and return a record, the village fixes it, the police sign
// the handover, and the station downloads its files.

import (
	"context"
	"strings"

	"lamsach/bot/telegramtest"
)

// police1: the officer checks the reviewed records against the population
// database, confirming most and returning one.
func (d *demo) police1(ctx context.Context) error {
	d.heading("6. Công an kiểm tra với CSDL dân cư, trả lại một hồ sơ")
	m := d.police
	m.command("pending", "")
	if _, err := m.expect("Hồ sơ chờ công an"); err != nil {
		return err
	}
	m.command("review", "")
	twins := 0
	for {
		card, which, err := m.expectAny("Xác minh hồ sơ", "Hai hồ sơ cùng một số giấy tờ", "Không còn hồ sơ nào chờ kiểm tra")
		if err != nil {
			return err
		}
		switch {
		case which == "Hai hồ sơ cùng một số giấy tờ":
			// A number two records hold is confirmed only with a second tap.
			twins++
			if twins == 1 {
				d.s.printf("\n   (Minh tra CSDL dân cư: số này đúng là của bà Bùi Thị Lan; hai hồ sơ là hai lần tiêm của bà)\n")
			}
			err = d.tapPart(m, card, "Đã đối chiếu")
		case which != "Xác minh hồ sơ":
			return nil
		case strings.Contains(card.Text, "Võ Thị Phượng"):
			err = d.returnRecord(card)
		default:
			// The first button confirms: a match with the population
			// database, or a person not found as the village said.
			label := card.Buttons[0][0].Text
			err = m.tap(card, label)
		}
		if err != nil {
			return err
		}
	}
}

// returnRecord: the officer returns a record to its village, with a
// reason and a note.
func (d *demo) returnRecord(card telegramtest.Message) error {
	m := d.police
	if err := m.tap(card, "↩️ Trả lại"); err != nil {
		return err
	}
	why, err := m.expect("Vì sao")
	if err != nil {
		return err
	}
	if err := m.tap(why, "Lỗi đánh máy"); err != nil {
		return err
	}
	if _, err := m.expect("ghi chú"); err != nil {
		return err
	}
	m.say("Ngày sinh đúng là 12/07/1992 (theo CSDL dân cư), không phải 01/01/1992")
	if _, err := m.expect("Đã trả lại"); err != nil {
		return err
	}
	_, err = d.an.expect("Công an trả lại")
	return err
}

// fix: An switches to English, fixes the returned record, and switches
// back.
func (d *demo) fix(ctx context.Context) error {
	d.heading("7. Thôn Đông sửa hồ sơ bị trả lại (An thử giao diện tiếng Anh)")
	an := d.an
	an.command("lang", "en")
	if _, err := an.expect("Switched to English"); err != nil {
		return err
	}
	an.command("next", "")
	card, err := an.expect("Võ Thị Phượng")
	if err != nil {
		return err
	}
	if err := an.tap(card, "✏️ Date of birth"); err != nil {
		return err
	}
	if _, err := an.expect("Type the date of birth"); err != nil {
		return err
	}
	an.say("12/07/1992")
	check, err := an.expect("Check before saving")
	if err != nil {
		return err
	}
	if err := an.tap(check, "💾 Save"); err != nil {
		return err
	}
	if _, err := an.expect("Correction saved"); err != nil {
		return err
	}
	if _, err := an.expect("🎉"); err != nil {
		return err
	}
	an.command("lang", "vi")
	_, err = an.expect("Đã chuyển sang tiếng Việt")
	return err
}

func (d *demo) sign(ctx context.Context) error {
	d.heading("8. Công an xác nhận và ký biên bản bàn giao")
	m := d.police
	m.command("review", "")
	card, err := m.expect("Võ Thị Phượng")
	if err != nil {
		return err
	}
	if err := m.tap(card, "✅ Khớp CSDL dân cư"); err != nil {
		return err
	}
	if _, err := m.expect("Không còn hồ sơ nào chờ kiểm tra"); err != nil {
		return err
	}
	m.command("sign", "")
	list, err := m.expect("chưa ký")
	if err != nil {
		return err
	}
	if err := m.tap(list, "✍️ Ký và bàn giao"); err != nil {
		return err
	}
	ask, err := m.expect("Ký biên bản")
	if err != nil {
		return err
	}
	if err := d.tapPart(m, ask, "✍️ Ký "); err != nil {
		return err
	}
	file, err := m.expectFile("Biên bản bàn giao")
	if err != nil {
		return err
	}
	if err := d.save(file.Document, "bien-ban-ban-giao-1.xlsx"); err != nil {
		return err
	}
	_, err = d.station.expect("Công an đã ký bàn giao")
	return err
}

func (d *demo) export(ctx context.Context) error {
	d.heading("9. Trạm y tế tải tệp, cập nhật nền tảng và đánh dấu đợt")
	h := d.station
	for _, f := range []struct{ button, caption, as string }{
		{"Tệp import", "tệp import", "tep-import-nen-tang.xlsx"},
		{"Danh sách sửa", "danh sách sửa", "danh-sach-sua.xlsx"},
	} {
		h.command("export", "")
		offer, err := h.expect("chưa tải")
		if err != nil {
			return err
		}
		if err := d.tapPart(h, offer, f.button); err != nil {
			return err
		}
		file, err := h.expectFile(f.caption)
		if err != nil {
			return err
		}
		if err := d.save(file.Document, f.as); err != nil {
			return err
		}
	}
	for _, batch := range []string{"1", "2"} {
		h.command("entered", batch)
		if _, err := h.expect("Đã ghi nhận đợt " + batch); err != nil {
			return err
		}
	}
	return nil
}
