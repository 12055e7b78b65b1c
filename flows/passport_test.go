package flows

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"lamsach/flows/msg"
)

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		bad  string
		note string
	}{
		{"12", 12, "", ""},
		{" 0 ", 0, "", "zero signed is a count"},
		{"12 hồ sơ", 12, "", "with the unit"},
		{"12 HO SO", 12, "", ""},
		{"7hs", 7, "", ""},
		{"1.200", 1200, "", "Vietnamese thousands"},
		{"1,200", 1200, "", "English thousands"},
		{"1 200", 1200, "", ""},
		{"10000", PassportMax, "", "the most"},
		{"0012", 12, "", "leading zeros"},
		{"-3", 0, "negative", ""},
		{"−3", 0, "negative", "a typographic minus"},
		{"- 3", 0, "negative", ""},
		{"-0", 0, "", "minus nothing is nothing"},
		{"-1,5", 0, "negative", ""},
		{"12,5", 0, "fraction", "Vietnamese decimal comma"},
		{"0.5", 0, "fraction", ""},
		{"10001", 0, "too_large", ""},
		{"001090012345", 0, "too_large", "an ID number"},
		{"0912345678", 0, "too_large", "a phone number"},
		{"99999999999999999999999", 0, "too_large", "past int64"},
		{"12.000", 0, "too_large", "twelve thousand"},
		{"", 0, "not_number", ""},
		{"mười hai", 0, "not_number", ""},
		{"12a", 0, "not_number", ""},
		{"1.2.3", 0, "not_number", ""},
		{"12 13", 0, "not_number", ""},
		{"hồ sơ", 0, "not_number", ""},
		{"١٢", 0, "not_number", "Arabic-Indic digits"},
	}
	for _, tc := range tests {
		n, bad := parseCount(tc.in)
		if n != tc.n || bad != tc.bad {
			t.Errorf("parseCount(%q) = %d, %q; want %d, %q %s", tc.in, n, bad, tc.n, tc.bad, tc.note)
		}
	}
}

// FuzzParseCount: any text gives a count in range or a named mistake the
// catalogs explain, never both, and never a panic.
func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"12", "1.200", "-3", "12,5", "001090012345", "12 hồ sơ", "", "−0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, bad := parseCount(s)
		switch {
		case bad != "" && n != 0:
			t.Fatalf("parseCount(%q) = %d and mistake %q", s, n, bad)
		case bad == "" && (n < 0 || n > PassportMax):
			t.Fatalf("parseCount(%q) = %d, out of range", s, n)
		case bad != "" && !msg.Has("passport.bad."+bad):
			t.Fatalf("parseCount(%q): mistake %q has no text", s, bad)
		}
	})
}

func TestPassportMonth(t *testing.T) {
	z := DefaultSchedule.Zone
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, z) }
	start := at(1, 0)
	reps := []PassportReport{{Day: "2026-11-10", Signed: 4}, {Day: "2026-11-12", NonePending: true},
		{Day: "2026-10-31", Signed: 9}, {Day: "2026-12-01", Signed: 9}} // other months are left out
	m := newPassportMonth(start, at(8, 15), at(14, 9), reps)
	want := map[int]dayMark{1: markUntracked, 7: markUntracked, 8: markUntracked, 9: markMissed, 10: markSigned,
		11: markMissed, 12: markNone, 13: markMissed, 14: markOpen, 15: markUntracked, 30: markUntracked}
	for d, k := range want {
		if got := m.mark(d); got != k {
			t.Errorf("day %d: %s, want %s", d, got, k)
		}
	}
	if got := m.missed(); !slices.Equal(got, []int{9, 11, 13}) || m.signed() != 4 || len(m.ByDay) != 2 || m.listed() != 8 {
		t.Errorf("missed %v, signed %d, reported %d, listed from %d; want [9 11 13], 4, 2, 8", got, m.signed(), len(m.ByDay), m.listed())
	}

	// A unit registered before the month, seen after it: every day counts.
	past := newPassportMonth(start, at(1, 0).AddDate(0, -2, 0), at(1, 0).AddDate(0, 2, 0), nil)
	if past.Days != 30 || len(past.missed()) != 30 || past.listed() != 1 {
		t.Errorf("a past month: %d days, %d missed, listed from %d; want 30, 30, 1", past.Days, len(past.missed()), past.listed())
	}
	// Registered after the month: nothing counts, nothing is listed.
	later := newPassportMonth(start, at(1, 0).AddDate(0, 1, 3), at(1, 0).AddDate(0, 2, 0), nil)
	if len(later.missed()) != 0 || later.listed() <= later.Days {
		t.Errorf("a month before the unit existed: missed %v, listed from %d", later.missed(), later.listed())
	}
	// Today is open on the day the unit was registered.
	if got := newPassportMonth(start, at(14, 8), at(14, 20), nil).mark(14); got != markOpen {
		t.Errorf("registration day, not reported: %s, want open", got)
	}
}

func TestDayRanges(t *testing.T) {
	m := passportMonth{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		days []int
		max  int
		want string
	}{
		{nil, 8, ""},
		{[]int{29}, 8, "29/11"},
		{[]int{3, 5, 6, 7, 12}, 8, "3/11, 5–7/11, 12/11"},
		{[]int{1, 3, 5, 7}, 2, "1/11, 3/11, …"},
	} {
		if got := m.dayRanges(tc.days, tc.max); got != tc.want {
			t.Errorf("dayRanges(%v, %d) = %q, want %q", tc.days, tc.max, got, tc.want)
		}
	}
}

// TestPassportCatalog: every text the desk builds from a value has both
// catalogs' entry.
func TestPassportCatalog(t *testing.T) {
	var keys []string
	for _, k := range marks {
		keys = append(keys, "passport.mark."+k.String())
	}
	for _, bad := range []string{"negative", "fraction", "not_number", "too_large"} {
		keys = append(keys, "passport.bad."+bad)
	}
	for _, k := range FacilityKinds {
		keys = append(keys, "facility.kind."+string(k))
	}
	for d := range 7 {
		keys = append(keys, "passport.log.weekday."+strconv.Itoa(d))
	}
	keys = append(keys, "help.facility", "welcome.facility")
	for _, key := range keys {
		for _, l := range []msg.Lang{msg.VI, msg.EN} {
			if !msg.HasIn(l, key) {
				t.Errorf("%s catalog has no %q", l, key)
			}
		}
	}
}
