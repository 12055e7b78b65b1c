package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"lamsach/flows"
)

// openInvites lists commune's open invites as the operator.
func openInvites(t *testing.T, db *DB, commune int64) []flows.Invite {
	t.Helper()
	ctx := context.Background()
	var invs []flows.Invite
	if err := db.View(ctx, func(tx *Tx) (err error) { invs, err = tx.OpenInvites(ctx, flows.Operator, commune); return err }); err != nil {
		t.Fatal(err)
	}
	return invs
}

func cancelInvite(db *DB, actor flows.Actor, commune, id int64) error {
	ctx := context.Background()
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.CancelInvite(ctx, actor, commune, id)
		return err
	})
}

func TestCancelInvite(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	code := invite(t, db, w.x.ID, flows.RolePolice, time.Hour)
	invs := openInvites(t, db, w.x.ID)
	if len(invs) != 1 || invs[0].CodePrefix != code[:codePrefixLen] {
		t.Fatalf("open invites %+v, want one with the code's prefix %q", invs, code[:codePrefixLen])
	}
	id := invs[0].ID
	var byCode flows.Invite
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		byCode, err = tx.InviteByCode(ctx, flows.Operator, w.x.ID, code)
		return err
	})
	if byCode.ID != id {
		t.Errorf("InviteByCode = %+v, want invite %d", byCode, id)
	}
	err := db.View(ctx, func(tx *Tx) error { _, err := tx.InviteByCode(ctx, flows.Operator, w.y.ID, code); return err })
	if !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("InviteByCode in another commune = %v, want ErrNotFound", err)
	}

	for _, tc := range []struct {
		name    string
		actor   flows.Actor
		commune int64
		want    error
	}{
		{"police", w.police.Actor(), w.x.ID, flows.ErrForbidden},
		{"another commune's coordinator", w.coordinator.Actor(), w.y.ID, flows.ErrForbidden},
		{"through another commune", flows.Operator, w.y.ID, flows.ErrNotFound},
	} {
		if err := cancelInvite(db, tc.actor, tc.commune, id); !errors.Is(err, tc.want) {
			t.Errorf("%s: cancel = %v, want %v", tc.name, err, tc.want)
		}
	}
	if err := cancelInvite(db, w.coordinator.Actor(), w.x.ID, id); err != nil {
		t.Fatal(err)
	}
	if invs := openInvites(t, db, w.x.ID); len(invs) != 0 {
		t.Errorf("open invites after cancelling: %+v", invs)
	}
	if err := cancelInvite(db, flows.Operator, w.x.ID, id); !errors.Is(err, ErrInviteCancelled) {
		t.Errorf("cancelling twice = %v, want ErrInviteCancelled", err)
	}
	if _, err := redeem(db, code, 700); !errors.Is(err, ErrInviteCancelled) || !errors.Is(err, flows.ErrInviteExpired) {
		t.Errorf("redeeming a cancelled invite = %v, want ErrInviteCancelled (an expired invite to the person)", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'invite.cancel' AND old = ?`, id); n != 1 {
		t.Errorf("%d invite.cancel entries, want 1", n)
	}

	used := invite(t, db, w.x.ID, flows.RolePolice, time.Hour)
	if _, err := redeem(db, used, 701); err != nil {
		t.Fatal(err)
	}
	var usedID int64
	db.read.QueryRow(`SELECT id FROM invites WHERE used_by IS NOT NULL ORDER BY id DESC LIMIT 1`).Scan(&usedID)
	if err := cancelInvite(db, flows.Operator, w.x.ID, usedID); !errors.Is(err, flows.ErrInviteUsed) {
		t.Errorf("cancelling a used invite = %v, want ErrInviteUsed", err)
	}
}

// TestRevokeCancelsInvites: a revoked coordinator's open invites die with
// their membership; the used ones and other people's stay as they are.
func TestRevokeCancelsInvites(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	var mine, theirs string
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		if mine, _, err = tx.CreateInvite(ctx, w.coordinator.Actor(), w.x.ID, flows.RolePolice, nil, time.Hour); err != nil {
			return err
		}
		theirs, _, err = tx.CreateInvite(ctx, flows.Operator, w.x.ID, flows.RolePolice, nil, time.Hour)
		return err
	})
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.RevokeMember(ctx, flows.Operator, w.coordinator.ID)
		return err
	})
	if _, err := redeem(db, mine, 800); !errors.Is(err, ErrInviteCancelled) {
		t.Errorf("the revoked coordinator's invite = %v, want ErrInviteCancelled", err)
	}
	if _, err := redeem(db, theirs, 801); err != nil {
		t.Errorf("the operator's invite after the revocation = %v, want usable", err)
	}
}

// TestRevokedRejoinsOnlyWithANewerInvite: a link a person got before
// being revoked does not let them back in; one made afterwards does.
func TestRevokedRejoinsOnlyWithANewerInvite(t *testing.T) {
	clk := newClock()
	db := openTest(t, WithClock(clk.Now))
	w := newWorld(t, db)
	before := invite(t, db, w.x.ID, flows.RolePolice, 72*time.Hour)
	clk.Add(time.Minute)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.RevokeMember(ctx, flows.Operator, w.villager.ID)
		return err
	})
	if _, err := redeem(db, before, 101); !errors.Is(err, ErrInviteCancelled) {
		t.Errorf("an older invite after revocation = %v, want ErrInviteCancelled", err)
	}
	if _, err := redeem(db, before, 900); err != nil {
		t.Errorf("the same invite for someone never revoked = %v, want usable", err)
	}
	clk.Add(time.Minute)
	after := invite(t, db, w.x.ID, flows.RolePolice, time.Hour)
	m, err := redeem(db, after, 101)
	if err != nil || !m.Active || m.ID == w.villager.ID {
		t.Errorf("an invite made after revocation = %+v, %v; want a new active membership", m, err)
	}
}
