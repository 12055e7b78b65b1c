package main

import (
	"bytes"
	"strconv"

	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
)

// demoList is the station's list in the demo: eleven records with the
// faults real lists have, in the layout stations use. No real person is in
// it. resent is the list the station sends again: the refused row's date
// written in full, and one phone number renumbered.
func demoList(resent bool) ([]byte, error) {
	text := func(v string) xlsx.WCell { return xlsx.WCell{Value: v, Style: xlsx.StyleText} }
	num := func(v string) xlsx.WCell { return xlsx.WCell{Value: v, Number: true} }
	addr := func(v string) xlsx.WCell {
		return text(v + ", xã Tân Phú, huyện Châu Thành, tỉnh Đồng Tháp")
	}
	dungDOB, haiPhone := "15/05/65", "01662345678"
	if resent {
		dungDOB, haiPhone = "15/05/1965", "0362345678"
	}
	rows := [][]xlsx.WCell{
		// a name typed without diacritics
		{{}, text("Nguyen Van An"), text("05/1990"), text("Nam"), text("001090012345"), num("912345678"), text("Thôn Đông"), addr("Số 12, Thôn Đông"), {}},
		// an ID in a numeric cell that lost its two leading zeros; a date serial
		{{}, text("Trần Thị Bích"), num("31110"), text("Nữ"), num("1185000111"), text("0987654321"), text("Thôn Đông"), addr("Số 3, Thôn Đông"), {}},
		// no ID at all
		{{}, text("Lê Văn Cường"), text("1970"), text("nam"), {}, {}, text("Thôn Đông"), addr("Thôn Đông"), text("Không có CCCD")},
		// a two-digit year: the row is refused and comes back in the error
		// file; the station fixes it and sends the list again
		{{}, text("Phạm Thị Dung"), text(dungDOB), text("Nữ"), text("001165002233"), {}, text("Thôn Tây"), addr("Thôn Tây"), {}},
		{{}, text("Hoàng Văn Em"), text("20/11/1955"), text("Nam"), text("001055003344"), {}, text("Thôn Đông"), addr("Số 40, Thôn Đông"), {}},
		// a placeholder date of birth
		{{}, text("Võ Thị Phượng"), text("01/01/1992"), text("Nữ"), text("001192123456"), num("356789012"), text("Thôn Đông"), addr("Thôn Đông"), {}},
		// the CCCD says male, the list says female
		{{}, text("Đỗ Văn Khánh"), text("07/06/1992"), text("Nữ"), text("001092000002"), {}, text("Thôn Tây"), addr("Số 8, Thôn Tây"), {}},
		// an ID in a wrong format: the village must fix it before the
		// record can be marked right
		{{}, text("Bùi Thị Lan"), text("1975"), text("1"), text("12345"), {}, text("Thôn Tây"), addr("Thôn Tây"), {}},
		// a phone with the old 11-digit prefix, renumbered in the list sent again
		{{}, text("Ngô Văn Hải"), text("1988-09-30"), text("0"), text("001088765432"), text(haiPhone), text("Thôn Tây"), addr("Số 2, Thôn Tây"), {}},
		// a village the commune does not have under this name
		{{}, text("Trịnh Thị Mai"), text("12/12/1980"), text("Nữ"), text("001180024680"), {}, {}, addr("Xóm Mới"), {}},
		// the woman of row 8 again, vaccinated in Thôn Đông before she
		// moved: once her ID is fixed, two records share it
		{{}, text("Bùi Thị Lan"), text("1975"), text("Nữ"), text("001175004567"), {}, text("Thôn Đông"), addr("Thôn Đông"), text("Tiêm mũi 1 tại Thôn Đông")},
	}
	for i := range rows {
		rows[i][0] = num(strconv.Itoa(i + 1))
	}
	var b bytes.Buffer
	if err := sheet.StationList(&b, rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// demoVerification is the platform's verification list (danh sách xác minh
// thông tin) as the station downloads it after entering both batches: the
// platform has checked five of the records so far, and finds one still
// wrong.
func demoVerification() ([]byte, error) {
	rows := [][]string{
		{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND/CCCD", "Kết quả xác minh"},
		{"1", "Lê Văn Cường", "12/03/1970", "Nam", "001070009876", "Đã xác thực"},
		{"2", "Nguyễn Văn An", "01/05/1990", "Nam", "001090012345", "Đã xác thực"},
		{"3", "Trần Thị Bích", "04/03/1985", "Nữ", "001185000111", "Khớp"},
		{"4", "Đỗ Văn Khánh", "07/06/1992", "Nam", "001092000002", "Không khớp thông tin"},
		{"5", "Ngô Văn Hải", "30/09/1988", "Nam", "001088765432", "Đã xác thực"},
	}
	var b bytes.Buffer
	w := xlsx.NewWriter(&b)
	if err := w.AddSheet("Danh sách xác minh", xlsx.SheetOptions{ColWidths: []float64{6, 26, 13, 9, 16, 22}}); err != nil {
		return nil, err
	}
	for _, r := range rows {
		cells := make([]xlsx.WCell, len(r))
		for i, v := range r {
			cells[i] = xlsx.WCell{Value: v, Style: xlsx.StyleText}
		}
		if err := w.WriteRow(cells); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
