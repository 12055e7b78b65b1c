package flows

import (
	"context"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must load on a server without zone files

	"lamsach/flows/msg"
)

// Schedule is when nudges may reach people, as data rather than code: the
// time zone they live in, the time of day from which the morning reminder
// goes out, and the quiet hours during which nothing is sent.
type Schedule struct {
	Zone *time.Location
	// At is the time of day (since local midnight) from which the daily
	// reminder goes out; a server that was down then sends it later.
	At time.Duration
	// QuietFrom and QuietTo bound the quiet hours; QuietFrom after QuietTo
	// means they wrap midnight.
	QuietFrom, QuietTo time.Duration
}

// DefaultSchedule is Vietnam's working morning: reminders from 07:30,
// nothing between 21:00 and 07:00.
var DefaultSchedule = Schedule{
	Zone:      mustZone("Asia/Ho_Chi_Minh"),
	At:        7*time.Hour + 30*time.Minute,
	QuietFrom: 21 * time.Hour,
	QuietTo:   7 * time.Hour,
}

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in: this cannot fail
	}
	return z
}

// schedule is the app's schedule, the default when unset.
func (a *App) schedule() Schedule {
	s := a.Reminders
	if s.Zone == nil {
		s = DefaultSchedule
	}
	return s
}

// sinceMidnight is how far into its local day t is.
func (s Schedule) sinceMidnight(t time.Time) time.Duration {
	return t.In(s.Zone).Sub(dayStart(t, s.Zone))
}

// Quiet reports whether t falls in the quiet hours.
func (s Schedule) Quiet(t time.Time) bool {
	d := s.sinceMidnight(t)
	if s.QuietFrom > s.QuietTo {
		return d >= s.QuietFrom || d < s.QuietTo
	}
	return d >= s.QuietFrom && d < s.QuietTo
}

// Due reports whether the daily reminder may go out at t.
func (s Schedule) Due(t time.Time) bool { return !s.Quiet(t) && s.sinceMidnight(t) >= s.At }

// nudgeRepo is what a round of nudges reads.
type nudgeRepo interface {
	CommuneCounts(ctx context.Context, actor Actor, communeID int64) (map[int64]map[State]int, error)
	Members(ctx context.Context, actor Actor, communeID int64) ([]Member, error)
	Villages(ctx context.Context, communeID int64) ([]Village, error)
}

// clockRepo is what the clock's tick needs.
type clockRepo interface {
	nudgeRepo
	// PurgeUploads drops the files of uploads past their expiry; only the
	// operator (the clock) may.
	PurgeUploads(ctx context.Context, actor Actor) (int, error)
	// DueReminders lists the communes whose reminder for day (yyyy-mm-dd,
	// local) is still to send: deadline not before since, open work.
	DueReminders(ctx context.Context, actor Actor, day string, since time.Time) ([]Commune, error)
	// ClaimReminder records the commune's reminder for day; false when it
	// was already sent.
	ClaimReminder(ctx context.Context, actor Actor, communeID int64, day string) (bool, error)
	passportClockRepo
}

// tick handles the clock: once a day, from the schedule's morning time and
// never in the quiet hours, every commune whose deadline has not passed
// and that has open work gets the same nudges as /remind, and every
// station that has not reported the day's vaccine passports is reminded
// to (remindPassports). The day is
// claimed in the reminders table in the same transaction as the messages,
// so a second tick, a restart or a second replica sends nothing twice.
// The clock has no member: it acts as the operator.
func (t *clockHandler) tick() error {
	// Uploads nobody confirmed are deleted once they expire: the files hold
	// personal data and are kept only for the preview.
	if _, err := t.repo.PurgeUploads(t.ctx, Operator); err != nil {
		return err
	}
	s := t.app.schedule()
	now := t.ev.At
	if now.IsZero() {
		now = t.now
	}
	if !s.Due(now) {
		return nil
	}
	day := now.In(s.Zone).Format("2006-01-02")
	communes, err := t.repo.DueReminders(t.ctx, Operator, day, dayStart(now, s.Zone))
	if err != nil {
		return err
	}
	for _, c := range communes {
		first, err := t.repo.ClaimReminder(t.ctx, Operator, c.ID, day)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		if _, _, err := t.nudge(t.repo, Operator, c, now); err != nil {
			return err
		}
	}
	return t.remindPassports(day)
}

// remind nudges everyone of the commune with open work now, and tells the
// coordinator how many were reached. Quiet hours hold for it too: people
// are not woken by a button.
func (t *coordHandler) remind() error {
	s := t.app.schedule()
	if s.Quiet(t.now) {
		t.say("remind.quiet", clock(s.QuietFrom), clock(s.QuietTo))
		return nil
	}
	c, err := t.repo.Commune(t.ctx, t.member.CommuneID)
	if err != nil {
		return err
	}
	sent, blocked, err := t.nudge(t.repo, t.actor(), c, t.now)
	if err != nil {
		return t.coordFail(err)
	}
	switch {
	case sent == 0 && blocked == 0:
		t.say("remind.none")
	case blocked == 0:
		t.say("remind.done", sent)
	default:
		t.say("remind.done_blocked", sent, blocked)
	}
	return nil
}

// nudge sends each member of commune c with open work one message listing
// it, in their language: village members their villages' records waiting
// for review or returned, police the records to check and to sign, the
// station the signed records to export. Members who blocked the bot are
// skipped and counted. now dates the deadline's "days left".
func (t *turn) nudge(r nudgeRepo, actor Actor, c Commune, now time.Time) (sent, blocked int, err error) {
	counts, err := r.CommuneCounts(t.ctx, actor, c.ID)
	if err != nil {
		return 0, 0, err
	}
	ms, err := r.Members(t.ctx, actor, c.ID)
	if err != nil {
		return 0, 0, err
	}
	vs, err := r.Villages(t.ctx, c.ID)
	if err != nil {
		return 0, 0, err
	}
	sortVillages(vs)
	total := map[State]int{}
	for _, byState := range counts {
		for s, n := range byState {
			total[s] += n
		}
	}
	for _, m := range ms {
		if !m.Active || m.TelegramID == 0 {
			continue
		}
		l := msg.ParseLang(m.Lang)
		lines := workLines(l, m, vs, counts, total)
		if len(lines) == 0 {
			continue
		}
		if m.Unreachable {
			blocked++
			continue
		}
		text := tr(l, "remind.head") + "\n" + strings.Join(lines, "\n")
		if !c.Deadline.IsZero() {
			z := t.zone()
			text += "\n" + tr(l, "remind.deadline", showDate(c.Deadline, z), daysLeft(l, now, c.Deadline, z))
		}
		t.to(m, Out{Text: text})
		sent++
	}
	return sent, blocked, nil
}

// workLines is what a member has to do, one line per task, in language l.
func workLines(l msg.Lang, m Member, vs []Village, counts map[int64]map[State]int, total map[State]int) []string {
	var lines []string
	switch m.Role {
	case RoleVillage:
		for _, v := range vs { // in name order, not assignment order
			if !m.Actor().InVillage(v.ID) {
				continue
			}
			open, back := counts[v.ID][StateAssigned], counts[v.ID][StateReturned]
			switch {
			case open > 0 && back > 0:
				lines = append(lines, tr(l, "remind.village", v.Name, open, back))
			case open > 0:
				lines = append(lines, tr(l, "remind.village_open", v.Name, open))
			case back > 0:
				lines = append(lines, tr(l, "remind.village_returned", v.Name, back))
			}
		}
	case RolePolice:
		if n := total[StateReviewed]; n > 0 {
			lines = append(lines, tr(l, "remind.police_review", n))
		}
		if n := total[StateConfirmed]; n > 0 {
			lines = append(lines, tr(l, "remind.police_sign", n))
		}
	case RoleStation:
		if n := total[StateSigned]; n > 0 {
			lines = append(lines, tr(l, "remind.station_export", n))
		}
	}
	return lines
}
