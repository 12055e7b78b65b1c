package vn

import (
	"slices"
	"testing"
)

func TestCheck(t *testing.T) {
	cccd := ID{Number: "087084000999", Kind: IDCCCD}
	tests := []struct {
		name  string
		p     Person
		want  Problem
		warns []Issue
	}{
		{"no id", Person{Name: "Nguyễn Văn An"}, ProblemMissingID, nil},
		{"dash as id", Person{Name: "Nguyễn Văn An", IDRaw: "-"}, ProblemMissingID, nil},
		{"không có", Person{Name: "Nguyễn Văn An", IDRaw: "không có"}, ProblemMissingID, nil},
		{"bad id", Person{Name: "Nguyễn Văn An", IDRaw: "1.23457E+11"}, ProblemBadIDFormat, nil},
		{"look-alike id", Person{Name: "Nguyễn Văn An", IDRaw: "08708947O133"}, ProblemBadIDFormat, nil},
		{"chưa có CCCD", Person{Name: "Nguyễn Văn An", IDRaw: "Chưa có CCCD"}, ProblemMissingID, nil},
		{"short id", Person{Name: "Nguyễn Văn An", IDRaw: "12345"}, ProblemBadIDFormat, nil},
		{"consistent", Person{Name: "Nguyễn Văn An", ID: cccd, Gender: Male, DOB: Date{1984, 3, 12}}, ProblemWrongInfo, nil},
		{"gender", Person{Name: "Nguyễn Thị An", ID: cccd, Gender: Female, DOB: Date{Year: 1984}}, ProblemWrongInfo,
			[]Issue{{Code: CodeCCCDGender, Field: FieldID, Arg: "male"}}},
		{"year", Person{Name: "Nguyễn Văn An", ID: cccd, Gender: Male, DOB: Date{Year: 1985}}, ProblemWrongInfo,
			[]Issue{{Code: CodeCCCDYear, Field: FieldID, Arg: "1984"}}},
		{"cmnd is not cross-checked", Person{Name: "Nguyễn Văn An", ID: ID{"012345678", IDCMND9}, Gender: Female, DOB: Date{Year: 1985}}, ProblemWrongInfo, nil},
		{"all warnings, sorted", Person{
			Name: "Nguyen Van An", ID: ID{"003185000999", IDCCCD}, Gender: Male, DOB: Date{1984, 1, 1}, Phone: "01621234567",
		}, ProblemWrongInfo, []Issue{
			{Code: CodeDatePlaceholder, Field: FieldDOB, Arg: "1984"},
			{Code: CodeCCCDGender, Field: FieldID, Arg: "female"},
			{Code: CodeCCCDProvince, Field: FieldID, Arg: "003"},
			{Code: CodeCCCDYear, Field: FieldID, Arg: "1985"},
			{Code: CodeNameNoDiacritics, Field: FieldName},
			{Code: CodePhoneOldPrefix, Field: FieldPhone, Arg: "0321234567"},
		}},
	}
	for _, tt := range tests {
		got, warns := Check(tt.p)
		if got != tt.want || !slices.Equal(warns, tt.warns) {
			t.Errorf("Check %s (%+v) = %q, %v; want %q, %v", tt.name, tt.p, got, warns, tt.want, tt.warns)
		}
	}
}
