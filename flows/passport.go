package flows

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CommuneKind is what a unit on the server is: a commune, which runs the
// whole cleaning process, or one of the facilities of step 6 of Official
// Letter 2262, which sign vaccine passports but do not clean data.
type CommuneKind string

// The kinds of unit.
const (
	KindCommune       CommuneKind = "commune"
	KindMinistry      CommuneKind = "ministry"       // a facility of the Ministry of Health
	KindOtherMinistry CommuneKind = "other_ministry" // of another ministry or sector
	KindProvince      CommuneKind = "province"       // of the province
	KindDistrict      CommuneKind = "district"       // of the old district level
)

// FacilityKinds are the kinds of facility, in the order they are listed.
var FacilityKinds = []CommuneKind{KindMinistry, KindOtherMinistry, KindProvince, KindDistrict}

// Facility reports whether k is a facility's kind.
func (k CommuneKind) Facility() bool { return slices.Contains(FacilityKinds, k) }

// ErrNotCleaning means the unit is a facility: it takes station members
// only and keeps no records, because it does not clean data.
var ErrNotCleaning = errors.New("a facility signs vaccine passports and does not clean data")

// PassportReport is one day's report of step 5: how many vaccine-passport
// confirmations the unit checked and signed, or that none were pending.
type PassportReport struct {
	CommuneID   int64
	Day         string // yyyy-mm-dd in Vietnam
	Signed      int
	NonePending bool
	MemberID    int64  // who reported last; 0: the operator
	By          string // their name, when read back; personal data
	FirstAt     time.Time
	At          time.Time // the last change
}

// Value is the report as the audit log records it: the count, or
// "none_pending".
func (r PassportReport) Value() string {
	if r.NonePending {
		return "none_pending"
	}
	return strconv.Itoa(r.Signed)
}

// PassportMax is the most confirmations a unit can report for one day;
// more is a typing slip (an ID number, a phone, a year).
const PassportMax = 10000

// passportRepo is what the daily report reads and writes. The unit's
// station members may report; they and its coordinators may read.
type passportRepo interface {
	commonRepo
	// PassportReport returns the unit's report of day, or ErrNotFound.
	PassportReport(ctx context.Context, actor Actor, communeID int64, day string) (PassportReport, error)
	// SavePassportReport records r for its unit and day, replacing the
	// day's earlier report, and writes the change to the audit log.
	SavePassportReport(ctx context.Context, actor Actor, r PassportReport) error
	// PassportMonth returns the unit's reports of month (yyyy-mm), by day.
	PassportMonth(ctx context.Context, actor Actor, communeID int64, month string) ([]PassportReport, error)
	// Audit appends an entry that is not a change, such as a file written.
	Audit(ctx context.Context, actor Actor, e AuditEntry) (AuditEntry, error)
}

// passportDesk is the daily report of step 5 in a station member's chat:
// the question, the typed count, its buttons and the month's log. A
// facility's members (step 6) have nothing else; a commune's station has
// it beside the cleaning, for the events that are the desk's own.
type passportDesk struct {
	*turn
	repo passportRepo
}

// The desk's command, step and button action.
const (
	cmdPassport  = "passport"
	stepPassport = step("pp.count") // waiting for the day's count
	actPassport  = "pp"
)

// part names what the member does in the catalogs' keys (help.<part>,
// welcome.<part>): their role, or "facility" for a facility's member.
func (m Member) part() string {
	if m.Facility {
		return "facility"
	}
	return string(m.Role)
}

// newStation builds a station member's handler for the turn: the desk for
// a facility's member and for the desk's own events, else the station's
// cleaning conversation.
func newStation(t *turn, r Repo) roleHandler {
	d := &passportDesk{turn: t, repo: r}
	if t.member.Facility || d.owns() {
		return d
	}
	return &stationHandler{turn: t, repo: r}
}

// owns reports whether the event is the desk's: /passport, a press on one
// of its buttons, and, while its question is open, the answer typed and
// /where or /cancel.
func (d *passportDesk) owns() bool {
	asking := d.c.Step == stepPassport
	switch d.ev.Kind {
	case EventCommand:
		return d.ev.Command == cmdPassport || (asking && (d.ev.Command == "where" || d.ev.Command == "cancel"))
	case EventButton:
		p, ok := parsePress(d.ev.Data)
		return ok && p.Act == actPassport
	case EventText:
		return asking
	}
	return false
}

// text takes the day's count while the question is open; anything else a
// facility's member types is answered with what they can do.
func (d *passportDesk) text() error {
	if d.c.Step == stepPassport {
		return d.take(d.ev.Text)
	}
	d.say("facility.idle")
	return nil
}

// document refuses a file: only a commune's station imports lists.
func (d *passportDesk) document() error {
	d.say("facility.no_cleaning")
	return nil
}

// where asks the day's question again while it is open.
func (d *passportDesk) where() error {
	if d.c.Step == stepPassport {
		return d.ask()
	}
	return d.whereIdle()
}

// cancel closes the open question; nothing was saved.
func (d *passportDesk) cancel() error { return d.turn.cancel() }

// button handles the desk's buttons: none pending for a day, the question
// again, or a month's log.
func (d *passportDesk) button() error {
	p, ok := parsePress(d.ev.Data)
	if !ok || p.Act != actPassport {
		d.say("button.unknown")
		return nil
	}
	verb, arg, _ := strings.Cut(p.Arg, ":")
	switch verb {
	case "none":
		if arg != d.today() {
			d.say("passport.stale_day", d.dayText(arg))
			return nil
		}
		return d.save(PassportReport{NonePending: true})
	case "ask":
		return d.ask()
	case "log":
		return d.sendLog(arg)
	}
	d.say("button.unknown")
	return nil
}

// today is the local day of the turn, as the reports name it.
func (d *passportDesk) today() string {
	return d.now.In(d.zone()).Format(time.DateOnly)
}

// dayText shows a yyyy-mm-dd day as people read it; anything else as it is.
func (d *passportDesk) dayText(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("02/01/2006")
}
