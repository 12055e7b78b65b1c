package flows_test

import (
	"strings"
	"testing"
	"time"

	"lamsach/flows"
)

// TestNoteOverTheLimitIsNotCut: a note longer than the limit (500
// characters) is never cut silently: the person is told its length and the
// limit and asked to shorten it, nothing is saved, and the shorter note
// sent next is saved whole (issue 8, point 14). The same for the village's
// "not found" note and the police's return note.
func TestNoteOverTheLimitIsNotCut(t *testing.T) {
	h := policeWorld(t)
	gone := h.record(h.dong.ID, "Đỗ Văn Sáu", "1950", "male", "")
	back := h.record(h.dong.ID, "Đặng Thị Mai", "1990-05-12", "female", "001190000777")
	long := strings.Repeat("chuyển đi ", 60) + "x"             // 601 characters
	short := strings.TrimSpace(strings.Repeat("ghi chú ", 62)) // 495 characters

	h.press("an", h.press("an", h.cmd("an", "next", ""), "Không tìm thấy"), "Đã chuyển đi")
	mustSay(t, "village note", h.text("an", long), "Ghi chú dài 601 ký tự, tối đa 500", "viết ngắn lại")
	if got := h.get(gone.ID); got.State != flows.StateAssigned || got.Note != "" {
		t.Fatalf("after the long note: %s, note %q; want nothing saved", got.State, got.Note)
	}
	mustSay(t, "village short note", h.text("an", short), "Đã ghi nhận: không tìm thấy")
	if got := h.get(gone.ID); got.State != flows.StateReviewed || !strings.HasSuffix(got.Note, short) {
		t.Errorf("after the short note: %s, note %q; want the whole note", got.State, got.Note)
	}

	h.markReviewed(back.ID, "an", flows.OutcomeUnchanged, "")
	h.clock.Add(time.Hour)
	card := h.cmd("cong", "review", "")
	for h.get(back.ID).State == flows.StateReviewed && !strings.Contains(texts(card), "Đặng Thị Mai") {
		card = h.press("cong", card, "Để sau")
	}
	h.press("cong", h.press("cong", card, "Trả lại"), "Sai người")
	mustSay(t, "police note", h.text("cong", long), "Ghi chú dài 601 ký tự, tối đa 500")
	if got := h.get(back.ID); got.State != flows.StateReviewed {
		t.Fatalf("after the long return note: %s; want still reviewed", got.State)
	}
	h.text("cong", short)
	if got := h.get(back.ID); got.State != flows.StateReturned || got.ReturnNote != short {
		t.Errorf("after the short return note: %s, note %q; want returned with the whole note", got.State, got.ReturnNote)
	}
}
