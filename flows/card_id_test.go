package flows_test

import (
	"strings"
	"testing"
	"time"

	"lamsach/flows"
)

// TestLookalikeIDOnCards: an ID with letters in place of digits
// ("08708947O133", as the sample generator writes them) is never taken as
// a passport. The village card and the police card name the problem and
// offer the digit form; typed on a card, the same number (or a 9-character
// CMND with a letter) is refused with the digit form offered (issue 8,
// point 11).
func TestLookalikeIDOnCards(t *testing.T) {
	h := policeWorld(t)
	h.record(h.dong.ID, "Nguyễn Văn An", "1989-03-12", "male", "08708947O133")
	card := h.cmd("an", "next", "")
	mustSay(t, "village card", card, "08708947O133", "sai định dạng", "có phải là 087089470133 không?")
	h.press("an", card, "Số giấy tờ")
	mustSay(t, "typed CCCD", h.text("an", "08708947O133"), "có phải là 087089470133 không?")
	mustSay(t, "typed CMND", h.text("an", "12345678O"), "có phải là 123456780 không?")
	h.press("an", h.text("an", "087089470133"), "Lưu")
	h.clock.Add(time.Hour)
	mustSay(t, "police card", h.cmd("cong", "review", ""), "087089470133")
}

// TestCheckCardWarningsFollowTheValues: the check card's warnings are
// those of the values as they will be saved (issue 8, point 13). A typed
// ID whose CCCD says female on a male record is flagged; once the gender
// is set to female too, the check card no longer says they disagree; set
// back to male, it says so again.
func TestCheckCardWarningsFollowTheValues(t *testing.T) {
	h := policeWorld(t)
	h.record(h.dong.ID, "Hồ Văn Ba", "1991-02-03", "male", "001091000333")
	h.press("an", h.cmd("an", "next", ""), "Số giấy tờ")
	const disagree = "số CCCD ghi giới tính Nữ, khác giới tính trong hồ sơ"
	check := h.text("an", "001191000444")
	mustSay(t, "female CCCD on a male record", check, disagree)
	check = h.press("an", h.press("an", h.press("an", check, "Sửa tiếp"), "Giới tính"), "Nữ")
	mustSay(t, "gender set to female", check, "Giới tính: Nam → <b>Nữ</b>")
	if strings.Contains(texts(check), disagree) {
		t.Errorf("the check card still says the CCCD and the gender disagree:\n%s", texts(check))
	}
	check = h.press("an", h.press("an", h.press("an", check, "Sửa tiếp"), "Giới tính"), "Nam")
	mustSay(t, "gender set back to male", check, disagree)
}

// TestQRMakingADuplicateIsNamed: a pasted QR that gives a record the ID
// another record of the commune already has is named on the check card
// (the other record's village and masked name) before saving, and the
// police card shows it too (issue 8, point 13).
func TestQRMakingADuplicateIsNamed(t *testing.T) {
	h := policeWorld(t)
	h.record(h.tay.ID, "Nguyễn Văn Anh", "1990-01-01", "male", "001090123456")
	rec := h.record(h.dong.ID, "Nguyễn Văn An", "1990", "male", "")
	h.press("an", h.cmd("an", "next", ""), "Dán mã QR")
	check := h.text("an", "001090123456|012345678|NGUYỄN VĂN AN|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021")
	mustSay(t, "check card", check, "→ <b>001090123456</b>", "cũng có ở hồ sơ khác của xã", "Nguyễn V. A. · Thôn Tây")
	h.press("an", check, "Lưu")
	if got := h.get(rec.ID); got.Fields.ID.Number != "001090123456" || got.State != flows.StateReviewed {
		t.Fatalf("after saving: %s %s", got.Fields.ID.Number, got.State)
	}
	h.clock.Add(time.Hour)
	mustSay(t, "police card", h.cmd("cong", "review", ""), "cũng có ở hồ sơ khác của xã", "Thôn Tây")
}
