package flows

import (
	"runtime"
	"testing"

	"lamsach/flows/msg"
)

// TestCommandRegistry: every command has its menu and help texts in both
// catalogs, every role's handler has the commands routed to it, and no
// name is declared twice for a role.
func TestCommandRegistry(t *testing.T) {
	for _, c := range commands {
		keys := []string{"help.cmd." + c.Name, "cmd." + c.Name}
		if c.Hidden {
			keys = nil
		}
		for _, key := range keys {
			for _, l := range []msg.Lang{msg.VI, msg.EN} {
				if !msg.HasIn(l, key) {
					t.Errorf("command /%s: %s catalog has no %q", c.Name, l, key)
				}
			}
		}
		roles := c.Roles
		if roles == nil {
			roles = MemberRoles
		}
		for _, r := range roles {
			if got, _ := commandFor(Member{Role: r}, c.Name); got.Run == nil {
				t.Errorf("command /%s: not routed for %s", c.Name, r)
			}
			n := 0
			for _, d := range commands {
				if d.Name == c.Name && (d.Roles == nil || contains(d.Roles, r)) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("command /%s declared %d times for %s", c.Name, n, r)
			}
		}
	}
	for _, r := range MemberRoles {
		if _, ok := roleHandlers[r]; !ok {
			t.Errorf("role %s has no handler", r)
		}
		for _, key := range []string{"help." + string(r), "welcome." + string(r)} {
			for _, l := range []msg.Lang{msg.VI, msg.EN} {
				if !msg.HasIn(l, key) {
					t.Errorf("%s catalog has no %q", l, key)
				}
			}
		}
	}
}

// TestCommandsReachTheirHandler runs each command's Run with its role's
// handler type: the registry's method values must fit the handler the
// routing builds (a mismatch would panic in on).
func TestCommandsReachTheirHandler(t *testing.T) {
	for _, c := range commands {
		if c.Roles == nil {
			continue
		}
		var members []Member
		for _, r := range c.Roles {
			members = append(members, Member{Role: r})
			if c.Facility {
				members = append(members, Member{Role: r, Facility: true})
			}
		}
		for _, m := range members {
			r := m.Role
			// The handler is built for the command's event, as the
			// routing builds it: the station's passport desk answers
			// its own command.
			ev := Event{Kind: EventCommand, Command: c.Name}
			h := roleHandlers[r](&turn{member: m, ev: ev}, nil)
			func() {
				// The handler has no repository: the command may fail
				// further on, but never at the conversion to its type.
				defer func() {
					if _, bad := recover().(*runtime.TypeAssertionError); bad {
						t.Errorf("command /%s: the %s handler is not the type its method needs", c.Name, r)
					}
				}()
				_ = c.Run(h)
			}()
		}
	}
}

func contains(rs []Role, r Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
