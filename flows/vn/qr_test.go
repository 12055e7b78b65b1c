package vn

import (
	"slices"
	"testing"
)

// mojibake returns s as its UTF-8 bytes decoded by cp1252 (or Latin-1 for the bytes
// cp1252 leaves undefined), the way a wrongly decoded file shows it.
func mojibake(s string) string {
	var out []rune
	for _, b := range []byte(s) {
		switch {
		case b < 0x80 || b >= 0xA0:
			out = append(out, rune(b))
		default:
			r := cp1252High[b-0x80]
			if r == 0 {
				r = rune(b)
			}
			out = append(out, r)
		}
	}
	return string(out)
}

// cp1252High is cp1252's 0x80–0x9F; 0 marks an undefined byte.
var cp1252High = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// latin1 returns s as its UTF-8 bytes decoded by Latin-1.
func latin1(s string) string {
	var out []rune
	for _, b := range []byte(s) {
		out = append(out, rune(b))
	}
	return string(out)
}

const sampleQR = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021"

func TestParseQR(t *testing.T) {
	want := QR{
		ID: "001090123456", OldID: "012345678", Name: "Nguyễn Văn A", DOB: Date{1990, 1, 1},
		Gender: Male, Address: "Thôn 1, Xã X, Huyện Y, Hà Nội", Issued: Date{2021, 4, 15},
	}
	noIssued := want
	noIssued.Issued = Date{}
	noOld := want
	noOld.OldID = ""
	tests := []struct {
		name, in string
		want     QR
		err      string
		warns    []string
	}{
		{"plain", sampleQR, want, "", nil},
		{"BOM and newlines", "\ufeff" + sampleQR + "\r\n", want, "", nil},
		{"spaces around", "  \n" + sampleQR + "\n ", want, "", nil},
		{"upper-case name", "001090123456|012345678|NGUYỄN VĂN A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021", want, "", nil},
		{"empty CMND", "001090123456||Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021", noOld, "", nil},
		{"no issue date", "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội", noIssued, "", nil},
		{"empty issue date", "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|", noIssued, "", nil},
		{"bad issue date", "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|99999999", noIssued, "", nil},
		{"extra fields", sampleQR + "|extra|||", want, "", nil},
		{"cp1252 mojibake", mojibake(sampleQR), want, "", nil},
		{"latin-1 mojibake", latin1(sampleQR), want, "", nil},
		{"mojibake with BOM", mojibake("\ufeff" + sampleQR), want, "", nil},
		{"NFD", "001090123456|012345678|Nguye\u0302\u0303n Va\u0306n A|01011990|Nam|Tho\u0302n 1, Xa\u0303 X, Huye\u0323\u0302n Y, Ha\u0300 No\u0323\u0302i|15042021", want, "", nil},
		{"gender mismatch", "001090123456|012345678|Nguyễn Văn A|01011990|Nữ|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021",
			QR{ID: want.ID, OldID: want.OldID, Name: want.Name, DOB: want.DOB, Gender: Female, Address: want.Address, Issued: want.Issued},
			"", []string{CodeCCCDGender}},
		{"bad old id", "001090123456|12ab|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021", noOld, "", []string{CodeQROldID}},
		{"too few fields", "001090123456|012345678|Nguyễn Văn A|01011990|Nam", QR{}, CodeQRFormat, nil},
		{"not a QR", "hello there", QR{}, CodeQRFormat, nil},
		{"words in first field", "a|b|c|d|e|f", QR{}, CodeQRFormat, nil},
		{"11-digit id", "01090123456|012345678|Nguyễn Văn A|01011990|Nam|X|15042021", QR{}, CodeQRID, nil},
		{"CMND as id", "012345678||Nguyễn Văn A|01011990|Nam|X|15042021", QR{}, CodeQRID, nil},
		{"empty name", "001090123456|012345678||01011990|Nam|X|15042021", QR{}, CodeNameEmpty, nil},
		{"bad dob", "001090123456|012345678|Nguyễn Văn A|31021990|Nam|X|15042021", QR{}, CodeDateInvalid, nil},
		{"future dob", "001090123456|012345678|Nguyễn Văn A|01012090|Nam|X|15042021", QR{}, CodeDateFuture, nil},
		{"bad gender", "001090123456|012345678|Nguyễn Văn A|01011990|X|X|15042021", QR{}, CodeGenderFormat, nil},
		{"empty", "", QR{}, CodeQRFormat, nil},
	}
	for _, tt := range tests {
		got := ParseQR(tt.in, today)
		if got.QR != tt.want || errCode(got.Err) != tt.err || !slices.Equal(codes(got.Warnings), tt.warns) {
			t.Errorf("ParseQR %s (%q) = %+v err %v warns %v;\nwant %+v err %q warns %v",
				tt.name, tt.in, got.QR, got.Err, got.Warnings, tt.want, tt.err, tt.warns)
		}
	}
}

func TestParseQRYearOnly(t *testing.T) {
	got := ParseQR("087045000123||Trần Văn Bé|00001945|Nam|Ấp 3, Xã Mỹ Hội|", today)
	if got.Err != nil || got.QR.DOB != (Date{Year: 1945}) || len(got.Warnings) != 0 {
		t.Errorf("ParseQR with DOB 00001945 = %+v err %v warns %v; want DOB 1945, no issue", got.QR, got.Err, got.Warnings)
	}
}
