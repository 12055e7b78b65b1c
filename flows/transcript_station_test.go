package flows_test

import (
	"lamsach/flows"
	"lamsach/flows/sheet/sheettest"
	"lamsach/flows/vn"
)

// stationPeople: Mai of the health station, An of Thôn Đông, Lan the
// coordinator and Công of the police.
func (p *play) stationPeople() {
	p.join("Mai", 201, flows.RoleStation)
	p.join("An", 202, flows.RoleVillage, p.h.dong.ID)
	p.join("Lan", 203, flows.RoleCoordinator)
	p.join("Công", 204, flows.RolePolice)
}

// signedList imports ../testdata/station-list.xlsx off the record and signs
// four of its records as the process would leave them (see signedWorld):
// rows 12 and 14 (no usable ID, corrected) for the import file, rows 9 and
// 10 (wrong information, 10 with a corrected name) for the edit list.
func (p *play) signedList() {
	p.h.press("Mai", p.h.stUpload("Mai", "station-list.xlsx", stFixture(p.t, "station-list.xlsx")), "Nhập")
	byRow := map[int]flows.Record{}
	for _, r := range p.h.stRecords("") {
		byRow[r.RowNum] = r
	}
	fix := func(row int, change func(*flows.Record)) {
		cur := byRow[row]
		change(&cur)
		cur.VillageID = p.h.dong.ID
		p.h.walk(cur, flows.StateSigned)
	}
	fix(12, func(r *flows.Record) { r.Fields.ID = vn.ID{Number: "001175000321", Kind: vn.IDCCCD} })
	fix(14, func(r *flows.Record) { r.Fields.ID = vn.ID{Number: "001090012345", Kind: vn.IDCCCD} })
	fix(9, func(r *flows.Record) {})
	fix(10, func(r *flows.Record) { r.Name = "Trần Thị Hòa Bình" })
	p.note("Mai imported station-list.xlsx; the village and the police went through rows 9, 10, 12 and 14, which are now signed")
}

// stationTranscripts: the health station's lists and files.
var stationTranscripts = []transcript{
	{"station_import", "The station sends a list: the preview and its error file, the import, the people told, a second press, the same file again.",
		func(p *play) {
			p.stationPeople()
			p.files["ban-sao.xlsx"] = stFixture(p.t, "station-list.xlsx")
			p.run(`
				Mai 📎 station-list.xlsx
				Mai [📥 Nhập]
				Mai 📎 ban-sao.xlsx
			`)
			p.records()
		}},
	{"station_cancel", "The station cancels a preview by button and by /cancel, and lets one expire.",
		func(p *play) {
			p.stationPeople()
			p.files["ds.xlsx"] = flows.SheetFile(p.t, [][]string{
				{"Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn"},
				{"Mới Văn Một", "01/02/1980", "Nam", "001080000001", "Thôn Đông"},
				{"Mới Thị Hai", "1981", "Nữ", "", "Thôn Tây"}})
			p.run(`
				Mai 📎 ds.xlsx
				Mai: /where
				Mai [✖️ Huỷ]
				Mai [📥 Nhập]
				Mai 📎 ds.xlsx
				Mai: /cancel
				Mai [📥 Nhập]
				Mai: /cancel
				Mai 📎 ds.xlsx
				⏱ +25h
				Mai [📥 Nhập]
				Mai: /where
			`)
			p.records()
		}},
	{"station_refused", "The station sends files the bot cannot take: each is refused with its reason, nothing stored.",
		func(p *play) {
			p.stationPeople()
			p.files["list.xlsx"] = []byte("PK\x03\x04 not really a zip")
			p.files["anh.jpg"] = []byte{0xff, 0xd8, 0xff}
			p.files["cong-van.pdf"] = []byte("%PDF-")
			p.files["loi-het.xlsx"] = flows.SheetFile(p.t, [][]string{
				{"Họ và tên", "Ngày sinh", "Số CCCD"}, {"Lê Văn Một", "15/05/20", "001080000001"}, {"", "", ""}, {"Lê Văn Hai", "31/02/1990", "x"}})
			p.run(`
				Mai 📎 station-list.ods
				Mai 📎 list-cp1258.csv
				Mai 📎 encrypted.xlsx
				Mai 📎 legacy-tcvn3.xlsx
				Mai 📎 platform-import-template-2021.xls
				Mai 📎 no-header.xlsx
				Mai 📎 platform-import-template-2021.xlsx
				Mai 📎 loi-het.xlsx
				Mai 📎 anh.jpg
				Mai 📎 cong-van.pdf
				Mai 📎 list.xlsx
			`)
			p.act("Mai", "Mai sends 📎 danh-sach.xlsx (25 MB: Telegram would not hand it to the bot)", flows.Event{
				Kind: flows.EventDocument, Doc: &flows.Document{Name: "danh-sach.xlsx", Size: 25 << 20}})
			p.run(`Mai: /where`)
			p.records()
		}},
	{"station_export", "The station downloads the import file and the edit list of signed records, then marks batches entered.",
		func(p *play) {
			p.stationPeople()
			p.run(`Mai: /export`)
			p.signedList()
			p.run(`
				Mai: /entered
				Mai: /export
				Mai [📥 Tệp import (2)]
				Mai [📥 Tệp import (2)]
				Mai: /export
				Mai [📥 Danh sách sửa (2)]
				Mai: /entered
				Mai: /entered một
				Mai: /entered 9
				Mai [✅ Đợt 1 đã cập nhật]
				Mai: /entered 1
				Mai: /entered #2
				Mai: /entered
			`)
			p.records()
		}},
	{"station_verify", "The station uploads the platform's verification list: a wrong file, the preview, the update, the same list again; then /report.",
		func(p *play) {
			p.stationPeople()
			p.signedList()
			p.h.press("Mai", p.h.cmd("Mai", "export", ""), "Tệp import")
			p.h.press("Mai", p.h.cmd("Mai", "export", ""), "Danh sách sửa")
			p.h.cmd("Mai", "entered", "1")
			p.note("Mai downloaded both files and marked batch 1 entered")
			p.files["xac-minh.xlsx"] = verifyList(p.t)
			p.run(`
				Mai: /verify
				Mai: đây
				Mai: /where
				Mai 📎 station-list.xlsx
				Mai 📎 xac-minh.xlsx
				Mai [✅ Cập nhật]
				Mai 📎 xac-minh.xlsx
				Mai [✖️ Huỷ]
				Mai: /report
			`)
			p.records()
		}},
	{"station_sheets", "A workbook whose first sheet is last year's list: the preview names the other sheet and the hidden rows, " +
		"the station reads the right sheet and imports it.",
		func(p *play) {
			p.stationPeople()
			head := sheettest.Row(1, "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn")
			p.files["hai-trang.xlsx"] = sheettest.Book{Sheets: []sheettest.Sheet{
				{Name: "Năm 2021", Rows: head + sheettest.Row(2, "1", "Lê Văn Cũ", "01/02/1960", "Nam", "001060000001", "Thôn Đông")},
				{Name: "Danh sách 2022", Rows: head +
					sheettest.Row(2, "1", "Phan Thị Mới", "03/04/1970", "Nữ", "001170000002", "Thôn Đông") +
					`<row r="3" hidden="1">` + sheettest.Cell("A3", "2") + sheettest.Cell("B3", "Phan Văn Ẩn") +
					sheettest.Cell("C3", "05/06/1980") + sheettest.Cell("D3", "Nam") + sheettest.Cell("E3", "001080000003") +
					sheettest.Cell("F3", "Thôn Tây") + `</row>`},
			}}.Bytes()
			p.run(`
				Mai 📎 hai-trang.xlsx
				Mai [📄 Đọc trang «Danh sách 2022»]
				Mai [📥 Nhập]
			`)
			p.records()
		}},
}
