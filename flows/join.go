package flows

import (
	"errors"
	"regexp"
	"slices"

	"lamsach/flows/msg"
)

// inviteCode is the form of a deep-link payload Telegram accepts.
var inviteCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// join redeems an invite code from a t.me/<bot>?start=<code> link. A
// person who is already a member is asked first (an invite of their own
// commune changes their role) or told why it cannot be used.
func (t *joinHandler) join(code string) error {
	if !inviteCode.MatchString(code) {
		t.say("join.invalid")
		return nil
	}
	if t.member.ID != 0 && t.member.Active {
		return t.joinAsMember(code)
	}
	return t.redeem(code)
}

// redeem uses the invite and welcomes the member.
func (t *joinHandler) redeem(code string) error {
	m, err := t.repo.RedeemInvite(t.ctx, code, t.ev.UserID, t.ev.UserName, string(t.lang))
	if done, err := t.refused(err); done {
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

// refused answers an invite that cannot be used; done is false when err
// is nil and the caller goes on.
func (t *joinHandler) refused(err error) (done bool, _ error) {
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, ErrInviteInvalid):
		t.say("join.invalid")
	case errors.Is(err, ErrInviteUsed):
		t.say("join.used")
	case errors.Is(err, ErrInviteCancelled):
		t.say("join.cancelled")
	case errors.Is(err, ErrInviteExpired):
		t.say("join.expired")
	case errors.Is(err, ErrExists):
		t.say("join.other_commune")
	default:
		return true, err
	}
	return true, nil
}

// joinAsMember answers a member opening an invite: their own, used one
// needs nothing; another commune's cannot be used while they are a member
// here; one of their commune with another role or villages is a role
// change, asked for with [Đổi vai trò] / [Giữ nguyên].
func (t *joinHandler) joinAsMember(code string) error {
	inv, err := t.repo.PeekInvite(t.ctx, code)
	switch {
	case errors.Is(err, ErrInviteUsed) && inv.UsedBy == t.member.ID:
		t.say("join.already", t.T("coord.role."+string(t.member.Role)))
		return nil
	case err != nil:
		_, err := t.refused(err)
		return err
	case inv.CommuneID != t.member.CommuneID:
		t.say("join.other_commune")
		return nil
	case inv.Role == t.member.Role && slices.Equal(inv.Villages, t.member.Villages):
		t.say("join.already", t.T("coord.role."+string(t.member.Role)))
		return nil
	}
	t.c = convo{Invite: code}
	t.send(Out{Text: t.T("join.change_role", t.T("coord.role."+string(t.member.Role)), t.T("coord.role."+string(inv.Role))),
		Buttons: [][]Button{{button(t.T("join.btn.change"), "jy", 0, 0, ""), button(t.T("join.btn.keep"), "jx", 0, 0, "")}}})
	return nil
}

// isJoinPress reports whether a button is the role-change question's.
func isJoinPress(data string) bool {
	p, ok := parsePress(data)
	return ok && (p.Act == "jy" || p.Act == "jx")
}

// press answers the role-change question: the invite kept in the
// conversation is redeemed, and the commune's coordinators are told.
func (t *joinHandler) press() error {
	p, _ := parsePress(t.ev.Data)
	code := t.c.Invite
	t.c.Invite = ""
	if code == "" {
		t.say("button.unknown")
		return nil
	}
	if p.Act == "jx" {
		t.say("join.kept", t.T("coord.role."+string(t.member.Role)))
		return nil
	}
	old := t.member
	if err := t.redeem(code); err != nil || t.member.Role == old.Role && slices.Equal(t.member.Villages, old.Villages) {
		return err
	}
	return t.tellCoordinators(old)
}

// tellCoordinators tells the commune's coordinators (other than the member)
// that a member's role changed through an invite.
func (t *joinHandler) tellCoordinators(old Member) error {
	ms, err := t.repo.Members(t.ctx, Operator, t.member.CommuneID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Role != RoleCoordinator || m.ID == t.member.ID {
			continue
		}
		l := msg.ParseLang(m.Lang)
		t.to(m, Out{Text: tr(l, "join.told_coordinator", t.member.Name, tr(l, "coord.role."+string(old.Role)),
			tr(l, "coord.role."+string(t.member.Role)))})
	}
	return nil
}
