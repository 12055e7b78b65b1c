package flows_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"lamsach/flows"
)

// resendFile writes a list of people (name, date of birth, gender, ID,
// village, note) under the header of the transcripts' lists.
func resendFile(t *testing.T, rows ...[]string) []byte {
	all := [][]string{{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn", "Ghi chú"}}
	for i, r := range rows {
		all = append(all, append([]string{fmt.Sprint(i + 1)}, r...))
	}
	return flows.SheetFile(t, all)
}

// importFile sends a list as the station member and presses [Nhập].
func (h *harness) importFile(name string, data []byte) []flows.Out {
	h.t.Helper()
	return h.press("tram", h.stUpload("tram", name, data), "Nhập")
}

func TestResendSkip(t *testing.T) {
	h := stationWorld(t)
	h.importFile("ds.xlsx", resendFile(t, resendAn, resendBinh))
	outs := h.importFile("ds2.xlsx", resendFile(t, resendAn, with(resendBinh, 0, "Trần Thị Bình")))
	mustSay(t, "tram", outs, "Đã ghi nhận «ds2.xlsx»: không có hồ sơ mới", "Họ tên: Tran Thi Binh → Trần Thị Bình")
	for _, o := range outs {
		if o.ChatID == h.people["an"] || o.ChatID == h.people["xa"] {
			t.Errorf("someone was told of new records: %q", o.Text)
		}
	}
	apply := stButtonData(t, outs, "Sửa 1 hồ sơ")
	mustSay(t, "tram", h.press("tram", outs, "Bỏ qua"), "Đã bỏ qua 1 sửa đổi theo «ds2.xlsx»")
	mustSay(t, "tram", h.stPressData("tram", apply), "Không còn sửa đổi nào theo «ds2.xlsx»")
	for _, r := range h.stRecords("") {
		if r.Version != 1 {
			t.Errorf("record %d (%s) changed: v%d", r.ID, r.Name, r.Version)
		}
	}
	mustSay(t, "tram", h.cmd("tram", "where", ""), "Bạn đang không làm dở việc gì")
}

func TestResendButtonsOfOthers(t *testing.T) {
	h := stationWorld(t)
	h.importFile("ds.xlsx", resendFile(t, resendAn, resendBinh))
	outs := h.importFile("ds2.xlsx", resendFile(t, resendAn, with(resendBinh, 0, "Trần Thị Bình")))
	apply := stButtonData(t, outs, "Sửa 1 hồ sơ")
	// A preview still waiting has no corrections to apply.
	pending := stButtonData(t, h.stUpload("tram", "ds3.xlsx", resendFile(t, resendCuong)), "Nhập")
	arg := pending[strings.LastIndex(pending, ":")+1:]
	for data, want := range map[string]string{
		"amd:0:0:" + arg: "Nút này không còn dùng được",
		"amd:0:0:x":      "Nút này không còn dùng được",
		"ams:0:0:99999":  "Tệp này không còn",
	} {
		if got := texts(h.stPressData("tram", data)); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want %q", data, got, want)
		}
	}
	// Another member's role has no such button.
	if got := texts(h.stPressData("an", apply)); strings.Contains(got, "Đã sửa") {
		t.Errorf("a village member applied the corrections: %q", got)
	}
	// The corrections are still there for the station.
	mustSay(t, "tram", h.stPressData("tram", apply), "Đã sửa 1 hồ sơ theo «ds2.xlsx»")
}

func TestResendWhoseNewRowsArrivedMeanwhile(t *testing.T) {
	h := stationWorld(t)
	h.importFile("ds.xlsx", resendFile(t, resendAn))
	preview := h.stUpload("tram", "ds2.xlsx", resendFile(t, resendAn, resendBinh))
	mustSay(t, "tram", preview, "1 dòng mới", "1 dòng đã có, giống hệt")
	h.importFile("binh.xlsx", resendFile(t, resendBinh))
	mustSay(t, "tram", h.press("tram", preview, "Nhập"), "mọi dòng đọc được đều đã có trong xã")
	if n := len(h.stRecords("")); n != 2 {
		t.Errorf("%d records, want 2", n)
	}
	mustSay(t, "tram", h.cmd("tram", "where", ""), "Bạn đang không làm dở việc gì")
}

// utf16Len is a text's length as Telegram counts it.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func TestResendMessagesFitTelegram(t *testing.T) {
	h := stationWorld(t)
	var first, again [][]string
	for i := range 300 {
		id := fmt.Sprintf("0010900%05d", i)
		name := "Nguyễn Thị Phương Hoa Thảo " + strings.Repeat("Ánh ", i%5)
		first = append(first, []string{name, "12/05/1990", "Nam", id, "Thôn Đông", ""})
		again = append(again, []string{name + "Mới", "12/05/1990", "Nam", id, "Thôn Tây", ""})
	}
	again = append(again, again[0], again[1]) // two records matched twice
	h.importFile("ds.xlsx", resendFile(t, first...))
	preview := h.stUpload("tram", "ds2.xlsx", resendFile(t, again...))
	mustSay(t, "tram", preview, "298 dòng khác hồ sơ đã có (Họ tên 298 · Thôn 298)", "4 dòng cùng khớp một hồ sơ")
	outs := h.press("tram", preview, "Nhập")
	list := outs[len(outs)-1].Text
	shown := strings.Count(list, "\n• Dòng ")
	if shown < 5 || shown > 20 || !strings.Contains(list, fmt.Sprintf("… và %d dòng khác.", 298-shown)) {
		t.Errorf("the list shows %d rows:\n%s", shown, list)
	}
	t.Logf("the list shows %d of 298 rows in %d characters", shown, utf16Len(list))
	stButtonData(t, outs, "Sửa 298 hồ sơ")
	for _, o := range append(preview, outs...) {
		if n := utf16Len(o.Text); n > 4096 {
			t.Errorf("a message of %d characters:\n%s", n, o.Text)
		}
	}
	done := h.press("tram", outs, "Sửa 298")
	mustSay(t, "tram", done, "Đã sửa 298 hồ sơ")
	for _, r := range h.stRecords("") {
		if r.VillageID != h.dong.ID {
			t.Errorf("record %d moved to village %d: villages are never changed from a list", r.ID, r.VillageID)
		}
	}
}
