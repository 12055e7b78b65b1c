package vn

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DateResult is the outcome of ParseDate. When Err is set, Date is zero.
type DateResult struct {
	Date     Date
	Err      *Issue
	Warnings []Issue
}

var (
	// isoDateTime is yyyy-mm-dd, optionally with the time some exports append.
	isoDateTime = regexp.MustCompile(`(?i)^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$`)
	// spacedSep lets "12 / 05 / 1990" read as "12/05/1990".
	spacedSep = regexp.MustCompile(` *([/.-]) *`)
	// viDay and viMonth turn "ngày 12 tháng 5 năm 1990" into "12/5/1990".
	viDay   = regexp.MustCompile(`^(ngày|ngay) *`)
	viMonth = regexp.MustCompile(` *(tháng|thang|năm|nam) *`)
)

// ParseDate reads a date of birth. Forms (DOMAIN §3): dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy,
// dd.mm.yyyy, ddmmyyyy, yyyymmdd, yyyy-mm-dd (also with a time, as some exports write
// it), yyyy, mm/yyyy, m/yyyy, mm-yyyy, "ngày 12 tháng 5 năm 1990", and "00/00/yyyy" or
// "00/mm/yyyy" for a year or month only. From a numeric cell a number is an Excel
// (1900-system) serial, except that a 4-digit number from 1900 to this year is a year.
//
// Vietnamese order is day first. A value that only makes sense month first
// ("05/13/1990") is read that way with the warning date_swapped, so a person confirms
// it. A two-digit year is an error: "15/05/20" must not become 0020 or a guessed
// century. 01/01/yyyy is kept as a day but warned as a likely placeholder. A date
// before 1900 or after today is an error. Empty input gives the zero Date.
func ParseDate(s string, src Source, today time.Time) DateResult {
	t := CleanText(s)
	if t == "" {
		return DateResult{}
	}
	if src == CellNumber {
		if r, ok := parseSerial(t, today); ok {
			return r
		}
	}
	return parseDateText(t, today)
}

// parseSerial reads a numeric cell; ok is false if it holds no number.
func parseSerial(t string, today time.Time) (DateResult, bool) {
	digits, _, ok := t, false, allDigits(t)
	if !ok {
		digits, _, ok = expandNumber(strings.ReplaceAll(t, ",", "."))
	}
	if !ok {
		return DateResult{}, false
	}
	n, _ := strconv.Atoi(digits)
	switch {
	case len(digits) == 4 && n >= 1900 && n <= today.Year():
		return finish(Date{Year: n}, today, nil), true
	case len(digits) == 8:
		// ddmmyyyy or yyyymmdd typed into a numeric cell.
		return parseDateText(digits, today), true
	case len(digits) > 5 || n == 0:
		return failDate(CodeDateFormat), true
	case n == 60:
		// Excel's day 60 is 29/02/1900, which never existed (a Lotus 1-2-3 bug Excel kept).
		return failDate(CodeDateInvalid), true
	}
	// Day 1 is 01/01/1900; from day 61 on, the fake 29/02/1900 shifts everything by one.
	base := 31
	if n > 60 {
		base = 30
	}
	tm := time.Date(1899, time.December, base+n, 0, 0, 0, 0, time.UTC)
	return finish(Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}, today, nil), true
}

// parseDateText reads the written forms.
func parseDateText(t string, today time.Time) DateResult {
	t = strings.ToLower(t)
	t = viDay.ReplaceAllString(t, "")
	t = strings.Trim(viMonth.ReplaceAllString(t, "/"), "/")
	if m := isoDateTime.FindStringSubmatch(t); m != nil {
		return ymd(m[1], m[2], m[3], today)
	}
	t = spacedSep.ReplaceAllString(t, "$1")
	sep := ""
	for _, c := range t {
		if c == '/' || c == '.' || c == '-' || c == ' ' {
			if sep != "" && sep != string(c) {
				return failDate(CodeDateFormat)
			}
			sep = string(c)
		}
	}
	parts := []string{t}
	if sep != "" {
		parts = strings.Split(t, sep)
	}
	for _, p := range parts {
		if !allDigits(p) {
			return failDate(CodeDateFormat)
		}
	}
	switch len(parts) {
	case 1:
		return parseDigitsOnly(t, today)
	case 2:
		return parseMonthYear(parts[0], parts[1], today)
	case 3:
		a, b, c := parts[0], parts[1], parts[2]
		switch {
		case len(a) == 4 && len(b) <= 2 && len(c) <= 2:
			return ymd(a, b, c, today)
		case len(a) <= 2 && len(b) <= 2 && len(c) == 4:
			return dmy(a, b, c, today)
		case len(a) <= 2 && len(b) <= 2 && len(c) == 2:
			return failDate(CodeDateTwoDigitYear)
		}
	}
	return failDate(CodeDateFormat)
}

// parseDigitsOnly reads a value without separators.
func parseDigitsOnly(t string, today time.Time) DateResult {
	switch len(t) {
	case 4:
		y, _ := strconv.Atoi(t)
		return finish(Date{Year: y}, today, nil)
	case 6:
		// mmyyyy if it reads as one, else ddmmyy: a two-digit year.
		if m, _ := strconv.Atoi(t[:2]); m >= 1 && m <= 12 && (t[2:4] == "19" || t[2:4] == "20") {
			return parseMonthYear(t[:2], t[2:], today)
		}
		return failDate(CodeDateTwoDigitYear)
	case 8:
		// Day first is the Vietnamese order; yyyymmdd only when ddmmyyyy is impossible.
		r := dmy(t[:2], t[2:4], t[4:], today)
		if r.Err == nil || !strings.HasPrefix(t, "19") && !strings.HasPrefix(t, "20") {
			return r
		}
		if r2 := ymd(t[:4], t[4:6], t[6:], today); r2.Err == nil {
			return r2
		}
		return r
	}
	return failDate(CodeDateFormat)
}

// parseMonthYear reads mm/yyyy (or yyyy-mm, the storage form).
func parseMonthYear(a, b string, today time.Time) DateResult {
	if len(a) == 4 && len(b) <= 2 {
		a, b = b, a
	}
	switch {
	case len(a) <= 2 && len(b) == 4:
		m, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		if m < 1 || m > 12 {
			return failDate(CodeDateInvalid)
		}
		return finish(Date{Year: y, Month: m}, today, nil)
	case len(a) <= 2 && len(b) == 2:
		if m, _ := strconv.Atoi(a); m >= 1 && m <= 12 {
			if n, _ := strconv.Atoi(b); n > 12 {
				return failDate(CodeDateTwoDigitYear) // "05/90"
			}
		}
	}
	return failDate(CodeDateFormat)
}

// ymd builds a date from year, month and day digits in that order.
func ymd(y, m, d string, today time.Time) DateResult {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	return dayDate(yy, mm, dd, today, nil)
}

// dmy builds a date from day, month and year digits, reading month first (with a
// warning) only when day first is impossible.
func dmy(d, m, y string, today time.Time) DateResult {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	if mm > 12 && dd >= 1 && dd <= 12 {
		date := Date{Year: yy, Month: dd, Day: mm}
		return dayDate(yy, dd, mm, today, &Issue{Code: CodeDateSwapped, Field: FieldDOB, Arg: date.Display()})
	}
	return dayDate(yy, mm, dd, today, nil)
}

// dayDate validates a date given to the day. Day 0 ("00/05/1990", "00/00/1990") is how
// some lists write a month or year only; it lowers the precision instead of failing.
func dayDate(y, m, d int, today time.Time, warn *Issue) DateResult {
	date := Date{Year: y, Month: m, Day: d}
	if d == 0 && m == 0 {
		date = Date{Year: y}
	}
	if !validCalendar(date) || date.Year == 0 && date.Month != 0 {
		return failDate(CodeDateInvalid)
	}
	return finish(date, today, warn)
}

// finish checks the range of a calendar-valid date and adds the warnings.
func finish(d Date, today time.Time, warn *Issue) DateResult {
	switch {
	case d.Year < 1900:
		return failDate(CodeDateBefore1900)
	case d.after(today):
		return failDate(CodeDateFuture)
	}
	r := DateResult{Date: d}
	if warn != nil {
		r.Warnings = append(r.Warnings, *warn)
	}
	if d.Day == 1 && d.Month == 1 {
		r.Warnings = append(r.Warnings, Issue{Code: CodeDatePlaceholder, Field: FieldDOB, Arg: strconv.Itoa(d.Year)})
	}
	return r
}

// failDate returns an error result for the DOB field.
func failDate(code string) DateResult {
	return DateResult{Err: issue(code, FieldDOB, "")}
}
