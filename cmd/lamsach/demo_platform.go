package main

import (
	"context"
)

// The end of the demo: the station's daily vaccine-passport report (step 5
// of the letter), the platform's verification list (the end of step 4),
// and the coordinator's report while records are in several states.

// passport: the station reports the day's signed vaccine passports and
// downloads the month's log.
func (d *demo) passport(ctx context.Context) error {
	d.heading("10. Trạm y tế báo số Hộ chiếu vắc xin đã ký hôm nay (bước 5)")
	h := d.station
	h.command("passport", "")
	ask, err := h.expect("Ký xác nhận Hộ chiếu vắc xin")
	if err != nil {
		return err
	}
	h.say("12")
	if _, err := h.expect("Đã ghi báo cáo ngày"); err != nil {
		return err
	}
	// The question's button still works after the answer: the log reads
	// the month as it is now.
	if err := d.tapPart(h, ask, "Nhật ký tháng"); err != nil {
		return err
	}
	log, err := h.expectFile("Nhật ký Hộ chiếu vắc xin")
	if err != nil {
		return err
	}
	return d.save(log.Document, "nhat-ky-ho-chieu-vac-xin.xlsx")
}

// verify: the station uploads the platform's verification list, sees what
// it would change, and applies it.
func (d *demo) verify(ctx context.Context) error {
	d.heading("11. Trạm y tế gửi danh sách xác minh của nền tảng")
	list, err := demoVerification()
	if err != nil {
		return err
	}
	if err := d.saveBytes(list, "danh-sach-xac-minh.xlsx"); err != nil {
		return err
	}
	h := d.station
	h.command("verify", "")
	if _, err := h.expect("Gửi danh sách xác minh"); err != nil {
		return err
	}
	h.upload("danh-sach-xac-minh.xlsx", list)
	preview, err := h.expect("Chưa cập nhật gì")
	if err != nil {
		return err
	}
	if err := d.tapPart(h, preview, "Cập nhật"); err != nil {
		return err
	}
	_, err = h.expect("Đã cập nhật kết quả xác minh")
	return err
}

// report: the coordinator reads the report and its chart, taken while
// records are in several states.
func (d *demo) report(ctx context.Context) error {
	d.heading("12. Tổ công tác xã xem báo cáo")
	d.coord.command("report", "")
	chart, err := d.coord.expectFile("")
	if err != nil {
		return err
	}
	return d.save(chart.Photo, "bao-cao-tien-do.png")
}
