package flows_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"testing"
	"unicode/utf8"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

func TestReport(t *testing.T) {
	h := newCoordHarness(t)
	h.record(h.dong.ID, "Phan Văn Một", "1970", "male", "")
	h.record(h.dong.ID, "Phan Văn Hai", "1971", "male", "")
	h.setState(h.record(h.dong.ID, "Phan Văn Ba", "1972", "male", ""), flows.StateReturned)
	h.setState(h.record(h.tay.ID, "Phan Văn Bốn", "1973", "male", ""), flows.StateReviewed)
	h.setState(h.record(h.tay.ID, "Phan Văn Năm", "1974", "male", ""), flows.StateVerified)
	h.unassigned("Phan Văn Sáu", "Xóm Mới")

	audits := h.auditEntries()
	outs := h.cmd("lan", "report", "")
	if len(outs) != 2 {
		t.Fatalf("report sent %d messages, want text and chart: %q", len(outs), texts(outs))
	}
	mustSay(t, "text", outs[:1], "Tiến độ Xã Tân Phú</b> · 09:00 27/11/2026",
		"Tổng <b>6</b> hồ sơ · đã rà soát xong 2 (33%)",
		"<b>Thôn Đông</b> (3): chờ rà soát 2 · bị trả lại 1",
		"<b>Thôn Tây</b> (2): chờ công an 1 · đã xác thực 1",
		"<b>Chưa có thôn</b> (1): chưa giao thôn 1", "/assign")

	photo := outs[1]
	if photo.Kind != flows.OutPhoto || photo.File == nil || photo.ChatID != 100 {
		t.Fatalf("second message is not a photo to the coordinator: %+v", photo)
	}
	img, format, err := image.Decode(bytes.NewReader(photo.File.Data))
	if err != nil || format != "png" {
		t.Fatalf("chart does not decode as PNG: %v, %s", err, format)
	}
	// Three bars; five states present: imported, assigned, returned,
	// reviewed, verified.
	w, hgt := flows.ChartSize(3, 5)
	if b := img.Bounds(); b.Dx() != w || b.Dy() != hgt {
		t.Errorf("chart is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, hgt)
	}
	if _, err := png.DecodeConfig(bytes.NewReader(photo.File.Data)); err != nil {
		t.Errorf("png config: %v", err)
	}
	if got := h.auditEntries(); got != audits+1 {
		t.Errorf("report wrote %d audit entries, want 1", got-audits)
	}

	h.cmd("lan", "lang", "en")
	mustSay(t, "english", h.cmd("lan", "report", ""), "Progress of Xã Tân Phú", "<b>6</b> records · 2 reviewed (33%)",
		"<b>Thôn Đông</b> (3): to review 2 · returned 1")
}

func TestReportEmpty(t *testing.T) {
	h := newCoordHarness(t)
	audits := h.auditEntries()
	outs := h.cmd("lan", "report", "")
	mustSay(t, "empty", outs, "chưa có hồ sơ nào")
	if len(outs) != 1 || outs[0].Kind != flows.OutSend {
		t.Errorf("empty report: %d messages, first %s; want one text and no chart", len(outs), outs[0].Kind)
	}
	if got := h.auditEntries(); got != audits {
		t.Errorf("empty report wrote %d audit entries", got-audits)
	}
}

// TestChartSize keeps the chart inside Telegram's photo limits (width plus
// height at most 10000, ratio at most 20) for any commune.
func TestChartSize(t *testing.T) {
	for _, n := range []int{1, 10, 60, 150, 1000} {
		w, h := flows.ChartSize(n, 10)
		if w+h > 10000 || h > 20*w || w > 20*h {
			t.Errorf("%d villages: %dx%d is outside Telegram's limits", n, w, h)
		}
	}
}

// TestReportManyVillages: a commune with many villages still gets a text
// Telegram accepts (4096 characters) and a chart with every village.
func TestReportManyVillages(t *testing.T) {
	h := newCoordHarness(t)
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		for i := range 90 {
			v, err := tx.CreateVillage(ctx, flows.Operator, h.commune.ID, fmt.Sprintf("Tổ dân phố Nguyễn Thị Minh Khai số %d", i))
			if err != nil {
				return err
			}
			rec := flows.Record{CommuneID: h.commune.ID, VillageID: v.ID, Problem: vn.ProblemMissingID}
			if _, err := tx.CreateRecord(ctx, flows.Operator, rec); err != nil {
				return err
			}
		}
		return nil
	})
	outs := h.cmd("lan", "report", "")
	text := outs[0].Text
	if n := utf8.RuneCountInString(text); n > 4096 {
		t.Errorf("report text is %d characters", n)
	}
	mustSay(t, "more", outs[:1], "thôn khác: xem biểu đồ")
	img, _, err := image.DecodeConfig(bytes.NewReader(outs[1].File.Data))
	if w, hgt := flows.ChartSize(90, 1); err != nil || img.Width != w || img.Height != hgt {
		t.Errorf("chart %dx%d (%v), want %dx%d", img.Width, img.Height, err, w, hgt)
	}
}
