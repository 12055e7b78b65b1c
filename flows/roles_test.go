package flows_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"lamsach/flows"
)

// dbState dumps every table a person's action could change, so a refused
// action can be shown to have changed nothing. Conversation state, the
// outbox (the refusal itself) and handled-update ids are left out.
func (h *harness) dbState() string {
	h.t.Helper()
	raw, err := sql.Open("sqlite", "file:"+h.db.Path()+"?mode=ro")
	if err != nil {
		h.t.Fatal(err)
	}
	defer raw.Close()
	var b strings.Builder
	for _, table := range []string{"communes", "commune_settings", "villages", "members", "member_villages",
		"invites", "invite_villages", "imports", "records", "exports", "handovers", "pending_uploads",
		"audit", "audit_head", "reminders", "leases"} {
		rows, err := raw.QueryContext(context.Background(), "SELECT * FROM "+table+" ORDER BY 1, 2")
		if err != nil {
			h.t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				h.t.Fatal(err)
			}
			fmt.Fprintln(&b, table, vals)
		}
		rows.Close()
	}
	return b.String()
}

// roleWorld is a commune with a member of every role, records in every
// state a role acts on, and one of each role's screens open, so that every
// kind of button exists.
func roleWorld(t *testing.T) (*harness, map[string][]string) {
	h := newHarness(t)
	h.join("xa", 301, flows.RoleCoordinator)
	h.join("tram", 302, flows.RoleStation)
	h.join("ca", 303, flows.RolePolice)
	h.join("an", 304, flows.RoleVillage, h.dong.ID)
	h.join("tu", 305, flows.RoleVillage, h.tay.ID)
	h.record(h.dong.ID, "Nguyen Van Mot", "1990", "male", "")
	h.record(h.tay.ID, "Trần Văn Hai", "1991", "male", "")
	rev := h.record(h.dong.ID, "Lê Thị Ba", "1992-03-04", "female", "001192000003")
	h.markReviewed(rev.ID, "an", flows.OutcomeUnchanged, "")
	for _, name := range []string{"Phạm Văn Bốn", "Võ Thị Năm"} {
		r := h.record(h.dong.ID, name, "1980", "male", "")
		h.markReviewed(r.ID, "an", flows.OutcomeUnchanged, "")
	}
	h.unassigned("Đỗ Văn Sáu", "Xóm Mới")

	buttons := map[string][]string{}
	keep := func(who string, outs []flows.Out) []flows.Out {
		for _, o := range outs {
			for _, row := range o.Buttons {
				for _, b := range row {
					buttons[who] = append(buttons[who], b.Data)
				}
			}
		}
		return outs
	}
	// Police confirm two records and sign one batch, leaving the buttons
	// of each screen.
	card := keep("ca", h.cmd("ca", "review", ""))
	card = keep("ca", h.press("ca", card, "Khớp CSDL"))
	keep("ca", h.press("ca", card, "Khớp CSDL"))
	keep("ca", h.cmd("ca", "pending", ""))
	keep("ca", h.press("ca", keep("ca", h.cmd("ca", "sign", "")), "Ký và bàn giao"))
	keep("ca", h.cmd("ca", "review", ""))
	keep("an", h.cmd("an", "next", ""))
	keep("an", h.cmd("an", "find", "nguyen"))
	keep("tu", h.cmd("tu", "next", ""))
	keep("tram", h.stUpload("tram", "station-list.xlsx", stFixture(t, "station-list.xlsx")))
	keep("tram", h.cmd("tram", "export", ""))
	keep("tram", h.cmd("tram", "entered", ""))
	for _, c := range []struct{ cmd, args string }{{"invite", ""}, {"members", ""}, {"revoke", ""},
		{"villages", ""}, {"assign", ""}, {"deadline", "31/12/2026"}} {
		keep("xa", h.cmd("xa", c.cmd, c.args))
	}
	for who, data := range buttons {
		if len(data) == 0 {
			t.Fatalf("%s's screens have no buttons", who)
		}
	}
	return h, buttons
}

// TestRolesRefuseOthersButtons presses every button each person was shown
// as every other person (another role, the other village, a stranger):
// each press is answered, and nothing changes.
func TestRolesRefuseOthersButtons(t *testing.T) {
	h, buttons := roleWorld(t)
	people := []string{"xa", "tram", "ca", "an", "tu", "stranger"}
	role := map[string]string{"xa": "coordinator", "tram": "station", "ca": "police", "an": "village:dong", "tu": "village:tay"}
	pressed := 0
	for owner, datas := range buttons {
		for _, data := range datas {
			for _, who := range people {
				if role[who] == role[owner] {
					continue
				}
				before := h.dbState()
				outs := h.handle(who, flows.Event{Kind: flows.EventButton, Data: data, MessageID: 1})
				if len(outs) == 0 {
					t.Errorf("%s pressing %s's button %q: no answer", who, owner, data)
				}
				if after := h.dbState(); after != before {
					t.Errorf("%s pressing %s's button %q changed the database:\n%s", who, owner, data, diff(before, after))
				}
				// Whatever the press opened is closed again, so the next
				// press starts from the same place.
				h.cmd(who, "cancel", "")
				pressed++
			}
		}
	}
	t.Logf("%d presses of other people's buttons, none changed anything", pressed)
}

// TestRolesRefuseOthersCommands sends every role's commands as every other
// role and a stranger: refused, nothing changed.
func TestRolesRefuseOthersCommands(t *testing.T) {
	h, _ := roleWorld(t)
	commands := map[string][]struct{ cmd, args string }{
		"village":     {{"next", ""}, {"find", "nguyen"}, {"progress", ""}},
		"police":      {{"pending", ""}, {"review", ""}, {"sign", ""}},
		"station":     {{"export", ""}, {"entered", "1"}, {"verify", ""}},
		"coordinator": {{"invite", "thôn Thôn Đông"}, {"members", ""}, {"villages", ""}, {"assign", ""}, {"deadline", "31/12/2026"}, {"remind", ""}, {"revoke", ""}},
	}
	role := map[string]string{"xa": "coordinator", "tram": "station", "ca": "police", "an": "village", "stranger": ""}
	for owner, cmds := range commands {
		for _, c := range cmds {
			for who, r := range role {
				if r == owner {
					continue
				}
				before := h.dbState()
				outs := h.cmd(who, c.cmd, c.args)
				want := "không dùng được"
				if who == "stranger" {
					want = "chưa là thành viên"
				}
				mustSay(t, who+" /"+c.cmd, outs, want)
				if after := h.dbState(); after != before {
					t.Errorf("%s sending /%s changed the database:\n%s", who, c.cmd, diff(before, after))
				}
			}
		}
	}
}

// diff shows the lines that differ between two dumps.
func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	seen := map[string]int{}
	for _, l := range al {
		seen[l]++
	}
	var out []string
	for _, l := range bl {
		if seen[l] > 0 {
			seen[l]--
			continue
		}
		out = append(out, "+ "+l)
	}
	for l, n := range seen {
		for range n {
			out = append(out, "- "+l)
		}
	}
	return strings.Join(out, "\n")
}
