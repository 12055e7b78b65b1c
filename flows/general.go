package flows

import (
	"strings"

	"lamsach/flows/msg"
)

// roleCommands are each role's menu, in the order shown.
var roleCommands = map[Role][]string{
	RoleVillage:     {"next", "find", "progress"},
	RolePolice:      {"pending", "review", "sign"},
	RoleStation:     {"export", "entered", "verify", "report"},
	RoleCoordinator: {"report", "invite", "members", "villages", "assign", "deadline", "remind", "revoke"},
}

// commonCommands close every menu.
var commonCommands = []string{"where", "cancel", "help", "lang"}

// menu is the command list Telegram shows the member.
func (t *turn) menu() Out {
	var cmds []Command
	for _, name := range append(append([]string{}, roleCommands[t.member.Role]...), commonCommands...) {
		cmds = append(cmds, Command{Name: name, Description: t.T("cmd." + name)})
	}
	return Out{Kind: OutCommands, Commands: cmds}
}

// general handles the commands every member has, in every state.
func (t *turn) general() (bool, error) {
	switch t.ev.Command {
	case "start", "menu":
		t.send(t.menu())
		t.say("welcome."+string(t.member.Role), t.member.Name)
	case "help":
		t.say("help." + string(t.member.Role))
	case "where":
		return true, t.where()
	case "cancel":
		if t.member.Role == RoleStation {
			return true, t.stationCancel()
		}
		t.cancel()
	case "lang":
		return true, t.setLang()
	default:
		return false, nil
	}
	return true, nil
}

// cancel abandons the task in progress: nothing unsaved is kept.
func (t *turn) cancel() {
	if t.c.Step == stepIdle && t.c.RecordID == 0 {
		t.say("cancel.nothing")
		return
	}
	t.releaseLease()
	t.c.reset()
	t.say("cancel.done")
}

// where tells the person what they are doing and what they can do next.
func (t *turn) where() error {
	if t.c.Coord != nil {
		return t.coordWhere()
	}
	if t.member.Role == RoleStation {
		return t.stationWhere()
	}
	switch t.c.Step {
	case stepIdle:
		t.say("where.idle", msg.Raw(t.T("help."+string(t.member.Role))))
		return nil
	case stepEdit:
		t.say("where.edit", t.T("field."+string(t.c.Field)))
		return nil
	}
	return t.reshow()
}

// setLang switches the person's language.
func (t *turn) setLang() error {
	arg := strings.ToLower(strings.TrimSpace(t.ev.Args))
	if arg != "vi" && arg != "en" {
		t.say("lang.usage")
		return nil
	}
	if err := t.repo.SetMemberLang(t.ctx, t.member.ID, arg); err != nil {
		return err
	}
	t.lang = msg.ParseLang(arg)
	t.send(t.menu())
	t.say("lang.done")
	return nil
}
