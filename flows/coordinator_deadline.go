package flows

import (
	"regexp"
	"strconv"
	"time"

	"lamsach/flows/msg"
)

// deadlineForm is a typed date: d/m/yyyy with /, - or . between.
var deadlineForm = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)

// parseDay reads a typed calendar date in zone; false when it is no date
// ("31/02/2026", "15/12/26").
func parseDay(s string, zone *time.Location) (time.Time, bool) {
	m := deadlineForm.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	d, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	y, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, zone)
	// time.Date normalises 31/02 to 03/03: a changed day is no date.
	if t.Day() != d || int(t.Month()) != mo || t.Year() != y {
		return time.Time{}, false
	}
	return t, true
}

// dayStart is the local midnight that begins t's day in zone.
func dayStart(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, zone)
}

// daysBetween counts calendar days from a to b (both local midnights).
func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Round(24*time.Hour) / (24 * time.Hour))
}

// zone is where the commune's people live; dates and quiet hours are theirs.
func (t *turn) zone() *time.Location { return t.app.schedule().Zone }

// date shows a day: "15/12/2026".
func (t *turn) date(tm time.Time) string { return showDate(tm, t.zone()) }

func showDate(tm time.Time, zone *time.Location) string { return tm.In(zone).Format("02/01/2006") }

// when shows a moment: "09:00 30/11/2026".
func (t *turn) when(tm time.Time) string { return tm.In(t.zone()).Format("15:04 02/01/2006") }

// left says how far a deadline is: "còn 18 ngày", "hôm nay", "đã quá 2 ngày".
func (t *turn) left(deadline time.Time) string { return daysLeft(t.lang, t.now, deadline, t.zone()) }

func daysLeft(l msg.Lang, now, deadline time.Time, zone *time.Location) string {
	n := daysBetween(dayStart(now, zone), dayStart(deadline, zone))
	switch {
	case n > 0:
		return tr(l, "coord.deadline.days_left", n)
	case n == 0:
		return tr(l, "coord.deadline.today")
	}
	return tr(l, "coord.deadline.overdue", -n)
}

// deadline shows the commune's deadline, or asks to confirm a new one:
// /deadline dd/mm/yyyy. A past date is refused with today's date.
func (t *coordHandler) deadline() error {
	arg := t.ev.Args
	if arg == "" {
		c, err := t.repo.Commune(t.ctx, t.member.CommuneID)
		if err != nil {
			return err
		}
		if c.Deadline.IsZero() {
			t.say("coord.deadline.none")
			return nil
		}
		t.say("coord.deadline.current", t.date(c.Deadline), t.left(c.Deadline))
		return nil
	}
	day, ok := parseDay(arg, t.zone())
	if !ok {
		t.say("coord.deadline.bad", arg, t.date(t.now.AddDate(0, 0, 14)))
		return nil
	}
	if day.Before(dayStart(t.now, t.zone())) {
		t.say("coord.deadline.past", t.date(day), t.date(t.now), t.date(t.now.AddDate(0, 0, 14)))
		return nil
	}
	t.send(Out{Text: t.T("coord.deadline.confirm", t.T("coord.weekday."+strconv.Itoa(int(day.Weekday()))), t.date(day), t.left(day)),
		Buttons: [][]Button{{button(t.T("coord.btn.deadline"), "dl", 0, 0, day.Format("20060102"))}, t.cancelRow()}})
	return nil
}

// deadlineSet saves the confirmed deadline: the local midnight that begins
// the day, so the whole day counts and reminders go out on it.
func (t *coordHandler) deadlineSet(arg string) error {
	day, err := time.ParseInLocation("20060102", arg, t.zone())
	if err != nil {
		t.say("button.unknown")
		return nil
	}
	if day.Before(dayStart(t.now, t.zone())) {
		// A confirmation pressed after its day has passed.
		t.say("coord.deadline.past", t.date(day), t.date(t.now), t.date(t.now.AddDate(0, 0, 14)))
		return nil
	}
	if err := t.repo.SetDeadline(t.ctx, t.actor(), t.member.CommuneID, day); err != nil {
		return t.coordFail(err)
	}
	s := t.app.schedule()
	t.say("coord.deadline.set", t.date(day), t.left(day), clock(s.At))
	return nil
}

// clock shows a time of day: 7h30m → "07:30".
func clock(d time.Duration) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(d).Format("15:04")
}
