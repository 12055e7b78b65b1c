package vn

import "testing"

func TestPlatformID(t *testing.T) {
	tests := []struct {
		in     string
		status IDStatus
		id     ID
		code   string
		arg    string
	}{
		// No number at all: told apart from a malformed one.
		{in: "", status: IDStatusNone, code: CodeIDMissing},
		{in: "không có", status: IDStatusNone, code: CodeIDMissing},
		{in: "Chưa có CCCD", status: IDStatusNone, code: CodeIDMissing},
		{in: "-", status: IDStatusNone, code: CodeIDMissing},
		{in: "0", status: IDStatusNone, code: CodeIDMissing},
		{in: "000000000000", status: IDStatusNone, code: CodeIDMissing},
		// Written, but not a number the platform can take.
		{in: "8.7084E+10", status: IDStatusMalformed, code: CodeIDScientific},
		{in: "8,7084E+10", status: IDStatusMalformed, code: CodeIDScientific},
		{in: "87084000999", status: IDStatusMalformed, code: CodeLostLeadingZero, arg: "087084000999"},
		{in: "87084000999.0", status: IDStatusMalformed, code: CodeLostLeadingZero, arg: "087084000999"},
		{in: "08708947O133", status: IDStatusMalformed, code: CodeIDLookalike, arg: "087089470133"},
		{in: "O12345678", status: IDStatusMalformed, code: CodeIDLookalike, arg: "012345678"},
		{in: "1090123456", status: IDStatusMalformed, code: CodeIDLength, arg: "10"},
		{in: "0870840009", status: IDStatusMalformed, code: CodeIDLength, arg: "10"},
		{in: "1234567", status: IDStatusMalformed, code: CodeIDLength, arg: "7"},
		{in: "#N/A", status: IDStatusMalformed, code: CodeIDFormat},
		{in: "CCCD 087084000999", status: IDStatusMalformed, code: CodeIDFormat},
		// Valid, written in canonical form.
		{in: "087084000999", status: IDStatusOK, id: ID{"087084000999", IDCCCD}},
		{in: "'087 084 000 999", status: IDStatusOK, id: ID{"087084000999", IDCCCD}},
		{in: "003090123456", status: IDStatusOK, id: ID{"003090123456", IDCCCD}}, // unknown province: a warning only
		{in: "123456789012", status: IDStatusOK, id: ID{"123456789012", IDCMND12}},
		{in: "012345678", status: IDStatusOK, id: ID{"012345678", IDCMND9}},
		{in: "12345678", status: IDStatusOK, id: ID{"12345678", IDDoc8}},
		{in: "c1234567", status: IDStatusOK, id: ID{"C1234567", IDPassportVN}},
		{in: "E12345678", status: IDStatusOK, id: ID{"E12345678", IDPassportForeign}},
	}
	for _, tt := range tests {
		got := PlatformID(tt.in)
		var code, arg string
		if got.Issue != nil {
			code, arg = got.Issue.Code, got.Issue.Arg
		}
		if got.Status != tt.status || got.ID != tt.id || code != tt.code || arg != tt.arg {
			t.Errorf("PlatformID(%q) = %+v issue %v, want %q %+v issue %s (%s)", tt.in, got, got.Issue, tt.status, tt.id, tt.code, tt.arg)
		}
		if got.OK() != (tt.status == IDStatusOK) {
			t.Errorf("PlatformID(%q).OK() = %v with status %q", tt.in, got.OK(), got.Status)
		}
		if got.Issue != nil && got.Issue.Field != FieldID {
			t.Errorf("PlatformID(%q) issue field = %q, want id", tt.in, got.Issue.Field)
		}
	}
}

// TestPlatformIDOfParsed checks that whatever ParseID accepts without a notice is what
// PlatformID accepts, so the import and the export judge a number alike.
func TestPlatformIDOfParsed(t *testing.T) {
	for _, s := range []string{"087084000999", "001090123456", "123456789012", "012345678", "12345678",
		"C1234567", "AB123456", "X12AB9"} {
		r := ParseID(s, CellText)
		if c := PlatformID(r.ID.Number); !c.OK() || c.ID != r.ID {
			t.Errorf("ParseID(%q) = %+v, but PlatformID of its number = %+v", s, r.ID, c)
		}
	}
	// A number restored from a numeric cell is acceptable once a person confirmed it,
	// i.e. once the record holds the restored number.
	r := ParseID("87084000999", CellNumber)
	if c := PlatformID(r.ID.Number); !c.OK() {
		t.Errorf("PlatformID(%q) = %+v, want ok", r.ID.Number, c)
	}
}

func TestFirstDay(t *testing.T) {
	tests := []struct {
		in    Date
		want  Date
		issue *Issue
	}{
		{Date{Year: 1990}, Date{1990, 1, 1}, &Issue{Code: CodeDateYearFilled, Field: FieldDOB, Arg: "01/01/1990"}},
		{Date{Year: 1990, Month: 5}, Date{1990, 5, 1}, &Issue{Code: CodeDateMonthFilled, Field: FieldDOB, Arg: "01/05/1990"}},
		{Date{1990, 5, 12}, Date{1990, 5, 12}, nil},
		{Date{1990, 1, 1}, Date{1990, 1, 1}, nil},
		{Date{}, Date{}, nil},
	}
	for _, tt := range tests {
		got, is := tt.in.FirstDay()
		if got != tt.want || (is == nil) != (tt.issue == nil) || is != nil && *is != *tt.issue {
			t.Errorf("%v.FirstDay() = %v, %v, want %v, %v", tt.in, got, is, tt.want, tt.issue)
		}
	}
}
