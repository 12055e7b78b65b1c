package flows_test

import (
	"testing"
	"time"
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
