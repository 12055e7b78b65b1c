package flows_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

// signedWorld imports the station list and signs four of its records as
// the process would leave them: rows 12 (bad ID) and 14 (no ID) corrected
// for the import file, rows 9 and 10 (wrong information) for the edit
// list, row 10 with a corrected name.
func signedWorld(t *testing.T) (*harness, map[int]flows.Record) {
	h := stationWorld(t)
	h.press("tram", h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx")), "Nhập")
	byRow := map[int]flows.Record{}
	for _, r := range h.stRecords("") {
		byRow[r.RowNum] = r
	}
	fix := func(row int, change func(*flows.Record)) {
		cur := byRow[row]
		change(&cur)
		cur.VillageID = h.dong.ID
		byRow[row] = h.walk(cur, flows.StateSigned)
	}
	fix(12, func(r *flows.Record) { r.Fields.ID = vn.ID{Number: "001175000321", Kind: vn.IDCCCD} })
	fix(14, func(r *flows.Record) { r.Fields.ID = vn.ID{Number: "001090012345", Kind: vn.IDCCCD} })
	fix(9, func(r *flows.Record) {})
	fix(10, func(r *flows.Record) { r.Name = "Trần Thị Hòa Bình" })
	return h, byRow
}

func TestStationExportNothing(t *testing.T) {
	h := stationWorld(t)
	mustSay(t, "empty", h.cmd("tram", "export", ""), "Chưa có hồ sơ nào đã ký bàn giao")
	h.record(h.dong.ID, "Lê Văn Một", "1980", "male", "")
	mustSay(t, "not signed", h.cmd("tram", "export", ""), "Chưa có hồ sơ nào đã ký bàn giao")
	mustSay(t, "forged press", h.stPressData("tram", "exp:0:0:import"), "Không còn hồ sơ nào chờ tải")
	mustSay(t, "unknown kind", h.stPressData("tram", "exp:0:0:bogus"), "Nút này không còn dùng được")
}

func TestStationExportImportFile(t *testing.T) {
	h, byRow := signedWorld(t)
	offer := h.cmd("tram", "export", "")
	mustSay(t, "offer", offer, "Tệp import (thiếu hoặc sai định dạng số CCCD/CMND): 2", "Danh sách sửa (sai thông tin, người không tìm thấy): 2")
	got := h.press("tram", offer, "Tệp import")
	f := stFileOut(t, got)
	if f.File.Name != "tep-import-dot-1.xlsx" || !f.Personal {
		t.Errorf("file %q personal %v", f.File.Name, f.Personal)
	}
	mustSay(t, "caption", got, "Đợt 1 · tệp import · 2 hồ sơ", "/entered 1", "1 ngày sinh chỉ có tháng/năm hoặc năm", "lưu tệp về máy")
	cells := stCells(t, fileData(f.File))
	want := map[string]string{
		// row 12 of the list: year-only date written as 01/01, gender 1, ID with its zeros, phone as sent
		"A9": "1", "B9": "Pham Thi Thuy", "C9": "01/01/1975", "D9": "1", "G9": "01689123456", "H9": "001175000321",
		// row 14: Thôn Đông, ID with two leading zeros
		"A10": "2", "B10": "Nguyễn Văn An", "C10": "12/05/1990", "D10": "0", "H10": "001090012345", "P10": "Thôn Đông",
		"Q10": "Thôn Đông, xã Tân Phú",
	}
	for ref, w := range want {
		if cells[ref] != w {
			t.Errorf("import file %s = %q, want %q", ref, cells[ref], w)
		}
	}
	if cells["A11"] != "" {
		t.Errorf("import file has a third row: %q", cells["B11"])
	}
	for _, ref := range []string{"B9", "B10"} {
		if !norm.NFC.IsNormalString(cells[ref]) {
			t.Errorf("%s %q is not NFC", ref, cells[ref])
		}
	}
	for _, row := range []int{12, 14} {
		rec := h.get(byRow[row].ID)
		if rec.State != flows.StateExported || rec.ExportID == 0 || rec.Version != byRow[row].Version+1 {
			t.Errorf("row %d after export: state %s export %d version %d", row, rec.State, rec.ExportID, rec.Version)
		}
		if !stHasEntry(h.stHistory(rec.ID), "state", "signed", "exported") {
			t.Errorf("row %d: no audit entry for the export", row)
		}
	}
	if rec := h.get(byRow[9].ID); rec.State != flows.StateSigned {
		t.Errorf("the edit-list record moved with the import file: %s", rec.State)
	}
	mustSay(t, "second press", h.press("tram", offer, "Tệp import"), "Không còn hồ sơ nào chờ tải")
	mustSay(t, "offer again", h.cmd("tram", "export", ""), "Tệp import (thiếu hoặc sai định dạng số CCCD/CMND): 0", "Danh sách sửa (sai thông tin, người không tìm thấy): 2")
}

func TestStationExportEditList(t *testing.T) {
	h, byRow := signedWorld(t)
	got := h.press("tram", h.cmd("tram", "export", ""), "Danh sách sửa")
	f := stFileOut(t, got)
	if f.File.Name != "danh-sach-sua-dot-1.xlsx" {
		t.Errorf("file %q", f.File.Name)
	}
	mustSay(t, "caption", got, "Đợt 1 · danh sách sửa · 2 hồ sơ", "/entered 1")
	cells := stCells(t, fileData(f.File))
	want := map[string]string{
		"A6": "1", "C6": "Nguyễn Văn An", "D6": "Nguyễn Văn An", "E6": "12/05/1990", "I6": "087090000123", "J6": "087090000123",
		"N6": "Thôn Đông",
		"A7": "2", "C7": "Trần Thị Hoà", "D7": "Trần Thị Hòa Bình", "G7": "Nữ", "I7": "087190000456", "K7": "họ tên",
		"N7": "Thôn Đông", // the list said "Ấp 3"; the coordinator assigned it

	}
	for ref, w := range want {
		if cells[ref] != w {
			t.Errorf("edit list %s = %q, want %q", ref, cells[ref], w)
		}
	}
	for _, row := range []int{9, 10} {
		if rec := h.get(byRow[row].ID); rec.State != flows.StateExported {
			t.Errorf("row %d: %s", row, rec.State)
		}
	}
}

func TestStationEntered(t *testing.T) {
	h, byRow := signedWorld(t)
	mustSay(t, "none open", h.cmd("tram", "entered", ""), "Không có đợt nào đang chờ")
	h.press("tram", h.cmd("tram", "export", ""), "Tệp import")
	h.press("tram", h.cmd("tram", "export", ""), "Danh sách sửa")
	list := h.cmd("tram", "entered", "")
	mustSay(t, "list", list, "Đợt 1 · tệp import · 2 hồ sơ", "Đợt 2 · danh sách sửa · 2 hồ sơ")
	mustSay(t, "usage", h.cmd("tram", "entered", "một"), "Không hiểu số đợt «một»", "/entered 3")
	mustSay(t, "unknown", h.cmd("tram", "entered", "9"), "Xã không có đợt 9")
	done := h.press("tram", list, "Đợt 1")
	mustSay(t, "done", done, "Đã ghi nhận đợt 1 (tệp import)", "2 hồ sơ", "/verify")
	for _, row := range []int{12, 14} {
		rec := h.get(byRow[row].ID)
		if rec.State != flows.StateEntered || !stHasEntry(h.stHistory(rec.ID), "state", "exported", "entered") {
			t.Errorf("row %d after /entered: %s", row, rec.State)
		}
	}
	if rec := h.get(byRow[9].ID); rec.State != flows.StateExported {
		t.Errorf("batch 2 moved with batch 1: %s", rec.State)
	}
	mustSay(t, "again", h.cmd("tram", "entered", "1"), "Đợt 1 đã được đánh dấu cập nhật lúc", "Không có gì thay đổi")
	mustSay(t, "again by button", h.press("tram", list, "Đợt 1"), "đã được đánh dấu")
	mustSay(t, "#2", h.cmd("tram", "entered", "#2"), "Đã ghi nhận đợt 2 (danh sách sửa)")
	mustSay(t, "all done", h.cmd("tram", "entered", ""), "Không có đợt nào đang chờ")
}

func TestStationEnteredOtherCommune(t *testing.T) {
	h, _ := signedWorld(t)
	h.press("tram", h.cmd("tram", "export", ""), "Tệp import")
	// A second commune with its own station, whose batch 1 is not ours.
	var other flows.Commune
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		other, err = tx.CreateCommune(ctx, flows.Operator, "Xã Hòa An")
		return err
	})
	var code string
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		code, _, err = tx.CreateInvite(ctx, flows.Operator, other.ID, flows.RoleStation, nil, 1<<40)
		return err
	})
	h.people["tram2"] = 301
	mustSay(t, "join", h.cmd("tram2", "start", code), "Chào")
	mustSay(t, "other commune", h.cmd("tram2", "entered", "1"), "Xã không có đợt 1")
	mustSay(t, "other commune button", h.stPressData("tram2", "ent:0:0:1"), "Xã không có đợt 1")
	mustSay(t, "other commune list", h.cmd("tram2", "entered", ""), "Không có đợt nào")
	mustSay(t, "other commune export", h.cmd("tram2", "export", ""), "Chưa có hồ sơ nào")
	for _, r := range h.stRecords(flows.StateEntered) {
		t.Errorf("record %d entered from another commune", r.ID)
	}
	if !strings.Contains(texts(h.cmd("tram", "entered", "")), "Đợt 1") {
		t.Error("our batch 1 is no longer open")
	}
}

func TestStationReport(t *testing.T) {
	h, _ := signedWorld(t)
	outs := h.cmd("tram", "report", "")
	mustSay(t, "report", outs, "Xã Tân Phú", "Thôn Đông")
	photo := false
	for _, o := range outs {
		photo = photo || o.Kind == flows.OutPhoto
	}
	if !photo {
		t.Error("the station's report has no chart")
	}
	mustSay(t, "help", h.cmd("tram", "help", ""), "/export", "/entered", "/verify", "/report")
	mustSay(t, "idle text", h.text("tram", "chào"), "Gửi tệp Excel (.xlsx)")
	mustSay(t, "other roles' buttons", h.stPressData("tram", "ok:1:1"), "Nút này không còn dùng được")
}
