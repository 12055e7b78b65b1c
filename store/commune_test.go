package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"lamsach/flows"
)

func TestCreateCommune(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	var c flows.Commune
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		c, err = tx.CreateCommune(ctx, flows.Operator, "  Xã   Hòa\u00a0An ")
		return err
	})
	if c.Name != "Xã Hòa An" {
		t.Errorf("name %q, want cleaned %q", c.Name, "Xã Hòa An")
	}
	// Same name in another case, tone placement or without diacritics.
	for _, dup := range []string{"xã hoà an", "XA HOA AN", "Xa Hoa An"} {
		err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.CreateCommune(ctx, flows.Operator, dup)
			return err
		})
		if !errors.Is(err, flows.ErrExists) {
			t.Errorf("CreateCommune(%q) = %v, want ErrExists", dup, err)
		}
	}
	var got flows.Commune
	err := db.View(ctx, func(tx *Tx) (err error) { got, err = tx.CommuneByName(ctx, "xa hoa an"); return err })
	if err != nil || got.ID != c.ID {
		t.Errorf("CommuneByName = %+v, %v; want commune %d", got, err, c.ID)
	}
	w := &world{}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		w.coordinator = join(t, ctx, tx, c.ID, flows.RoleCoordinator, 1)
		return nil
	})
	err = db.Update(ctx, func(tx *Tx) error {
		_, err := tx.CreateCommune(ctx, w.coordinator.Actor(), "Xã Khác")
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("coordinator creating a commune = %v, want ErrForbidden", err)
	}
}

func TestSetDeadline(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	deadline := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.SetDeadline(ctx, w.coordinator.Actor(), w.x.ID, deadline)
	})
	var c flows.Commune
	db.View(ctx, func(tx *Tx) (err error) { c, err = tx.Commune(ctx, w.x.ID); return err })
	if !c.Deadline.Equal(deadline) {
		t.Errorf("deadline %v, want %v", c.Deadline, deadline)
	}
	for _, a := range []flows.Actor{w.police.Actor(), w.policeY.Actor()} {
		err := db.Update(ctx, func(tx *Tx) error { return tx.SetDeadline(ctx, a, w.x.ID, time.Time{}) })
		if !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("SetDeadline by %s of commune %d = %v, want ErrForbidden", a.Role, a.CommuneID, err)
		}
	}
	var e flows.AuditEntry
	db.read.QueryRow(`SELECT action, new FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&e.Action, &e.New)
	if e.Action != "commune.deadline" || e.New != "2026-06-01T00:00:00Z" {
		t.Errorf("last audit entry %q %q, want the deadline change", e.Action, e.New)
	}
}

func TestVillages(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.CreateVillage(ctx, w.coordinator.Actor(), w.x.ID, "thôn đông")
		return err
	})
	if !errors.Is(err, flows.ErrExists) {
		t.Errorf("duplicate village = %v, want ErrExists", err)
	}
	// The same name in another commune is fine.
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.CreateVillage(ctx, flows.Operator, w.y.ID, "Thôn Đông")
		return err
	})
	err = db.Update(ctx, func(tx *Tx) error {
		_, err := tx.CreateVillage(ctx, w.station.Actor(), w.x.ID, "Thôn Bắc")
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("station adding a village = %v, want ErrForbidden", err)
	}
	var vs []flows.Village
	var v flows.Village
	db.View(ctx, func(tx *Tx) (err error) {
		if vs, err = tx.Villages(ctx, w.x.ID); err != nil {
			return err
		}
		v, err = tx.VillageByName(ctx, w.x.ID, "THON TAY")
		return err
	})
	if len(vs) != 2 || vs[0].ID != w.a.ID || vs[1].ID != w.b.ID {
		t.Errorf("villages of X: %+v, want Thôn Đông, Thôn Tây", vs)
	}
	if v.ID != w.b.ID {
		t.Errorf("VillageByName(THON TAY) = %+v, want village %d", v, w.b.ID)
	}
}

func TestMembers(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	var ms []flows.Member
	err := db.View(ctx, func(tx *Tx) (err error) { ms, err = tx.Members(ctx, w.coordinator.Actor(), w.x.ID); return err })
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 4 {
		t.Errorf("%d members of X, want 4", len(ms))
	}
	for _, m := range ms {
		if m.Role == flows.RoleVillage && (len(m.Villages) != 1 || m.Villages[0] != w.a.ID) {
			t.Errorf("village member's villages %v, want [%d]", m.Villages, w.a.ID)
		}
	}
	err = db.View(ctx, func(tx *Tx) error { _, err := tx.Members(ctx, w.police.Actor(), w.x.ID); return err })
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("police listing members = %v, want ErrForbidden", err)
	}
	var m flows.Member
	db.View(ctx, func(tx *Tx) (err error) { m, err = tx.MemberByTelegram(ctx, 101); return err })
	if m.ID != w.villager.ID || m.Name != "Người village" {
		t.Errorf("MemberByTelegram(101) = %+v, want the village member", m)
	}
	err = db.View(ctx, func(tx *Tx) error { _, err := tx.MemberByTelegram(ctx, 999); return err })
	if !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("MemberByTelegram(stranger) = %v, want ErrNotFound", err)
	}
}
