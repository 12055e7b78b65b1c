package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"lamsach/flows"
	"lamsach/store"
)

const inviteListUsage = `Usage: lamsach invite list --commune C

Lists commune C's open invites (not used, not expired, not cancelled): id,
the first characters of the code, role (and villages), until when it is
valid and who made it. Codes are never shown again: the database keeps only
their hash.
`

func inviteList(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	if err := e.parseNone(fs, path, args, inviteListUsage); err != nil {
		return err
	}
	var invs []flows.Invite
	var vs []flows.Village
	c, err := e.inCommune(ctx, *commune, false, func(tx *store.Tx, c flows.Commune) (err error) {
		if vs, err = tx.Villages(ctx, c.ID); err != nil {
			return err
		}
		invs, err = tx.OpenInvites(ctx, flows.Operator, c.ID)
		return err
	})
	if err != nil {
		return err
	}
	if len(invs) == 0 {
		fmt.Fprintf(e.stdout, "%s has no open invites\n", c.Name)
		return nil
	}
	names := map[int64]string{}
	for _, v := range vs {
		names[v.ID] = v.Name
	}
	fmt.Fprintln(e.stdout, "id\tcode\trole\texpires\tmade by")
	for _, inv := range invs {
		fmt.Fprintf(e.stdout, "#%d\t%s…\t%s\tuntil %s\tby %s\n", inv.ID, inv.CodePrefix, inviteRole(inv, names),
			showTime(inv.ExpiresAt), maker(inv.CreatedBy))
	}
	return nil
}

// inviteRole is an invite's role, with its villages' names.
func inviteRole(inv flows.Invite, names map[int64]string) string {
	if len(inv.Villages) == 0 {
		return string(inv.Role)
	}
	vs := make([]string, len(inv.Villages))
	for i, id := range inv.Villages {
		if vs[i] = names[id]; vs[i] == "" {
			vs[i] = "#" + strconv.FormatInt(id, 10)
		}
	}
	return string(inv.Role) + " (" + strings.Join(vs, ", ") + ")"
}

// maker names who made an invite without naming a person: the operator or
// a member's id.
func maker(memberID int64) string {
	if memberID == 0 {
		return "operator"
	}
	return "member #" + strconv.FormatInt(memberID, 10)
}

const inviteCancelUsage = `Usage: lamsach invite cancel --commune C ID|CODE

Cancels one of commune C's open invites before anyone uses it, named by its
id (#12, as invite list shows it) or by its whole code. Whoever opens its
link is told it no longer works.
`

// inviteCodeForm is what an invite code looks like: a Telegram deep-link
// parameter.
var inviteCodeForm = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func inviteCancel(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	pos, err := e.parse(fs, path, args, inviteCancelUsage)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one invite only, got %d arguments", len(pos))
	}
	which, err := one(pos, "invite id or code")
	if err != nil {
		return err
	}
	id, byID := parseRef(which)
	if !byID {
		if n, err := strconv.ParseInt(which, 10, 64); err == nil && n > 0 && len(which) < 20 {
			id, byID = n, true // a plain number is an id: a code is 24 characters
		}
	}
	switch {
	case !byID && !inviteCodeForm.MatchString(which):
		return usagef("%q is neither an invite id (#12) nor an invite code", which)
	}
	var inv flows.Invite
	c, err := e.inCommune(ctx, *commune, true, func(tx *store.Tx, c flows.Commune) (err error) {
		if !byID {
			if inv, err = tx.InviteByCode(ctx, flows.Operator, c.ID, which); err != nil {
				return err
			}
			id = inv.ID
		}
		inv, err = tx.CancelInvite(ctx, flows.Operator, c.ID, id)
		return err
	})
	if err != nil {
		return cancelError(err, c, id, byID)
	}
	fmt.Fprintf(e.stdout, "invite #%d (%s…, %s) of %s cancelled\n", inv.ID, inv.CodePrefix, inv.Role, c.Name)
	return nil
}

// cancelError words why an invite could not be cancelled.
func cancelError(err error, c flows.Commune, id int64, byID bool) error {
	name := "that code"
	if byID {
		name = "#" + strconv.FormatInt(id, 10)
	}
	switch {
	case errors.Is(err, flows.ErrNotFound):
		return usagef("%s has no invite %s (see lamsach invite list --commune #%d)", c.Name, name, c.ID)
	case errors.Is(err, flows.ErrInviteUsed):
		return usagef("invite #%d was already used: the member it made stays until revoked", id)
	case errors.Is(err, store.ErrInviteCancelled):
		return usagef("invite #%d is already cancelled", id)
	case errors.Is(err, flows.ErrInviteExpired):
		return usagef("invite #%d has expired already: there is nothing to cancel", id)
	}
	return err
}
