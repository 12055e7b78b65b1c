package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
	"lamsach/store"
)

// TestE2EThreeReviewersAtOnce: three members of two villages review at the
// same time; each sees only their villages, the lease keeps two apart, and
// the audit log holds every change.
func TestE2EThreeReviewersAtOnce(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, kind)
			d1 := r.record("Thôn Đông", "Nguyen Van An", "1990-05", "male", "001090012345")
			d2 := r.record("Thôn Đông", "Trần Thị Bích", "1985-03-04", "female", "001185000111")
			t1 := r.record("Thôn Tây", "Lê Văn Cường", "1970", "male", "001070000204")
			an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
			binh := r.join(102, "Bình", flows.RoleVillage, "Thôn Đông")
			cuong := r.join(103, "Cường", flows.RoleVillage, "Thôn Tây")

			var wg sync.WaitGroup
			cards := make([]telegramtest.Message, 3)
			for i, p := range []*telegramtest.Person{an, binh, cuong} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					from := len(p.Messages())
					p.Command("next", "")
					cards[i] = r.await(p, from, "Hồ sơ")
				}()
			}
			wg.Wait()
			if cards[0].Text == cards[1].Text {
				t.Fatalf("an and binh got the same record:\n%s", cards[0].Text)
			}
			if !strings.Contains(cards[2].Text, "Lê Văn Cường") {
				t.Errorf("cuong did not get Tây's record:\n%s", cards[2].Text)
			}
			// Whoever has Bích's record, the other is refused it.
			holder, other := an, binh
			if strings.Contains(cards[1].Text, "Trần Thị Bích") {
				holder, other = binh, an
			}
			found := r.act(other, "Trần Thị Bích", func() { other.Command("find", "tran thi bich") })
			r.press(other, found, "Mở 1", "đang được")

			// Everyone acts at once: names corrected, one confirmed as right.
			wg.Add(3)
			go func() {
				defer wg.Done()
				p := an
				card := cards[0]
				ask := r.press(p, card, "✏️ Họ tên", "Gõ họ tên")
				_ = ask
				name := "Nguyễn Văn An"
				if strings.Contains(card.Text, "Trần Thị Bích") {
					name = "Trần Thị Bích Ngọc"
				}
				confirm := r.act(p, "Kiểm tra trước khi lưu", func() { p.Send(name) })
				r.press(p, confirm, "💾 Lưu", "Đã lưu")
			}()
			go func() {
				defer wg.Done()
				p := binh
				card := cards[1]
				r.press(p, card, "✅ Đúng hết", "Đã ghi nhận")
			}()
			go func() {
				defer wg.Done()
				r.press(cuong, cards[2], "✅ Đúng hết", "Đã ghi nhận")
			}()
			wg.Wait()
			_ = holder

			for _, id := range []int64{d1.ID, d2.ID, t1.ID} {
				if got := r.get(id); got.State != flows.StateReviewed {
					t.Errorf("record %d: state %s, want reviewed", id, got.State)
				}
			}
			// Each person saw only their villages' people.
			for _, m := range cuong.Messages() {
				if strings.Contains(m.Text, "Bích") || strings.Contains(m.Text, "An\n") || strings.Contains(m.Text, "Nguyen Van An") {
					t.Errorf("cuong (Tây) saw a record of Đông: %q", m.Text)
				}
			}
			for _, p := range []*telegramtest.Person{an, binh} {
				for _, m := range p.Messages() {
					if strings.Contains(m.Text, "Cường") && !strings.Contains(m.Text, "đang được") {
						t.Errorf("%d (Đông) saw Tây's record: %q", p.ID(), m.Text)
					}
				}
			}
			// The audit log holds every change: a review state for each
			// record, and the name correction.
			var entries []flows.AuditEntry
			r.db(func(ctx context.Context, tx *store.Tx) error {
				for _, id := range []int64{d1.ID, d2.ID, t1.ID} {
					es, err := tx.AuditFor(ctx, flows.Operator, id)
					if err != nil {
						return err
					}
					entries = append(entries, es...)
				}
				return nil
			})
			states, names := 0, 0
			for _, e := range entries {
				if e.Field == "state" && e.New == string(flows.StateReviewed) {
					states++
				}
				if e.Field == "name" {
					names++
				}
			}
			if states != 3 || names != 1 {
				t.Errorf("audit: %d review states (want 3), %d name changes (want 1)", states, names)
			}
			r.db(func(ctx context.Context, tx *store.Tx) error {
				rep, err := tx.VerifyAudit(ctx)
				if err != nil || !rep.OK {
					t.Errorf("audit chain: %+v %v", rep, err)
				}
				return nil
			})
		})
	}
}

// TestE2EBurstInOrder: twenty messages from one person are handled and
// answered in the order sent.
func TestE2EBurstInOrder(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, kind)
			an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
			from := len(an.Messages())
			for i := range 20 {
				an.Command("find", fmt.Sprintf("%d", 90000+i))
			}
			r.await(an, from+19, "90019")
			msgs := an.Messages()[from:]
			if len(msgs) != 20 {
				t.Fatalf("got %d replies to 20 messages", len(msgs))
			}
			for i, m := range msgs {
				if want := fmt.Sprintf("%d", 90000+i); !strings.Contains(m.Text, want) {
					t.Errorf("reply %d is %q, want the answer to %s", i, m.Text, want)
				}
			}
		})
	}
}

// TestE2ERestartResumes: a process restarted in the middle of an edit
// picks up where the person was.
func TestE2ERestartResumes(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, kind)
			rec := r.record("Thôn Đông", "Pham Van Hung", "1960", "male", "001060000205")
			an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
			card := r.act(an, "Pham Van Hung", func() { an.Command("next", "") })
			r.press(an, card, "✏️ Họ tên", "Gõ họ tên")
			r.stop()
			r.start()
			confirm := r.act(an, "Kiểm tra trước khi lưu", func() { an.Send("Phạm Văn Hùng") })
			r.press(an, confirm, "💾 Lưu", "Đã lưu")
			if got := r.get(rec.ID); got.Name != "Phạm Văn Hùng" {
				t.Errorf("after restart the edit saved %q", got.Name)
			}
		})
	}
}
