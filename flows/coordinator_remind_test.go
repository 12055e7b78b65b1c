package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

// hanoi is the commune's time zone (the harness starts at 09:00 there).
var hanoi, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

func TestDeadline(t *testing.T) {
	h := newCoordHarness(t)
	mustSay(t, "none", h.cmd("lan", "deadline", ""), "chưa đặt hạn", "/deadline 15/12/2026")
	before := h.snapshot()
	for _, tc := range []struct{ arg, want string }{
		{"26/11/2026", "Ngày 26/11/2026 đã qua (hôm nay là 27/11/2026)"},
		{"1/1/2020", "đã qua"},
		{"31/02/2027", "«31/02/2027» không phải ngày hợp lệ"},
		{"15/12/26", "đủ 4 số"},
		{"mai", "không phải ngày hợp lệ"},
		{"2026-12-15", "không phải ngày hợp lệ"},
	} {
		outs := h.cmd("lan", "deadline", tc.arg)
		mustSay(t, tc.arg, outs, tc.want, "ví dụ: /deadline 11/12/2026")
		if len(outs[0].Buttons) != 0 {
			t.Errorf("%s: a refused date offers buttons", tc.arg)
		}
	}
	if after := h.snapshot(); after != before {
		t.Fatalf("refused deadlines changed:\n%s", after)
	}
	for _, tc := range []struct{ arg, want string }{
		{"27/11/2026", "<b>Thứ Sáu, 27/11/2026</b> (hôm nay là hạn cuối)"},
		{"15.12.2026", "<b>Thứ Ba, 15/12/2026</b> (còn 18 ngày)"},
		{"5-1-2027", "<b>Thứ Ba, 05/01/2027</b> (còn 39 ngày)"},
	} {
		mustSay(t, tc.arg, h.cmd("lan", "deadline", tc.arg), tc.want)
	}
	if after := h.snapshot(); after != before {
		t.Fatalf("set before confirming:\n%s", after)
	}
	confirm := h.cmd("lan", "deadline", "15/12/2026")
	mustSay(t, "set", h.press("lan", confirm, "Đặt hạn"), "Đã đặt hạn: 15/12/2026 (còn 18 ngày)", "từ 07:30")
	c := h.commune
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		c, err = tx.Commune(ctx, h.commune.ID)
		return err
	})
	if want := time.Date(2026, 12, 15, 0, 0, 0, 0, hanoi); !c.Deadline.Equal(want) {
		t.Errorf("deadline stored as %v, want %v", c.Deadline, want)
	}
	mustSay(t, "current", h.cmd("lan", "deadline", ""), "Hạn hoàn thành: <b>15/12/2026</b> (còn 18 ngày)")
	// A confirmation pressed after its day has passed is refused.
	old := h.cmd("lan", "deadline", "28/11/2026")
	h.clock.Add(48 * time.Hour)
	mustSay(t, "late press", h.press("lan", old, "Đặt hạn"), "đã qua")
	mustSay(t, "unchanged", h.cmd("lan", "deadline", ""), "<b>15/12/2026</b> (còn 16 ngày)")
}

// workHarness is a commune with work for every role: an and cuong (who
// blocked the bot) in Thôn Đông with 2 records to review and 1 returned,
// binh in Thôn Tây with nothing to do, hung (police) with 1 reviewed and 1
// confirmed record, mai (station) with 1 signed record.
func workHarness(t *testing.T) *harness {
	t.Helper()
	h := newCoordHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.join("binh", 102, flows.RoleVillage, h.tay.ID)
	h.join("cuong", 103, flows.RoleVillage, h.dong.ID)
	h.join("hung", 104, flows.RolePolice)
	h.join("mai", 105, flows.RoleStation)
	if err := h.db.Outbox().Unreachable(context.Background(), 103); err != nil {
		t.Fatal(err)
	}
	h.record(h.dong.ID, "Đinh Văn Một", "1970", "male", "")
	h.record(h.dong.ID, "Đinh Văn Hai", "1971", "male", "")
	// Furthest first: signing and exporting take every record ready for
	// them, so a later walk must not find earlier ones waiting.
	for _, s := range []flows.State{flows.StateVerified, flows.StateSigned, flows.StateConfirmed, flows.StateReviewed, flows.StateReturned} {
		village := h.tay.ID
		if s == flows.StateReturned {
			village = h.dong.ID
		}
		h.setState(h.record(village, "Đinh Văn "+string(s), "1972", "male", ""), s)
	}
	return h
}

// setState walks a record to state, as the commune's members would.
func (h *harness) setState(rec flows.Record, s flows.State) {
	h.t.Helper()
	h.walk(rec, s)
}

// tick sends the clock's event at local time at, with the store's clock
// set to the same moment, and returns what it sent.
func (h *harness) tick(at time.Time) []flows.Out {
	h.t.Helper()
	h.clock.Add(at.Sub(h.clock.Now()))
	h.mu.Lock()
	delete(h.captured, 0)
	h.mu.Unlock()
	if err := h.eng.Handle(context.Background(), flows.Event{Kind: flows.EventTick, At: at}); err != nil {
		h.t.Fatalf("tick at %v: %v", at, err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.captured[0]
}

func TestRemind(t *testing.T) {
	h := workHarness(t)
	outs := h.cmd("lan", "remind", "")
	mustSay(t, "coordinator", sentTo(outs, 100), "Đã nhắc 3 người còn việc", "1 người đã chặn bot")
	mustSay(t, "an", sentTo(outs, 101), "Nhắc việc", "Thôn Đông còn 2 hồ sơ chờ rà soát, 1 bị trả lại — gõ /next")
	mustSay(t, "hung", sentTo(outs, 104), "1 hồ sơ đã rà soát chờ công an kiểm tra — gõ /review",
		"1 hồ sơ đã xác nhận chưa ký bàn giao — gõ /sign")
	mustSay(t, "mai", sentTo(outs, 105), "1 hồ sơ đã ký bàn giao chưa tải tệp — gõ /export")
	for _, tg := range []int64{102, 103} {
		if got := sentTo(outs, tg); len(got) != 0 {
			t.Errorf("chat %d nudged: %q", tg, texts(got))
		}
	}
	// In English for who chose it; quiet hours hold for /remind too.
	h.cmd("an", "lang", "en")
	mustSay(t, "an en", sentTo(h.cmd("lan", "remind", ""), 101), "Thôn Đông has 2 records to review, 1 returned — send /next")
	h.clock.Add(13 * time.Hour) // 22:00
	outs = h.cmd("lan", "remind", "")
	mustSay(t, "quiet", outs, "giờ nghỉ (21:00–07:00)")
	if len(outs) != 1 {
		t.Errorf("quiet hours: %d messages sent", len(outs))
	}
}

func TestRemindNobody(t *testing.T) {
	h := newCoordHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	mustSay(t, "none", h.cmd("lan", "remind", ""), "Không ai còn việc")
}

func TestDailyReminders(t *testing.T) {
	h := workHarness(t)
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		return tx.SetDeadline(ctx, flows.Operator, h.commune.ID, time.Date(2026, 11, 30, 0, 0, 0, 0, hanoi))
	})
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, hanoi) }
	steps := []struct {
		name string
		at   time.Time
		sent bool
	}{
		{"23:00, quiet", at(27, 23, 0), false},
		{"05:00, quiet", at(28, 5, 0), false},
		{"07:29, too early", at(28, 7, 29), false},
		{"07:30", at(28, 7, 30), true},
		{"07:31, already sent today", at(28, 7, 31), false},
		{"10:00, restart the same day", at(28, 10, 0), false},
		{"23:00, quiet", at(28, 23, 0), false},
		{"next day, late start 15:00", at(29, 15, 0), true},
		{"deadline day", at(30, 7, 30), true},
		{"after the deadline", time.Date(2026, 12, 1, 7, 30, 0, 0, hanoi), false},
	}
	for _, s := range steps {
		outs := cleaningOnly(h.tick(s.at))
		if !s.sent {
			if len(outs) != 0 {
				t.Errorf("%s: sent %q", s.name, texts(outs))
			}
			continue
		}
		if len(outs) != 3 {
			t.Errorf("%s: %d messages, want 3 (an, hung, mai): %q", s.name, len(outs), texts(outs))
		}
		mustSay(t, s.name, sentTo(outs, 101), "Thôn Đông còn 2 hồ sơ chờ rà soát, 1 bị trả lại — gõ /next", "Hạn: 30/11/2026")
		mustSay(t, s.name, sentTo(outs, 104), "gõ /review", "gõ /sign")
		mustSay(t, s.name, sentTo(outs, 105), "gõ /export")
		for _, tg := range []int64{100, 102, 103} {
			if got := sentTo(outs, tg); len(got) != 0 {
				t.Errorf("%s: chat %d nudged: %q", s.name, tg, texts(got))
			}
		}
	}
	if got := texts(cleaningOnly(h.tick(at(30, 8, 0)))); got != "" {
		t.Errorf("second tick on the deadline day sent %q", got)
	}
}

// cleaningOnly drops the morning reminders of step 5 (vaccine passports),
// which go out every day whatever the cleaning's deadline (see
// TestPassportReminder).
func cleaningOnly(outs []flows.Out) []flows.Out {
	var out []flows.Out
	for _, o := range outs {
		if len(o.Buttons) == 0 || !strings.HasPrefix(o.Buttons[0][0].Data, "pp:") {
			out = append(out, o)
		}
	}
	return out
}

// TestDailyRemindersWithoutWork: no deadline, or nothing open, sends nothing.
func TestDailyRemindersWithoutWork(t *testing.T) {
	h := newCoordHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.setState(h.record(h.dong.ID, "Đinh Văn Xong", "1970", "male", ""), flows.StateVerified)
	morning := time.Date(2026, 11, 28, 7, 30, 0, 0, hanoi)
	if got := cleaningOnly(h.tick(morning)); len(got) != 0 {
		t.Errorf("no deadline: sent %q", texts(got))
	}
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		return tx.SetDeadline(ctx, flows.Operator, h.commune.ID, time.Date(2026, 12, 30, 0, 0, 0, 0, hanoi))
	})
	if got := cleaningOnly(h.tick(morning.Add(time.Minute))); len(got) != 0 {
		t.Errorf("no open work: sent %q", texts(got))
	}
	// Work arrives later that morning: the day's reminder still goes out.
	h.record(h.dong.ID, "Đinh Văn Mới", "1971", "male", "")
	if got := h.tick(morning.Add(2 * time.Hour)); !strings.Contains(texts(sentTo(got, 101)), "còn 1 hồ sơ chờ rà soát") {
		t.Errorf("work after the first tick: sent %q", texts(got))
	}
}
