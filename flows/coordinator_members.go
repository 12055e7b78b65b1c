package flows

import (
	"errors"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// roleOrder is the order /members lists the roles in.
var roleOrder = []Role{RoleCoordinator, RolePolice, RoleStation, RoleVillage}

// villageNames maps the commune's current village ids to names.
func (t *coordHandler) villageNames() (map[int64]string, []Village, error) {
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return nil, nil, err
	}
	sortVillages(vs)
	names := make(map[int64]string, len(vs))
	for _, v := range vs {
		names[v.ID] = v.Name
	}
	return names, vs, nil
}

// someVillages returns the commune's current villages, sorted. When there
// are none it says none (the key of what cannot be done without one) and
// returns false.
func (t *coordHandler) someVillages(none string) ([]Village, bool, error) {
	_, vs, err := t.villageNames()
	if err != nil {
		return nil, false, err
	}
	if len(vs) == 0 {
		t.say(none)
		return nil, false, nil
	}
	return vs, true, nil
}

// namesOf lists the names of village ids, skipping unknown ones.
func namesOf(ids []int64, names map[int64]string) []string {
	var out []string
	for _, id := range ids {
		if n, ok := names[id]; ok {
			out = append(out, n)
		}
	}
	return out
}

// members lists the commune's members by role, with their villages, who
// blocked the bot, and the invites nobody has used yet. Names are personal
// data: the message is deleted after the privacy window.
func (t *coordHandler) members() error {
	ms, err := t.repo.Members(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	invs, err := t.repo.OpenInvites(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	names, _, err := t.villageNames()
	if err != nil {
		return err
	}
	byRole := map[Role][]Member{}
	active := 0
	for _, m := range ms {
		if m.Active {
			byRole[m.Role] = append(byRole[m.Role], m)
			active++
		}
	}
	var b strings.Builder
	b.WriteString(t.T("coord.members.head", active))
	for _, r := range roleOrder {
		b.WriteString("\n\n" + t.T("coord.members.role", capFirst(t.T("coord.role."+string(r))), len(byRole[r])))
		if len(byRole[r]) == 0 {
			b.WriteString("\n" + t.T("coord.members.nobody"))
		}
		for i, m := range byRole[r] {
			line := t.memberLine(m, names)
			if !fits(&b, line) {
				b.WriteString("\n" + t.T("coord.members.more", len(byRole[r])-i))
				break
			}
			b.WriteString("\n" + line)
		}
	}
	if len(invs) > 0 {
		b.WriteString("\n\n" + t.T("coord.members.pending", len(invs)))
		for i, inv := range invs {
			if i == 10 {
				b.WriteString("\n…")
				break
			}
			b.WriteString("\n" + t.T("coord.members.invite", t.T("coord.role."+string(inv.Role)),
				msg.Raw(villageSuffix(inv.Villages, names)), t.when(inv.ExpiresAt)))
		}
	}
	b.WriteString("\n\n" + t.T("coord.members.foot"))
	t.send(Out{Text: b.String(), Personal: true})
	return nil
}

// memberLine is "• An · Thôn Đông ⛔ đã chặn bot".
func (t *coordHandler) memberLine(m Member, names map[int64]string) string {
	name := m.Name
	if name == "" {
		name = t.T("coord.members.noname")
	}
	line := "• " + msg.Esc(name) + villageSuffix(m.Villages, names)
	if m.ID == t.member.ID {
		line += " " + t.T("coord.members.you")
	}
	if m.Unreachable {
		line += " " + t.T("coord.members.blocked")
	}
	return line
}

// villageSuffix is " · Thôn Đông, Thôn Tây", escaped, or "".
func villageSuffix(ids []int64, names map[int64]string) string {
	ns := namesOf(ids, names)
	if len(ns) == 0 {
		return ""
	}
	return " · " + msg.Esc(joinNames(ns))
}

// revoke offers the members whose rights can be taken away: every active
// member but the coordinator themselves. "/revoke tên" narrows the list.
func (t *coordHandler) revoke() error {
	ms, err := t.repo.Members(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	var all []Member
	for _, m := range ms {
		if m.Active && m.ID != t.member.ID {
			all = append(all, m)
		}
	}
	if len(all) == 0 {
		t.say("coord.revoke.nobody")
		return nil
	}
	text, list := t.T("coord.revoke.pick"), all
	if q := vn.NameKey(t.ev.Args); q != "" {
		var found []Member
		for _, m := range all {
			if strings.Contains(vn.NameKey(m.Name), q) {
				found = append(found, m)
			}
		}
		switch len(found) {
		case 0:
			text = t.T("coord.revoke.no_match", t.ev.Args)
		case 1:
			return t.revokeAsk(found[0].ID)
		default:
			list = found
		}
	}
	names, _, err := t.villageNames()
	if err != nil {
		return err
	}
	var rows [][]Button
	for i, m := range list {
		if i == maxButtons {
			break
		}
		label := m.Name + " · " + t.T("coord.role."+string(m.Role))
		if ns := namesOf(m.Villages, names); len(ns) > 0 {
			label += " · " + joinNames(ns)
		}
		rows = append(rows, []Button{button(label, "rv", m.ID, 0, "")})
	}
	rows = append(rows, t.cancelRow())
	t.send(Out{Text: text, Buttons: rows, Personal: true})
	return nil
}

// revokeTarget loads a member the coordinator may revoke, answering for
// the cases where there is none.
func (t *coordHandler) revokeTarget(id int64) (Member, bool, error) {
	if id == t.member.ID {
		t.say("coord.revoke.self")
		return Member{}, false, nil
	}
	m, err := t.repo.Member(t.ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && (m.CommuneID != t.member.CommuneID || !m.Active)) {
		// Another commune's member must look the same as a missing one.
		t.say("coord.revoke.gone")
		return Member{}, false, nil
	}
	return m, err == nil, err
}

// revokeAsk asks to confirm taking a member's rights away.
func (t *coordHandler) revokeAsk(id int64) error {
	m, ok, err := t.revokeTarget(id)
	if !ok || err != nil {
		return err
	}
	names, _, err := t.villageNames()
	if err != nil {
		return err
	}
	t.send(Out{Personal: true, Text: t.T("coord.revoke.confirm", m.Name, t.T("coord.role."+string(m.Role)),
		msg.Raw(villageSuffix(m.Villages, names))),
		Buttons: [][]Button{{button(t.T("coord.btn.revoke"), "rvy", m.ID, 0, "")}, t.cancelRow()}})
	return nil
}

// revokeDo revokes the member and tells them.
func (t *coordHandler) revokeDo(id int64) error {
	if _, ok, err := t.revokeTarget(id); !ok || err != nil {
		return err
	}
	m, err := t.repo.RevokeMember(t.ctx, t.actor(), id)
	if errors.Is(err, ErrNotFound) {
		t.say("coord.revoke.gone")
		return nil
	}
	if err != nil {
		return t.coordFail(err)
	}
	if err := t.releaseMember(m); err != nil {
		return err
	}
	t.send(Out{Text: t.T("coord.revoke.done", m.Name), Personal: true})
	// m is the member as they were (active), so the message still goes out.
	t.to(m, Out{Text: tr(msg.ParseLang(m.Lang), "coord.revoke.told")})
	// An empty menu removes the member's commands from their chat.
	t.to(m, Out{Kind: OutCommands})
	return nil
}

// releaseMember frees the record a revoked member had open, so the rest of
// the village can take it at once instead of after the lease expires, and
// forgets their conversation. A member leases only the record open in
// their session.
func (t *coordHandler) releaseMember(m Member) error {
	b, err := t.app.Sessions.Get(t.ctx, m.TelegramID)
	if err != nil || b == nil {
		return err
	}
	if c := decodeConvo(b); c.RecordID != 0 {
		if err := t.app.Sessions.Release(t.ctx, c.RecordID, m.ID); err != nil {
			return err
		}
	}
	return t.app.Sessions.Drop(t.ctx, m.TelegramID)
}
