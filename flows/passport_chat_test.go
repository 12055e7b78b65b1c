package flows_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lamsach/flows"
	"lamsach/store"
)

// passportReport reads a unit's report of day as the operator; ok is
// false when there is none.
func (h *harness) passportReport(unit int64, day string) (r flows.PassportReport, ok bool) {
	h.t.Helper()
	ctx := context.Background()
	err := h.db.View(ctx, func(tx *store.Tx) (err error) { r, err = tx.PassportReport(ctx, flows.Operator, unit, day); return err })
	if errors.Is(err, flows.ErrNotFound) {
		return r, false
	}
	if err != nil {
		h.t.Fatal(err)
	}
	return r, true
}

// at moves the harness clock to t.
func (h *harness) at(t time.Time) { h.clock.Add(t.Sub(h.clock.Now())) }

func TestPassportCount(t *testing.T) {
	h := newHarness(t)
	h.join("mai", 105, flows.RoleStation)
	mustSay(t, "ask", h.cmd("mai", "passport", ""), "Hôm nay đơn vị đã kiểm tra và ký xác nhận bao nhiêu hồ sơ?")
	audits := h.auditEntries()
	for _, bad := range []struct{ in, want string }{
		{"-3", "không thể là số âm"}, {"mười hai", "không phải là số"}, {"12,5", "phải là số nguyên"},
		{"001090012345", "quá nhiều cho một ngày (tối đa 10000 hồ sơ)"}, {strings.Repeat("9", 500), "quá nhiều"},
	} {
		outs := h.text("mai", bad.in)
		mustSay(t, bad.in, outs, bad.want)
		if len(outs) != 1 || len(outs[0].Buttons) != 1 {
			t.Errorf("%q: want one answer with the none-pending button, got %+v", bad.in, outs)
		}
	}
	if _, ok := h.passportReport(h.commune.ID, "2026-11-27"); ok || h.auditEntries() != audits {
		t.Fatalf("bad counts stored a report or wrote the audit log")
	}
	mustSay(t, "count", h.text("mai", "12"), "Đã ghi báo cáo ngày 27/11/2026: 12 hồ sơ đã ký")
	r, ok := h.passportReport(h.commune.ID, "2026-11-27")
	if !ok || r.Signed != 12 || r.NonePending || r.By != "mai" {
		t.Errorf("stored %+v, want 12 by mai", r)
	}
	mustSay(t, "typed after saving", h.text("mai", "13"), "Gửi tệp Excel")
	mustSay(t, "same again", h.cmd("mai", "passport", "12"), "vẫn là 12 hồ sơ đã ký: không có gì thay đổi")
	if got := h.auditEntries(); got != audits+1 {
		t.Errorf("a report and a repeat wrote %d audit entries, want 1", got-audits)
	}
	h.clock.Add(3 * time.Hour)
	mustSay(t, "shown", h.cmd("mai", "passport", ""), "Hôm nay đã báo: <b>12 hồ sơ đã ký</b> (mai, 09:00 27/11/2026)")
	mustSay(t, "correction", h.text("mai", "15"), "Đã sửa báo cáo ngày 27/11/2026: 12 hồ sơ đã ký → 15 hồ sơ đã ký")
	r, _ = h.passportReport(h.commune.ID, "2026-11-27")
	if r.Signed != 15 || !r.At.After(r.FirstAt) {
		t.Errorf("corrected report %+v, want 15 with a later change time", r)
	}
	if got := h.auditEntries(); got != audits+2 {
		t.Errorf("the correction wrote %d audit entries in all, want 2", got-audits)
	}
	h.cmd("mai", "lang", "en")
	mustSay(t, "english", h.cmd("mai", "passport", "x"), "“x” is not a number")
}

func TestPassportReminder(t *testing.T) {
	h := workHarness(t) // every role; the station is mai (105)
	// The station's reminders to mai: the members who walked the records
	// there (Telegram ids from 5000) are a station too.
	passport := func(outs []flows.Out) []flows.Out {
		var pp []flows.Out
		for _, o := range outs {
			if strings.Contains(o.Text, "Hộ chiếu vắc xin") && o.ChatID < 5000 {
				pp = append(pp, o)
			}
		}
		return pp
	}
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, hanoi) }
	for _, s := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"quiet", at(28, 6, 0), false},
		{"too early", at(28, 7, 29), false},
		{"07:30", at(28, 7, 30), true},
		{"a minute later", at(28, 7, 31), false},
		{"a restart the same day", at(28, 11, 0), false},
	} {
		got := passport(h.tick(s.at))
		switch {
		case !s.want && len(got) > 0:
			t.Errorf("%s: reminded %q", s.name, texts(got))
		case s.want && (len(got) != 1 || got[0].ChatID != 105 || len(got[0].Buttons[0]) != 2):
			t.Errorf("%s: %+v, want one reminder with two buttons to the station", s.name, got)
		}
	}
	// Reported before the reminder: none the next morning.
	h.at(at(29, 7, 0))
	h.cmd("mai", "passport", "4")
	if got := passport(h.tick(at(29, 7, 30))); len(got) > 0 {
		t.Errorf("reported at 07:00, reminded %q", texts(got))
	}
	// The reminder's "none pending" records the day; yesterday's changes
	// nothing.
	outs := h.tick(at(30, 8, 0))
	old := h.press("mai", outs, "Không có hồ sơ chờ ký")
	mustSay(t, "press", old, "Đã ghi báo cáo ngày 30/11/2026: không có hồ sơ chờ ký")
	h.at(time.Date(2026, 12, 1, 9, 0, 0, 0, hanoi))
	mustSay(t, "stale", h.press("mai", outs, "Không có hồ sơ chờ ký"), "Nút này là của ngày 30/11/2026")
	if _, ok := h.passportReport(h.commune.ID, "2026-12-01"); ok {
		t.Error("a stale button reported the day")
	}
}

func TestPassportLog(t *testing.T) {
	h := newHarness(t)
	h.join("mai", 105, flows.RoleStation)
	h.at(time.Date(2026, 11, 28, 8, 0, 0, 0, hanoi))
	h.cmd("mai", "passport", "12")
	h.at(time.Date(2026, 11, 30, 8, 0, 0, 0, hanoi))
	h.press("mai", h.cmd("mai", "passport", ""), "Không có hồ sơ chờ ký")
	h.at(time.Date(2026, 12, 1, 9, 0, 0, 0, hanoi))
	audits := h.auditEntries()
	card := h.cmd("mai", "passport", "")
	mustSay(t, "card", card, "Hôm nay đơn vị đã kiểm tra")
	outs := h.press("mai", card, "Nhật ký tháng 11/2026")
	if len(outs) != 1 || outs[0].Kind != flows.OutFile || outs[0].File == nil {
		t.Fatalf("log: %+v, want one file", outs)
	}
	mustSay(t, "caption", outs, "tháng 11/2026: đã báo 2 ngày, chưa báo 1 ngày, đã ký 12 hồ sơ")
	if got := h.auditEntries(); got != audits+1 {
		t.Errorf("the log wrote %d audit entries, want 1", got-audits)
	}
	book, err := excelize.OpenReader(bytes.NewReader(outs[0].File.Data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var table [][]string
	for _, r := range rows {
		if len(r) > 0 && strings.HasSuffix(r[0], "/11/2026") {
			table = append(table, r[:4])
		}
	}
	want := [][]string{
		{"27/11/2026", "Thứ Sáu", "", "không tính"}, // registered that morning
		{"28/11/2026", "Thứ Bảy", "12", "đã báo"},
		{"29/11/2026", "Chủ nhật", "", "chưa báo"},
		{"30/11/2026", "Thứ Hai", "", "không có hồ sơ chờ ký"},
	}
	if !slices.EqualFunc(table, want, slices.Equal) {
		t.Errorf("log rows %q, want %q", table, want)
	}
	// A number cell has no type attribute (or "n"); text would be "s" or
	// "inlineStr".
	if n, err := book.GetCellType(book.GetSheetList()[0], "C9"); err != nil ||
		(n != excelize.CellTypeUnset && n != excelize.CellTypeNumber) {
		t.Errorf("C9 (the count of 28/11) has type %v (%v), want a number", n, err)
	}
	if n, _ := book.GetCellType(book.GetSheetList()[0], "A9"); n == excelize.CellTypeUnset || n == excelize.CellTypeNumber {
		t.Errorf("A9 (the date) is a number, want text")
	}
	if last := rows[len(rows)-1]; len(last) == 0 || last[0] != "Cộng: đã báo 2 ngày · chưa báo 1 ngày · đã ký 12 hồ sơ" {
		t.Errorf("last row %q, want the totals", last)
	}
}

func TestFacilityMember(t *testing.T) {
	h := newHarness(t)
	var code string
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		f, err := tx.CreateFacility(ctx, flows.Operator, "Bệnh viện Quân y", flows.KindOtherMinistry)
		if err != nil {
			return err
		}
		code, _, err = tx.CreateInvite(ctx, flows.Operator, f.ID, flows.RoleStation, nil, time.Hour)
		return err
	})
	h.people["ha"] = 301
	outs := h.cmd("ha", "start", code)
	var menu []string
	for _, c := range outs[0].Commands {
		menu = append(menu, c.Name)
	}
	if want := []string{"passport", "where", "cancel", "help", "lang"}; outs[0].Kind != flows.OutCommands || !slices.Equal(menu, want) {
		t.Errorf("menu %v, want %v", menu, want)
	}
	mustSay(t, "welcome", outs, "cơ sở tiêm chủng ký xác nhận Hộ chiếu vắc xin")
	refusal := "Cơ sở này không làm sạch dữ liệu theo Công văn 2262/BYT-CNTT"
	for _, c := range []string{"next", "find", "progress", "pending", "review", "sign", "export", "entered", "verify",
		"report", "invite", "members", "villages", "assign", "deadline", "remind", "revoke"} {
		mustSay(t, "/"+c, h.cmd("ha", c, ""), refusal)
	}
	mustSay(t, "unknown", h.cmd("ha", "foo", ""), "Lệnh /foo không dùng được")
	doc := h.handle("ha", flows.Event{Kind: flows.EventDocument, Doc: &flows.Document{Name: "ds.xlsx", Size: 10, Data: []byte("PK")}})
	mustSay(t, "file", doc, refusal)
	mustSay(t, "count", h.cmd("ha", "passport", "40"), "Đã ghi báo cáo ngày 27/11/2026: 40 hồ sơ đã ký")
	h.cmd("ha", "lang", "en")
	mustSay(t, "english", h.cmd("ha", "review", ""), "This facility does not clean data under Official Letter 2262/BYT-CNTT")
}

func TestReportShowsPassportDays(t *testing.T) {
	h := newCoordHarness(t)
	h.join("mai", 105, flows.RoleStation)
	h.record(h.dong.ID, "Lê Văn Một", "1970", "male", "")
	h.at(time.Date(2026, 11, 28, 9, 0, 0, 0, hanoi))
	h.cmd("mai", "passport", "12")
	h.at(time.Date(2026, 11, 30, 9, 0, 0, 0, hanoi))
	outs := h.cmd("lan", "report", "")
	mustSay(t, "report", outs[:1], "<b>Hộ chiếu vắc xin</b> tháng 11/2026: đã báo 1 ngày · đã ký 12 hồ sơ",
		"⚠ Chưa báo 1 ngày: 29/11", "Hôm nay trạm chưa báo (/passport)")
	if len(outs) != 2 || outs[1].Kind != flows.OutPhoto {
		t.Fatalf("report: %d messages, want text and chart", len(outs))
	}
	h.cmd("lan", "lang", "en")
	mustSay(t, "english", h.cmd("lan", "report", ""), "<b>Vaccine passports</b> 11/2026: days reported 1 · signed 12",
		"⚠ Days not reported (1): 29/11")
}
