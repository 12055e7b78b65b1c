package flows_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/flows/msg"
	"lamsach/store"
)

// newCoordHarness is the harness's commune with a coordinator, lan.
func newCoordHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.join("lan", 100, flows.RoleCoordinator)
	return h
}

// sentTo keeps the messages of outs that go to Telegram chat tg.
func sentTo(outs []flows.Out, tg int64) []flows.Out {
	var out []flows.Out
	for _, o := range outs {
		if o.ChatID == tg {
			out = append(out, o)
		}
	}
	return out
}

// member reads the member a Telegram user is.
func (h *harness) member(tg int64) flows.Member {
	h.t.Helper()
	var m flows.Member
	ctx := context.Background()
	if err := h.db.View(ctx, func(tx *store.Tx) error {
		var err error
		m, err = tx.MemberByTelegram(ctx, tg)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return m
}

// snapshot describes everything a coordinator command can change, through
// the store's own methods, to show that a refused one changed nothing.
func (h *harness) snapshot() string {
	h.t.Helper()
	var b strings.Builder
	ctx := context.Background()
	err := h.db.View(ctx, func(tx *store.Tx) error {
		c, err := tx.Commune(ctx, h.commune.ID)
		if err != nil {
			return err
		}
		fmt.Fprintln(&b, "deadline", c.Deadline)
		vs, err := tx.Villages(ctx, h.commune.ID)
		fmt.Fprintln(&b, "villages", vs, err)
		ms, err := tx.Members(ctx, flows.Operator, h.commune.ID)
		for _, m := range ms {
			fmt.Fprintln(&b, "member", m.ID, m.Role, m.Active, m.Villages)
		}
		invs, err2 := tx.OpenInvites(ctx, flows.Operator, h.commune.ID)
		fmt.Fprintln(&b, "invites", len(invs), err, err2)
		counts, err := tx.CommuneCounts(ctx, flows.Operator, h.commune.ID)
		fmt.Fprintln(&b, "counts", counts, err)
		rep, err := tx.VerifyAudit(ctx)
		fmt.Fprintln(&b, "audit", rep.Entries, rep.OK, err)
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return b.String()
}

// auditEntries counts the audit log's entries.
func (h *harness) auditEntries() int64 {
	h.t.Helper()
	var n int64
	ctx := context.Background()
	if err := h.db.View(ctx, func(tx *store.Tx) error {
		rep, err := tx.VerifyAudit(ctx)
		if !rep.OK {
			h.t.Errorf("audit chain broken: %+v", rep)
		}
		n = rep.Entries
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return n
}

var inviteLink = regexp.MustCompile(`https://t\.me/lamsach_bot\?start=([A-Za-z0-9_-]+)`)

func TestInvite(t *testing.T) {
	h := newCoordHarness(t)
	link := "https://t.me/lamsach_bot?start="
	tests := []struct {
		args  string
		wants []string
		made  bool
	}{
		{"police", []string{"Liên kết mời: công an xã", "hết hạn lúc 09:00 30/11/2026"}, true},
		{"công an", []string{"Liên kết mời: công an xã"}, true},
		{"congan", []string{"Liên kết mời: công an xã"}, true},
		{"Trạm Y Tế", []string{"Liên kết mời: trạm y tế"}, true},
		{"tram", []string{"Liên kết mời: trạm y tế"}, true},
		{"y te", []string{"Liên kết mời: trạm y tế"}, true},
		{"điều phối", []string{"Liên kết mời: tổ công tác xã"}, true},
		{"xã", []string{"Liên kết mời: tổ công tác xã"}, true},
		{"coordinator", []string{"Liên kết mời: tổ công tác xã"}, true},
		{"thôn Thôn Đông", []string{"Liên kết mời: tổ công tác thôn</b> · Thôn Đông"}, true},
		{"thon dong", []string{"tổ công tác thôn</b> · Thôn Đông"}, true},
		{"thôn Đông", []string{"tổ công tác thôn</b> · Thôn Đông"}, true}, // the example in /help
		{"village TÂY", []string{"tổ công tác thôn</b> · Thôn Tây"}, true},
		{"Thôn  Tây", []string{"tổ công tác thôn</b> · Thôn Tây"}, true},
		{"village", []string{"Mời thành viên của thôn nào?"}, false},
		{"thôn Bắc", []string{"Không có thôn «Bắc»"}, false},
		{"thôn thôn", []string{"Có nhiều thôn khớp «thôn»"}, false},
		{"bác sĩ", []string{"Không rõ vai trò «bác sĩ»", "thôn, công an, trạm"}, false},
		{"", []string{"Mời ai?"}, false},
		{"police Thôn Đông", []string{"không gắn với thôn", "/invite police"}, false},
	}
	for _, tc := range tests {
		before := h.snapshot()
		outs := h.cmd("lan", "invite", tc.args)
		mustSay(t, "/invite "+tc.args, outs, tc.wants...)
		got := texts(outs)
		if made := strings.Contains(got, link); made != tc.made {
			t.Errorf("/invite %q: link made %v, want %v", tc.args, made, tc.made)
		}
		if tc.made && !outs[len(outs)-1].Personal {
			t.Errorf("/invite %q: the link message is not personal: it would never be deleted", tc.args)
		}
		if !tc.made {
			if after := h.snapshot(); after != before {
				t.Errorf("/invite %q made no link but changed:\n%s", tc.args, after)
			}
			if len(outs[len(outs)-1].Buttons) == 0 && tc.args != "police Thôn Đông" {
				t.Errorf("/invite %q: no buttons to choose from", tc.args)
			}
		}
	}
}

func TestInviteLinkRedeemable(t *testing.T) {
	h := newCoordHarness(t)
	// By buttons: role, then village.
	ask := h.cmd("lan", "invite", "")
	pick := h.press("lan", ask, "Thôn")
	made := h.press("lan", pick, "Thôn Tây")
	mustSay(t, "village link", made, "tổ công tác thôn</b> · Thôn Tây")
	m := inviteLink.FindStringSubmatch(texts(made))
	if m == nil {
		t.Fatalf("no link in %q", texts(made))
	}
	h.people["tu"] = 301
	mustSay(t, "tu joins", h.cmd("tu", "start", m[1]), "Xã Tân Phú", "tổ công tác thôn")
	if got := h.member(301); got.Role != flows.RoleVillage || len(got.Villages) != 1 || got.Villages[0] != h.tay.ID {
		t.Errorf("tu joined as %s of %v", got.Role, got.Villages)
	}
	// By command; the code is single use.
	m = inviteLink.FindStringSubmatch(texts(h.cmd("lan", "invite", "công an")))
	h.people["hung"] = 302
	mustSay(t, "hung joins", h.cmd("hung", "start", m[1]), "cán bộ công an xã")
	h.people["kha"] = 303
	mustSay(t, "reused", h.cmd("kha", "start", m[1]), "đã được dùng")
	mustSay(t, "members", h.cmd("lan", "members", ""), "tu · Thôn Tây", "hung")
}

func TestMembers(t *testing.T) {
	h := newCoordHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID, h.tay.ID)
	h.join("hung", 102, flows.RolePolice)
	if err := h.db.Outbox().Unreachable(context.Background(), 102); err != nil {
		t.Fatal(err)
	}
	h.cmd("lan", "invite", "trạm")
	outs := h.cmd("lan", "members", "")
	mustSay(t, "members", outs, "Thành viên</b>: 3", "<b>Tổ công tác xã</b> (1)", "lan (bạn)",
		"an · Thôn Đông, Thôn Tây", "hung ⛔ đã chặn bot", "<b>Trạm y tế</b> (0)", "(chưa có ai)",
		"Chưa tham gia</b>: 1", "• trạm y tế, hết hạn 09:00 30/11/2026")
	if !outs[len(outs)-1].Personal {
		t.Error("the member list shows names but is not personal")
	}
}

func TestRevoke(t *testing.T) {
	h := newCoordHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.join("binh", 103, flows.RoleVillage, h.dong.ID)
	h.join("hung", 102, flows.RolePolice)
	lan := h.member(100)
	h.record(h.dong.ID, "Mạc Văn Một", "1970", "male", "")
	mustSay(t, "an opens", h.cmd("an", "next", ""), "Mạc Văn Một")

	list := h.cmd("lan", "revoke", "")
	mustSay(t, "list", list, "Thu hồi quyền của ai?")
	for _, row := range list[len(list)-1].Buttons {
		if strings.Contains(row[0].Text, "lan") {
			t.Errorf("the coordinator is offered to revoke themselves: %q", row[0].Text)
		}
	}
	confirm := h.press("lan", list, "an · tổ công tác thôn · Thôn Đông")
	mustSay(t, "confirm", confirm, "Thu hồi quyền của <b>an</b>")
	if !h.member(101).Active {
		t.Fatal("revoked before confirming")
	}
	done := h.press("lan", confirm, "Thu hồi quyền")
	mustSay(t, "done", done, "Đã thu hồi quyền của an")
	mustSay(t, "an told", sentTo(done, 101), "đã thu hồi quyền của bạn")
	if h.member(101).Active {
		t.Error("an is still active")
	}
	mustSay(t, "an afterwards", h.cmd("an", "next", ""), "đã bị thu hồi")
	// The record an had open is free for the village at once.
	mustSay(t, "binh takes it", h.cmd("binh", "next", ""), "Mạc Văn Một")
	mustSay(t, "press again", h.press("lan", confirm, "Thu hồi quyền"), "đã bị thu hồi quyền")

	// Refusals: oneself (forged button), an unknown member, a name nobody has.
	before := h.snapshot()
	mustSay(t, "self", h.handle("lan", flows.Event{Kind: flows.EventButton, Data: "rvy:" + itoa(lan.ID) + ":0"}), "không thể tự thu hồi")
	mustSay(t, "self ask", h.handle("lan", flows.Event{Kind: flows.EventButton, Data: "rv:" + itoa(lan.ID) + ":0"}), "không thể tự thu hồi")
	mustSay(t, "unknown", h.handle("lan", flows.Event{Kind: flows.EventButton, Data: "rvy:9999:0"}), "không còn trong xã")
	mustSay(t, "no match", h.cmd("lan", "revoke", "zzz"), "Không có thành viên nào tên «zzz»")
	if after := h.snapshot(); after != before {
		t.Errorf("refused revokes changed:\n%s\nwant\n%s", after, before)
	}
	// "/revoke name" goes straight to the confirmation.
	mustSay(t, "by name", h.cmd("lan", "revoke", "Hùng"), "Thu hồi quyền của <b>hung</b>")
}

// TestCoordCatalog checks the keys the coordinator builds from a prefix.
func TestCoordCatalog(t *testing.T) {
	var keys []string
	for _, r := range flows.MemberRoles {
		keys = append(keys, "coord.role."+string(r), "coord.btn.role."+string(r))
	}
	for d := range 7 {
		keys = append(keys, "coord.weekday."+strconv.Itoa(d))
	}
	for _, s := range []flows.State{flows.StateImported, flows.StateAssigned, flows.StateReviewed, flows.StateReturned,
		flows.StateConfirmed, flows.StateSigned, flows.StateExported, flows.StateEntered, flows.StateVerified, flows.StateStillWrong} {
		keys = append(keys, "report.state."+string(s))
	}
	for _, k := range keys {
		if !msg.Has(k) {
			t.Errorf("key %q is not in the catalog", k)
		}
	}
}

// TestCoordinatorCommandsRefused: every coordinator command and button, tried
// by each other role and by a stranger, is refused and changes nothing.
func TestCoordinatorCommandsRefused(t *testing.T) {
	h := newCoordHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.join("hung", 102, flows.RolePolice)
	h.join("mai", 103, flows.RoleStation)
	h.record(h.dong.ID, "Lê Thị Hoa", "1990-01-02", "female", "")
	an := h.member(101)
	cmds := [][2]string{{"invite", "police"}, {"members", ""}, {"revoke", ""}, {"villages", ""}, {"assign", ""},
		{"deadline", "15/12/2026"}, {"deadline", ""}, {"report", ""}, {"remind", ""}}
	buttons := []string{"ir:0:0:police", "iv:" + itoa(h.dong.ID) + ":0", "rvy:" + itoa(an.ID) + ":0",
		"vsy:0:0", "vmy:" + itoa(h.tay.ID) + ":" + itoa(h.dong.ID), "ay:" + itoa(h.dong.ID) + ":0:x", "dl:0:0:20261215"}
	before := h.snapshot()
	for _, who := range []string{"an", "hung", "mai", "stranger"} {
		for _, c := range cmds {
			if who == "mai" && c[0] == "report" {
				continue // the station has its own /report
			}
			outs := h.cmd(who, c[0], c[1])
			got := texts(outs)
			if !strings.Contains(got, "không dùng được") && !strings.Contains(got, "chưa là thành viên") {
				t.Errorf("%s /%s %s: not refused: %q", who, c[0], c[1], got)
			}
			if len(outs) != 1 {
				t.Errorf("%s /%s: %d messages, want the one refusal", who, c[0], len(outs))
			}
		}
		for _, data := range buttons {
			outs := h.handle(who, flows.Event{Kind: flows.EventButton, Data: data})
			if len(outs) != 1 || outs[0].ChatID != h.people[who] && who != "stranger" {
				t.Errorf("%s pressing %s: %d messages %q", who, data, len(outs), texts(outs))
			}
		}
	}
	if after := h.snapshot(); after != before {
		t.Errorf("refused commands changed:\n%s\nwant\n%s", after, before)
	}
	// A revoked coordinator is refused too.
	h.join("lan2", 104, flows.RoleCoordinator)
	h.press("lan2", h.cmd("lan2", "revoke", "lan"), "Thu hồi quyền")
	mustSay(t, "revoked coordinator", h.cmd("lan", "invite", "police"), "đã bị thu hồi")
}
