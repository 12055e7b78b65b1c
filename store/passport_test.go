package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"lamsach/flows"
)

// addFacility registers a facility of kind as the operator.
func addFacility(t *testing.T, db *DB, name string, kind flows.CommuneKind) flows.Commune {
	t.Helper()
	var f flows.Commune
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		f, err = tx.CreateFacility(ctx, flows.Operator, name, kind)
		return err
	})
	return f
}

func TestFacilities(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	f := addFacility(t, db, "Bệnh viện Đa khoa tỉnh", flows.KindProvince)
	if f.Kind != flows.KindProvince || f.Created.IsZero() {
		t.Errorf("facility = %+v, want kind province and a creation time", f)
	}
	for _, c := range []struct {
		name string
		kind flows.CommuneKind
		want error
	}{
		{"benh vien da khoa tinh", flows.KindDistrict, flows.ErrExists},
		{"xa tan phu", flows.KindMinistry, flows.ErrExists}, // a commune's name
		{"Bệnh viện Quân y", flows.KindCommune, nil},        // not a facility's kind: refused
		{"Bệnh viện Quân y", "city", nil},
	} {
		err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.CreateFacility(ctx, flows.Operator, c.name, c.kind)
			return err
		})
		if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("CreateFacility(%q, %q) = %v, want an error (%v)", c.name, c.kind, err, c.want)
		}
	}
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.CreateFacility(ctx, w.coordinator.Actor(), "Trạm Quân y", flows.KindOtherMinistry)
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("coordinator registering a facility = %v, want ErrForbidden", err)
	}

	var communes, facilities []flows.Commune
	if err := db.View(ctx, func(tx *Tx) (err error) {
		if communes, err = tx.Communes(ctx); err != nil {
			return err
		}
		facilities, err = tx.Facilities(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(communes) != 2 || len(facilities) != 1 || facilities[0].ID != f.ID {
		t.Errorf("Communes = %+v, Facilities = %+v; want the two communes apart from the facility", communes, facilities)
	}
	for _, c := range communes {
		if c.Kind != flows.KindCommune {
			t.Errorf("commune %q has kind %q", c.Name, c.Kind)
		}
	}
}

func TestFacilityInvites(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	f := addFacility(t, db, "Viện Vệ sinh dịch tễ", flows.KindMinistry)
	for _, role := range []flows.Role{flows.RoleCoordinator, flows.RoleVillage, flows.RolePolice} {
		err := db.Update(ctx, func(tx *Tx) error {
			_, _, err := tx.CreateInvite(ctx, flows.Operator, f.ID, role, nil, time.Hour)
			return err
		})
		if !errors.Is(err, flows.ErrNotCleaning) {
			t.Errorf("%s invite to a facility = %v, want ErrNotCleaning", role, err)
		}
	}
	var staff flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		staff = join(t, ctx, tx, f.ID, flows.RoleStation, 901)
		return nil
	})
	if !staff.Facility || w.station.Facility {
		t.Errorf("Facility: facility staff %t, commune station %t; want true, false", staff.Facility, w.station.Facility)
	}
	var again flows.Member
	if err := db.View(ctx, func(tx *Tx) (err error) { again, err = tx.MemberByTelegram(ctx, 901); return err }); err != nil || !again.Facility {
		t.Errorf("MemberByTelegram = %+v, %v; want the facility's member", again, err)
	}
}

func TestSavePassportReport(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openTest(t, WithClock(clk.Now))
	w := newWorld(t, db)
	day := "2026-03-02"
	save := func(actor flows.Actor, r flows.PassportReport) error {
		return db.Update(ctx, func(tx *Tx) error { return tx.SavePassportReport(ctx, actor, r) })
	}
	read := func(actor flows.Actor, day string) (r flows.PassportReport, err error) {
		err = db.View(ctx, func(tx *Tx) (err error) { r, err = tx.PassportReport(ctx, actor, w.x.ID, day); return err })
		return r, err
	}
	if _, err := read(w.station.Actor(), day); !errors.Is(err, flows.ErrNotFound) {
		t.Fatalf("no report yet: %v, want ErrNotFound", err)
	}
	audits := auditCount(t, db)
	if err := save(w.station.Actor(), flows.PassportReport{CommuneID: w.x.ID, Day: day, Signed: 12}); err != nil {
		t.Fatal(err)
	}
	first := clk.Now()
	clk.Add(2 * time.Hour)
	if err := save(w.station.Actor(), flows.PassportReport{CommuneID: w.x.ID, Day: day, NonePending: true}); err != nil {
		t.Fatal(err)
	}
	got, err := read(w.coordinator.Actor(), day)
	switch {
	case err != nil:
		t.Fatal(err)
	case !got.NonePending || got.Signed != 0 || got.By != w.station.Name || got.MemberID != w.station.ID:
		t.Errorf("corrected report = %+v, want none pending by %s", got, w.station.Name)
	case !got.FirstAt.Equal(first) || !got.At.Equal(clk.Now()):
		t.Errorf("times %v, %v; want first %v and last %v", got.FirstAt, got.At, first, clk.Now())
	}
	var log []flows.AuditEntry
	rows, err := db.read.Query(`SELECT old, new, reason, member_id FROM audit WHERE action = 'passport.report' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e flows.AuditEntry
		if err := rows.Scan(&e.Old, &e.New, &e.Reason, &e.MemberID); err != nil {
			t.Fatal(err)
		}
		log = append(log, e)
	}
	rows.Close()
	want := []flows.AuditEntry{{Old: "", New: "12"}, {Old: "12", New: "none_pending"}}
	if len(log) != 2 || auditCount(t, db) != audits+2 {
		t.Fatalf("audit entries %+v, want 2", log)
	}
	for i, e := range log {
		if e.Old != want[i].Old || e.New != want[i].New || e.Reason != "day "+day || e.MemberID != w.station.ID {
			t.Errorf("audit entry %d = %+v, want %q → %q for day %s by the station", i, e, want[i].Old, want[i].New, day)
		}
	}
}

func TestSavePassportReportRefusals(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	var stationY flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		stationY = join(t, ctx, tx, w.y.ID, flows.RoleStation, 106)
		return nil
	})
	ok := flows.PassportReport{CommuneID: w.x.ID, Day: "2026-03-02", Signed: 3}
	tests := []struct {
		name  string
		actor flows.Actor
		edit  func(*flows.PassportReport)
		want  error // nil: any error
	}{
		{"coordinator", w.coordinator.Actor(), nil, flows.ErrForbidden},
		{"police", w.police.Actor(), nil, flows.ErrForbidden},
		{"village", w.villager.Actor(), nil, flows.ErrForbidden},
		{"another commune's station", stationY.Actor(), nil, flows.ErrForbidden},
		{"bad day", w.station.Actor(), func(r *flows.PassportReport) { r.Day = "02/03/2026" }, nil},
		{"negative", w.station.Actor(), func(r *flows.PassportReport) { r.Signed = -1 }, nil},
		{"too many", w.station.Actor(), func(r *flows.PassportReport) { r.Signed = flows.PassportMax + 1 }, nil},
		{"none pending with a count", w.station.Actor(), func(r *flows.PassportReport) { r.NonePending = true }, nil},
	}
	for _, tc := range tests {
		r := ok
		if tc.edit != nil {
			tc.edit(&r)
		}
		before := auditCount(t, db)
		err := db.Update(ctx, func(tx *Tx) error { return tx.SavePassportReport(ctx, tc.actor, r) })
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: %v, want an error (%v)", tc.name, err, tc.want)
		}
		if after := auditCount(t, db); after != before {
			t.Errorf("%s: wrote %d audit entries", tc.name, after-before)
		}
	}
	err := db.View(ctx, func(tx *Tx) error {
		_, err := tx.PassportMonth(ctx, stationY.Actor(), w.x.ID, "2026-03")
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("another commune's station reading the month: %v, want ErrForbidden", err)
	}
}

func TestPassportMonth(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	var stationY flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		stationY = join(t, ctx, tx, w.y.ID, flows.RoleStation, 106)
		for _, r := range []struct {
			actor flows.Member
			day   string
		}{{w.station, "2026-02-28"}, {w.station, "2026-03-01"}, {w.station, "2026-03-31"}, {w.station, "2026-04-01"}, {stationY, "2026-03-05"}} {
			rep := flows.PassportReport{CommuneID: r.actor.CommuneID, Day: r.day, Signed: 1}
			if err := tx.SavePassportReport(ctx, r.actor.Actor(), rep); err != nil {
				return err
			}
		}
		return nil
	})
	var got []flows.PassportReport
	if err := db.View(ctx, func(tx *Tx) (err error) {
		got, err = tx.PassportMonth(ctx, w.coordinator.Actor(), w.x.ID, "2026-03")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Day != "2026-03-01" || got[1].Day != "2026-03-31" {
		t.Errorf("March of Tân Phú = %+v, want the 1st and the 31st only", got)
	}
	var last map[int64]string
	if err := db.View(ctx, func(tx *Tx) (err error) { last, err = tx.LastPassportDays(ctx, flows.Operator); return err }); err != nil {
		t.Fatal(err)
	}
	if last[w.x.ID] != "2026-04-01" || last[w.y.ID] != "2026-03-05" {
		t.Errorf("LastPassportDays = %v", last)
	}
}

func TestPassportReminders(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db) // Tân Phú has a station member; Hòa An has none
	f := addFacility(t, db, "Bệnh viện huyện cũ", flows.KindDistrict)
	quiet := addFacility(t, db, "Bệnh viện Bộ", flows.KindMinistry)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		join(t, ctx, tx, f.ID, flows.RoleStation, 301)
		join(t, ctx, tx, quiet.ID, flows.RoleStation, 302)
		return nil
	})
	if err := db.Outbox().Unreachable(ctx, 302); err != nil {
		t.Fatal(err)
	}
	due := func(day string) []int64 {
		t.Helper()
		var cs []flows.Commune
		if err := db.View(ctx, func(tx *Tx) (err error) { cs, err = tx.DuePassportReminders(ctx, flows.Operator, day); return err }); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		return ids
	}
	if got := due("2026-03-02"); len(got) != 2 || got[0] != w.x.ID || got[1] != f.ID {
		t.Errorf("due = %v, want Tân Phú %d and the facility %d (no station in Hòa An; the other blocked the bot)", got, w.x.ID, f.ID)
	}
	claim := func(id int64) (first bool) {
		t.Helper()
		update(t, db, func(ctx context.Context, tx *Tx) (err error) {
			first, err = tx.ClaimPassportReminder(ctx, flows.Operator, id, "2026-03-02")
			return err
		})
		return first
	}
	if !claim(w.x.ID) || claim(w.x.ID) {
		t.Error("the first claim of the day must win and the second lose")
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.SavePassportReport(ctx, flows.Operator, flows.PassportReport{CommuneID: f.ID, Day: "2026-03-02", NonePending: true})
	})
	if got := due("2026-03-02"); len(got) != 0 {
		t.Errorf("after a claim and a report, due = %v", got)
	}
	if got := due("2026-03-03"); len(got) != 2 {
		t.Errorf("the next day, due = %v, want both again", got)
	}
	err := db.View(ctx, func(tx *Tx) error {
		_, err := tx.DuePassportReminders(ctx, w.station.Actor(), "2026-03-02")
		return err
	})
	if !errors.Is(err, flows.ErrForbidden) {
		t.Errorf("a member asking for the due reminders: %v, want ErrForbidden", err)
	}
}
