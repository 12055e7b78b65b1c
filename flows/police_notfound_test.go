package flows

import (
	"testing"

	"lamsach/flows/msg"
)

// TestNotFoundConfirmation: the police button and answer for a record not
// found say which reason they confirm, whatever language the village
// reviewed in; a note without a reason keeps the general wording.
func TestNotFoundConfirmation(t *testing.T) {
	for note, want := range map[string]string{
		"Đã mất":                     "✅ Xác nhận: đã mất",
		"Đã mất năm 2023":            "✅ Xác nhận: đã mất",
		"Moved away: to Cần Thơ":     "✅ Xác nhận: đã chuyển đi",
		"Đã chuyển đi: lên Sài Gòn":  "✅ Xác nhận: đã chuyển đi",
		"Không rõ người này":         "✅ Xác nhận: không có người này",
		"không ai ở thôn biết người": "✅ Xác nhận: không tìm thấy người",
	} {
		if got := msg.T(msg.VI, notFoundKey("police.btn.confirm_not_found", note)); got != want {
			t.Errorf("note %q: button %q, want %q", note, got, want)
		}
	}
	for _, r := range notFoundReasons {
		for _, key := range []string{"police.btn.confirm_not_found.", "police.confirmed.not_found."} {
			if !msg.HasIn(msg.VI, key+r) || !msg.HasIn(msg.EN, key+r) {
				t.Errorf("%s%s is missing from a catalog", key, r)
			}
		}
	}
	if got := msg.T(msg.EN, notFoundKey("police.confirmed.not_found", "Đã mất")); got != "✅ Confirmed: this person has died, as the village reported." {
		t.Errorf("English answer: %q", got)
	}
}
