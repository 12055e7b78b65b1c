package flows

import (
	"strings"
	"time"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// inviteTTL is how long an invite made in the chat stays valid: long
// enough to reach someone over a weekend, short enough that a forwarded
// link does not linger.
const inviteTTL = 72 * time.Hour

// roleAliases are the words a coordinator may type for a role, as search
// keys (no diacritics), longest first so "to cong tac xa" wins over "xa".
var roleAliases = []struct {
	key  string
	role Role
}{
	{"to cong tac thon", RoleVillage}, {"to cong tac xa", RoleCoordinator},
	{"tram y te", RoleStation}, {"to dan pho", RoleVillage},
	{"cong an", RolePolice}, {"dieu phoi", RoleCoordinator}, {"y te", RoleStation},
	{"village", RoleVillage}, {"police", RolePolice}, {"station", RoleStation}, {"coordinator", RoleCoordinator},
	{"congan", RolePolice}, {"thon", RoleVillage}, {"ap", RoleVillage}, {"tram", RoleStation}, {"xa", RoleCoordinator},
}

// parseRole reads the role at the start of the arguments and returns it
// with the rest of the text, as typed. Village words ("thôn", "ấp", "tổ
// dân phố") name the role, so "/invite thôn Đông" reads as a village
// invite for a village matching "Đông".
func parseRole(args string) (Role, string, bool) {
	words := strings.Fields(vn.CleanText(args))
	key := vn.NameKey(args)
	for _, a := range roleAliases {
		if key == a.key || strings.HasPrefix(key, a.key+" ") {
			n := len(strings.Fields(a.key))
			if n > len(words) {
				break
			}
			return a.role, strings.Join(words[n:], " "), true
		}
	}
	return "", "", false
}

// matchVillages finds the villages a typed name means: the one with the
// same key, else those whose name contains the typed words ("đông" finds
// "Thôn Đông").
func matchVillages(vs []Village, name string) []Village {
	k := vn.NameKey(name)
	if k == "" {
		return nil
	}
	var part []Village
	for _, v := range vs {
		vk := vn.NameKey(v.Name)
		if vk == k {
			return []Village{v}
		}
		if strings.Contains(" "+vk+" ", " "+k+" ") {
			part = append(part, v)
		}
	}
	return part
}

// invite makes an invite link: /invite <role> [village].
func (t *coordHandler) invite() error {
	args := vn.CleanText(t.ev.Args)
	if args == "" {
		return t.askRole(t.T("coord.invite.ask_role"))
	}
	role, rest, ok := parseRole(args)
	if !ok {
		return t.askRole(t.T("coord.invite.bad_role", args))
	}
	if role != RoleVillage {
		if rest != "" {
			t.say("coord.invite.no_village", t.T("coord.role."+string(role)), "/invite "+args[:len(args)-len(rest)-1])
			return nil
		}
		return t.makeInvite(role, 0)
	}
	vs, ok, err := t.someVillages("coord.invite.no_villages")
	if !ok {
		return err
	}
	if rest == "" {
		return t.askVillage(vs, t.T("coord.invite.ask_village"))
	}
	switch m := matchVillages(vs, rest); len(m) {
	case 0:
		return t.askVillage(vs, t.T("coord.invite.unknown_village", rest))
	case 1:
		return t.makeInvite(RoleVillage, m[0].ID)
	default:
		return t.askVillage(m, t.T("coord.invite.which_village", rest))
	}
}

// inviteRole continues from a role button.
func (t *coordHandler) inviteRole(role Role) error {
	if !role.Valid() {
		t.say("button.unknown")
		return nil
	}
	if role != RoleVillage {
		return t.makeInvite(role, 0)
	}
	vs, ok, err := t.someVillages("coord.invite.no_villages")
	if !ok {
		return err
	}
	return t.askVillage(vs, t.T("coord.invite.ask_village"))
}

// askRole offers the roles as buttons under text.
func (t *coordHandler) askRole(text string) error {
	b := func(r Role) Button { return button(t.T("coord.btn.role."+string(r)), "ir", 0, 0, string(r)) }
	t.send(Out{Text: text, Buttons: [][]Button{
		{b(RoleVillage), b(RolePolice)},
		{b(RoleStation), b(RoleCoordinator)},
	}})
	return nil
}

// askVillage offers villages for a village invite.
func (t *coordHandler) askVillage(vs []Village, text string) error {
	t.send(Out{Text: text, Buttons: villageButtons(vs, "iv", 0, 0, "")})
	return nil
}

// makeInvite creates the invite and shows its link. The message is
// personal: whoever holds the link can join, so it is deleted after the
// privacy window like any message with personal data.
func (t *coordHandler) makeInvite(role Role, village int64) error {
	var villages []int64
	where := ""
	if village != 0 {
		v, ok, err := t.villageOf(village)
		if err != nil {
			return err
		}
		if !ok {
			t.say("coord.gone")
			return nil
		}
		villages, where = []int64{village}, " · "+msg.Esc(v.Name)
	}
	code, inv, err := t.repo.CreateInvite(t.ctx, t.actor(), t.member.CommuneID, role, villages, inviteTTL)
	if err != nil {
		return t.coordFail(err)
	}
	link := t.T("coord.invite.nolink")
	if t.app.BotName != "" {
		link = "https://t.me/" + t.app.BotName + "?start=" + code
	}
	t.send(Out{Personal: true, Text: t.T("coord.invite.made", t.T("coord.role."+string(role)), msg.Raw(where),
		link, code, t.when(inv.ExpiresAt))})
	return nil
}
