package flows

import (
	"errors"
	"regexp"
)

// inviteCode is the form of a deep-link payload Telegram accepts.
var inviteCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// join redeems an invite code from a t.me/<bot>?start=<code> link.
func (t *joinHandler) join(code string) error {
	if !inviteCode.MatchString(code) {
		t.say("join.invalid")
		return nil
	}
	m, err := t.repo.RedeemInvite(t.ctx, code, t.ev.UserID, t.ev.UserName, string(t.lang))
	switch {
	case errors.Is(err, ErrInviteInvalid):
		t.say("join.invalid")
		return nil
	case errors.Is(err, ErrInviteUsed):
		t.say("join.used")
		return nil
	case errors.Is(err, ErrInviteExpired):
		t.say("join.expired")
		return nil
	case err != nil:
		return err
	}
	t.member = m
	t.c = convo{}
	commune, err := t.repo.Commune(t.ctx, m.CommuneID)
	if err != nil {
		return err
	}
	t.send(t.menu())
	if m.Facility {
		t.say("join.privacy.facility", commune.Name) // it keeps no records of people
	} else {
		t.say("join.privacy", commune.Name)
	}
	t.say("welcome."+m.part(), m.Name)
	return nil
}
