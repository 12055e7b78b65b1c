package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

func (d *demo) police1(ctx context.Context) error {
	d.heading("5. Công an kiểm tra với CSDL dân cư, trả lại một hồ sơ")
	m := d.police
	m.command("pending", "")
	if _, err := m.expect("Hồ sơ chờ công an"); err != nil {
		return err
	}
	m.command("review", "")
	for {
		card, which, err := m.expectAny("Xác minh hồ sơ", "Không còn hồ sơ nào chờ kiểm tra")
		if err != nil {
			return err
		}
		if which != "Xác minh hồ sơ" {
			break
		}
		if !strings.Contains(card.Text, "Võ Thị Phượng") {
			// A record the village reported not found is confirmed as such.
			label := "✅ Khớp CSDL dân cư"
			if strings.Contains(card.Text, "không tìm thấy người") {
				label = "✅ Xác nhận: không tìm thấy người"
			}
			if err := m.tap(card, label); err != nil {
				return err
			}
			continue
		}
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
	}
	_, err := d.an.expect("Công an trả lại")
	return err
}

func (d *demo) fix(ctx context.Context) error {
	d.heading("6. Thôn Đông sửa hồ sơ bị trả lại")
	an := d.an
	an.command("next", "")
	card, err := an.expect("Võ Thị Phượng")
	if err != nil {
		return err
	}
	if err := d.edit(an, card, "✏️ Ngày sinh", "Gõ ngày sinh", "12/07/1992"); err != nil {
		return err
	}
	_, err = an.expect("không còn hồ sơ")
	return err
}

func (d *demo) sign(ctx context.Context) error {
	d.heading("7. Công an xác nhận và ký biên bản bàn giao")
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
	d.heading("8. Trạm y tế tải tệp, cập nhật nền tảng và đánh dấu đợt")
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
	d.heading("9. Tổ công tác xã xem báo cáo")
	d.coord.command("report", "")
	chart, err := d.coord.expectFile("")
	if err != nil {
		return err
	}
	return d.save(chart.Photo, "bao-cao-tien-do.png")
}

// saveBytes writes bytes to the output folder.
func (d *demo) saveBytes(data []byte, as string) error {
	path := filepath.Join(d.out, as)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	d.files = append(d.files, path)
	return nil
}
