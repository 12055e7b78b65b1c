package flows_test

import (
	"bytes"
	"testing"

	"lamsach/flows"
)

// verifyList is the platform's verification list for signedWorld once both
// batches are out: two verified, one still wrong, one naming no record, one
// worded unknowingly and one that fits two records.
func verifyList(t *testing.T) []byte {
	return flows.SheetFile(t, [][]string{
		{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND/CCCD", "Kết quả xác minh"},
		{"1", "Nguyễn Văn An", "12/05/1990", "Nam", "001090012345", "Đã xác thực"},
		{"2", "Phạm Thị Thủy", "1975", "Nữ", "001175000321", "Không khớp thông tin"},
		{"3", "Trần Thị Hòa Bình", "01/01/1990", "Nữ", "087190000456", "Khớp"},
		{"4", "Lê Văn Không", "01/02/1980", "Nam", "001080099999", "Đã xác thực"},
		{"5", "Nguyễn Văn An", "12/05/1990", "Nam", "087090000123", "Đang chờ"},
		{"6", "Nguyễn Văn An", "12/05/1990", "Nam", "", "Thành công"},
	})
}

func TestStationVerify(t *testing.T) {
	h, byRow := signedWorld(t)
	h.press("tram", h.cmd("tram", "export", ""), "Tệp import")
	h.press("tram", h.cmd("tram", "export", ""), "Danh sách sửa")
	h.cmd("tram", "entered", "1")

	mustSay(t, "ask", h.cmd("tram", "verify", ""), "Gửi danh sách xác minh", "Kết quả xác minh")
	mustSay(t, "text while waiting", h.text("tram", "đây"), "đang chờ tệp danh sách xác minh")
	mustSay(t, "where while waiting", h.cmd("tram", "where", ""), "Gửi danh sách xác minh")
	mustSay(t, "not a verification list", h.stUpload("tram", "ds.xlsx", stFixture(t, "station-list.xlsx")),
		"không có cột kết quả xác minh")
	if n := len(h.stRecords("")); n != 5 {
		t.Fatalf("a list sent for verification was imported: %d records", n)
	}
	preview := h.stUpload("tram", "xac-minh.xlsx", verifyList(t))
	mustSay(t, "preview", preview, "xac-minh.xlsx", "6 dòng", "Chưa cập nhật gì",
		"Đã xác thực: 2 hồ sơ", "Vẫn sai: 1 hồ sơ\n   · Phạm Thị Thủy, 1975\n",
		"Không khớp: 3 dòng (1 không thấy hồ sơ đã xuất, 1 khớp nhiều hồ sơ, 1 kết quả không rõ)", "«Đang chờ»")
	if got := h.get(byRow[14].ID); got.State != flows.StateEntered {
		t.Fatalf("the preview changed a record: %s", got.State)
	}
	done := h.press("tram", preview, "Cập nhật")
	mustSay(t, "done", done, "Đã cập nhật kết quả xác minh cho 3 hồ sơ", "Vẫn sai: 1 hồ sơ\n   · Phạm Thị Thủy, 1975\n")
	for row, want := range map[int]flows.State{14: flows.StateVerified, 12: flows.StateStillWrong, 10: flows.StateVerified, 9: flows.StateExported} {
		rec := h.get(byRow[row].ID)
		if rec.State != want {
			t.Errorf("row %d: %s, want %s", row, rec.State, want)
		}
	}
	if !stHasEntry(h.stHistory(byRow[14].ID), "state", "entered", "verified") ||
		!stHasEntry(h.stHistory(byRow[10].ID), "state", "exported", "verified") {
		t.Error("verification not audited")
	}
	mustSay(t, "press twice", h.press("tram", preview, "Cập nhật"), "đã được nhập rồi")

	// The same list again changes nothing and says so.
	again := h.stUpload("tram", "xac-minh.xlsx", verifyList(t))
	mustSay(t, "again", again, "Trong số đó, 3 hồ sơ đã có kết quả này từ lần cập nhật trước.")
	mustSay(t, "again applied", h.press("tram", again, "Cập nhật"), "cho 0 hồ sơ")
}

func TestStationVerifyFixtureWithoutCommand(t *testing.T) {
	h, byRow := signedWorld(t)
	h.press("tram", h.cmd("tram", "export", ""), "Danh sách sửa")
	// The platform's list is recognised by its result column alone.
	preview := h.stUpload("tram", "verification-list.xlsx", stFixture(t, "verification-list.xlsx"))
	mustSay(t, "preview", preview, "Đã xác thực: 1 hồ sơ", "Vẫn sai: 0 hồ sơ", "1 không thấy hồ sơ đã xuất")
	mustSay(t, "cancel", h.press("tram", preview, "Huỷ"), "Đã huỷ tệp")
	if rec := h.get(byRow[9].ID); rec.State != flows.StateExported {
		t.Errorf("cancelled verification changed row 9: %s", rec.State)
	}
	nothing := h.stUpload("tram", "other.xlsx", flows.SheetFile(t, [][]string{
		{"Họ và tên", "Số CCCD", "Kết quả xác minh"},
		{"Ai Đó", "001099000001", "Đã xác thực"}}))
	mustSay(t, "nothing matches", nothing, "không dòng nào khớp", "Không có gì thay đổi")
	if len(nothing) != 1 || len(nothing[0].Buttons) != 0 {
		t.Errorf("a list that matches nothing offers buttons: %+v", nothing)
	}
}

func TestStationRoleChecks(t *testing.T) {
	h, _ := signedWorld(t)
	h.press("tram", h.cmd("tram", "export", ""), "Tệp import")
	preview := h.stUpload("tram", "ds.xlsx", flows.SheetFile(t, [][]string{
		{"Họ và tên", "Ngày sinh", "Số CCCD"}, {"Mới Một", "01/01/1980", "001080000001"}}))
	imp, cancel := stButtonData(t, preview, "Nhập"), stButtonData(t, preview, "Huỷ")
	vfy := "vfy" + imp[3:]
	before := len(h.stRecords(""))
	signed := len(h.stRecords(flows.StateSigned))
	for _, who := range []string{"an", "ca", "xa", "stranger"} {
		var outs []flows.Out
		for _, c := range []string{"export", "entered", "verify"} {
			outs = append(outs, h.cmd(who, c, "1")...)
		}
		outs = append(outs, h.stUpload(who, "ds.xlsx", stFixture(t, "station-list.xlsx"))...)
		for _, data := range []string{imp, cancel, vfy, "exp:0:0:edit", "exp:0:0:import", "ent:0:0:1"} {
			outs = append(outs, h.stPressData(who, data)...)
		}
		got := texts(outs)
		for _, bad := range []string{"Đã nhập", "Đợt 2", "Đã ghi nhận", "Đã huỷ tệp", "Đã cập nhật", "xem trước"} {
			if bytes.Contains([]byte(got), []byte(bad)) {
				t.Errorf("%s: a station action went through (%q):\n%s", who, bad, got)
			}
		}
		if stHasFile(outs) {
			t.Errorf("%s: got a file", who)
		}
		if len(outs) < 10 {
			t.Errorf("%s: %d answers to 10 attempts; every attempt must be answered", who, len(outs))
		}
	}
	if n := len(h.stRecords("")); n != before {
		t.Errorf("records %d → %d", before, n)
	}
	if n := len(h.stRecords(flows.StateSigned)); n != signed {
		t.Errorf("signed records %d → %d", signed, n)
	}
	mustSay(t, "batch 1 still open", h.cmd("tram", "entered", ""), "Đợt 1 · tệp import")
	mustSay(t, "preview still pending", h.cmd("tram", "where", ""), "«ds.xlsx» đang chờ")
	mustSay(t, "station can still import", h.press("tram", preview, "Nhập"), "Đã nhập 1 hồ sơ")
}
