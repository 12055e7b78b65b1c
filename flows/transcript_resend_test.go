package flows_test

import (
	"lamsach/flows"
)

// resendList writes a station list (STT, name, date of birth, gender, ID,
// village, note) as another program would, one row per person.
func (p *play) resendList(name string, rows ...[]string) {
	all := [][]string{{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn", "Ghi chú"}}
	for i, r := range rows {
		all = append(all, append([]string{itoa(int64(i + 1))}, r...))
	}
	p.files[name] = flows.SheetFile(p.t, all)
}

// The people of the lists sent again.
var (
	resendAn    = []string{"Nguyễn Văn An", "12/05/1990", "Nam", "001090000001", "Thôn Đông", ""}
	resendBinh  = []string{"Tran Thi Binh", "03/04/1985", "Nữ", "001185000002", "Thôn Đông", ""}
	resendCuong = []string{"Lê Văn Cường", "1970", "Nam", "", "Thôn Tây", ""}
	resendDung  = []string{"Phạm Thị Dung", "20/10/1992", "Nữ", "001192000004", "Thôn Tây", ""}
)

// with returns a copy of row with cell i set to v.
func with(row []string, i int, v string) []string {
	out := append([]string(nil), row...)
	out[i] = v
	return out
}

// resendTranscripts: the station sends a list it already sent.
var resendTranscripts = []transcript{
	{"station_resend", "The station sends its list again: with only a note changed nothing is imported; with a name corrected, a row added and one removed, only the new row is imported and the correction is applied on request; the same file again is refused.",
		func(p *play) {
			p.stationPeople()
			p.resendList("ds.xlsx", resendAn, resendBinh, resendCuong, resendDung)
			p.resendList("ds-ghi-chu.xlsx", resendAn, resendBinh, with(resendCuong, 5, "đã gọi điện"), resendDung)
			p.resendList("ds-sua.xlsx", resendAn, with(resendBinh, 0, "Trần Thị Bình"), resendCuong,
				[]string{"Đỗ Văn Giang", "15/08/1995", "Nam", "001095000006", "Thôn Đông", ""})
			p.run(`
				Mai 📎 ds.xlsx
				Mai [📥 Nhập]
				# Mai adds a note to one row and sends the list again.
				Mai 📎 ds-ghi-chu.xlsx
				# Mai corrects a name, adds a person and removes another, and sends the list again.
				Mai 📎 ds-sua.xlsx
				Mai [📥 Nhập]
				Mai: /where
				Mai [✏️ Sửa 1 hồ sơ]
				Mai 📎 ds-sua.xlsx
			`)
			p.records()
		}},
	{"station_resend_confirmed", "The station sends its list again after the village and the police worked on it: the confirmed record is never changed, the reviewed one is corrected and goes back to its village, two rows of one record are set aside.",
		func(p *play) {
			p.stationPeople()
			p.resendList("ds.xlsx", resendAn, resendBinh, resendCuong, resendDung)
			p.h.press("Mai", p.h.stUpload("Mai", "ds.xlsx", p.files["ds.xlsx"]), "Nhập")
			byName := map[string]flows.Record{}
			for _, r := range p.h.stRecords("") {
				byName[r.Name] = r
			}
			p.h.walk(byName["Nguyễn Văn An"], flows.StateConfirmed)
			p.h.walk(byName["Tran Thi Binh"], flows.StateReviewed)
			p.note("Mai imported ds.xlsx; the police confirmed Nguyễn Văn An, the village reviewed Tran Thi Binh")
			p.resendList("ds-lai.xlsx", with(resendAn, 1, "21/05/1990"), with(resendBinh, 0, "Trần Thị Bình"),
				resendCuong, resendDung, with(resendDung, 5, "trùng dòng 4"))
			p.run(`
				Mai 📎 ds-lai.xlsx
				Mai [📥 Nhập]
				Mai [✏️ Sửa 1 hồ sơ]
				Mai: /where
			`)
			p.records()
		}},
}
