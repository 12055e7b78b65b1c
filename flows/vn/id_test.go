package vn

import (
	"slices"
	"testing"
)

func TestParseID(t *testing.T) {
	tests := []struct {
		in    string
		src   Source
		want  ID
		err   string
		warns []string
		arg   string // Arg of the first warning or of the error
	}{
		{in: "", want: ID{}},
		{in: "   ", want: ID{}},
		{in: "-", want: ID{}},
		{in: "Không có", want: ID{}},
		{in: "000000000", want: ID{}},
		{in: "087084000999", want: ID{"087084000999", IDCCCD}},
		{in: " 087 084 000 999 ", want: ID{"087084000999", IDCCCD}},
		{in: "087\u00a0084\u00a0000999", want: ID{"087084000999", IDCCCD}},
		{in: "087.084.000.999", want: ID{"087084000999", IDCCCD}},
		{in: "087-084-000-999", want: ID{"087084000999", IDCCCD}},
		{in: "'087084000999", src: CellText, want: ID{"087084000999", IDCCCD}},
		{in: "001090123456", want: ID{"001090123456", IDCCCD}},
		{in: "003090123456", want: ID{"003090123456", IDCCCD}, warns: []string{CodeCCCDProvince}, arg: "003"},
		{in: "123456789012", want: ID{"123456789012", IDCMND12}},
		{in: "87084000999", want: ID{"087084000999", IDCCCD}, warns: []string{CodeLostLeadingZero}, arg: "087084000999"},
		{in: "87084000999", src: CellNumber, want: ID{"087084000999", IDCCCD}, warns: []string{CodeLostLeadingZero}, arg: "087084000999"},
		{in: "8.7084000999E10", src: CellNumber, want: ID{"087084000999", IDCCCD}, warns: []string{CodeLostLeadingZero}, arg: "087084000999"},
		{in: "8.7084000999E+10", src: CellNumber, want: ID{"087084000999", IDCCCD}, warns: []string{CodeLostLeadingZero}, arg: "087084000999"},
		{in: "1.23456789012E+11", src: CellNumber, want: ID{"123456789012", IDCMND12}},
		{in: "1090123456", src: CellNumber, want: ID{"001090123456", IDCCCD}, warns: []string{CodeLostLeadingZero}, arg: "001090123456"},
		{in: "1090123456", src: CellText, err: CodeIDLength, arg: "10"},
		{in: "3090123456", src: CellNumber, err: CodeIDLength, arg: "10"},
		{in: "12345678", src: CellNumber, want: ID{"012345678", IDCMND9}, warns: []string{CodeLostLeadingZero}, arg: "012345678"},
		{in: "87084000999.5", src: CellNumber, err: CodeIDFormat},
		{in: "087084000999", src: CellNumber, want: ID{"087084000999", IDCCCD}},
		{in: "08708400099", err: CodeIDLength, arg: "11"},
		{in: "1.23457E+11", err: CodeIDScientific},
		{in: "1.23457E+11", src: CellText, err: CodeIDScientific},
		{in: "8,7084E+10", src: CellText, err: CodeIDScientific},
		{in: "8.7084E+10", err: CodeIDScientific},
		{in: "0870840009", err: CodeIDLength, arg: "10"},
		{in: "012345678", want: ID{"012345678", IDCMND9}},
		{in: "12345678", want: ID{"12345678", IDDoc8}},
		{in: "1234567", err: CodeIDLength, arg: "7"},
		{in: "0870840009991", err: CodeIDLength, arg: "13"},
		{in: "C1234567", want: ID{"C1234567", IDPassportVN}},
		{in: "c1234567", want: ID{"C1234567", IDPassportVN}},
		{in: "B 1234567", want: ID{"B1234567", IDPassportVN}},
		{in: "E12345678", want: ID{"E12345678", IDPassportForeign}},
		{in: "ab123456", want: ID{"AB123456", IDPassportForeign}},
		{in: "X12AB9", want: ID{"X12AB9", IDPassportForeign}},
		{in: "123E45", want: ID{"123E45", IDPassportForeign}},
		{in: "AB12", err: CodeIDFormat},
		{in: "ABCDEFGHIJKLM", err: CodeIDFormat},
		{in: "0870#4000999", err: CodeIDFormat},
		{in: "CCCD 087084000999", err: CodeIDFormat},
		{in: "Đ1234567", err: CodeIDFormat},
		{in: "Ð1234567", src: CellNumber, err: CodeIDFormat},
		{in: "０８７０８４０００９９９", err: CodeIDFormat},
		// Placeholders that say "no number" (IsNoIDPlaceholder).
		{in: "chưa có CCCD", want: ID{}},
		{in: "Không có số CMND", want: ID{}},
		{in: "KO", want: ID{}},
		{in: "?", want: ID{}},
		{in: "0", src: CellNumber, want: ID{}},
		// Look-alike letters: a mistyped CCCD or CMND, never a foreign passport.
		{in: "08708947O133", src: CellText, err: CodeIDLookalike, arg: "087089470133"},
		{in: "08708947o133", err: CodeIDLookalike, arg: "087089470133"},
		{in: "O87084000999", err: CodeIDLookalike, arg: "087084000999"},
		{in: "087 084 OOO 999", err: CodeIDLookalike, arg: "087084000999"},
		{in: "'08708400O999", src: CellText, err: CodeIDLookalike, arg: "087084000999"},
		{in: "l23456789012", err: CodeIDLookalike, arg: "123456789012"},
		{in: "0l2345678", err: CodeIDLookalike, arg: "012345678"},
		{in: "O12345678", err: CodeIDLookalike, arg: "012345678"},
		{in: "I23456789", err: CodeIDLookalike, arg: "123456789"},
		{in: "0870840\u041e0999", err: CodeIDLookalike, arg: "087084000999"},
		{in: "O1234567", want: ID{"O1234567", IDPassportVN}},
		{in: "L12345678", want: ID{"L12345678", IDPassportForeign}},
		{in: "B87084000999", want: ID{"B87084000999", IDPassportForeign}}, // B is not a look-alike
		{in: "08708400B999", want: ID{"08708400B999", IDPassportForeign}},
		{in: "E12345678", want: ID{"E12345678", IDPassportForeign}},
		{in: "8708947O133", want: ID{"8708947O133", IDPassportForeign}},
		// A whole number a program printed as a float.
		{in: "87084000999.0", src: CellText, want: ID{"087084000999", IDCCCD}, warns: []string{CodeLostLeadingZero}, arg: "087084000999"},
		{in: "012345678,00", want: ID{"012345678", IDCMND9}},
		{in: "087.084.000.999", want: ID{"087084000999", IDCCCD}},
	}
	for _, tt := range tests {
		got := ParseID(tt.in, tt.src)
		if got.ID != tt.want || errCode(got.Err) != tt.err || !slices.Equal(codes(got.Warnings), tt.warns) {
			t.Errorf("ParseID(%q, %d) = %+v err %v warns %v, want %+v err %q warns %v",
				tt.in, tt.src, got.ID, got.Err, got.Warnings, tt.want, tt.err, tt.warns)
			continue
		}
		var arg string
		switch {
		case got.Err != nil:
			arg = got.Err.Arg
		case len(got.Warnings) > 0:
			arg = got.Warnings[0].Arg
		}
		if arg != tt.arg {
			t.Errorf("ParseID(%q, %d) arg = %q, want %q", tt.in, tt.src, arg, tt.arg)
		}
		if got.Err != nil && got.Err.Field != FieldID {
			t.Errorf("ParseID(%q) error field = %q, want id", tt.in, got.Err.Field)
		}
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"087084000999", "087******999"},
		{"012345678", "012***678"},
		{"12345678", "12****78"},
		{"C1234567", "C1****67"},
		{"AB1234", "A****4"},
		{"1234", "****"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskID(tt.in); got != tt.want {
			t.Errorf("MaskID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestProvinceName(t *testing.T) {
	tests := []struct {
		code, want string
		ok         bool
	}{
		{"087", "Đồng Tháp", true},
		{"001", "Hà Nội", true},
		{"079", "TP. Hồ Chí Minh", true},
		{"096", "Cà Mau", true},
		{"003", "", false},
		{"097", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ProvinceName(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ProvinceName(%q) = %q, %v, want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	if got := len(provinces); got != 63 {
		t.Errorf("len(provinces) = %d, want 63", got)
	}
	for code := range provinces {
		if len(code) != 3 || !allDigits(code) || code[0] != '0' {
			t.Errorf("province code %q is not 0 and two digits", code)
		}
	}
}

func TestCheckCCCD(t *testing.T) {
	tests := []struct {
		number string
		g      Gender
		dob    Date
		want   []Issue
	}{
		{"087084000999", Male, Date{Year: 1984}, nil},
		{"087084000999", Male, Date{1984, 3, 12}, nil},
		{"087084000999", Female, Date{Year: 1984}, []Issue{{Code: CodeCCCDGender, Field: FieldID, Arg: "male"}}},
		{"087084000999", Male, Date{Year: 1985}, []Issue{{Code: CodeCCCDYear, Field: FieldID, Arg: "1984"}}},
		{"087084000999", Female, Date{Year: 1985}, []Issue{
			{Code: CodeCCCDGender, Field: FieldID, Arg: "male"},
			{Code: CodeCCCDYear, Field: FieldID, Arg: "1984"},
		}},
		{"087084000999", GenderUnknown, Date{}, nil},
		{"001191123456", Female, Date{Year: 1991}, nil},
		{"001191123456", Male, Date{Year: 1991}, []Issue{{Code: CodeCCCDGender, Field: FieldID, Arg: "female"}}},
		{"001205123456", Male, Date{Year: 2005}, nil},
		{"001305123456", Female, Date{Year: 2005}, nil},
		{"001205123456", Male, Date{Year: 1905}, []Issue{{Code: CodeCCCDYear, Field: FieldID, Arg: "2005"}}},
		{"001401123456", Male, Date{Year: 2101}, nil},
		{"001999123456", Female, Date{Year: 2399}, nil},
		{"012345678", Female, Date{Year: 1900}, nil},
		{"123456789012", Female, Date{Year: 1900}, nil},
	}
	for _, tt := range tests {
		got := CheckCCCD(tt.number, tt.g, tt.dob)
		if !slices.Equal(got, tt.want) {
			t.Errorf("CheckCCCD(%q, %q, %v) = %v, want %v", tt.number, tt.g, tt.dob, got, tt.want)
		}
	}
}
