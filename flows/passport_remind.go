package flows

import (
	"context"
	"time"

	"lamsach/flows/msg"
)

// passportClockRepo is what the morning reminder of step 5 needs.
type passportClockRepo interface {
	// DuePassportReminders lists the units (communes and facilities) with
	// a station member to remind, no report for day and no reminder of it
	// yet.
	DuePassportReminders(ctx context.Context, actor Actor, day string) ([]Commune, error)
	// ClaimPassportReminder records the unit's reminder for day; false when
	// it was already sent.
	ClaimPassportReminder(ctx context.Context, actor Actor, communeID int64, day string) (bool, error)
	Members(ctx context.Context, actor Actor, communeID int64) ([]Member, error)
}

// remindPassports reminds the station members of every unit that has not
// reported day (yyyy-mm-dd) yet, once: the day is claimed in the same
// transaction as the messages, like the cleaning reminders. Step 5 is
// daily work, so unlike those it does not stop at the cleaning deadline.
func (t *clockHandler) remindPassports(day string) error {
	units, err := t.repo.DuePassportReminders(t.ctx, Operator, day)
	if err != nil {
		return err
	}
	date, _ := time.Parse(time.DateOnly, day) // made by tick, never wrong
	for _, u := range units {
		first, err := t.repo.ClaimPassportReminder(t.ctx, Operator, u.ID, day)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		ms, err := t.repo.Members(t.ctx, Operator, u.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Role != RoleStation || m.Unreachable {
				continue
			}
			l := msg.ParseLang(m.Lang)
			t.to(m, Out{Text: tr(l, "passport.remind", date.Format("02/01/2006")), Buttons: [][]Button{{
				button(tr(l, "passport.btn.report"), actPassport, 0, 0, "ask"),
				button(tr(l, "passport.btn.none"), actPassport, 0, 0, "none:"+day),
			}}})
		}
	}
	return nil
}
