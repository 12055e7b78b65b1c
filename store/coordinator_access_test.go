package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
)

// snapshot dumps everything the coordinator's methods may change, to see
// that a refused call changed nothing.
func snapshot(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, name, name_key, coalesce(merged_into, 0) FROM villages ORDER BY id`,
		`SELECT id, active, coalesce(left_at, 0) FROM members ORDER BY id`,
		`SELECT member_id, village_id FROM member_villages ORDER BY 1, 2`,
		`SELECT invite_id, village_id FROM invite_villages ORDER BY 1, 2`,
		`SELECT id, coalesce(village_id, 0), state, version FROM records ORDER BY id`,
		`SELECT commune_id, day FROM reminders ORDER BY 1, 2`,
		`SELECT coalesce(deadline, 0) FROM communes ORDER BY id`,
		`SELECT count(*) FROM audit`,
	} {
		rows, err := db.read.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// TestCoordinatorAccess tries every coordinator method as each kind of
// actor. A refused call must return ErrForbidden or ErrNotFound and leave
// the database as it was, even though the transaction is committed.
func TestCoordinatorAccess(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	createRecord(t, db, withText(person(w.x.ID, 0, 1), "thon dong"))
	createRecord(t, db, person(w.x.ID, w.a.ID, 2))
	var coordY flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		coordY = join(t, ctx, tx, w.y.ID, flows.RoleCoordinator, 106)
		if err := tx.SetDeadline(ctx, flows.Operator, w.x.ID, time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)); err != nil {
			return err
		}
		_, _, err := tx.CreateInvite(ctx, flows.Operator, w.x.ID, flows.RoleVillage, []int64{w.a.ID}, time.Hour)
		return err
	})

	calls := []struct {
		name    string
		station bool // the station may too (counts only)
		write   bool
		call    func(tx *Tx, a flows.Actor) error
	}{
		{"RenameVillage", false, true, func(tx *Tx, a flows.Actor) error {
			_, err := tx.RenameVillage(ctx, a, w.a.ID, "Thôn Đông Mới")
			return err
		}},
		{"VillageUsage", false, false, func(tx *Tx, a flows.Actor) error {
			_, err := tx.VillageUsage(ctx, a, w.a.ID)
			return err
		}},
		{"MergeVillage", false, true, func(tx *Tx, a flows.Actor) error {
			_, err := tx.MergeVillage(ctx, a, w.a.ID, w.b.ID)
			return err
		}},
		{"RevokeMember", false, true, func(tx *Tx, a flows.Actor) error {
			_, err := tx.RevokeMember(ctx, a, w.police.ID)
			return err
		}},
		{"OpenInvites", false, false, func(tx *Tx, a flows.Actor) error {
			_, err := tx.OpenInvites(ctx, a, w.x.ID)
			return err
		}},
		{"UnassignedTexts", false, false, func(tx *Tx, a flows.Actor) error {
			_, err := tx.UnassignedTexts(ctx, a, w.x.ID)
			return err
		}},
		{"AssignVillage", false, true, func(tx *Tx, a flows.Actor) error {
			_, err := tx.AssignVillage(ctx, a, w.x.ID, []string{"thon dong"}, w.a.ID)
			return err
		}},
		{"CommuneCounts", true, false, func(tx *Tx, a flows.Actor) error {
			_, err := tx.CommuneCounts(ctx, a, w.x.ID)
			return err
		}},
		{"ClaimReminder", false, true, func(tx *Tx, a flows.Actor) error {
			_, err := tx.ClaimReminder(ctx, a, w.x.ID, "2026-03-02")
			return err
		}},
		{"DueReminders", false, false, func(tx *Tx, a flows.Actor) error {
			if a.Role == flows.RoleCoordinator && a.CommuneID == w.x.ID {
				return flows.ErrForbidden // operator only: checked below
			}
			_, err := tx.DueReminders(ctx, a, "2026-03-02", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
			return err
		}},
	}
	refused := []struct {
		name  string
		actor flows.Actor
	}{
		{"coordinator of another commune", coordY.Actor()},
		{"village member", w.villager.Actor()},
		{"police", w.police.Actor()},
		{"station", w.station.Actor()},
		{"coordinator of Y claiming X", flows.Actor{MemberID: coordY.ID, Role: flows.RoleCoordinator, CommuneID: w.x.ID}},
		{"no member", flows.Actor{Role: flows.RoleCoordinator, CommuneID: w.x.ID}},
	}
	for _, c := range calls {
		for _, r := range refused {
			if c.station && r.actor.Role == flows.RoleStation && r.actor.CommuneID == w.x.ID {
				continue
			}
			t.Run(c.name+"/"+r.name, func(t *testing.T) {
				before := snapshot(t, db)
				var got error
				update(t, db, func(ctx context.Context, tx *Tx) error {
					got = c.call(tx, r.actor)
					return nil // commit whatever the call did
				})
				if !errors.Is(got, flows.ErrForbidden) && !errors.Is(got, flows.ErrNotFound) {
					t.Errorf("got %v, want ErrForbidden or ErrNotFound", got)
				}
				if after := snapshot(t, db); after != before {
					t.Errorf("refused call changed the database:\n%s\nwant\n%s", after, before)
				}
			})
		}
	}
	// The commune's coordinator and the operator may; run the read-only
	// calls (the writes have their own tests).
	for _, c := range calls {
		if c.write {
			continue
		}
		for _, a := range []flows.Actor{w.coordinator.Actor(), flows.Operator} {
			err := db.View(ctx, func(tx *Tx) error { return c.call(tx, a) })
			if err != nil && !(c.name == "DueReminders" && a.Role == flows.RoleCoordinator) {
				t.Errorf("%s as %s: %v", c.name, a.Role, err)
			}
		}
	}
}
