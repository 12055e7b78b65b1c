package vn

import "testing"

func TestParseGender(t *testing.T) {
	tests := []struct {
		in   string
		want Gender
		err  string
	}{
		{"", GenderUnknown, ""},
		{"  ", GenderUnknown, ""},
		{"Nam", Male, ""},
		{"NAM", Male, ""},
		{"nam", Male, ""},
		{"Nữ", Female, ""},
		{"NỮ", Female, ""},
		{"Nu\u031b\u0303", Female, ""}, // NFD
		{"nu", Female, ""},
		{"Nữ giới", Female, ""},
		{"Nam giới", Male, ""},
		{"M", Male, ""},
		{"f", Female, ""},
		{"Male", Male, ""},
		{"FEMALE", Female, ""},
		{"0", Male, ""},
		{"1", Female, ""},
		{" nam\u00a0", Male, ""},
		{"2", GenderUnknown, CodeGenderFormat},
		{"khác", GenderUnknown, CodeGenderFormat},
		{"x", GenderUnknown, CodeGenderFormat},
	}
	for _, tt := range tests {
		got, err := ParseGender(tt.in)
		if got != tt.want || errCode(err) != tt.err {
			t.Errorf("ParseGender(%q) = %q, %v, want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && err.Field != FieldGender {
			t.Errorf("ParseGender(%q) error field = %q, want gender", tt.in, err.Field)
		}
	}
}

func TestPlatformCode(t *testing.T) {
	tests := []struct {
		g    Gender
		want string
	}{{Male, "0"}, {Female, "1"}, {GenderUnknown, ""}}
	for _, tt := range tests {
		if got := tt.g.PlatformCode(); got != tt.want {
			t.Errorf("%q.PlatformCode() = %q, want %q", tt.g, got, tt.want)
		}
		if tt.g != GenderUnknown {
			if back, err := ParseGender(tt.g.PlatformCode()); back != tt.g || err != nil {
				t.Errorf("ParseGender(%q) = %q, %v, want %q", tt.g.PlatformCode(), back, err, tt.g)
			}
		}
	}
}
