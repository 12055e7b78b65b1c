package vn

import (
	"slices"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		src   Source
		want  Date
		err   string
		warns []string
	}{
		{in: "", want: Date{}},
		{in: "  ", want: Date{}},
		{in: "12/05/1990", want: Date{1990, 5, 12}},
		{in: "2/5/1990", want: Date{1990, 5, 2}},
		{in: "12-05-1990", want: Date{1990, 5, 12}},
		{in: "12.05.1990", want: Date{1990, 5, 12}},
		{in: "12 / 05 / 1990", want: Date{1990, 5, 12}},
		{in: "12 05 1990", want: Date{1990, 5, 12}},
		{in: "12051990", want: Date{1990, 5, 12}},
		{in: "19900512", want: Date{1990, 5, 12}},
		{in: "20050512", want: Date{2005, 5, 12}},
		{in: "1990-05-12", want: Date{1990, 5, 12}},
		{in: "1990/5/12", want: Date{1990, 5, 12}},
		{in: "1990-05-12T00:00:00", want: Date{1990, 5, 12}},
		{in: "1990-05-12 00:00:00", want: Date{1990, 5, 12}},
		{in: "1990-05-12T00:00:00.000Z", want: Date{1990, 5, 12}},
		{in: "1990", want: Date{Year: 1990}},
		{in: "05/1990", want: Date{Year: 1990, Month: 5}},
		{in: "5/1990", want: Date{Year: 1990, Month: 5}},
		{in: "05-1990", want: Date{Year: 1990, Month: 5}},
		{in: "1990-05", want: Date{Year: 1990, Month: 5}},
		{in: "051990", want: Date{Year: 1990, Month: 5}},
		{in: "00/00/1945", want: Date{Year: 1945}},
		{in: "00/05/1945", want: Date{Year: 1945, Month: 5}},
		{in: "ngày 12 tháng 5 năm 1990", want: Date{1990, 5, 12}},
		{in: "Tháng 5 năm 1990", want: Date{Year: 1990, Month: 5}},
		{in: "Năm 1990", want: Date{Year: 1990}},
		{in: "01/01/1990", want: Date{1990, 1, 1}, warns: []string{CodeDatePlaceholder}},
		{in: "05/13/1990", want: Date{1990, 5, 13}, warns: []string{CodeDateSwapped}},
		{in: "12/31/1990", want: Date{1990, 12, 31}, warns: []string{CodeDateSwapped}},
		{in: "13/05/1990", want: Date{1990, 5, 13}},
		{in: "29/02/2000", want: Date{2000, 2, 29}},
		{in: "29/02/1900", err: CodeDateInvalid},
		{in: "31/02/1990", err: CodeDateInvalid},
		{in: "31/04/1990", err: CodeDateInvalid},
		{in: "13/13/1990", err: CodeDateInvalid},
		{in: "00/13/1990", err: CodeDateInvalid},
		{in: "13/1990", err: CodeDateInvalid},
		{in: "15/05/20", err: CodeDateTwoDigitYear},
		{in: "15/5/90", err: CodeDateTwoDigitYear},
		{in: "150590", err: CodeDateTwoDigitYear},
		{in: "05/90", err: CodeDateTwoDigitYear},
		{in: "15/05", err: CodeDateFormat},
		{in: "12/05/199", err: CodeDateFormat},
		{in: "12/05-1990", err: CodeDateFormat},
		{in: "12//1990", err: CodeDateFormat},
		{in: "abc", err: CodeDateFormat},
		{in: "1990-05-12T25", err: CodeDateFormat},
		{in: "12/05/2030", err: CodeDateFuture},
		{in: "02/05/2026", err: CodeDateFuture},
		{in: "01/05/2026", want: Date{2026, 5, 1}},
		{in: "06/2026", err: CodeDateFuture},
		{in: "2027", err: CodeDateFuture},
		{in: "31/12/1899", err: CodeDateBefore1900},
		{in: "1899", err: CodeDateBefore1900},
		{in: "32874", src: CellNumber, want: Date{1990, 1, 1}, warns: []string{CodeDatePlaceholder}},
		{in: "32874.5", src: CellNumber, want: Date{1990, 1, 1}, warns: []string{CodeDatePlaceholder}},
		{in: "3.2885E4", src: CellNumber, want: Date{1990, 1, 12}},
		{in: "1", src: CellNumber, want: Date{1900, 1, 1}, warns: []string{CodeDatePlaceholder}},
		{in: "59", src: CellNumber, want: Date{1900, 2, 28}},
		{in: "60", src: CellNumber, err: CodeDateInvalid},
		{in: "61", src: CellNumber, want: Date{1900, 3, 1}},
		{in: "36526", src: CellNumber, want: Date{2000, 1, 1}, warns: []string{CodeDatePlaceholder}},
		{in: "46143", src: CellNumber, want: Date{2026, 5, 1}},
		{in: "46144", src: CellNumber, err: CodeDateFuture},
		{in: "0", src: CellNumber, err: CodeDateFormat},
		{in: "1990", src: CellNumber, want: Date{Year: 1990}},
		{in: "2026", src: CellNumber, want: Date{Year: 2026}},
		{in: "1899", src: CellNumber, want: Date{1905, 3, 13}},
		{in: "12051990", src: CellNumber, want: Date{1990, 5, 12}},
		{in: "01051990", src: CellNumber, want: Date{1990, 5, 1}},
		{in: "123456", src: CellNumber, err: CodeDateFormat},
		{in: "12/05/1990", src: CellNumber, want: Date{1990, 5, 12}},
		{in: "12/05/1990", src: CellText, want: Date{1990, 5, 12}},
	}
	for _, tt := range tests {
		got := ParseDate(tt.in, tt.src, today)
		if got.Date != tt.want || errCode(got.Err) != tt.err || !slices.Equal(codes(got.Warnings), tt.warns) {
			t.Errorf("ParseDate(%q, %d) = %v err %v warns %v, want %v err %q warns %v",
				tt.in, tt.src, got.Date, got.Err, got.Warnings, tt.want, tt.err, tt.warns)
		}
		if got.Err != nil && got.Err.Field != FieldDOB {
			t.Errorf("ParseDate(%q) error field = %q, want dob", tt.in, got.Err.Field)
		}
	}
}

func TestParseDateWarningArgs(t *testing.T) {
	got := ParseDate("05/13/1990", Typed, today).Warnings
	want := []Issue{{Code: CodeDateSwapped, Field: FieldDOB, Arg: "13/05/1990"}}
	if !slices.Equal(got, want) {
		t.Errorf("ParseDate(05/13/1990) warnings = %v, want %v", got, want)
	}
	got = ParseDate("01/01/1975", Typed, today).Warnings
	want = []Issue{{Code: CodeDatePlaceholder, Field: FieldDOB, Arg: "1975"}}
	if !slices.Equal(got, want) {
		t.Errorf("ParseDate(01/01/1975) warnings = %v, want %v", got, want)
	}
}

func TestDateForms(t *testing.T) {
	tests := []struct {
		d               Date
		prec            Precision
		stored, display string
	}{
		{Date{}, PrecNone, "", ""},
		{Date{Year: 1990}, PrecYear, "1990", "1990"},
		{Date{Year: 1990, Month: 5}, PrecMonth, "1990-05", "05/1990"},
		{Date{1990, 5, 12}, PrecDay, "1990-05-12", "12/05/1990"},
		{Date{1905, 12, 1}, PrecDay, "1905-12-01", "01/12/1905"},
	}
	for _, tt := range tests {
		if got := tt.d.Precision(); got != tt.prec {
			t.Errorf("%#v.Precision() = %d, want %d", tt.d, got, tt.prec)
		}
		if got := tt.d.String(); got != tt.stored {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.stored)
		}
		if got := tt.d.Display(); got != tt.display {
			t.Errorf("%#v.Display() = %q, want %q", tt.d, got, tt.display)
		}
		if got := tt.d.IsZero(); got != (tt.prec == PrecNone) {
			t.Errorf("%#v.IsZero() = %v", tt.d, got)
		}
		back, err := ParseStoredDate(tt.stored)
		if err != nil || back != tt.d {
			t.Errorf("ParseStoredDate(%q) = %v, %v, want %v", tt.stored, back, err, tt.d)
		}
	}
}

func TestParseStoredDateRejects(t *testing.T) {
	for _, in := range []string{"1990-5-12", "90", "1990-13", "1990-02-30", "0000", "1990-05-12-01", "12/05/1990", "1990-00-01", "1990-05-00", " 1990"} {
		if got, err := ParseStoredDate(in); err == nil {
			t.Errorf("ParseStoredDate(%q) = %v, nil; want an error", in, got)
		}
	}
}
