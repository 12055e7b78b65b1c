package flows_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/msg"
	"lamsach/store"
)

// memberOf returns the member a person of the harness is.
func (h *harness) memberOf(name string) flows.Member {
	h.t.Helper()
	var m flows.Member
	ctx := context.Background()
	if err := h.db.View(ctx, func(tx *store.Tx) error {
		var err error
		m, err = tx.MemberByTelegram(ctx, h.people[name])
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return m
}

// markReviewed sets a record reviewed by a village member, as if they had
// pressed through the village card, at the harness's time.
func (h *harness) markReviewed(id int64, by string, outcome flows.Outcome, note string) flows.Record {
	h.t.Helper()
	m := h.memberOf(by)
	var rec flows.Record
	if cur := h.get(id); !slices.Contains(m.Villages, cur.VillageID) {
		// Not by's village: one of its own members reviews it.
		cur.Outcome, cur.Note = outcome, note
		return h.walk(cur, flows.StateReviewed)
	}
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		cur, err := tx.Record(ctx, flows.Operator, id)
		if err != nil {
			return err
		}
		f := cur.Fields
		rec, err = tx.ChangeRecord(ctx, m.Actor(), flows.Change{Record: id, Version: cur.Version, Action: flows.ActReview,
			Fields: &f, Outcome: outcome, Note: note, Source: flows.SourceChat,
			NoID: !cur.IDReady() && outcome != flows.OutcomeNotFound})
		return err
	})
	return rec
}

// policeAudit returns a record's audit entries made by the police.
func (h *harness) policeAudit(id int64) []flows.AuditEntry {
	h.t.Helper()
	var out []flows.AuditEntry
	ctx := context.Background()
	h.db.View(ctx, func(tx *store.Tx) error {
		hist, err := tx.AuditFor(ctx, flows.Operator, id)
		for _, e := range hist {
			if e.Source == flows.SourcePolice {
				out = append(out, e)
			}
		}
		return err
	})
	return out
}

// policeWorld is a harness with a village member "an" of Thôn Đông, "tu"
// of Thôn Tây and a police officer "cong".
func policeWorld(t *testing.T) *harness {
	h := newHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.join("tu", 102, flows.RoleVillage, h.tay.ID)
	h.join("cong", 301, flows.RolePolice)
	return h
}

func TestPolicePending(t *testing.T) {
	h := policeWorld(t)
	mustSay(t, "empty", h.cmd("cong", "pending", ""), "Chưa có hồ sơ nào chờ công an")
	a := h.record(h.dong.ID, "Trần Văn Ba", "1980", "male", "")
	b := h.record(h.dong.ID, "Trần Văn Bốn", "1981", "male", "")
	c := h.record(h.tay.ID, "Lý Thị Năm", "1982", "female", "")
	h.record(h.tay.ID, "Lý Thị Sáu", "1983", "female", "") // not reviewed
	h.markReviewed(a.ID, "an", flows.OutcomeUnchanged, "")
	h.markReviewed(b.ID, "an", flows.OutcomeUnchanged, "")
	h.markReviewed(c.ID, "tu", flows.OutcomeUnchanged, "")
	h.press("cong", h.cmd("cong", "review", ""), "Khớp CSDL") // confirms a, the oldest review
	outs := h.cmd("cong", "pending", "")
	mustSay(t, "pending", outs, "Thôn Đông: 1 · 1", "Thôn Tây: 1 · 0", "Tổng: 2 · 1")
	if got := h.get(a.ID); got.State != flows.StateConfirmed {
		t.Errorf("the oldest review was not the first card: %s is %s", a.Name, got.State)
	}
	mustSay(t, "review button", h.press("cong", outs, "Kiểm tra"), "Xác minh hồ sơ")
}

func TestPoliceCardAndConfirm(t *testing.T) {
	h := policeWorld(t)
	rec := h.record(h.dong.ID, "Nguyen Van An", "1990-05", "male", "001090012345")
	// The village corrects the name through its own card.
	h.press("an", h.cmd("an", "next", ""), "Họ tên")
	h.press("an", h.text("an", "nguyễn văn an"), "Lưu")
	h.clock.Add(90 * time.Minute)

	card := h.cmd("cong", "review", "")
	mustSay(t, "card", card, "Xác minh hồ sơ · Thôn Đông", "còn 1 hồ sơ chờ",
		"Họ tên: Nguyen Van An → <b>Nguyễn Văn An</b>", "Ngày sinh: <b>05/1990 (tháng/năm)</b>",
		"CCCD: <b><code>001090012345</code></b>", "sai thông tin", "✏️ đã sửa · an · 27/11/2026 09:00")
	last := card[len(card)-1]
	if !last.Personal {
		t.Error("the police card is not marked personal")
	}
	for _, label := range []string{"Khớp CSDL dân cư", "✏️ Sửa", "↩️ Trả lại", "Để sau"} {
		if !strings.Contains(buttonTexts(last), label) {
			t.Errorf("card lacks button %q: %s", label, buttonTexts(last))
		}
	}
	done := h.press("cong", card, "Khớp CSDL")
	mustSay(t, "confirmed", done, "Đã xác nhận", "Không còn hồ sơ nào chờ kiểm tra", "1 hồ sơ đã xác nhận chưa ký")
	got := h.get(rec.ID)
	if got.State != flows.StateConfirmed || got.ConfirmedBy != h.memberOf("cong").ID || got.Name != "Nguyễn Văn An" ||
		got.Outcome != flows.OutcomeCorrected || !got.ConfirmedAt.Equal(h.clock.Now()) {
		t.Errorf("after confirm: state %s by %d name %q outcome %s at %v", got.State, got.ConfirmedBy, got.Name, got.Outcome, got.ConfirmedAt)
	}
	if audit := h.policeAudit(rec.ID); len(audit) == 0 || audit[0].Role != flows.RolePolice {
		t.Errorf("no police audit entry: %+v", audit)
	}
}

// buttonTexts joins the labels of a message's buttons.
func buttonTexts(o flows.Out) string {
	var parts []string
	for _, row := range o.Buttons {
		for _, b := range row {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, " | ")
}

func TestPoliceCorrectByEdit(t *testing.T) {
	h := policeWorld(t)
	rec := h.record(h.dong.ID, "Phan Thị Hồng", "1975", "female", "001175000111")
	rec = h.markReviewed(rec.ID, "an", flows.OutcomeUnchanged, "")
	card := h.cmd("cong", "review", "")
	mustSay(t, "unchanged card", card, "✅ thông tin đúng", "Họ tên: <b>Phan Thị Hồng</b>")
	menu := h.press("cong", card, "✏️ Sửa")
	mustSay(t, "menu", menu, "Sửa mục nào")
	h.press("cong", menu, "Ngày sinh")
	mustSay(t, "bad date", h.text("cong", "31/02/1975"), "❗", "Gõ lại ngày sinh")
	confirm := h.text("cong", "12/03/1975")
	mustSay(t, "old → new", confirm, "Kiểm tra trước khi lưu", "1975 (chỉ có năm) → <b>12/03/1975</b>")
	if got := h.get(rec.ID); got.State != flows.StateReviewed || got.Version != rec.Version {
		t.Fatalf("saved before the officer confirmed: %s v%d", got.State, got.Version)
	}
	// Edit more, come back to the card (the draft shows), then save.
	menu = h.press("cong", confirm, "Sửa tiếp")
	mustSay(t, "more", menu, "Sửa mục nào")
	back := h.press("cong", menu, "Quay lại")
	mustSay(t, "draft card", back, "→ <b>12/03/1975</b>", "chưa lưu")
	confirm = h.press("cong", back, "Xem lại và lưu")
	done := h.press("cong", confirm, "Lưu")
	mustSay(t, "saved", done, "Đã lưu phần sửa và xác nhận")
	got := h.get(rec.ID)
	if got.State != flows.StateConfirmed || got.DOB.String() != "1975-03-12" || got.Outcome != flows.OutcomeCorrected {
		t.Errorf("after save: state %s dob %s outcome %s", got.State, got.DOB, got.Outcome)
	}
	found := false
	for _, e := range h.policeAudit(rec.ID) {
		found = found || (e.Field == "dob" && e.Old == "1975" && e.New == "1975-03-12")
	}
	if !found {
		t.Errorf("no police audit entry for the date: %+v", h.policeAudit(rec.ID))
	}
}

func TestPoliceCorrectByQR(t *testing.T) {
	h := policeWorld(t)
	rec := h.record(h.dong.ID, "NGUYEN VAN A", "1990", "male", "12345")
	h.markReviewed(rec.ID, "an", flows.OutcomeNotFound, "Không rõ người này")
	card := h.cmd("cong", "review", "")
	mustSay(t, "not found card", card, "🚫 không tìm thấy người", "Ghi chú của thôn: Không rõ người này", "12345")
	h.press("cong", h.press("cong", card, "✏️ Sửa"), "QR")
	mustSay(t, "bad qr", h.text("cong", "xin chào"), "không phải nội dung mã QR")
	confirm := h.text("cong", "001090123456|012345678|NGUYỄN VĂN A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021")
	mustSay(t, "qr diff", confirm, "→ <b>Nguyễn Văn A</b>", "→ <b>01/01/1990</b>", "→ <b>001090123456</b>")
	h.press("cong", confirm, "Lưu")
	got := h.get(rec.ID)
	if got.State != flows.StateConfirmed || got.Fields.ID.Number != "001090123456" || got.Name != "Nguyễn Văn A" {
		t.Errorf("QR not confirmed: %s %+v", got.State, got.Fields)
	}
	qr := false
	for _, e := range h.policeAudit(rec.ID) {
		qr = qr || (e.Field == "id_number" && e.Reason == "qr")
	}
	if !qr {
		t.Errorf("the QR correction is not audited as such: %+v", h.policeAudit(rec.ID))
	}
}

func TestPoliceReturnEachReason(t *testing.T) {
	for _, reason := range flows.ReturnReasons {
		t.Run(reason, func(t *testing.T) {
			h := policeWorld(t)
			h.join("binh", 103, flows.RoleVillage, h.dong.ID)
			h.record(h.dong.ID, "Đinh Văn Trước", "1960", "male", "") // waits in the village
			rec := h.record(h.dong.ID, "Đặng Thị Mai", "1990-01-02", "female", "001190000777")
			h.markReviewed(rec.ID, "an", flows.OutcomeUnchanged, "")
			text := msg.T(msg.VI, "reason."+reason)
			ask := h.press("cong", h.cmd("cong", "review", ""), "Trả lại")
			mustSay(t, "ask", ask, "Vì sao trả lại")
			note := h.press("cong", ask, text)
			var outs []flows.Out
			if reason == flows.ReturnOther {
				mustSay(t, "note required", note, "hãy gõ ghi chú")
				mustSay(t, "where", h.cmd("cong", "where", ""), "hãy gõ ghi chú")
				outs = h.text("cong", "sai quê quán")
			} else {
				mustSay(t, "note", note, "Bỏ qua", text)
				outs = h.press("cong", note, "Bỏ qua")
			}
			mustSay(t, "returned", outs, "Đã trả lại cho Thôn Đông", "đã báo 2 thành viên")
			got := h.get(rec.ID)
			if got.State != flows.StateReturned || got.ReturnReason != reason {
				t.Fatalf("after return: state %s reason %q", got.State, got.ReturnReason)
			}
			told := map[int64]string{}
			for _, o := range outs {
				told[o.ChatID] += o.Text
			}
			for _, who := range []string{"an", "binh"} {
				m := told[h.people[who]]
				for _, want := range []string{"Đặng Thị Mai", "001******777", text, "/next"} {
					if !strings.Contains(m, want) {
						t.Errorf("%s was told %q, lacking %q", who, m, want)
					}
				}
				if strings.Contains(m, "001190000777") {
					t.Errorf("%s was told the full ID: %q", who, m)
				}
			}
			if m, ok := told[h.people["tu"]]; ok {
				t.Errorf("a member of another village was told: %q", m)
			}
			mustSay(t, "village next", h.cmd("an", "next", ""), "Đặng Thị Mai", "Công an trả lại", text)
		})
	}
}

func TestPoliceStaleButton(t *testing.T) {
	h := policeWorld(t)
	rec := h.record(h.dong.ID, "Cao Văn Tám", "1970-07-07", "male", "001070000888")
	h.markReviewed(rec.ID, "an", flows.OutcomeUnchanged, "")
	card := h.cmd("cong", "review", "")
	// The station corrects it from a list sent again and the village
	// reviews it again: reviewed, at a newer version.
	h.amend(rec.ID, func(f *flows.Fields) { f.Name = "Cao Văn Tám Em" })
	h.markReviewed(rec.ID, "an", flows.OutcomeUnchanged, "")
	before := h.get(rec.ID)
	for _, label := range []string{"Khớp CSDL", "Trả lại", "Để sau"} {
		outs := h.press("cong", card, label)
		mustSay(t, label, outs, "đã cũ", "Cao Văn Tám Em")
		if got := h.get(rec.ID); got.Version != before.Version || got.State != flows.StateReviewed {
			t.Fatalf("a stale %q changed the record: v%d %s", label, got.Version, got.State)
		}
	}
	current := h.press("cong", card, "Khớp CSDL")
	h.press("cong", current, "Khớp CSDL")
	if got := h.get(rec.ID); got.State != flows.StateConfirmed {
		t.Fatalf("the current card did not confirm: %s", got.State)
	}
	mustSay(t, "after confirm", h.press("cong", current, "Trả lại"), "đã cũ", "công an đã xác nhận")
	if got := h.get(rec.ID); got.State != flows.StateConfirmed {
		t.Errorf("a press on a confirmed record's card changed it: %s", got.State)
	}
}

func TestPoliceLease(t *testing.T) {
	h := policeWorld(t)
	h.join("dung", 302, flows.RolePolice)
	first := h.record(h.dong.ID, "Hà Văn Một", "1950", "male", "")
	second := h.record(h.tay.ID, "Hà Văn Hai", "1951", "male", "")
	h.markReviewed(first.ID, "an", flows.OutcomeUnchanged, "")
	h.markReviewed(second.ID, "tu", flows.OutcomeUnchanged, "")
	cong := h.cmd("cong", "review", "")
	mustSay(t, "cong", cong, "Hà Văn Một")
	dung := h.cmd("dung", "review", "")
	mustSay(t, "dung gets the other", dung, "Hà Văn Hai")
	skipped := h.press("dung", dung, "Để sau")
	mustSay(t, "only the skipped one", skipped, "Chỉ còn các hồ sơ bạn đã để sau")
	mustSay(t, "again", h.press("dung", skipped, "Hồ sơ tiếp theo"), "Hà Văn Hai")
	h.join("em", 303, flows.RolePolice)
	mustSay(t, "all taken", h.cmd("em", "review", ""), "đang được cán bộ khác mở")
	// Dung presses cong's card (a forwarded or forged press): refused.
	mustSay(t, "leased", h.press("dung", cong, "Khớp CSDL"), "đang được cong mở")
	if got := h.get(first.ID); got.State != flows.StateReviewed {
		t.Fatalf("dung changed a record leased to cong: %s", got.State)
	}
	h.clock.Add(11 * time.Minute)
	h.press("dung", cong, "Khớp CSDL")
	if got := h.get(first.ID); got.State != flows.StateConfirmed || got.ConfirmedBy != h.memberOf("dung").ID {
		t.Errorf("after the lease expired: %s by %d", got.State, got.ConfirmedBy)
	}
	mustSay(t, "cong's late press", h.press("cong", cong, "Khớp CSDL"), "đã cũ")
}

func TestPoliceConfirmNotFoundAndCancel(t *testing.T) {
	h := policeWorld(t)
	rec := h.record(h.tay.ID, "Kiều Văn Xa", "1940", "male", "")
	rec = h.markReviewed(rec.ID, "tu", flows.OutcomeNotFound, "Đã mất")
	mustSay(t, "idle text", h.text("cong", "xin chào"), "/review")
	card := h.cmd("cong", "review", "")
	h.press("cong", h.press("cong", card, "✏️ Sửa"), "Họ tên")
	mustSay(t, "where", h.cmd("cong", "where", ""), "Họ tên")
	mustSay(t, "cancel", h.cmd("cong", "cancel", ""), "Đã huỷ")
	mustSay(t, "typed after cancel", h.text("cong", "Kiều Văn Gần"), "/review")
	if got := h.get(rec.ID); got.Version != rec.Version {
		t.Fatalf("cancelled edit changed the record: v%d", got.Version)
	}
	// The police agree the person has died: the button and the answer say so.
	mustSay(t, "not found confirmed", h.press("cong", h.cmd("cong", "review", ""), "Xác nhận: đã mất"),
		"người này đã mất, như thôn báo")
	got := h.get(rec.ID)
	if got.State != flows.StateConfirmed || got.Outcome != flows.OutcomeNotFound || got.Name != "Kiều Văn Xa" {
		t.Errorf("not-found confirm: %s %s %q", got.State, got.Outcome, got.Name)
	}
}
