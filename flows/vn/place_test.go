package vn

import (
	"strings"
	"testing"
)

func TestCheckPlaceName(t *testing.T) {
	tests := []struct {
		in, name string
		want     PlaceNameProblem
	}{
		{"Thôn Đông", "Thôn Đông", PlaceNameOK},
		{"  Ấp\t3 ", "Ấp 3", PlaceNameOK},
		{"Thôn\u200b Tây\x1b[31m", "Thôn Tây[31m", PlaceNameOK},
		{"2", "2", PlaceNameOK},
		{"", "", PlaceNameNoLetter},
		{" \x00\u200b ", "", PlaceNameNoLetter},
		{"—", "—", PlaceNameNoLetter},
		{"/start", "/start", PlaceNameCommand},
		{strings.Repeat("Đ", MaxPlaceNameRunes), strings.Repeat("Đ", MaxPlaceNameRunes), PlaceNameOK},
		{strings.Repeat("Đ", MaxPlaceNameRunes+1), strings.Repeat("Đ", MaxPlaceNameRunes+1), PlaceNameTooLong},
	}
	for _, tc := range tests {
		name, p := CheckPlaceName(tc.in)
		if name != tc.name || p != tc.want {
			t.Errorf("CheckPlaceName(%q) = %q, %d; want %q, %d", tc.in, name, p, tc.name, tc.want)
		}
	}
}

func FuzzCheckPlaceName(f *testing.F) {
	for _, s := range []string{"Thôn Đông", "/x", "", strings.Repeat("a", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, p := CheckPlaceName(s)
		if p == PlaceNameOK && (name == "" || strings.ContainsAny(name, "\x00\n\t") || len([]rune(name)) > MaxPlaceNameRunes) {
			t.Errorf("CheckPlaceName(%q) accepted %q", s, name)
		}
	})
}
