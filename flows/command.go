package flows

import (
	"slices"
	"strings"

	"lamsach/flows/msg"
)

// command is one slash command. The commands registry is the only place a
// command is declared: the menus Telegram shows, the routing and /help are
// built from it, and a test checks both catalogs describe each one
// (cmd.<name> for the menu, help.cmd.<name> for /help).
type command struct {
	Name  string
	Roles []Role // nil: every member
	// Fresh commands start a new task: whatever was half done is dropped.
	Fresh bool
	// Hidden commands are not in the menu or /help (/start, /menu).
	Hidden bool
	// Facility commands are also a facility's (step 6): its members have
	// these and the commands of every member, nothing of the cleaning.
	Facility bool
	Run      func(h roleHandler) error
}

var (
	forVillage = []Role{RoleVillage}
	forPolice  = []Role{RolePolice}
	forStation = []Role{RoleStation}
	forCoord   = []Role{RoleCoordinator}
)

// commands are every command, in menu order. It is filled by init, as
// /help is built from it.
var commands []command

func init() {
	commands = []command{
		{Name: "next", Roles: forVillage, Run: on((*villageHandler).nextCmd)},
		{Name: "find", Roles: forVillage, Run: on((*villageHandler).find)},
		{Name: "progress", Roles: forVillage, Run: on((*villageHandler).progress)},
		{Name: "pending", Roles: forPolice, Run: on((*policeHandler).pending)},
		{Name: "review", Roles: forPolice, Run: on((*policeHandler).reviewCmd)},
		{Name: "sign", Roles: forPolice, Run: on((*policeHandler).signSummary)},
		{Name: "export", Roles: forStation, Fresh: true, Run: on((*stationHandler).export)},
		{Name: "entered", Roles: forStation, Fresh: true, Run: on((*stationHandler).entered)},
		{Name: "verify", Roles: forStation, Fresh: true, Run: on((*stationHandler).verify)},
		{Name: cmdPassport, Roles: forStation, Fresh: true, Facility: true, Run: on((*passportDesk).passportCmd)},
		{Name: "report", Roles: []Role{RoleStation, RoleCoordinator}, Fresh: true, Run: on(reporter.report)},
		{Name: "invite", Roles: forCoord, Fresh: true, Run: on((*coordHandler).invite)},
		{Name: "members", Roles: forCoord, Fresh: true, Run: on((*coordHandler).members)},
		{Name: "invites", Roles: forCoord, Fresh: true, Run: on((*coordHandler).invites)},
		{Name: "villages", Roles: forCoord, Fresh: true, Run: on((*coordHandler).villages)},
		{Name: "assign", Roles: forCoord, Fresh: true, Run: on((*coordHandler).assign)},
		{Name: "deadline", Roles: forCoord, Fresh: true, Run: on((*coordHandler).deadline)},
		{Name: "remind", Roles: forCoord, Fresh: true, Run: on((*coordHandler).remind)},
		{Name: "revoke", Roles: forCoord, Fresh: true, Run: on((*coordHandler).revoke)},
		{Name: "where", Run: roleHandler.where},
		{Name: "cancel", Run: roleHandler.cancel},
		{Name: "help", Run: func(h roleHandler) error { return h.base().help() }},
		{Name: "lang", Run: func(h roleHandler) error { return h.base().setLang() }},
		{Name: "start", Hidden: true, Run: func(h roleHandler) error { return h.base().start() }},
		{Name: "menu", Hidden: true, Run: func(h roleHandler) error { return h.base().start() }},
	}
}

// on adapts a role's method to the registry. The registry pairs each
// command with the roles whose handler has the method, so the conversion
// cannot fail for a command routed by runCommand.
func on[H any](f func(H) error) func(roleHandler) error {
	return func(h roleHandler) error { return f(any(h).(H)) }
}

// reporter is a handler that has /report.
type reporter interface{ report() error }

// offered reports whether member m has command c: their role has it, and
// in a facility it is one of the facility's.
func (c command) offered(m Member) bool {
	if c.Roles != nil && !slices.Contains(c.Roles, m.Role) {
		return false
	}
	return !m.Facility || c.Roles == nil || c.Facility
}

// commandFor finds a command the member has.
func commandFor(m Member, name string) (command, bool) {
	for _, c := range commands {
		if c.Name == name && c.offered(m) {
			return c, true
		}
	}
	return command{}, false
}

// runCommand routes a member's command; one they do not have is answered
// as unknown, and a facility's member is told the facility does not clean
// data.
func runCommand(h roleHandler) error {
	t := h.base()
	c, ok := commandFor(t.member, t.ev.Command)
	if !ok {
		if t.member.Facility && slices.ContainsFunc(commands, func(c command) bool { return c.Name == t.ev.Command }) {
			t.say("facility.no_cleaning")
			return nil
		}
		return t.unknown()
	}
	if c.Fresh {
		t.c.reset()
	}
	return c.Run(h)
}

// menuCommands are the commands a member's menu and /help show, in order.
func menuCommands(m Member) []command {
	var out []command
	for _, c := range commands {
		if !c.Hidden && c.offered(m) {
			out = append(out, c)
		}
	}
	return out
}

// menu is the command list Telegram shows the member.
func (t *turn) menu() Out {
	var cmds []Command
	for _, c := range menuCommands(t.member) {
		cmds = append(cmds, Command{Name: c.Name, Description: t.T("cmd." + c.Name)})
	}
	return Out{Kind: OutCommands, Commands: cmds}
}

// helpText is /help for the member's role: the role's own note, one line
// per command of the role, and the commands every member has on one line.
func (t *turn) helpText() string {
	var b strings.Builder
	b.WriteString(t.T("help." + t.member.part()))
	var common []string
	for _, c := range menuCommands(t.member) {
		if c.Roles == nil {
			common = append(common, t.T("help.cmd."+c.Name))
			continue
		}
		b.WriteString("\n" + t.T("help.cmd."+c.Name))
	}
	b.WriteString("\n" + strings.Join(common, " · "))
	return b.String()
}

// help answers /help.
func (t *turn) help() error {
	t.send(Out{Text: t.helpText()})
	return nil
}

// start answers /start and /menu of a member: the menu and the welcome.
func (t *turn) start() error {
	t.send(t.menu())
	t.say("welcome."+t.member.part(), t.member.Name)
	return nil
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

// whereIdle answers /where for a person with nothing in progress.
func (t *turn) whereIdle() error {
	t.say("where.idle", msg.Raw(t.helpText()))
	return nil
}
