package main

import (
	"bytes"
	"strconv"

	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
)

// demoList is the station's list in the demo: ten records with the faults
// real lists have, in the layout stations use. No real person is in it.
func demoList() ([]byte, error) {
	text := func(v string) xlsx.WCell { return xlsx.WCell{Value: v, Style: xlsx.StyleText} }
	num := func(v string) xlsx.WCell { return xlsx.WCell{Value: v, Number: true} }
	addr := func(v string) xlsx.WCell {
		return text(v + ", xã Tân Phú, huyện Châu Thành, tỉnh Đồng Tháp")
	}
	rows := [][]xlsx.WCell{
		// a name typed without diacritics
		{num("1"), text("Nguyen Van An"), text("05/1990"), text("Nam"), text("001090012345"), num("912345678"), text("Thôn Đông"), addr("Số 12, Thôn Đông"), {}},
		// an ID in a numeric cell that lost its two leading zeros; a date serial
		{num("2"), text("Trần Thị Bích"), num("31110"), text("Nữ"), num("1185000111"), text("0987654321"), text("Thôn Đông"), addr("Số 3, Thôn Đông"), {}},
		// no ID at all
		{num("3"), text("Lê Văn Cường"), text("1970"), text("nam"), {}, {}, text("Thôn Đông"), addr("Thôn Đông"), text("Không có CCCD")},
		// a two-digit year: the row is refused and comes back in the error file
		{num("4"), text("Phạm Thị Dung"), text("15/05/65"), text("Nữ"), text("001165002233"), {}, text("Thôn Đông"), addr("Thôn Đông"), {}},
		{num("5"), text("Hoàng Văn Em"), text("20/11/1955"), text("Nam"), text("001055003344"), {}, text("Thôn Đông"), addr("Số 40, Thôn Đông"), {}},
		// a placeholder date of birth
		{num("6"), text("Võ Thị Phượng"), text("01/01/1992"), text("Nữ"), text("001192123456"), num("356789012"), text("Thôn Đông"), addr("Thôn Đông"), {}},
		// the CCCD says male, the list says female
		{num("7"), text("Đỗ Văn Khánh"), text("07/06/1992"), text("Nữ"), text("001092000002"), {}, text("Thôn Tây"), addr("Số 8, Thôn Tây"), {}},
		// an ID in a wrong format
		{num("8"), text("Bùi Thị Lan"), text("1975"), text("1"), text("12345"), {}, text("Thôn Tây"), addr("Thôn Tây"), {}},
		{num("9"), text("Ngô Văn Hải"), text("1988-09-30"), text("0"), text("001088765432"), text("01662345678"), text("Thôn Tây"), addr("Số 2, Thôn Tây"), {}},
		// a village the commune does not have under this name
		{num("10"), text("Trịnh Thị Mai"), text("12/12/1980"), text("Nữ"), text("001180024680"), {}, {}, addr("Xóm Mới"), {}},
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
