package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"lamsach/flows"
)

func invite(t *testing.T, db *DB, commune int64, role flows.Role, ttl time.Duration, villages ...int64) string {
	t.Helper()
	var code string
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		code, _, err = tx.CreateInvite(ctx, flows.Operator, commune, role, villages, ttl)
		return err
	})
	return code
}

func redeem(db *DB, code string, telegramID int64) (flows.Member, error) {
	ctx := context.Background()
	var m flows.Member
	err := db.Update(ctx, func(tx *Tx) (err error) {
		m, err = tx.RedeemInvite(ctx, code, telegramID, "Trần Thị Bình", "en-US")
		return err
	})
	return m, err
}

func TestInviteStoresOnlyHash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lamsach.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var c flows.Commune
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		c, err = tx.CreateCommune(ctx, flows.Operator, "Xã Một")
		return err
	})
	code := invite(t, db, c.ID, flows.RoleCoordinator, time.Hour)
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{22,64}$`).MatchString(code) {
		t.Errorf("code %q is not a Telegram deep-link parameter of 22+ characters", code)
	}
	// Look in the file and its WAL both while open and after closing.
	for _, when := range []string{"open", "closed"} {
		if when == "closed" {
			db.Close()
		}
		for _, f := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(f)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(code)) {
				t.Errorf("%s (%s): the invite code is in the file", filepath.Base(f), when)
			}
		}
	}
}

func TestInviteSingleUse(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	code := invite(t, db, w.x.ID, flows.RoleVillage, time.Hour, w.a.ID, w.b.ID)
	m, err := redeem(db, code, 500)
	if err != nil {
		t.Fatal(err)
	}
	if m.Role != flows.RoleVillage || m.CommuneID != w.x.ID || len(m.Villages) != 2 || m.Lang != "en" || !m.Active {
		t.Errorf("member %+v, want an active English-speaking village member of X with 2 villages", m)
	}
	if _, err := redeem(db, code, 501); !errors.Is(err, flows.ErrInviteUsed) {
		t.Errorf("second redeem = %v, want ErrInviteUsed", err)
	}
	if _, err := redeem(db, code, 500); !errors.Is(err, flows.ErrInviteUsed) {
		t.Errorf("same person again = %v, want ErrInviteUsed", err)
	}
}

func TestInviteExpiry(t *testing.T) {
	clk := newClock()
	db := openTest(t, WithClock(clk.Now))
	w := newWorld(t, db)
	code := invite(t, db, w.x.ID, flows.RolePolice, time.Hour)
	clk.Add(time.Hour)
	if _, err := redeem(db, code, 500); !errors.Is(err, flows.ErrInviteExpired) {
		t.Errorf("redeem at expiry = %v, want ErrInviteExpired", err)
	}
	code = invite(t, db, w.x.ID, flows.RolePolice, time.Hour)
	clk.Add(time.Hour - time.Millisecond)
	if _, err := redeem(db, code, 500); err != nil {
		t.Errorf("redeem just before expiry = %v, want success", err)
	}
}

func TestInviteUnknown(t *testing.T) {
	db := openTest(t)
	newWorld(t, db)
	for _, code := range []string{"", "nope", "AAAAAAAAAAAAAAAAAAAAAAAA", string(make([]byte, 65))} {
		if _, err := redeem(db, code, 500); !errors.Is(err, flows.ErrInviteInvalid) {
			t.Errorf("redeem %q = %v, want ErrInviteInvalid", code, err)
		}
	}
}

func TestCreateInviteRules(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	tests := []struct {
		name     string
		actor    flows.Actor
		commune  int64
		role     flows.Role
		villages []int64
		want     error // nil: any error is fine; success is never expected
	}{
		{"village role without village", flows.Operator, w.x.ID, flows.RoleVillage, nil, nil},
		{"village of another commune", flows.Operator, w.x.ID, flows.RoleVillage, []int64{w.c.ID}, flows.ErrNotFound},
		{"unknown role", flows.Operator, w.x.ID, "boss", nil, nil},
		{"operator role", flows.Operator, w.x.ID, flows.RoleOperator, nil, nil},
		{"police with a village", flows.Operator, w.x.ID, flows.RolePolice, []int64{w.a.ID}, nil},
		{"unknown commune", flows.Operator, 999, flows.RolePolice, nil, flows.ErrNotFound},
		{"police inviting", w.police.Actor(), w.x.ID, flows.RolePolice, nil, flows.ErrForbidden},
		{"coordinator of another commune", w.coordinator.Actor(), w.y.ID, flows.RolePolice, nil, flows.ErrForbidden},
	}
	for _, tc := range tests {
		err := db.Update(ctx, func(tx *Tx) error {
			_, _, err := tx.CreateInvite(ctx, tc.actor, tc.commune, tc.role, tc.villages, time.Hour)
			return err
		})
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: CreateInvite = %v, want an error (%v)", tc.name, err, tc.want)
		}
	}
	// A coordinator invites to their own commune.
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, inv, err := tx.CreateInvite(ctx, w.coordinator.Actor(), w.x.ID, flows.RoleVillage, []int64{w.b.ID}, time.Hour)
		if err == nil && inv.CreatedBy != w.coordinator.ID {
			t.Errorf("invite created by %d, want the coordinator %d", inv.CreatedBy, w.coordinator.ID)
		}
		return err
	})
}

func TestRedeemByExistingMember(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	// Same commune: the member takes the new role and keeps their id.
	code := invite(t, db, w.x.ID, flows.RolePolice, time.Hour)
	m, err := redeem(db, code, 101) // the village member of A
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != w.villager.ID || m.Role != flows.RolePolice || len(m.Villages) != 0 {
		t.Errorf("after a police invite: %+v, want member %d as police without villages", m, w.villager.ID)
	}
	// Another commune: refused, and the invite stays usable.
	code = invite(t, db, w.y.ID, flows.RoleStation, time.Hour)
	if _, err := redeem(db, code, 101); !errors.Is(err, flows.ErrExists) {
		t.Errorf("joining a second commune = %v, want ErrExists", err)
	}
	if _, err := redeem(db, code, 600); err != nil {
		t.Errorf("the invite after a refused redeem = %v, want usable", err)
	}
	// Revoked, then invited again: a new member.
	if _, err := db.write.Exec(`UPDATE members SET active = 0 WHERE id = ?`, w.police.ID); err != nil {
		t.Fatal(err)
	}
	code = invite(t, db, w.y.ID, flows.RoleStation, time.Hour)
	again, err := redeem(db, code, 102)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID == w.police.ID || again.CommuneID != w.y.ID {
		t.Errorf("rejoined as %+v, want a new member of Y", again)
	}
	var got flows.Member
	db.View(ctx, func(tx *Tx) (err error) { got, err = tx.MemberByTelegram(ctx, 102); return err })
	if got.ID != again.ID || !got.Active {
		t.Errorf("MemberByTelegram = %+v, want the active membership %d", got, again.ID)
	}
}
