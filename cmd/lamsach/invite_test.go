package main

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

// makeInvite makes an invite through the command line and returns its code.
func makeInvite(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, stdout, stderr := lamsach(t, append([]string{"--db", db, "invite", "--commune", "#1", "--bot", "lamsach_test_bot"}, args...)...)
	m := linkRE.FindStringSubmatch(stdout)
	if code != 0 || m == nil {
		t.Fatalf("invite %v: exit %d, %q %q", args, code, stdout, stderr)
	}
	return m[1]
}

func TestInviteListAndCancel(t *testing.T) {
	db := newDB(t)
	police := makeInvite(t, db, "--role", "police")
	village := makeInvite(t, db, "--role", "village", "--village", "Thôn Đông")
	code, stdout, stderr := lamsach(t, "--db", db, "invite", "list", "--commune", "Xã Tân Phú")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	row := regexp.MustCompile(`^#(\d+)\t(\S{4})…\t(.+)\tuntil \d{4}-\d\d-\d\d \d\d:\d\d \+07\tby operator$`)
	if code != 0 || stderr != "" || len(lines) != 3 || lines[0] != "id\tcode\trole\texpires\tmade by" {
		t.Fatalf("invite list: exit %d, %q %q", code, stdout, stderr)
	}
	lines = lines[1:]
	for i, want := range []struct{ code, role string }{{police, "police"}, {village, "village (Thôn Đông)"}} {
		m := row.FindStringSubmatch(lines[i])
		if m == nil || m[2] != want.code[:4] || m[3] != want.role {
			t.Errorf("line %q, want the prefix %s… and %s", lines[i], want.code[:4], want.role)
		}
	}
	if strings.Contains(stdout, police) || strings.Contains(stdout, village) {
		t.Error("invite list shows a whole code")
	}

	code, stdout, stderr = lamsach(t, "--db", db, "invite", "cancel", "--commune", "#1", "#1")
	if code != 0 || stdout != "invite #1 ("+police[:4]+"…, police) of Xã Tân Phú cancelled\n" || stderr != "" {
		t.Errorf("cancel by id: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = lamsach(t, "--db", db, "invite", "cancel", village, "--commune", "#1")
	if code != 0 || !strings.HasPrefix(stdout, "invite #2 ") {
		t.Errorf("cancel by code: exit %d, %q", code, stdout)
	}
	if code, stdout, _ := lamsach(t, "--db", db, "invite", "list", "--commune", "#1"); code != 0 || stdout != "Xã Tân Phú has no open invites\n" {
		t.Errorf("list after cancelling: exit %d, %q", code, stdout)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.RedeemInvite(ctx, police, 42, "Lê Văn Cường", "vi")
		return err
	})
	s.Close()
	if !errors.Is(err, store.ErrInviteCancelled) {
		t.Errorf("redeeming a cancelled invite: %v, want it refused as cancelled", err)
	}
}

func TestInviteCancelRefusals(t *testing.T) {
	db := newDB(t)
	used := makeInvite(t, db, "--role", "police")
	withStore(t, db, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.RedeemInvite(ctx, used, 42, "Lê Văn Cường", "vi")
		return err
	})
	makeInvite(t, db, "--role", "station")
	lamsach(t, "--db", db, "invite", "cancel", "--commune", "#1", "2")
	lamsach(t, "--db", db, "commune", "add", "Xã Khác")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"invite", "cancel", "--commune", "#1"}, "lamsach invite cancel: missing invite id or code"},
		{[]string{"invite", "cancel", "--commune", "#1", "1", "2"}, "lamsach invite cancel: one invite only, got 2 arguments"},
		{[]string{"invite", "cancel", "#1"}, "lamsach invite cancel: missing --commune"},
		{[]string{"invite", "cancel", "--commune", "#1", "mã mời"}, `lamsach invite cancel: "mã mời" is neither an invite id (#12) nor an invite code`},
		{[]string{"--db", db, "invite", "cancel", "--commune", "#1", "#1"}, "lamsach invite cancel: invite #1 was already used: the member it made stays until revoked"},
		{[]string{"--db", db, "invite", "cancel", "--commune", "#1", "#2"}, "lamsach invite cancel: invite #2 is already cancelled"},
		{[]string{"--db", db, "invite", "cancel", "--commune", "#1", "#9"}, "lamsach invite cancel: Xã Tân Phú has no invite #9 (see lamsach invite list --commune #1)"},
		{[]string{"--db", db, "invite", "cancel", "--commune", "#2", "#1"}, "lamsach invite cancel: Xã Khác has no invite #1 (see lamsach invite list --commune #2)"},
		{[]string{"--db", db, "invite", "cancel", "--commune", "#1", "AAAAAAAAAAAAAAAAAAAAAAAA"}, "lamsach invite cancel: Xã Tân Phú has no invite that code (see lamsach invite list --commune #1)"},
		{[]string{"invite", "list"}, "lamsach invite list: missing --commune"},
		{[]string{"invite", "list", "--commune", "#1", "all"}, `lamsach invite list: unexpected argument "all"`},
		{[]string{"--db", db, "invite", "list", "--commune", "Xã Nào"}, `lamsach invite list: unknown commune "Xã Nào" (see lamsach commune list)`},
	}
	for _, tc := range tests {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q:\n exit %d, stderr %q, stdout %q\nwant exit 2, stderr %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
	for _, args := range [][]string{{"invite", "list", "--help"}, {"invite", "cancel", "-h"}} {
		if code, stdout, _ := lamsach(t, args...); code != 0 || !strings.HasPrefix(stdout, "Usage: lamsach "+strings.Join(args[:2], " ")) {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
}

// TestRevokeCancelsOperatorVisibleInvites: the invites a revoked
// coordinator made leave the operator's list.
func TestRevokeCancelsOperatorVisibleInvites(t *testing.T) {
	db := newDB(t)
	coord := makeInvite(t, db, "--role", "coordinator")
	withStore(t, db, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.RedeemInvite(ctx, coord, 42, "Lê Văn Cường", "vi")
		if err != nil {
			return err
		}
		if _, _, err := tx.CreateInvite(ctx, m.Actor(), 1, flows.RolePolice, nil, time.Hour); err != nil {
			return err
		}
		_, err = tx.RevokeMember(ctx, flows.Operator, m.ID)
		return err
	})
	if code, stdout, _ := lamsach(t, "--db", db, "invite", "list", "--commune", "#1"); code != 0 || stdout != "Xã Tân Phú has no open invites\n" {
		t.Errorf("list after the revocation: exit %d, %q", code, stdout)
	}
}
