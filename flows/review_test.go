package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

func TestJoinRefusals(t *testing.T) {
	h := newHarness(t)
	mustSay(t, "stranger", h.text("stranger", "xin chào"), "chưa là thành viên")
	mustSay(t, "bad code", h.cmd("stranger", "start", "nope"), "Mã mời không đúng")
	mustSay(t, "junk code", h.cmd("stranger", "start", "a b<c>"), "Mã mời không đúng")

	code := h.invite(flows.RoleVillage, h.dong.ID)
	h.people["an"] = 101
	outs := h.cmd("an", "start", code)
	mustSay(t, "an", outs, "Thông báo về dữ liệu cá nhân", "Xã Tân Phú", "tổ công tác thôn")
	if outs[0].Kind != flows.OutCommands || len(outs[0].Commands) == 0 || outs[0].Commands[0].Name != "next" {
		t.Errorf("joining sets no village menu: %+v", outs[0])
	}
	h.people["binh"] = 102
	mustSay(t, "used code", h.cmd("binh", "start", code), "đã được dùng")

	expiring := h.invite(flows.RolePolice)
	h.clock.Add(73 * time.Hour)
	mustSay(t, "expired", h.cmd("binh", "start", expiring), "hết hạn")
	mustSay(t, "binh still a stranger", h.cmd("binh", "next", ""), "chưa là thành viên")

	mustSay(t, "group", h.text("group:an", "/next"), "tin nhắn riêng")
}

func TestReviewCorrectName(t *testing.T) {
	h := newHarness(t)
	rec := h.record(h.dong.ID, "Nguyen Van An", "1990-05", "male", "001090012345")
	h.join("an", 101, flows.RoleVillage, h.dong.ID)

	card := h.cmd("an", "next", "")
	mustSay(t, "card", card, "Hồ sơ 1/1 · Thôn Đông", "Nguyen Van An", "thiếu dấu", "05/1990", "001090012345", "sai thông tin")
	if !card[len(card)-1].Personal {
		t.Error("the record card is not marked personal: it would never be deleted")
	}
	ask := h.press("an", card, "Họ tên")
	mustSay(t, "ask", ask, "Gõ họ tên đúng")
	confirm := h.text("an", "nguyễn văn an")
	mustSay(t, "confirm", confirm, "Kiểm tra trước khi lưu", "Nguyen Van An → <b>Nguyễn Văn An</b>")
	if got := h.get(rec.ID); got.Name != "Nguyen Van An" || got.Version != 1 {
		t.Fatalf("saved before confirming: %+v", got)
	}
	done := h.press("an", confirm, "Lưu")
	mustSay(t, "saved", done, "Đã lưu", "không còn hồ sơ")
	got := h.get(rec.ID)
	if got.Name != "Nguyễn Văn An" || got.State != flows.StateReviewed || got.Outcome != flows.OutcomeCorrected || got.Version != 2 {
		t.Errorf("after save: name %q state %s outcome %s version %d", got.Name, got.State, got.Outcome, got.Version)
	}
	var hist []flows.AuditEntry
	ctx := context.Background()
	h.db.View(ctx, func(tx *store.Tx) error {
		var err error
		hist, err = tx.AuditFor(ctx, flows.Operator, rec.ID)
		return err
	})
	found := false
	for _, e := range hist {
		if e.Field == "name" && e.Old == "Nguyen Van An" && e.New == "Nguyễn Văn An" && e.Source == flows.SourceChat {
			found = true
		}
	}
	if !found {
		t.Errorf("no audit entry for the name change: %+v", hist)
	}
}

func TestReviewInvalidValueAsksAgain(t *testing.T) {
	h := newHarness(t)
	rec := h.record(h.dong.ID, "Trần Thị Bình", "1985", "female", "")
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	card := h.cmd("an", "next", "")
	mustSay(t, "card", card, "thiếu số CCCD/CMND", "(chỉ có năm)")
	h.press("an", card, "Ngày sinh")
	for _, bad := range []string{"15/05/20", "31/02/1990", "hôm qua", "01/01/2090"} {
		outs := h.text("an", bad)
		mustSay(t, bad, outs, "❗", "Gõ lại ngày sinh")
	}
	outs := h.text("an", "05/13/1985")
	mustSay(t, "swapped", outs, "bị đảo", "13/05/1985")
	h.press("an", outs, "Sửa tiếp")
	h.press("an", h.cmd("an", "where", ""), "Số giấy tờ")
	mustSay(t, "bad id", h.text("an", "1.23457E+11"), "dạng 8,7E+10")
	confirm := h.text("an", "001185012345")
	mustSay(t, "confirm", confirm, "1985 (chỉ có năm) → <b>13/05/1985</b>", "→ <b>001185012345</b>")
	h.press("an", confirm, "Lưu")
	got := h.get(rec.ID)
	if got.DOB.String() != "1985-05-13" || got.Fields.ID.Number != "001185012345" || got.State != flows.StateReviewed {
		t.Errorf("after save: dob %s id %s state %s", got.DOB, got.Fields.ID.Number, got.State)
	}
}

func TestReviewQRAndNotFound(t *testing.T) {
	h := newHarness(t)
	a := h.record(h.dong.ID, "NGUYEN VAN A", "1990", "male", "12345")
	b := h.record(h.dong.ID, "Lê Văn Cường", "1970-01-01", "male", "")
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	card := h.cmd("an", "next", "")
	mustSay(t, "card", card, "Nguyen Van A", "12345", "sai định dạng")
	h.press("an", card, "QR")
	mustSay(t, "bad qr", h.text("an", "xin chào"), "không phải nội dung mã QR")
	confirm := h.text("an", "\ufeff001090123456|012345678|NGUYỄN VĂN A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021")
	mustSay(t, "qr confirm", confirm, "→ <b>Nguyễn Văn A</b>", "→ <b>01/01/1990</b>", "→ <b>001090123456</b>")
	next := h.press("an", confirm, "Lưu")
	mustSay(t, "next card", next, "Lê Văn Cường")
	if got := h.get(a.ID); got.Name != "Nguyễn Văn A" || got.Fields.ID.Number != "001090123456" {
		t.Errorf("QR not saved: %+v", got.Fields)
	}
	ask := h.press("an", next, "Không tìm thấy")
	note := h.press("an", ask, "Đã chuyển đi")
	mustSay(t, "note", note, "Ghi chú thêm")
	mustSay(t, "saved", h.text("an", "chuyển vào Bình Dương năm 2021"), "không tìm thấy")
	got := h.get(b.ID)
	if got.Outcome != flows.OutcomeNotFound || !strings.Contains(got.Note, "Bình Dương") {
		t.Errorf("not found not saved: outcome %s note %q", got.Outcome, got.Note)
	}
}

func TestStaleButtonChangesNothing(t *testing.T) {
	h := newHarness(t)
	rec := h.record(h.dong.ID, "Phạm Văn Dũng", "1980-02-03", "male", "001080000123")
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	card := h.cmd("an", "next", "")
	// Someone changes the record after the card was sent.
	h.amend(rec.ID, func(f *flows.Fields) { f.Name = "Phạm Văn Dũng Anh" })
	outs := h.press("an", card, "Đúng hết")
	mustSay(t, "stale", outs, "đã cũ", "Phạm Văn Dũng Anh")
	if got := h.get(rec.ID); got.State != flows.StateAssigned || got.Version != 2 {
		t.Errorf("a stale press changed the record: state %s version %d", got.State, got.Version)
	}
	// The card it sent instead is current and works.
	h.press("an", outs, "Đúng hết")
	if got := h.get(rec.ID); got.State != flows.StateReviewed || got.Outcome != flows.OutcomeUnchanged {
		t.Errorf("current card did not save: state %s", got.State)
	}
}

func TestLeaseKeepsMembersApart(t *testing.T) {
	h := newHarness(t)
	first := h.record(h.dong.ID, "Võ Thị Hoa", "1991-04-05", "female", "001191000001")
	h.record(h.dong.ID, "Đỗ Văn Khánh", "1992-06-07", "male", "001092000002")
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.join("binh", 102, flows.RoleVillage, h.dong.ID)
	mustSay(t, "an", h.cmd("an", "next", ""), "Võ Thị Hoa")
	mustSay(t, "binh", h.cmd("binh", "next", ""), "Đỗ Văn Khánh")
	found := h.cmd("binh", "find", "vo thi hoa")
	mustSay(t, "find", found, "Võ Thị Hoa", "001******001")
	mustSay(t, "open leased", h.press("binh", found, "Mở 1"), "đang được an mở")
	// A forged press on the leased record changes nothing either.
	h.handle("binh", flows.Event{Kind: flows.EventButton, Data: "ok:" + itoa(first.ID) + ":1"})
	if got := h.get(first.ID); got.State != flows.StateAssigned {
		t.Errorf("binh changed a record leased to an: %s", got.State)
	}
	// After the lease expires, binh may take it.
	h.clock.Add(11 * time.Minute)
	opened := h.press("binh", found, "Mở 1")
	mustSay(t, "after expiry", opened, "Võ Thị Hoa")
	h.press("binh", opened, "Đúng hết")
}

func TestForgedCallbackOtherVillage(t *testing.T) {
	h := newHarness(t)
	rec := h.record(h.dong.ID, "Bùi Thị Lan", "1975", "female", "")
	h.join("tu", 201, flows.RoleVillage, h.tay.ID)
	for _, data := range []string{"ok:" + itoa(rec.ID) + ":1", "open:" + itoa(rec.ID) + ":1", "save:" + itoa(rec.ID) + ":1", "ed:" + itoa(rec.ID) + ":1:name", "zz", ""} {
		outs := h.handle("tu", flows.Event{Kind: flows.EventButton, Data: data})
		if len(outs) == 0 {
			t.Errorf("forged %q: no answer", data)
		}
	}
	mustSay(t, "find other village", h.cmd("tu", "find", "bui thi lan"), "Không tìm thấy")
	if got := h.get(rec.ID); got.Version != 1 || got.State != flows.StateAssigned {
		t.Errorf("forged callbacks changed the record: v%d %s", got.Version, got.State)
	}
}

func TestGeneralCommands(t *testing.T) {
	h := newHarness(t)
	h.record(h.dong.ID, "Hoàng Văn Nam", "1960", "male", "")
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	mustSay(t, "where idle", h.cmd("an", "where", ""), "không làm dở")
	card := h.cmd("an", "next", "")
	h.press("an", card, "Họ tên")
	mustSay(t, "where edit", h.cmd("an", "where", ""), "Họ tên")
	mustSay(t, "edited", h.handle("an", flows.Event{Kind: flows.EventEdited, Text: "x"}), "tin nhắn đã sửa")
	mustSay(t, "cancel", h.cmd("an", "cancel", ""), "Đã huỷ")
	mustSay(t, "cancel again", h.cmd("an", "cancel", ""), "Không có việc gì")
	mustSay(t, "lang", h.cmd("an", "lang", "en"), "Switched to English")
	mustSay(t, "english card", h.cmd("an", "next", ""), "Record 1/1", "Hoàng Văn Nam", "(year only)")
	mustSay(t, "bad lang", h.cmd("an", "lang", "fr"), "/lang vi")
	mustSay(t, "unknown", h.cmd("an", "sign", ""), "not available")
	mustSay(t, "progress", h.cmd("an", "progress", ""), "Thôn Đông: 0/1")
}

func TestReturnedFirst(t *testing.T) {
	h := newHarness(t)
	h.record(h.dong.ID, "Ngô Văn Một", "1970", "male", "")
	ret := h.record(h.dong.ID, "Ngô Văn Hai", "1971", "male", "")
	ret.ReturnReason, ret.ReturnNote = "typo", "sai năm sinh"
	h.walk(ret, flows.StateReturned)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	mustSay(t, "returned first", h.cmd("an", "next", ""), "Ngô Văn Hai", "Công an trả lại", "sai năm sinh")
}
