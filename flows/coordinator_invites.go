package flows

import (
	"errors"
	"strconv"
	"strings"

	"lamsach/flows/msg"
)

// maxInviteButtons bounds the [Huỷ] buttons of /invites; older invites are
// still listed.
const maxInviteButtons = 10

// invites is /invites: the commune's open invite links, each with the
// button that cancels it. A link handed to the wrong person, or to someone
// who will no longer join, is cancelled here rather than left to expire.
func (t *coordHandler) invites() error {
	invs, err := t.repo.OpenInvites(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	if len(invs) == 0 {
		t.say("coord.invites.none")
		return nil
	}
	names, _, err := t.villageNames()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.T("coord.invites.head", len(invs)))
	var rows [][]Button
	for i, inv := range invs {
		line := t.T("coord.invites.line", inv.ID, t.T("coord.role."+string(inv.Role)),
			msg.Raw(villageSuffix(inv.Villages, names)), inv.CodePrefix, t.when(inv.ExpiresAt))
		if !fits(&b, line) {
			b.WriteString("\n" + t.T("coord.members.more", len(invs)-i))
			break
		}
		b.WriteString("\n" + line)
		if i < maxInviteButtons {
			rows = append(rows, []Button{button(t.T("coord.invites.btn", inv.ID), "ivx", inv.ID, 0, "")})
		}
	}
	t.send(Out{Text: b.String(), Buttons: rows})
	return nil
}

// cancelInvite cancels invite id from its /invites button.
func (t *coordHandler) cancelInvite(id int64) error {
	_, err := t.repo.CancelInvite(t.ctx, t.actor(), t.member.CommuneID, id)
	switch {
	case errors.Is(err, ErrInviteUsed):
		t.say("coord.invites.used", strconv.FormatInt(id, 10))
		return nil
	case errors.Is(err, ErrInviteCancelled), errors.Is(err, ErrInviteExpired):
		t.say("coord.invites.gone", strconv.FormatInt(id, 10))
		return nil
	case err != nil:
		return t.coordFail(err)
	}
	t.say("coord.invites.cancelled", strconv.FormatInt(id, 10))
	return nil
}
