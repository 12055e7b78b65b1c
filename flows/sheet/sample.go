package sheet

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"lamsach/flows/sheet/xlsx"
)

// Sample writes a realistic synthetic station list of n records, the same
// for the same seed: a title block, a two-row header with merged cells
// over 9 columns (STT, Họ và tên, Ngày sinh, Giới tính, Số CMND/CCCD, Số
// điện thoại, Thôn/Ấp, Địa chỉ, Ghi chú), then the records and a signature
// block. The records carry the faults real lists have: names in NFD, without
// diacritics or in capitals, both tone styles; CCCDs that agree or disagree
// with the date of birth and gender; IDs and phones in numeric cells that
// lost their leading zero; 9-digit CMNDs, missing and malformed IDs; old
// 01xx phone numbers; dates as Excel serial numbers, as text, year only or
// with two-digit years; a few duplicates; villages in their own column or
// only in the address. No real person is in it: it is for demos, tests and
// benchmarks.
func Sample(w io.Writer, n int, seed int64) error {
	if n < 0 {
		return fmt.Errorf("sheet: sample of %d rows", n)
	}
	g := &sampler{rng: rand.New(rand.NewPCG(uint64(seed), 0x6c616d73616368))}
	return writeStationList(w, n, g.record)
}

// StationList writes a station list in Sample's layout (title block, the
// two-row header over 9 columns, signature block) with the given records,
// each 9 cells: STT, Họ và tên, Ngày sinh, Giới tính, Số CMND/CCCD, Số điện
// thoại, Thôn/Ấp, Địa chỉ, Ghi chú. The demo tells its story with it.
func StationList(w io.Writer, records [][]xlsx.WCell) error {
	return writeStationList(w, len(records), func(i int, cells []xlsx.WCell) {
		clear(cells)
		copy(cells, records[i-1])
	})
}

// writeStationList writes the list around n records that fill fills in.
func writeStationList(w io.Writer, n int, fill func(i int, cells []xlsx.WCell)) error {
	xw := xlsx.NewWriter(w)
	err := xw.AddSheet("Danh sách", xlsx.SheetOptions{
		ColWidths: []float64{6, 26, 13, 9, 16, 14, 14, 40, 16},
		Merges: []string{"A1:D1", "E1:I1", "A2:D2", "E2:I2", "A4:I4", "A5:I5",
			"A7:A8", "B7:B8", "C7:C8", "D7:D8", "E7:F7", "G7:H7", "I7:I8"},
		FreezeRows: 8,
	})
	if err != nil {
		return err
	}
	head := [][]string{
		{"UBND XÃ " + strings.ToUpper(sampleCommune), "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
		{"TRẠM Y TẾ", "", "", "", "Độc lập - Tự do - Hạnh phúc"},
		nil,
		{"DANH SÁCH ĐỐI TƯỢNG CÓ THÔNG TIN CHƯA CHÍNH XÁC TRÊN NỀN TẢNG QUẢN LÝ TIÊM CHỦNG COVID-19"},
		{"(Kèm theo Công văn số 2262/BYT-CNTT ngày 04/5/2022 của Bộ Y tế)"},
		nil,
		{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Giấy tờ, liên lạc", "", "Nơi ở", "", "Ghi chú"},
		{"", "", "", "", "Số CMND/CCCD", "Số điện thoại", "Thôn/Ấp", "Địa chỉ", ""},
	}
	styles := []xlsx.StyleID{xlsx.StyleBold, xlsx.StyleBold, 0, xlsx.StyleBold, xlsx.StyleNote, 0, xlsx.StyleHeader, xlsx.StyleHeader}
	for i, r := range head {
		if err := xw.WriteRow(textCells(r, styles[i])); err != nil {
			return err
		}
	}
	cells := make([]xlsx.WCell, 9)
	for i := range n {
		fill(i+1, cells)
		if err := xw.WriteRow(cells); err != nil {
			return err
		}
	}
	for _, r := range [][]string{
		nil,
		{"", fmt.Sprintf("Tổng cộng: %d người", n)},
		{"", "Người lập biểu", "", "", "", "", "Trưởng trạm"},
	} {
		if err := xw.WriteRow(textCells(r, xlsx.StyleBold)); err != nil {
			return err
		}
	}
	return xw.Close()
}

// sampler draws one record after another; it remembers a few earlier
// records to repeat as duplicates.
type sampler struct {
	rng  *rand.Rand
	past []samplePerson // a reservoir of earlier records
}

type samplePerson struct {
	name, id string
	dob      time.Time
	female   bool
}

// pct reports true with probability p percent.
func (g *sampler) pct(p float64) bool { return g.rng.Float64()*100 < p }

func (g *sampler) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// digits returns n random decimal digits.
func (g *sampler) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// record fills cells with row i of the list.
func (g *sampler) record(i int, cells []xlsx.WCell) {
	clear(cells)
	p := g.person()
	switch {
	case len(g.past) > 20 && g.pct(1):
		p = g.past[g.rng.IntN(len(g.past))] // the same person entered twice
	case len(g.past) > 20 && g.pct(0.5):
		p.id = g.past[g.rng.IntN(len(g.past))].id // an ID typed on the wrong person
	}
	if len(g.past) < 200 {
		g.past = append(g.past, p)
	} else if g.pct(2) {
		g.past[g.rng.IntN(len(g.past))] = p
	}
	text := func(v string) xlsx.WCell { return xlsx.WCell{Value: v, Style: xlsx.StyleText} }
	num := func(v string) xlsx.WCell { return xlsx.WCell{Value: v, Number: true} }
	cells[0] = num(strconv.Itoa(i))
	cells[1] = text(g.nameForm(p.name))
	cells[2] = g.dobCell(p.dob)
	cells[3] = text(g.genderForm(p.female))
	cells[4] = g.idCell(p.id)
	cells[5] = g.phoneCell()
	village := g.pick(sampleVillages)
	addr := fmt.Sprintf("xã %s, huyện %s, tỉnh %s", sampleCommune, sampleDistrict, sampleProvince)
	switch {
	case g.pct(70):
		cells[6] = text(village)
		cells[7] = text(fmt.Sprintf("Số %d, %s, %s", 1+g.rng.IntN(200), village, addr))
	case g.pct(67):
		cells[7] = text(village + ", " + addr) // the village only in the address
	default:
		cells[7] = text(addr)
	}
	if g.pct(5) {
		cells[8] = text(g.pick(sampleNotes))
	}
}

// person draws a new person with a consistent CCCD, or another document.
func (g *sampler) person() samplePerson {
	female := g.pct(50)
	mid, given := sampleMiddleMale, sampleGivenMale
	if female {
		mid, given = sampleMiddleFemale, sampleGivenFemale
	}
	name := g.pick(sampleFamily) + " " + g.pick(mid) + " " + g.pick(given)
	if g.pct(20) {
		name = g.pick(sampleFamily) + " " + name // four-word names
	}
	dob := time.Date(1935, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(80*365))
	return samplePerson{name: name, dob: dob, female: female, id: g.id(dob, female)}
}

// id draws an identity number: mostly a CCCD that encodes the birth year
// and gender, sometimes one that does not, an old 9-digit CMND, none, or a
// malformed one.
func (g *sampler) id(dob time.Time, female bool) string {
	switch r := g.rng.IntN(100); {
	case r < 62:
		century := (dob.Year()/100 - 19) * 2
		if female {
			century++
		}
		if g.pct(5) { // re-issued or mistyped: the gender digit disagrees
			century ^= 1
		}
		yy := dob.Year() % 100
		if g.pct(4) { // the year disagrees
			yy = (yy + 1 + g.rng.IntN(9)) % 100
		}
		prov := g.pick(sampleProvinces)
		if g.pct(1) {
			prov = "099" // no such province
		}
		return fmt.Sprintf("%s%d%02d%s", prov, century, yy, g.digits(6))
	case r < 74:
		return strconv.Itoa(1+g.rng.IntN(3)) + g.digits(8) // CMND
	case r < 88:
		return ""
	case r < 90:
		return "không có"
	case r < 93:
		return "0" + g.digits(9) // 10 digits
	case r < 95:
		return "08708" + g.digits(3) + "O" + g.digits(3) // a letter O for a zero
	case r < 97:
		return "8.7084E+10" // Excel's rounding, typed back as text
	case r < 98:
		return "C" + g.digits(7) // passport
	}
	return "0" + g.digits(7) // 8-digit document
}

// nameForm writes a name as lists do: mostly as is, sometimes decomposed
// (NFD, from phones and Macs), without diacritics or in capitals.
func (g *sampler) nameForm(name string) string {
	switch r := g.rng.IntN(100); {
	case r < 4:
		return norm.NFD.String(name)
	case r < 7:
		return stripMarks(name)
	case r < 12:
		return strings.ToUpper(name)
	case r < 14:
		return " " + name + "  " // stray spaces
	}
	return name
}

// stripMarks removes tone and vowel marks, as typing without Unikey does.
func stripMarks(s string) string {
	s = norm.NFD.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r):
			return -1
		case r == 'đ':
			return 'd'
		case r == 'Đ':
			return 'D'
		}
		return r
	}, s)
}

func (g *sampler) genderForm(female bool) string {
	forms := [2][]string{{"Nam", "Nam", "Nam", "Nam", "nam", "NAM", "0", "M"}, {"Nữ", "Nữ", "Nữ", "Nữ", "nữ", "nu", "1", "F"}}
	if g.pct(1) {
		return ""
	}
	if female {
		return g.pick(forms[1])
	}
	return g.pick(forms[0])
}

// dobCell writes a date of birth in one of the forms lists hold.
func (g *sampler) dobCell(d time.Time) xlsx.WCell {
	text := func(v string) xlsx.WCell { return xlsx.WCell{Value: v, Style: xlsx.StyleText} }
	switch r := g.rng.IntN(100); {
	case r < 40:
		return text(d.Format("02/01/2006"))
	case r < 65:
		// An Excel serial number in a plain numeric cell.
		serial := int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
		return xlsx.WCell{Value: strconv.Itoa(serial), Number: true}
	case r < 73:
		return text(d.Format("2/1/2006"))
	case r < 78:
		return text(d.Format("02-01-2006"))
	case r < 86:
		return xlsx.WCell{Value: strconv.Itoa(d.Year()), Number: true} // year only
	case r < 90:
		return text(d.Format("01/01/2006")) // the placeholder day
	case r < 92:
		return text(d.Format("02/01/06")) // a two-digit year
	case r < 93:
		return text(d.Format("01/2006"))
	case r < 94:
		return text("31/02/" + strconv.Itoa(d.Year())) // no such day
	case r < 95:
		return xlsx.WCell{}
	}
	return text(d.Format("2006-01-02"))
}

// phoneCell writes a phone number: text, a number that lost its 0, an old
// 11-digit 01xx number, a malformed one, or nothing.
func (g *sampler) phoneCell() xlsx.WCell {
	prefixes := []string{"9", "8", "3", "7", "5"}
	mobile := g.pick(prefixes) + g.digits(8)
	switch r := g.rng.IntN(100); {
	case r < 45:
		return xlsx.WCell{Value: "0" + mobile, Style: xlsx.StyleText}
	case r < 65:
		return xlsx.WCell{Value: mobile, Number: true} // lost its 0
	case r < 70:
		return xlsx.WCell{Value: "016" + g.digits(8), Style: xlsx.StyleText} // pre-2018 prefix
	case r < 73:
		return xlsx.WCell{Value: g.digits(6), Style: xlsx.StyleText}
	}
	return xlsx.WCell{}
}

// idCell writes an ID number: as text mostly; all-digit numbers sometimes
// in a numeric cell, which drops the leading zero of a CCCD.
func (g *sampler) idCell(id string) xlsx.WCell {
	if id != "" && strings.Trim(id, "0123456789") == "" && len(id) >= 9 && g.pct(25) {
		return xlsx.WCell{Value: strings.TrimLeft(id, "0"), Number: true}
	}
	return xlsx.WCell{Value: id, Style: xlsx.StyleText}
}
