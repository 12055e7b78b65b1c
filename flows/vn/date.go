package vn

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision is how much of a date of birth is known.
type Precision int

// The precisions. Old records often hold only a year; a date is never padded to a day
// that nobody gave.
const (
	PrecNone Precision = iota
	PrecYear
	PrecMonth
	PrecDay
)

// Date is a date of birth with the precision that was known; Month/Day are 0 when
// unknown. A Day without a Month never occurs.
type Date struct {
	Year, Month, Day int
}

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecNone
	case d.Month == 0:
		return PrecYear
	case d.Day == 0:
		return PrecMonth
	}
	return PrecDay
}

// IsZero reports whether no date is known.
func (d Date) IsZero() bool { return d == Date{} }

// String returns the storage form: "1990", "1990-05", "1990-05-12", or "" when zero.
// It sorts as text in date order and keeps the precision without a separate column.
func (d Date) String() string {
	switch d.Precision() {
	case PrecYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// Display returns the Vietnamese day-first form people read and the platform's
// template wants: "12/05/1990", "05/1990", "1990", or "" when zero.
func (d Date) Display() string {
	switch d.Precision() {
	case PrecYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecMonth:
		return fmt.Sprintf("%02d/%04d", d.Month, d.Year)
	case PrecDay:
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
	}
	return ""
}

// FirstDay completes a date known only to the year or the month with the first day,
// as the platform's import template wants every date of birth (dd/mm/yyyy) and as the
// platform itself stores year-only records: 1990 → 01/01/1990, 05/1990 → 01/05/1990.
// The notice says exactly what was written, so a person can check it:
// date_year_filled ("ngày 01 tháng 01") or date_month_filled ("ngày 01"), Arg the date
// written. A date known to the day, or no date, comes back unchanged with nil.
func (d Date) FirstDay() (Date, *Issue) {
	switch d.Precision() {
	case PrecYear:
		d.Month, d.Day = 1, 1
		return d, issue(CodeDateYearFilled, FieldDOB, d.Display())
	case PrecMonth:
		d.Day = 1
		return d, issue(CodeDateMonthFilled, FieldDOB, d.Display())
	}
	return d, nil
}

// errStoredDate is wrapped by ParseStoredDate: a stored value that does not parse means
// the database is damaged, a system failure rather than a person's mistake.
var errStoredDate = errors.New("not a stored date")

// ParseStoredDate is the inverse of Date.String: it accepts exactly "yyyy", "yyyy-mm"
// and "yyyy-mm-dd" for a real calendar date, and "" for the zero Date.
func ParseStoredDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	widths := []int{4, 2, 2}
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("parse stored date %q: %w", s, errStoredDate)
	}
	var n [3]int
	for i, p := range parts {
		if len(p) != widths[i] || !allDigits(p) {
			return Date{}, fmt.Errorf("parse stored date %q: %w", s, errStoredDate)
		}
		n[i], _ = strconv.Atoi(p)
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year == 0 || !validCalendar(d) || d.String() != s {
		return Date{}, fmt.Errorf("parse stored date %q: %w", s, errStoredDate)
	}
	return d, nil
}

// validCalendar reports whether the known parts of d name a real month and day.
func validCalendar(d Date) bool {
	if d.Month == 0 {
		return d.Day == 0
	}
	if d.Month < 1 || d.Month > 12 {
		return false
	}
	return d.Day >= 0 && d.Day <= daysIn(d.Year, d.Month)
}

// daysIn returns the number of days in a month of the Gregorian calendar.
func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// after reports whether d lies after the day today, at d's precision: a year-only date
// is in the future only if its year is.
func (d Date) after(today time.Time) bool {
	ty, tm, td := today.Date()
	switch d.Precision() {
	case PrecYear:
		return d.Year > ty
	case PrecMonth:
		return d.Year > ty || d.Year == ty && d.Month > int(tm)
	case PrecDay:
		return d.Year > ty || d.Year == ty && (d.Month > int(tm) || d.Month == int(tm) && d.Day > td)
	}
	return false
}
