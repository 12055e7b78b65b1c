package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

const inviteUsage = `Usage: lamsach invite --commune C --role R [--village V]... [--ttl 72h] [--bot NAME]
       lamsach invite list --commune C
       lamsach invite cancel --commune C ID|CODE

Makes a single-use invite and prints its code and its link
https://t.me/BOT?start=CODE. Whoever opens the link first joins commune C with
role R. The code is shown only now: the database keeps only its hash (and its
first characters, to tell invites apart in a list).

Roles: coordinator, station, village, police. A village invite names one or
more villages (--village repeated, or a comma list; names, or ids written #12).

invite list shows the commune's open invites (id, the code's first
characters, role, expiry, who made it); invite cancel cancels one, named by
its id (#12) or its whole code. Revoking a member cancels the open invites
they made.
`

// botName is a Telegram bot username: 5 to 32 letters, digits and _.
var botName = regexp.MustCompile(`^[A-Za-z0-9_]{5,32}$`)

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// ttl is a duration flag that also takes whole days ("7d"), the unit people
// think of invites in.
type ttl time.Duration

func (t *ttl) String() string {
	d := time.Duration(*t)
	if d%time.Hour == 0 {
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}
func (t *ttl) Set(s string) error {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return fmt.Errorf("want a duration such as 72h or 3d")
		}
		*t = ttl(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration such as 72h or 3d")
	}
	*t = ttl(d)
	return nil
}

var inviteCmds = []command{
	{name: "list", run: inviteList},
	{name: "cancel", run: inviteCancel},
}

// inviteCmd makes an invite, or runs invite list or invite cancel.
func inviteCmd(ctx context.Context, e *env, path string, args []string) error {
	for _, c := range inviteCmds {
		if len(args) > 0 && args[0] == c.name {
			sub := path + " " + c.name
			err := c.run(ctx, e, sub, args[1:])
			if err != nil && !errors.Is(err, errHelp) {
				err = pathError{sub, err}
			}
			return err
		}
	}
	return inviteMake(ctx, e, path, args)
}

func inviteMake(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	role := fs.String("role", "", "the new member's `role`: coordinator, station, village or police")
	var villages multi
	fs.Var(&villages, "village", "a `village` (name, or id written #12) for a village invite; repeat it or give a comma list")
	life := ttl(72 * time.Hour)
	fs.Var(&life, "ttl", "how long the invite stays valid (`duration`, e.g. 72h or 7d)")
	bot := fs.String("bot", os.Getenv("LAMSACH_BOT_NAME"), "the bot's Telegram `username`, for the link (default $LAMSACH_BOT_NAME)")
	pos, err := e.parse(fs, path, args, inviteUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	r := flows.Role(strings.ToLower(strings.TrimSpace(*role)))
	if err := checkInvite(*commune, *role, len(villages), life); err != nil {
		return err
	}
	*bot = strings.TrimPrefix(strings.TrimSpace(*bot), "@")
	if *bot != "" && !botName.MatchString(*bot) {
		return usagef("--bot %q is not a Telegram bot username (5-32 letters, digits, _)", *bot)
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var code string
	var inv flows.Invite
	var c flows.Commune
	var vs []flows.Village
	err = db.Update(ctx, func(tx *store.Tx) error {
		if c, err = findUnit(ctx, tx, *commune); err != nil {
			return err
		}
		if c.Kind.Facility() && r != flows.RoleStation {
			return usagef("%s is a facility (%s): only station members join it, as it signs vaccine passports and does not clean data", c.Name, c.Kind)
		}
		if vs, err = findVillages(ctx, tx, c, villages); err != nil {
			return err
		}
		if r == flows.RoleVillage && len(vs) == 0 {
			return usagef("a village invite needs --village")
		}
		ids := make([]int64, len(vs))
		for i, v := range vs {
			ids[i] = v.ID
		}
		code, inv, err = tx.CreateInvite(ctx, flows.Operator, c.ID, r, ids, time.Duration(life))
		return err
	})
	if err != nil {
		return err
	}
	printInvite(e, c, r, vs, inv, code, *bot)
	return nil
}

// checkInvite refuses an invite's arguments that cannot make an invite.
func checkInvite(commune, role string, villages int, life ttl) error {
	r := flows.Role(strings.ToLower(strings.TrimSpace(role)))
	switch {
	case commune == "":
		return usagef("missing --commune")
	case role == "":
		return usagef("missing --role (want %s)", roleList())
	case !r.Valid():
		return usagef("unknown role %q (want %s)", role, roleList())
	case r == flows.RoleVillage && villages == 0:
		return usagef("a village invite needs --village")
	case r != flows.RoleVillage && villages > 0:
		return usagef("--village is only for a village invite, not %s", r)
	case life <= 0:
		return usagef("--ttl must be positive")
	}
	return nil
}

func printInvite(e *env, c flows.Commune, r flows.Role, vs []flows.Village, inv flows.Invite, code, bot string) {
	who := string(r)
	if len(vs) > 0 {
		names := make([]string, len(vs))
		for i, v := range vs {
			names[i] = v.Name
		}
		who += " (" + strings.Join(names, ", ") + ")"
	}
	fmt.Fprintf(e.stdout, "invite #%d: %s, role %s, single use, valid until %s\n",
		inv.ID, c.Name, who, showTime(inv.ExpiresAt))
	fmt.Fprintf(e.stdout, "code: %s\n", code)
	if bot == "" {
		fmt.Fprintf(e.stdout, "link: https://t.me/<bot username>?start=%s\n", code)
		fmt.Fprintln(e.stdout, "(give --bot NAME or set LAMSACH_BOT_NAME to print the full link)")
		return
	}
	fmt.Fprintf(e.stdout, "link: https://t.me/%s?start=%s\n", bot, code)
	fmt.Fprintln(e.stdout, "the code is shown only now; send the link to the new member privately")
}

func roleList() string {
	s := make([]string, len(flows.MemberRoles))
	for i, r := range flows.MemberRoles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}
