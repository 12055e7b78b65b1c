package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

// TestE2EStopBetweenCommitAndConfirm: the process stops after an update's
// transaction committed but before the offset confirmed it. After a
// restart Telegram sends it again; nothing is handled twice and every
// reply arrives exactly once.
func TestE2EStopBetweenCommitAndConfirm(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, kind)
			rec := r.record("Thôn Đông", "Đinh Văn Lộc", "1975-07-08", "male", "001075000201")
			an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
			var nextID int64
			card := r.act(an, "Đinh Văn Lộc", func() { nextID = an.Command("next", "") })
			// The hook below must see only the press: wait until the poller
			// has confirmed everything before it.
			if err := r.tg.WaitConfirmed(context.Background(), nextID); err != nil {
				t.Fatal(err)
			}

			// From now on every confirming getUpdates hangs until the
			// process stops, and then fails: nothing gets confirmed.
			var once sync.Once
			blocked := make(chan struct{})
			r.tg.Hook("getUpdates", func(ctx context.Context, c telegramtest.Call) *telegramtest.APIError {
				off, _ := strconv.ParseInt(c.Params["offset"], 10, 64)
				if off <= 0 || r.tg.Pending() == 0 {
					return nil
				}
				once.Do(func() { close(blocked) })
				<-ctx.Done()
				return &telegramtest.APIError{Code: 502, Description: "Bad Gateway"}
			})
			from := len(an.Messages())
			press, err := an.Press(card, "✅ Đúng hết")
			if err != nil {
				t.Fatal(err)
			}
			r.await(an, from, "không còn hồ sơ")
			<-blocked
			if r.tg.Pending() == 0 {
				t.Fatal("the press was confirmed; the test did not stop before the confirmation")
			}
			r.stop()
			r.tg.Hook("getUpdates", nil)
			r.start()
			if err := r.tg.WaitConfirmed(context.Background(), press); err != nil {
				t.Fatal(err)
			}
			// A marker after the redelivered update: once it is answered,
			// every reply to the update before it has been sent too.
			r.act(an, "không làm dở", func() { an.Command("where", "") })
			saved, done := 0, 0
			for _, m := range an.Messages() {
				if strings.Contains(m.Text, "Đã ghi nhận") {
					saved++
				}
				if strings.Contains(m.Text, "không còn hồ sơ") {
					done++
				}
			}
			if saved != 1 || done != 1 {
				t.Errorf("replies to the press: %d saved, %d done; want each exactly once", saved, done)
			}
			if got := r.get(rec.ID); got.Version != 2 || got.State != flows.StateReviewed {
				t.Errorf("record after redelivery: version %d state %s; want 2 reviewed", got.Version, got.State)
			}
			skipped := false
			for _, line := range strings.Split(r.logs.String(), "\n") {
				skipped = skipped || strings.Contains(line, `"msg":"update skipped"`) && strings.Contains(line, fmt.Sprintf(`"update":%d,`, press))
			}
			if !skipped {
				t.Errorf("the redelivered update %d was not logged as skipped", press)
			}
		})
	}
}

// TestE2E429Storm: Telegram answers 429 again and again; every message is
// still delivered exactly once, in order, and never before retry_after.
func TestE2E429Storm(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, kind, telegramtest.WithRateLimits())
			r.record("Thôn Đông", "Mai Thị Thu", "1988", "female", "001188000202")
			an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
			r.tg.FailNext("sendMessage", 4, 429, 1)
			from := len(an.Messages())
			an.Command("progress", "")
			an.Command("where", "")
			an.Command("next", "")
			r.await(an, from, "Mai Thị Thu")
			got := an.Messages()[from:]
			if len(got) != 3 {
				t.Errorf("got %d messages for 3 commands", len(got))
			}
			for i, want := range []string{"Tiến độ", "không làm dở", "Mai Thị Thu"} {
				if i < len(got) && !strings.Contains(got[i].Text, want) {
					t.Errorf("message %d is %q, want %q", i, got[i].Text, want)
				}
			}
			rejected := 0
			for _, a := range r.tg.AllSent() {
				if a.Early {
					t.Errorf("a call at %v came before retry_after elapsed", a.At)
				}
				if a.ErrorCode == 429 {
					rejected++
				}
			}
			if rejected < 4 {
				t.Errorf("only %d 429s were answered; the storm did not happen", rejected)
			}
			if v := r.tg.Violations(); len(v) > 0 {
				t.Errorf("rate-limit violations: %+v", v)
			}
		})
	}
}

// TestE2EForgedCallback: a button press naming another village's record,
// made up by a member, changes nothing.
func TestE2EForgedCallback(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, kind)
			rec := r.record("Thôn Đông", "Hà Văn Sơn", "1991-09-10", "male", "001091000777")
			cuong := r.join(103, "Cường", flows.RoleVillage, "Thôn Tây")
			id := strconv.FormatInt(rec.ID, 10)
			for _, data := range []string{"ok:" + id + ":1", "save:" + id + ":1", "nfr:" + id + ":1:moved", "open:" + id + ":1"} {
				r.act(cuong, "không", func() { cuong.PressData(0, data) })
			}
			for _, m := range cuong.Messages() {
				if strings.Contains(m.Text, "Hà Văn Sơn") || strings.Contains(m.Text, "001091000777") {
					t.Errorf("a forged press showed another village's record: %q", m.Text)
				}
			}
			if got := r.get(rec.ID); got.Version != 1 || got.State != flows.StateAssigned {
				t.Errorf("forged presses changed the record: version %d state %s", got.Version, got.State)
			}
		})
	}
}

// TestE2ELogsHoldNoPersonalData runs a whole review with a capturing
// logger at debug level: none of the names, ID numbers, dates or phones
// typed, nor the token, may appear in the logs.
func TestE2ELogsHoldNoPersonalData(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, kind)
			rec := r.record("Thôn Đông", "Tô Thị Nguyệt", "1966", "female", "001166000203")
			an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
			card := r.act(an, "Tô Thị Nguyệt", func() { an.Command("next", "") })
			r.press(an, card, "✏️ Họ tên", "Gõ họ tên")
			r.act(an, "Kiểm tra", func() { an.Send("Tô Thị Nguyệt Ánh") })
			r.act(an, "Kiểm tra", func() { an.Command("where", "") })
			r.press(an, an.Last(), "✏️ Sửa tiếp", "Hồ sơ")
			r.press(an, an.Last(), "✏️ Ngày sinh", "Gõ ngày sinh")
			r.act(an, "❗", func() { an.Send("12/05/66") })
			r.act(an, "Kiểm tra", func() { an.Send("12/05/1966") })
			r.press(an, an.Last(), "✏️ Sửa tiếp", "Hồ sơ")
			r.press(an, an.Last(), "✏️ Số giấy tờ", "Gõ số CCCD")
			r.act(an, "Kiểm tra", func() { an.Send("001166012345") })
			r.press(an, an.Last(), "💾 Lưu", "Đã lưu")
			r.act(an, "Không tìm thấy", func() { an.Command("find", "0912 345 678 Tô Thị") })
			r.stop()
			logs := r.logs.String()
			if !strings.Contains(logs, `"component"`) {
				t.Fatalf("the logger captured nothing: %q", logs)
			}
			for _, secret := range []string{"Nguyệt", "Nguyet", "001166012345", "12/05/1966", "1966-05-12", "12/05/66",
				// Long enough not to turn up by chance in a hash or a duration.
				"0912 345 678", "Tô Thị", r.tg.Token(), strings.SplitN(r.tg.Token(), ":", 2)[1]} {
				if strings.Contains(logs, secret) {
					t.Errorf("the logs contain %q", secret)
				}
			}
			_ = rec
		})
	}
}
