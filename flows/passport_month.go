package flows

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// passportMonth is a unit's step-5 reports of one month, day by day, as
// seen at one moment: which days were reported, which missed, which are
// still to come. The report, its chart and the month's log all read it.
type passportMonth struct {
	Start time.Time // midnight of the 1st, in the zone the days are counted in
	Days  int       // in the month
	// Registered is the day the unit was registered: 0 before the month,
	// Days+1 after it. Days before it do not count; it can be reported,
	// but as the unit may have been registered late that day, it is
	// never counted missed.
	Registered int
	// Today is today's day in the month; Days+1 once the month is over and
	// 0 before it starts.
	Today int
	ByDay map[int]PassportReport
}

// dayMark is what a day of the month shows.
type dayMark int

// The marks, in the order the chart's legend lists them.
const (
	markSigned    dayMark = iota // reported with a count
	markNone                     // reported: none pending
	markMissed                   // a past day with no report
	markOpen                     // today, not reported yet
	markUntracked                // before the unit was registered, or still to come
)

// marks are every mark, in the legend's order.
var marks = []dayMark{markSigned, markNone, markMissed, markOpen, markUntracked}

// String names a mark in the catalogs' keys (passport.mark.<name>).
func (k dayMark) String() string {
	return [...]string{"signed", "none", "missed", "open", "untracked"}[k]
}

// newPassportMonth lays out the month starting at start (a local midnight
// of the 1st) for a unit registered at created, as of now.
func newPassportMonth(start, created, now time.Time, reports []PassportReport) passportMonth {
	zone := start.Location()
	next := start.AddDate(0, 1, 0)
	m := passportMonth{Start: start, Days: next.AddDate(0, 0, -1).Day(), ByDay: map[int]PassportReport{}}
	switch {
	case now.Before(start):
	case !now.Before(next):
		m.Today = m.Days + 1
	default:
		m.Today = now.In(zone).Day()
	}
	switch reg := dayStart(created, zone); {
	case !reg.Before(next):
		m.Registered = m.Days + 1
	case !reg.Before(start):
		m.Registered = reg.Day()
	}
	for _, r := range reports {
		d, err := time.ParseInLocation(time.DateOnly, r.Day, zone)
		if err == nil && !d.Before(start) && d.Before(next) {
			m.ByDay[d.Day()] = r
		}
	}
	return m
}

// mark is what day d of the month shows.
func (m passportMonth) mark(d int) dayMark {
	if r, ok := m.ByDay[d]; ok {
		if r.NonePending {
			return markNone
		}
		return markSigned
	}
	switch {
	case d < m.Registered || d > m.Today:
		return markUntracked
	case d == m.Today:
		return markOpen
	case d == m.Registered:
		return markUntracked
	}
	return markMissed
}

// listed is the first day the month's log lists: the day the unit was
// registered, or the 1st.
func (m passportMonth) listed() int { return max(m.Registered, 1) }

// missed lists the days of the month that passed without a report.
func (m passportMonth) missed() []int {
	var out []int
	for d := 1; d <= m.Days; d++ {
		if m.mark(d) == markMissed {
			out = append(out, d)
		}
	}
	return out
}

// signed adds up the confirmations reported in the month.
func (m passportMonth) signed() int {
	n := 0
	for _, r := range m.ByDay {
		n += r.Signed
	}
	return n
}

// label names the month as people write it: "11/2026".
func (m passportMonth) label() string { return m.Start.Format("01/2006") }

// dayRanges writes days of the month as runs, "3/11, 5–7/11", at most max
// runs and then "…", so a month of missed days stays one short line.
func (m passportMonth) dayRanges(days []int, max int) string {
	month := m.Start.Format("/01")
	var runs []string
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && days[j+1] == days[j]+1 {
			j++
		}
		if len(runs) == max {
			runs = append(runs, "…")
			break
		}
		run := strconv.Itoa(days[i])
		if j > i {
			run += "–" + strconv.Itoa(days[j])
		}
		runs = append(runs, run+month)
		i = j + 1
	}
	return strings.Join(runs, ", ")
}

// passportReader is what reading a unit's month of reports needs.
type passportReader interface {
	PassportMonth(ctx context.Context, actor Actor, communeID int64, month string) ([]PassportReport, error)
}

// passportMonthOf reads unit's reports of the month starting at start, as
// of the turn.
func (t *turn) passportMonthOf(r passportReader, unit Commune, start time.Time) (passportMonth, error) {
	reps, err := r.PassportMonth(t.ctx, t.actor(), unit.ID, start.Format("2006-01"))
	if err != nil {
		return passportMonth{}, err
	}
	return newPassportMonth(start, unit.Created, t.now, reps), nil
}

// passportLines are the report's lines on step 5: this month's days
// reported and missed, and whether today is reported.
func (t *turn) passportLines(m passportMonth) string {
	lines := []string{t.T("passport.report.line", m.label(), len(m.ByDay), m.signed())}
	if missed := m.missed(); len(missed) > 0 {
		lines = append(lines, t.T("passport.report.missed", len(missed), m.dayRanges(missed, 8)))
	}
	switch m.mark(m.Today) {
	case markOpen:
		lines = append(lines, t.T("passport.report.today_open"))
	case markSigned, markNone:
		lines = append(lines, t.T("passport.report.today_done", t.passportValue(m.ByDay[m.Today])))
	}
	return strings.Join(lines, "\n")
}

// passportValue shows a report's value: "12 hồ sơ" or "không có hồ sơ
// chờ ký".
func (t *turn) passportValue(r PassportReport) string {
	if r.NonePending {
		return t.T("passport.value.none")
	}
	return t.T("passport.value.count", r.Signed)
}
