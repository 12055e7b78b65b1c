package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
	"lamsach/store"
)

// serving fails the test if the server stopped.
func (r *rig) serving() {
	r.t.Helper()
	select {
	case err := <-r.done:
		r.t.Fatalf("the server stopped: %v", err)
	default:
	}
}

// TestE2E404OnSendPhotoKeepsServing: Telegram answers 404 to one
// sendPhoto. That one message fails; the server goes on, the next
// messages are delivered, and a restart does not trip over it again.
func TestE2E404OnSendPhotoKeepsServing(t *testing.T) {
	r := newRig(t, "sqlite")
	r.record("Thôn Đông", "Lê Thị Hoa", "1980-01-02", "female", "")
	co := r.join(104, "Chi", flows.RoleCoordinator)
	r.tg.FailNextWith("sendPhoto", 1, &telegramtest.APIError{Code: 404, Description: "Not Found"})
	r.act(co, "Tiến độ", func() { co.Command("report", "") })
	r.act(co, "không làm dở", func() { co.Command("where", "") })
	r.serving()
	if got := r.srv.counts.Dropped.Load(); got != 1 {
		t.Errorf("dropped %d messages, want the photo", got)
	}
	for _, m := range co.Messages() {
		if m.Photo != nil {
			t.Errorf("a photo arrived although Telegram refused it")
		}
	}
	r.stop()
	r.start()
	r.act(co, "không làm dở", func() { co.Command("where", "") })
	r.serving()
	if got := r.srv.counts.Dropped.Load(); got != 0 {
		t.Errorf("the restarted server dropped %d messages, want 0: the photo was dropped once, before", got)
	}
}

// TestE2ELongVillageList: 300 villages with names of the longest length
// allowed; /villages answers in several messages, each valid and within
// Telegram's limit, every village listed once, the buttons on the last.
func TestE2ELongVillageList(t *testing.T) {
	r := newRig(t, "sqlite")
	const n = 300
	names := make([]string, n)
	r.db(func(ctx context.Context, tx *store.Tx) error {
		for i := range names {
			// 60 characters (maxVillageName), with an "&" to escape.
			names[i] = fmt.Sprintf("Tổ dân phố Nguyễn & Trần %03d ", i)
			names[i] += strings.Repeat("Đ", 60-utf8.RuneCountInString(names[i]))
			if _, err := tx.CreateVillage(ctx, flows.Operator, r.commune.ID, names[i]); err != nil {
				return err
			}
		}
		return nil
	})
	co := r.join(104, "Chi", flows.RoleCoordinator)
	from := len(co.Messages())
	last := r.act(co, fmt.Sprintf("%d. Tổ dân phố", n+2), func() { co.Command("villages", "") })
	msgs := co.Messages()[from:]
	if len(msgs) < 3 {
		t.Fatalf("%d messages for 302 villages, want the list split into several", len(msgs))
	}
	var all strings.Builder
	for i, m := range msgs {
		if units := len(utf16(m.Text)); units > 4096 {
			t.Errorf("message %d is %d UTF-16 units", i, units)
		}
		if (len(m.Buttons) > 0) != (i == len(msgs)-1) {
			t.Errorf("message %d has buttons %v; want them only on the last", i, m.Buttons)
		}
		all.WriteString(m.Text + "\n")
	}
	for _, name := range names {
		if c := strings.Count(all.String(), name+":"); c != 1 {
			t.Errorf("village %q listed %d times, want once", name, c)
		}
	}
	if last.Text != msgs[len(msgs)-1].Text || !strings.Contains(fmt.Sprint(last.Buttons), "➕ Thêm") {
		t.Errorf("the last message has buttons %v, want ➕ Thêm", last.Buttons)
	}
	r.serving()
}

func utf16(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			out = append(out, 0, 0)
		} else {
			out = append(out, 0)
		}
	}
	return out
}

// TestE2EStrangersDocumentIsNotDownloaded: a document from someone who is
// not a member is refused without being fetched from Telegram.
func TestE2EStrangersDocumentIsNotDownloaded(t *testing.T) {
	r := newRig(t, "sqlite")
	stranger := r.tg.User(666, "Lạ", "vi")
	r.act(stranger, "chưa là thành viên", func() {
		stranger.SendDocument("danh-sach.xlsx", []byte("PK\x03\x04 not read"), "application/octet-stream")
	})
	for _, a := range r.tg.AllSent() {
		if a.Method == "getFile" {
			t.Error("the stranger's document was fetched (getFile)")
		}
	}
}
