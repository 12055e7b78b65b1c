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

// withText sets the village text the list wrote.
func withText(rec flows.Record, text string) flows.Record {
	rec.VillageText = text
	return rec
}

func TestMergeVillage(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	r1 := createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	r2 := createRecord(t, db, person(w.x.ID, w.a.ID, 2))
	other := createRecord(t, db, person(w.x.ID, w.b.ID, 3))
	var both flows.Member
	var openInv flows.Invite
	update(t, db, func(ctx context.Context, tx *Tx) error {
		both = join(t, ctx, tx, w.x.ID, flows.RoleVillage, 120, w.a.ID, w.b.ID)
		var err error
		_, openInv, err = tx.CreateInvite(ctx, w.coordinator.Actor(), w.x.ID, flows.RoleVillage, []int64{w.a.ID}, time.Hour)
		return err
	})

	var u flows.VillageUsage
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		if u, err = tx.VillageUsage(ctx, w.coordinator.Actor(), w.a.ID); err != nil {
			return err
		}
		if want := (flows.VillageUsage{Records: 2, Members: 2, Invites: 1}); u != want {
			t.Errorf("usage = %+v, want %+v", u, want)
		}
		moved, err := tx.MergeVillage(ctx, w.coordinator.Actor(), w.a.ID, w.b.ID)
		if moved != u {
			t.Errorf("merge moved %+v, usage said %+v", moved, u)
		}
		return err
	})
	for _, id := range []int64{r1.ID, r2.ID} {
		got := reread(t, db, flows.Record{ID: id})
		if got.VillageID != w.b.ID || got.Version != 2 || got.State != flows.StateAssigned {
			t.Errorf("record %d after merge: village %d version %d state %s", id, got.VillageID, got.Version, got.State)
		}
	}
	if got := reread(t, db, other); got.Version != 1 {
		t.Errorf("a record of the other village changed: version %d", got.Version)
	}
	err := db.View(ctx, func(tx *Tx) error {
		vs, err := tx.Villages(ctx, w.x.ID)
		if err != nil {
			return err
		}
		if len(vs) != 1 || vs[0].ID != w.b.ID {
			t.Errorf("villages after merge: %+v", vs)
		}
		if v, err := tx.Village(ctx, w.a.ID); err != nil || v.Name != "Thôn Đông" {
			t.Errorf("the merged village is not kept: %+v %v", v, err)
		}
		for _, m := range []flows.Member{w.villager, both} {
			got, err := tx.Member(ctx, m.ID)
			if err != nil {
				return err
			}
			if len(got.Villages) != 1 || got.Villages[0] != w.b.ID {
				t.Errorf("member %d villages after merge: %v", m.ID, got.Villages)
			}
		}
		if vs, err := tx.ids(ctx, `SELECT village_id FROM invite_villages WHERE invite_id = ?`, openInv.ID); err != nil || len(vs) != 1 || vs[0] != w.b.ID {
			t.Errorf("open invite villages after merge: %v %v", vs, err)
		}
		hist, err := tx.AuditFor(ctx, flows.Operator, r1.ID)
		if err != nil {
			return err
		}
		if last := hist[len(hist)-1]; last.Field != "village" || last.Reason != "merge" {
			t.Errorf("no audit entry for the move: %+v", last)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Refusals: into itself, from a merged village, into another commune's.
	for _, tc := range []struct {
		name       string
		from, into int64
		want       error
	}{
		{"into itself", w.b.ID, w.b.ID, nil},
		{"from a merged village", w.a.ID, w.b.ID, flows.ErrNotFound},
		{"into another commune's village", w.b.ID, w.c.ID, flows.ErrNotFound},
	} {
		before := snapshot(t, db)
		var got error
		update(t, db, func(ctx context.Context, tx *Tx) error {
			_, got = tx.MergeVillage(ctx, w.coordinator.Actor(), tc.from, tc.into)
			return nil
		})
		if got == nil || (tc.want != nil && !errors.Is(got, tc.want)) {
			t.Errorf("%s: got %v, want an error (%v)", tc.name, got, tc.want)
		}
		if snapshot(t, db) != before {
			t.Errorf("%s: the refused merge changed the database", tc.name)
		}
	}
}

func TestRenameVillage(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	for _, tc := range []struct {
		name string
		want error
	}{
		{"thon tay", flows.ErrExists},      // Thôn Tây, without diacritics
		{"Thon Dong", nil},                 // its own name, other spelling
		{"Thôn Đông", nil},                 // and back
		{"  Thôn   Đông  Mới ", nil},       // cleaned
		{"Ấp Một", nil},                    // another commune's name is free
		{"", errors.New("empty")},          // refused
		{"THÔN TÂY", flows.ErrExists},      // case
		{"Thôn Tây ", flows.ErrExists},     // spaces
		{"Thôn\u00a0Tây", flows.ErrExists}, // no-break space
	} {
		var got error
		update(t, db, func(ctx context.Context, tx *Tx) error {
			_, got = tx.RenameVillage(ctx, w.coordinator.Actor(), w.a.ID, tc.name)
			return nil
		})
		if (got == nil) != (tc.want == nil) || (tc.want == flows.ErrExists && !errors.Is(got, flows.ErrExists)) {
			t.Errorf("rename to %q: got %v, want %v", tc.name, got, tc.want)
		}
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		v, err := tx.Village(ctx, w.a.ID)
		if v.Name != "Ấp Một" {
			t.Errorf("name after renames = %q", v.Name)
		}
		return err
	})
}

func TestAssignVillage(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	a1 := createRecord(t, db, withText(person(w.x.ID, 0, 1), "Thôn Đông"))
	a2 := createRecord(t, db, withText(person(w.x.ID, 0, 2), "thon dong"))
	keep := createRecord(t, db, withText(person(w.x.ID, 0, 3), "Xóm Trại"))
	blank := createRecord(t, db, person(w.x.ID, 0, 4))
	inY := createRecord(t, db, withText(person(w.y.ID, 0, 5), "Thôn Đông"))

	update(t, db, func(ctx context.Context, tx *Tx) error {
		got, err := tx.UnassignedTexts(ctx, w.coordinator.Actor(), w.x.ID)
		if err != nil {
			return err
		}
		want := "[{ 1} {Thôn Đông 1} {Xóm Trại 1} {thon dong 1}]"
		if fmt.Sprint(got) != want {
			t.Errorf("UnassignedTexts = %v, want %v", got, want)
		}
		n, err := tx.AssignVillage(ctx, w.coordinator.Actor(), w.x.ID, []string{"Thôn Đông", "thon dong"}, w.a.ID)
		if n != 2 {
			t.Errorf("assigned %d, want 2", n)
		}
		if err != nil {
			return err
		}
		// Another commune's village, or a merged one, is refused.
		if _, err := tx.AssignVillage(ctx, w.coordinator.Actor(), w.x.ID, []string{""}, w.c.ID); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("assigning to another commune's village = %v, want ErrNotFound", err)
		}
		return nil
	})
	for _, tc := range []struct {
		rec     flows.Record
		village int64
		state   flows.State
		version int64
	}{
		{a1, w.a.ID, flows.StateAssigned, 2},
		{a2, w.a.ID, flows.StateAssigned, 2},
		{keep, 0, flows.StateImported, 1},
		{blank, 0, flows.StateImported, 1},
		{inY, 0, flows.StateImported, 1},
	} {
		got := reread(t, db, tc.rec)
		if got.VillageID != tc.village || got.State != tc.state || got.Version != tc.version {
			t.Errorf("record %d: village %d state %s version %d, want %d %s %d", got.ID, got.VillageID, got.State, got.Version,
				tc.village, tc.state, tc.version)
		}
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		hist, err := tx.AuditFor(ctx, flows.Operator, a1.ID)
		var fields []string
		for _, e := range hist {
			fields = append(fields, e.Action+":"+e.Field+":"+e.Old+">"+e.New)
		}
		want := fmt.Sprintf("record.create:state:>imported record.update:state:imported>assigned record.update:village:>%d", w.a.ID)
		if got := strings.Join(fields, " "); got != want {
			t.Errorf("history = %s, want %s", got, want)
		}
		return err
	})
}

func TestRevokeMember(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	update(t, db, func(ctx context.Context, tx *Tx) error {
		if _, err := tx.RevokeMember(ctx, w.coordinator.Actor(), w.coordinator.ID); !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("revoking oneself = %v, want ErrForbidden", err)
		}
		if _, err := tx.RevokeMember(ctx, w.coordinator.Actor(), w.policeY.ID); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("revoking another commune's member = %v, want ErrNotFound", err)
		}
		m, err := tx.RevokeMember(ctx, w.coordinator.Actor(), w.villager.ID)
		if err != nil || !m.Active || m.ID != w.villager.ID {
			t.Errorf("revoke = %+v, %v", m, err)
		}
		if _, err := tx.RevokeMember(ctx, w.coordinator.Actor(), w.villager.ID); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("revoking twice = %v, want ErrNotFound", err)
		}
		return nil
	})
	err := db.View(ctx, func(tx *Tx) error {
		_, err := tx.Record(ctx, w.villager.Actor(), rec.ID)
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("a revoked member reads a record: %v", err)
	}
}

func TestReminderClaims(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	createRecord(t, db, person(w.y.ID, w.c.ID, 2))
	update(t, db, func(ctx context.Context, tx *Tx) error {
		if err := tx.SetDeadline(ctx, flows.Operator, w.x.ID, day.AddDate(0, 0, 3)); err != nil {
			return err
		}
		// Y's deadline was yesterday: no more reminders.
		return tx.SetDeadline(ctx, flows.Operator, w.y.ID, day.AddDate(0, 0, -1))
	})
	due := func(d time.Time) string {
		var ids []string
		update(t, db, func(ctx context.Context, tx *Tx) error {
			cs, err := tx.DueReminders(ctx, flows.Operator, d.Format("2006-01-02"), d)
			for _, c := range cs {
				ids = append(ids, c.Name)
			}
			return err
		})
		return strings.Join(ids, ",")
	}
	if got := due(day); got != "Xã Tân Phú" {
		t.Errorf("due = %q, want only X", got)
	}
	claim := func() bool {
		var first bool
		update(t, db, func(ctx context.Context, tx *Tx) error {
			var err error
			first, err = tx.ClaimReminder(ctx, flows.Operator, w.x.ID, day.Format("2006-01-02"))
			return err
		})
		return first
	}
	if !claim() || claim() {
		t.Error("a day's reminder was claimed twice, or not at all")
	}
	if got := due(day); got != "" {
		t.Errorf("due after the claim = %q", got)
	}
	if got := due(day.AddDate(0, 0, 1)); got != "Xã Tân Phú" {
		t.Errorf("due the next day = %q", got)
	}
	if got := due(day.AddDate(0, 0, 4)); got != "" {
		t.Errorf("due after the deadline = %q", got)
	}
}
