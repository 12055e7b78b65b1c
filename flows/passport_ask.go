package flows

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lamsach/flows/vn"
)

// passportCmd is /passport: with a count after it ("/passport 12") the day
// is reported at once; without, the desk shows the day so far and asks.
func (d *passportDesk) passportCmd() error {
	if arg := strings.TrimSpace(d.ev.Args); arg != "" {
		return d.take(arg)
	}
	return d.ask()
}

// ask shows today's report so far and asks how many confirmations were
// checked and signed, with the "none pending" button and the month logs.
func (d *passportDesk) ask() error {
	cur, err := d.current()
	if err != nil {
		return err
	}
	unit, err := d.repo.Commune(d.ctx, d.member.CommuneID)
	if err != nil {
		return err
	}
	text := d.T("passport.ask.head", d.date(d.now))
	if cur.Day == "" {
		text += "\n" + d.T("passport.ask.question")
	} else {
		text += "\n" + d.T("passport.ask.reported", d.passportValue(cur), cur.By, d.when(cur.At)) +
			"\n" + d.T("passport.ask.correct")
	}
	d.c.reset()
	d.c.Step = stepPassport
	d.send(Out{Text: text, Buttons: append([][]Button{{d.noneButton()}}, d.logButtons(unit))})
	return nil
}

// noneButton reports today as "none pending"; it names the day, so a press
// on an older day's message changes nothing.
func (d *passportDesk) noneButton() Button {
	return button(d.T("passport.btn.none"), actPassport, 0, 0, "none:"+d.today())
}

// logButtons offer this month's log and, once the unit has one, last
// month's: at the start of a month the finished one is the one to file.
func (d *passportDesk) logButtons(unit Commune) []Button {
	this := monthStart(d.now, d.zone())
	row := []Button{button(d.T("passport.btn.log", this.Format("01/2006")), actPassport, 0, 0, "log:"+this.Format("2006-01"))}
	if last := this.AddDate(0, -1, 0); unit.Created.Before(this) {
		row = append(row, button(d.T("passport.btn.log", last.Format("01/2006")), actPassport, 0, 0, "log:"+last.Format("2006-01")))
	}
	return row
}

// take reads a typed count and saves it; a count that does not read gets
// its reason and the question stays open.
func (d *passportDesk) take(text string) error {
	n, bad := parseCount(text)
	if bad != "" {
		d.c.reset()
		d.c.Step = stepPassport
		d.send(Out{Text: d.T("passport.bad."+bad, short(strings.TrimSpace(text), 24), PassportMax), Buttons: [][]Button{{d.noneButton()}}})
		return nil
	}
	return d.save(PassportReport{Signed: n})
}

// save records r as today's report of the member's unit. The same value
// again writes nothing; another value replaces the day's report and the
// audit log keeps both.
func (d *passportDesk) save(r PassportReport) error {
	r.CommuneID, r.Day = d.member.CommuneID, d.today()
	cur, err := d.current()
	if err != nil {
		return err
	}
	d.c.reset()
	if cur.Day != "" && cur.Value() == r.Value() {
		d.say("passport.unchanged", d.dayText(r.Day), d.passportValue(cur))
		return nil
	}
	if err := d.repo.SavePassportReport(d.ctx, d.actor(), r); err != nil {
		return d.fail(err)
	}
	if cur.Day == "" {
		d.say("passport.saved", d.dayText(r.Day), d.passportValue(r))
	} else {
		d.say("passport.corrected", d.dayText(r.Day), d.passportValue(cur), d.passportValue(r))
	}
	return nil
}

// current is today's report of the member's unit; zero when none yet.
func (d *passportDesk) current() (PassportReport, error) {
	r, err := d.repo.PassportReport(d.ctx, d.actor(), d.member.CommuneID, d.today())
	if errors.Is(err, ErrNotFound) {
		return PassportReport{}, nil
	}
	return r, err
}

// monthStart is midnight of the first day of tm's month in zone.
func monthStart(tm time.Time, zone *time.Location) time.Time {
	y, m, _ := tm.In(zone).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, zone)
}

// The forms a typed count takes: plain digits, digits grouped by
// thousands as Vietnamese writes them ("1.200") or English does ("1,200"),
// and a decimal, which is no count.
var (
	countPlain    = regexp.MustCompile(`^[0-9]+$`)
	countGrouped  = regexp.MustCompile(`^[0-9]{1,3}(?:[., ][0-9]{3})+$`)
	countFraction = regexp.MustCompile(`^[0-9]*[.,][0-9]+$`)
)

// parseCount reads the number of confirmations typed: "12", "12 hồ sơ",
// "1.200". bad names the mistake (the catalog's passport.bad.<bad>):
// negative, fraction, not_number or too_large.
func parseCount(text string) (n int, bad string) {
	s := vn.NameKey(text) // lower case, no diacritics, single spaces
	for _, unit := range []string{"ho so", "hs"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, unit))
	}
	neg := false
	for _, minus := range []string{"-", "−", "–"} {
		if rest, ok := strings.CutPrefix(s, minus); ok {
			s, neg = strings.TrimSpace(rest), true
			break
		}
	}
	switch {
	case countGrouped.MatchString(s):
		s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	case countPlain.MatchString(s):
	case countFraction.MatchString(s) && !neg:
		return 0, "fraction"
	default:
		if neg && countFraction.MatchString(s) {
			return 0, "negative"
		}
		return 0, "not_number"
	}
	digits := strings.TrimLeft(s, "0")
	switch {
	case neg && digits != "":
		return 0, "negative"
	case len(digits) > len(strconv.Itoa(PassportMax)):
		return 0, "too_large" // before Atoi, which a long number overflows
	}
	n, _ = strconv.Atoi(s) // digits only, and few of them
	if n > PassportMax {
		return 0, "too_large"
	}
	return n, ""
}
