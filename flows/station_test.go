package flows_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// to returns the messages of outs sent to Telegram chat id.
func stTo(outs []flows.Out, chat int64) []flows.Out {
	var got []flows.Out
	for _, o := range outs {
		if o.ChatID == chat {
			got = append(got, o)
		}
	}
	return got
}

func TestStationImportPreviewThenImport(t *testing.T) {
	h := stationWorld(t)
	preview := h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx"))
	mustSay(t, "preview", preview,
		"station-list.xlsx", "chưa lưu gì",
		"B «Họ và tên» → họ tên", "E «Số CMND/CCCD» → số giấy tờ", "Cột không dùng: A «STT», I «Ghi chú»",
		"5 dòng đọc được, 3 dòng có lỗi", "thiếu số CCCD/CMND 2", "mất số 0", "1 số ngày của Excel",
		"dòng 9 và 14", "087******123", "C11: năm chỉ có 2 chữ số",
		"Theo thôn: Thôn Đông 2 · chưa rõ thôn 3", "lưu 5 hồ sơ đọc được (3 dòng có lỗi")
	if strings.Contains(texts(preview), "087090000123") {
		t.Error("the preview shows a full ID number")
	}
	card := preview[0]
	if !card.Personal || len(card.Buttons) != 1 || len(card.Buttons[0]) != 2 {
		t.Fatalf("preview card: personal %v, buttons %+v", card.Personal, card.Buttons)
	}
	errs := stFileOut(t, preview)
	if errs.File.Name != "loi-station-list.xlsx" || !errs.Personal || !strings.Contains(errs.Text, "3 dòng có lỗi") {
		t.Errorf("error file %q personal %v caption %q", errs.File.Name, errs.Personal, errs.Text)
	}
	// The note names the bad cell where it is in the error file (header
	// rows 1–2, then the rows), and the row's number in the list sent.
	cells := stCells(t, errs.File.Data)
	var errCol []string
	for ref, v := range cells {
		if strings.Contains(v, "trong tệp đã gửi") {
			errCol = append(errCol, ref+"="+v)
		}
	}
	slices.Sort(errCol)
	want := "J3=C3: năm chỉ có 2 chữ số; hãy ghi đủ 4 chữ số, ví dụ 15/05/1990\n(dòng 11 trong tệp đã gửi)|" +
		"J4=D4: giới tính ghi Nam hoặc Nữ\n(dòng 13 trong tệp đã gửi)|J5=C5: ngày không có trên lịch (ví dụ 31/02); hãy kiểm tra lại\n(dòng 15 trong tệp đã gửi)"
	if got := strings.Join(errCol, "|"); got != want {
		t.Errorf("error column:\n%s\nwant\n%s", got, want)
	}
	if got := h.stRecords(""); len(got) != 0 {
		t.Fatalf("%d records stored before [Nhập]", len(got))
	}

	done := h.press("tram", preview, "Nhập")
	mustSay(t, "imported", stTo(done, 201), "Đã nhập 5 hồ sơ", "Thôn Đông 2", "3 hồ sơ chưa rõ thôn", "3 dòng có lỗi")
	mustSay(t, "village told", stTo(done, 202), "Có 2 hồ sơ mới", "/next")
	mustSay(t, "coordinator told", stTo(done, 203), "5 hồ sơ", "3 hồ sơ chưa rõ thôn", "/assign")
	if n := len(stTo(done, 204)); n != 0 {
		t.Errorf("police got %d messages about an import", n)
	}
	recs := h.stRecords("")
	if len(recs) != 5 {
		t.Fatalf("%d records stored, want 5", len(recs))
	}
	byRow := map[int]flows.Record{}
	for _, r := range recs {
		byRow[r.RowNum] = r
	}
	an := byRow[9]
	if an.VillageID != h.dong.ID || an.State != flows.StateAssigned || an.ImportID == 0 || an.Version != 1 {
		t.Errorf("row 9: village %d state %s import %d version %d", an.VillageID, an.State, an.ImportID, an.Version)
	}
	if !slices.Contains(an.Warnings, vn.Issue{Code: "dup_person", Field: vn.FieldName, Arg: "14"}) ||
		!slices.Contains(an.Warnings, vn.Issue{Code: "dup_id", Field: vn.FieldID, Arg: "15"}) {
		t.Errorf("row 9 is not marked as the earlier of its pairs: %+v", an.Warnings)
	}
	if dup := byRow[14]; !slices.Contains(dup.Warnings, vn.Issue{Code: "dup_person", Field: vn.FieldName, Arg: "9"}) {
		t.Errorf("row 14 warnings %+v", dup.Warnings)
	}
	hoa := byRow[10]
	if hoa.Fields.ID.Number != "087190000456" || hoa.Orig != hoa.Fields || hoa.IDRaw != "87190000456" ||
		hoa.Phone != "0906331568" || hoa.VillageID != 0 || hoa.State != flows.StateImported || hoa.VillageText != "Ấp 3" {
		t.Errorf("row 10: %+v", hoa)
	}
	if len(hoa.Original) < 9 || hoa.Original[4] != "87190000456" || hoa.Original[6] != "906331568" {
		t.Errorf("row 10 original cells %q", hoa.Original)
	}
	thuy := byRow[12]
	if thuy.Problem != vn.ProblemBadIDFormat || thuy.IDRaw != "12345678901234" || !stHasCode(thuy.Warnings, vn.CodeIDLength) {
		t.Errorf("row 12: problem %s raw %q warnings %+v", thuy.Problem, thuy.IDRaw, thuy.Warnings)
	}
	for _, row := range []int{11, 13, 15} {
		if _, ok := byRow[row]; ok {
			t.Errorf("row %d has errors but was stored", row)
		}
	}

	again := h.press("tram", preview, "Nhập")
	mustSay(t, "second press", again, "đã được nhập rồi")
	if n := len(h.stRecords("")); n != 5 {
		t.Errorf("a second press changed the records: %d", n)
	}
	mustSay(t, "cancel after import", h.press("tram", preview, "Huỷ"), "đã được nhập rồi")
}

func stHasCode(is []vn.Issue, code string) bool {
	for _, i := range is {
		if i.Code == code {
			return true
		}
	}
	return false
}

func TestStationImportCancelStoresNothing(t *testing.T) {
	h := stationWorld(t)
	preview := h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx"))
	mustSay(t, "cancel", h.press("tram", preview, "Huỷ"), "Đã huỷ tệp «station-list.xlsx»", "tệp đã được xoá")
	if n := len(h.stRecords("")); n != 0 {
		t.Fatalf("%d records after cancelling", n)
	}
	mustSay(t, "import after cancel", h.press("tram", preview, "Nhập"), "đã bị huỷ")
	mustSay(t, "cancel twice", h.press("tram", preview, "Huỷ"), "đã bị huỷ")
	if n := len(h.stRecords("")); n != 0 {
		t.Fatalf("%d records after pressing a cancelled preview", n)
	}
}

func TestStationCancelCommandAndWhere(t *testing.T) {
	h := stationWorld(t)
	preview := h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx"))
	where := h.cmd("tram", "where", "")
	mustSay(t, "where", where, "station-list.xlsx", "đang chờ bạn bấm")
	if stButtonData(t, where, "Nhập") != stButtonData(t, preview, "Nhập") {
		t.Error("/where shows other buttons than the preview")
	}
	mustSay(t, "cancel", h.cmd("tram", "cancel", ""), "Đã huỷ 1 tệp")
	mustSay(t, "press after /cancel", h.press("tram", preview, "Nhập"), "đã bị huỷ")
	mustSay(t, "cancel again", h.cmd("tram", "cancel", ""), "Không có việc gì để huỷ")
	if n := len(h.stRecords("")); n != 0 {
		t.Fatalf("%d records stored", n)
	}
}

func TestStationUploadExpires(t *testing.T) {
	h := stationWorld(t)
	preview := h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx"))
	mustSay(t, "preview", preview, "Tệp được giữ đến")
	h.clock.Add(25 * time.Hour)
	mustSay(t, "late press", h.press("tram", preview, "Nhập"), "đã hết hạn", "đã được xoá")
	if n := len(h.stRecords("")); n != 0 {
		t.Fatalf("%d records stored from an expired upload", n)
	}
	mustSay(t, "where", h.cmd("tram", "where", ""), "không làm dở việc gì")
}

func TestStationSameFileTwice(t *testing.T) {
	h := stationWorld(t)
	data := stFixture(t, "station-list.xlsx")
	h.press("tram", h.stUpload("tram", "station-list.xlsx", data), "Nhập")
	again := h.stUpload("tram", "ban-sao.xlsx", data)
	mustSay(t, "same file", again, "«station-list.xlsx» đã được nhập lúc", "(5 hồ sơ)", "Không nhập lại")
	if len(again) != 1 || len(again[0].Buttons) != 0 {
		t.Errorf("the refusal offers buttons: %+v", again)
	}
	// Two previews of one file: the second [Nhập] finds it imported.
	h2 := stationWorld(t)
	first := h2.stUpload("tram", "a.xlsx", data)
	second := h2.stUpload("tram", "b.xlsx", data)
	h2.press("tram", first, "Nhập")
	mustSay(t, "second preview", h2.press("tram", second, "Nhập"), "đã được nhập lúc")
	if n := len(h2.stRecords("")); n != 5 {
		t.Errorf("%d records after importing one file twice, want 5", n)
	}
	mustSay(t, "second preview dropped", h2.press("tram", second, "Nhập"), "đã bị huỷ")
}

func TestStationRefusedFiles(t *testing.T) {
	h := stationWorld(t)
	for _, c := range []struct{ file, want string }{
		{"station-list.ods", "OpenDocument (.ods)"},
		{"list-cp1258.csv", "tệp văn bản CSV"},
		{"list-utf16.csv", "tệp văn bản CSV"},
		{"encrypted.xlsx", "đặt mật khẩu"},
		{"legacy-tcvn3.xlsx", "bảng mã cũ (TCVN3/VNI)"},
		{"platform-import-template-2021.xls", "tệp Excel cũ (.xls)"},
		{"no-header.xlsx", "Không tìm thấy dòng tiêu đề"},
		{"platform-import-template-2021.xlsx", "không có dòng dữ liệu nào"},
	} {
		outs := h.stUpload("tram", c.file, stFixture(t, c.file))
		mustSay(t, c.file, outs, c.want)
		if len(outs) != 1 || len(outs[0].Buttons) > 0 || stHasFile(outs) {
			t.Errorf("%s: want one plain answer, got %+v", c.file, outs)
		}
	}
	outs := h.handle("tram", flows.Event{Kind: flows.EventDocument,
		Doc: &flows.Document{Name: "danh-sach.xlsx", Size: 25 << 20}})
	mustSay(t, "over the download limit", outs, "nặng 25 MB", "quá giới hạn 20 MB", "chia danh sách", "self-hosted")
	outs = h.handle("tram", flows.Event{Kind: flows.EventDocument,
		Doc: &flows.Document{Name: "danh-sach.xlsx", Size: 20<<20 + 1}})
	mustSay(t, "just over the download limit", outs, "nặng 21 MB", "quá giới hạn 20 MB")
	outs = h.handle("tram", flows.Event{Kind: flows.EventDocument, Doc: &flows.Document{Name: "big.xlsx"}})
	mustSay(t, "over the limit, size unknown", outs, "không tải được tệp «big.xlsx»", "20 MB")
	photo := h.handle("tram", flows.Event{Kind: flows.EventDocument,
		Doc: &flows.Document{Name: "anh.jpg", MIME: "image/jpeg", Size: 3, Data: []byte{0xff, 0xd8, 0xff}}})
	mustSay(t, "photo", photo, "«anh.jpg» không phải bảng tính Excel", ".xlsx")
	pdf := h.handle("tram", flows.Event{Kind: flows.EventDocument,
		Doc: &flows.Document{Name: "cong-van", MIME: "application/pdf", Size: 5, Data: []byte("%PDF-")}})
	mustSay(t, "pdf", pdf, "không phải bảng tính Excel")
	junk := h.stUpload("tram", "list.xlsx", []byte("PK\x03\x04 not really a zip"))
	mustSay(t, "junk", junk, "Tệp bị hỏng")
	if n := len(h.stRecords("")); n != 0 {
		t.Errorf("%d records stored from refused files", n)
	}
	mustSay(t, "nothing pending", h.cmd("tram", "where", ""), "không làm dở việc gì")
}

func TestStationFileOverLimits(t *testing.T) {
	h := stationWorld(t)
	h.eng.App.Station.Limits.MaxFileBytes = 4000
	mustSay(t, "too large", h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx")), "lớn hơn", "MB", "chia danh sách")
	h.eng.App.Station.Limits = xlsx.Limits{MaxRows: 5}
	mustSay(t, "too many rows", h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx")), "quá 5 dòng")
	h.eng.App.Station.Limits = xlsx.Limits{MaxUncompressedBytes: 3000}
	mustSay(t, "zip bomb", h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx")), "khi giải nén lớn hơn")
	if n := len(h.stRecords("")); n != 0 {
		t.Errorf("%d records stored from refused files", n)
	}
}
