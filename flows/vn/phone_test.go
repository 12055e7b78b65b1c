package vn

import (
	"slices"
	"testing"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		in    string
		src   Source
		want  string
		err   string
		warns []Issue
	}{
		{in: "", want: ""},
		{in: "0906331568", want: "0906331568"},
		{in: "0906 331 568", want: "0906331568"},
		{in: "0906.331.568", want: "0906331568"},
		{in: "0906-331-568", want: "0906331568"},
		{in: "(0906) 331568", want: "0906331568"},
		{in: "+84 906 331 568", want: "0906331568"},
		{in: "+84906331568", want: "0906331568"},
		{in: "84906331568", want: "0906331568"},
		{in: "0084906331568", want: "0906331568"},
		{in: "0321234567", want: "0321234567"},
		{in: "0561234567", want: "0561234567"},
		{in: "0701234567", want: "0701234567"},
		{in: "0811234567", want: "0811234567"},
		{in: "02438123456", want: "02438123456"},
		{in: "+842438123456", want: "02438123456"},
		{in: "906331568", src: CellNumber, want: "0906331568",
			warns: []Issue{{Code: CodePhoneLostZero, Field: FieldPhone, Arg: "0906331568"}}},
		{in: "9.06331568E8", src: CellNumber, want: "0906331568",
			warns: []Issue{{Code: CodePhoneLostZero, Field: FieldPhone, Arg: "0906331568"}}},
		{in: "906331568", want: "0906331568",
			warns: []Issue{{Code: CodePhoneLostZero, Field: FieldPhone, Arg: "0906331568"}}},
		{in: "0906331568", src: CellNumber, want: "0906331568"},
		{in: "2438123456", src: CellNumber, want: "02438123456",
			warns: []Issue{{Code: CodePhoneLostZero, Field: FieldPhone, Arg: "02438123456"}}},
		{in: "01621234567", want: "01621234567",
			warns: []Issue{{Code: CodePhoneOldPrefix, Field: FieldPhone, Arg: "0321234567"}}},
		{in: "0123 456 7890", want: "01234567890",
			warns: []Issue{{Code: CodePhoneOldPrefix, Field: FieldPhone, Arg: "0834567890"}}},
		{in: "01991234567", want: "01991234567",
			warns: []Issue{{Code: CodePhoneOldPrefix, Field: FieldPhone, Arg: "0591234567"}}},
		{in: "1691234567", src: CellNumber, want: "01691234567", warns: []Issue{
			{Code: CodePhoneLostZero, Field: FieldPhone, Arg: "01691234567"},
			{Code: CodePhoneOldPrefix, Field: FieldPhone, Arg: "0391234567"},
		}},
		{in: "01301234567", err: CodePhoneFormat},
		{in: "0106331568", err: CodePhoneFormat},
		{in: "0206331568", err: CodePhoneFormat},
		{in: "090633156", err: CodePhoneFormat},
		{in: "09063315681", err: CodePhoneFormat},
		{in: "206331568", err: CodePhoneFormat},
		{in: "0906331568 / 0912345678", err: CodePhoneFormat},
		{in: "không có", want: ""},
		{in: "Chưa có", want: ""},
		{in: "0", want: ""},
		{in: "-", want: ""},
		{in: "'0906331568", src: CellText, want: "0906331568"},
		{in: "'0906.331.568", src: CellText, want: "0906331568"},
		{in: " 0906 331 568 ", src: CellText, want: "0906331568"},
		{in: "’0906-331-568", want: "0906331568"},
		{in: "906331568.0", src: CellText, want: "0906331568",
			warns: []Issue{{Code: CodePhoneLostZero, Field: FieldPhone, Arg: "0906331568"}}},
		{in: "0906 331 568 (nhà)", err: CodePhoneFormat},
		{in: "9.06331568E+8", err: CodePhoneFormat},
	}
	for _, tt := range tests {
		got := ParsePhone(tt.in, tt.src)
		if got.Number != tt.want || errCode(got.Err) != tt.err || !slices.Equal(got.Warnings, tt.warns) {
			t.Errorf("ParsePhone(%q, %d) = %q err %v warns %v, want %q err %q warns %v",
				tt.in, tt.src, got.Number, got.Err, got.Warnings, tt.want, tt.err, tt.warns)
		}
	}
}

func TestOldMobilePrefixes(t *testing.T) {
	seen := map[string]string{}
	for old, cur := range oldMobilePrefixes {
		if len(old) != 4 || old[:2] != "01" || len(cur) != 3 || cur[0] != '0' {
			t.Errorf("oldMobilePrefixes[%q] = %q: want 01xx → 0xx", old, cur)
		}
		if prev, dup := seen[cur]; dup {
			t.Errorf("oldMobilePrefixes: %q and %q both map to %q", prev, old, cur)
		}
		seen[cur] = old
	}
	if got := len(oldMobilePrefixes); got != 21 {
		t.Errorf("len(oldMobilePrefixes) = %d, want 21", got)
	}
}
