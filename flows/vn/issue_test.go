package vn

import (
	"slices"
	"testing"
	"time"
)

// today is the fixed "now" of the tests.
var today = time.Date(2026, time.May, 1, 10, 0, 0, 0, time.UTC)

// codes lists the codes of issues, for compact comparisons.
func codes(is []Issue) []string {
	var out []string
	for _, i := range is {
		out = append(out, i.Code)
	}
	return out
}

// errCode returns the code of an error issue, or "".
func errCode(i *Issue) string {
	if i == nil {
		return ""
	}
	return i.Code
}

func TestIssueError(t *testing.T) {
	tests := []struct {
		in   Issue
		want string
	}{
		{Issue{Code: CodeLostLeadingZero, Field: FieldID, Arg: "087084000999"}, "id: lost_leading_zero (087084000999)"},
		{Issue{Code: CodeNameEmpty, Field: FieldName}, "name: name_empty"},
		{Issue{Code: CodeQRFormat}, "qr_format"},
	}
	for _, tt := range tests {
		if got := tt.in.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSortIssues(t *testing.T) {
	in := []Issue{
		{Code: "b", Field: FieldName},
		{Code: "z", Field: FieldDOB},
		{Code: "a", Field: FieldName},
		{Code: "b", Field: FieldName},
		{Code: "c", Field: FieldID, Arg: "2"},
		{Code: "c", Field: FieldID, Arg: "1"},
	}
	got := sortIssues(in)
	want := []Issue{
		{Code: "z", Field: FieldDOB},
		{Code: "c", Field: FieldID, Arg: "1"},
		{Code: "c", Field: FieldID, Arg: "2"},
		{Code: "a", Field: FieldName},
		{Code: "b", Field: FieldName},
	}
	if !slices.Equal(got, want) {
		t.Errorf("sortIssues(%v) = %v, want %v", in, got, want)
	}
	if got := sortIssues(nil); got != nil {
		t.Errorf("sortIssues(nil) = %v, want nil", got)
	}
}

func TestExpandNumber(t *testing.T) {
	tests := []struct {
		in       string
		digits   string
		fraction bool
		ok       bool
	}{
		{"87084000999", "87084000999", false, true},
		{"8.7084000999E10", "87084000999", false, true},
		{"8.7084000999e+10", "87084000999", false, true},
		{"1.23456789012E+11", "123456789012", false, true},
		{"8.7084E+10", "87084000000", false, true},
		{"32874", "32874", false, true},
		{"32874.75", "32874", true, true},
		{"32874.000", "32874", false, true},
		{"1E-3", "0", true, true},
		{"0", "0", false, true},
		{"-5", "", false, false},
		{"1E999999", "", false, false},
		{"abc", "", false, false},
		{"", "", false, false},
		{".5", "", false, false},
	}
	for _, tt := range tests {
		d, f, ok := expandNumber(tt.in)
		if d != tt.digits || f != tt.fraction || ok != tt.ok {
			t.Errorf("expandNumber(%q) = %q, %v, %v, want %q, %v, %v", tt.in, d, f, ok, tt.digits, tt.fraction, tt.ok)
		}
	}
}
