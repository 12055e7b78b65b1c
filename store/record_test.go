package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/vn"
)

func TestRecordRoundTrip(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openTest(t, WithClock(clk.Now))
	w := newWorld(t, db)
	in := person(w.x.ID, w.a.ID, 7)
	in.Code = "VX-1"
	in.Orig.DOB = vn.Date{Year: 1990}
	in.Orig.Name = "Nguyen Van An"
	created := createRecord(t, db, in)
	if created.ID == 0 || created.Version != 1 || created.State != flows.StateAssigned {
		t.Fatalf("created: id %d version %d state %q, want an id, 1, assigned", created.ID, created.Version, created.State)
	}
	var got flows.Record
	err := db.View(ctx, func(tx *Tx) (err error) { got, err = tx.Record(ctx, w.villager.Actor(), created.ID); return err })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, created) {
		t.Errorf("read back:\n got %+v\nwant %+v", got, created)
	}
	if !got.CreatedAt.Equal(clk.Now()) {
		t.Errorf("created at %v, want the clock's %v", got.CreatedAt, clk.Now())
	}
}

func TestUpdateRecordAuditsEachField(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openTest(t, WithClock(clk.Now))
	w := newWorld(t, db)
	rec := createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	clk.Add(time.Minute)
	rec.DOB = vn.Date{Year: 1990, Month: 5, Day: 12}
	rec.Name = "Nguyễn Văn Ân"
	var saved flows.Record
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		saved, err = review(ctx, tx, w.villager.Actor(), rec, flows.OutcomeCorrected, flows.SourceChat, "checked with the family")
		return err
	})
	if saved.Version != 2 || !saved.UpdatedAt.Equal(clk.Now()) {
		t.Errorf("saved version %d at %v, want 2 at %v", saved.Version, saved.UpdatedAt, clk.Now())
	}
	var hist []flows.AuditEntry
	err := db.View(ctx, func(tx *Tx) (err error) { hist, err = tx.AuditFor(ctx, w.coordinator.Actor(), rec.ID); return err })
	if err != nil {
		t.Fatal(err)
	}
	type fc struct{ field, old, new string }
	var got []fc
	for _, e := range hist[1:] { // hist[0] is record.create
		got = append(got, fc{e.Field, e.Old, e.New})
		if e.Action != "record.update" || e.MemberID != w.villager.ID || e.Role != flows.RoleVillage ||
			e.Source != flows.SourceChat || e.Reason != "checked with the family" || e.RecordID != rec.ID ||
			e.CommuneID != w.x.ID || !e.At.Equal(clk.Now()) {
			t.Errorf("entry %+v: wrong who/what/when", e)
		}
	}
	want := []fc{
		{"name", "Nguyễn Văn An", "Nguyễn Văn Ân"},
		{"dob", "1990-05", "1990-05-12"},
		{"state", "assigned", "reviewed"},
		{"outcome", "", "corrected"},
		{"reviewed_by", "", strconv.FormatInt(w.villager.ID, 10)},
		{"reviewed_at", "", timeText(clk.Now())},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("audit entries:\n got %v\nwant %v", got, want)
	}
}

func TestUpdateRecordConflict(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	rec := createRecord(t, db, person(w.x.ID, w.a.ID, 1))
	// Both read version 1.
	first, second := rec, rec
	first.Name = "Nguyễn Văn Bình"
	second.Name = "Nguyễn Văn Cường"
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := review(ctx, tx, w.villager.Actor(), first, flows.OutcomeCorrected, flows.SourceChat, "")
		return err
	})
	var before flows.Record
	db.View(ctx, func(tx *Tx) (err error) { before, err = tx.Record(ctx, flows.Operator, rec.ID); return err })
	audits := auditCount(t, db)

	err := db.Update(ctx, func(tx *Tx) error {
		_, err := review(ctx, tx, w.villager.Actor(), second, flows.OutcomeCorrected, flows.SourceChat, "")
		return err
	})
	if !errors.Is(err, flows.ErrConflict) {
		t.Fatalf("second update = %v, want ErrConflict", err)
	}
	var after flows.Record
	db.View(ctx, func(tx *Tx) (err error) { after, err = tx.Record(ctx, flows.Operator, rec.ID); return err })
	if !reflect.DeepEqual(after, before) {
		t.Errorf("record changed by a refused update:\n got %+v\nwant %+v", after, before)
	}
	if after.Name != first.Name || after.Version != 2 {
		t.Errorf("record = %q v%d, want the first writer's %q v2", after.Name, after.Version, first.Name)
	}
	if n := auditCount(t, db); n != audits {
		t.Errorf("audit entries %d after a refused update, want %d", n, audits)
	}
}

func TestCreateRecords(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	recs := []flows.Record{person(w.x.ID, w.a.ID, 1), person(w.x.ID, 0, 2), person(w.x.ID, w.b.ID, 3)}
	audits := auditCount(t, db)
	update(t, db, func(ctx context.Context, tx *Tx) error { return tx.CreateRecords(ctx, w.station.Actor(), recs) })
	if n := auditCount(t, db) - audits; n != 1 {
		t.Errorf("%d audit entries for a batch, want 1", n)
	}
	var states []string
	rows, err := db.read.QueryContext(ctx, `SELECT state FROM records ORDER BY row_num`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		rows.Scan(&s)
		states = append(states, s)
	}
	if want := []string{"assigned", "imported", "assigned"}; !reflect.DeepEqual(states, want) {
		t.Errorf("states %v, want %v", states, want)
	}

	// A village of another commune, a mixed batch, a village member: refused, nothing written.
	for name, tc := range map[string]struct {
		actor flows.Actor
		recs  []flows.Record
		want  error
	}{
		"foreign village": {w.station.Actor(), []flows.Record{person(w.x.ID, w.c.ID, 1)}, flows.ErrNotFound},
		"mixed communes":  {flows.Operator, []flows.Record{person(w.x.ID, 0, 1), person(w.y.ID, 0, 2)}, nil},
		"village member":  {w.villager.Actor(), []flows.Record{person(w.x.ID, w.a.ID, 1)}, flows.ErrForbidden},
		"other commune":   {w.policeY.Actor(), []flows.Record{person(w.x.ID, 0, 1)}, flows.ErrForbidden},
	} {
		err := db.Update(ctx, func(tx *Tx) error { return tx.CreateRecords(ctx, tc.actor, tc.recs) })
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: CreateRecords = %v, want %v", name, err, tc.want)
		}
	}
	var n int
	db.read.QueryRow(`SELECT count(*) FROM records`).Scan(&n)
	if n != 3 {
		t.Errorf("%d records after refused batches, want 3", n)
	}
}

// TestSchemaEnums: every value the Go types define is accepted by the
// schema's CHECK constraints, and a value they do not define is refused.
func TestSchemaEnums(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	states := []flows.State{flows.StateImported, flows.StateAssigned, flows.StateReviewed, flows.StateReturned,
		flows.StateConfirmed, flows.StateSigned, flows.StateExported, flows.StateEntered, flows.StateVerified, flows.StateStillWrong}
	outcomes := []flows.Outcome{flows.OutcomeNone, flows.OutcomeCorrected, flows.OutcomeUnchanged, flows.OutcomeNotFound}
	kinds := []vn.IDKind{vn.IDNone, vn.IDCCCD, vn.IDCMND9, vn.IDCMND12, vn.IDDoc8, vn.IDPassportVN, vn.IDPassportForeign}
	genders := []vn.Gender{vn.GenderUnknown, vn.Male, vn.Female}
	problems := []vn.Problem{"", vn.ProblemMissingID, vn.ProblemBadIDFormat, vn.ProblemWrongInfo}
	for i := range 10 {
		rec := person(w.x.ID, w.a.ID, i)
		rec.State = states[i%len(states)]
		if rec.State == flows.StateImported {
			rec.VillageID = 0
		}
		rec.Fields.ID.Kind = kinds[i%len(kinds)]
		rec.Orig.ID.Kind = kinds[(i+1)%len(kinds)]
		rec.Gender, rec.Orig.Gender = genders[i%len(genders)], genders[(i+1)%len(genders)]
		rec.Problem = problems[i%len(problems)]
		rec.Outcome = outcomes[i%len(outcomes)] // the walk's review gives it
		rec.Note = "x"
		createRecord(t, db, rec)
	}
	for name, mutate := range map[string]func(*flows.Record){
		"state":   func(r *flows.Record) { r.State = "bogus" },
		"outcome": func(r *flows.Record) { r.Outcome = "bogus" },
		"id kind": func(r *flows.Record) { r.Fields.ID.Kind = "bogus" },
		"gender":  func(r *flows.Record) { r.Gender = "bogus" },
		"problem": func(r *flows.Record) { r.Problem = "bogus" },
	} {
		rec := person(w.x.ID, w.a.ID, 99)
		mutate(&rec)
		err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.CreateRecord(ctx, flows.Operator, rec)
			return err
		})
		if err == nil {
			t.Errorf("a record with a bogus %s was stored", name)
		}
	}
}

// TestCreateRecordsChunks: a batch larger than one statement, with a
// remainder, arrives whole and in order; a bad row far into a batch leaves
// nothing written.
func TestCreateRecordsChunks(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	n := 2*insertRows + 7
	recs := make([]flows.Record, n)
	for i := range recs {
		recs[i] = person(w.x.ID, w.a.ID, i+1)
	}
	update(t, db, func(ctx context.Context, tx *Tx) error { return tx.CreateRecords(ctx, w.station.Actor(), recs) })
	var count, minRow, maxRow int
	db.read.QueryRow(`SELECT count(*), min(row_num), max(row_num) FROM records`).Scan(&count, &minRow, &maxRow)
	if count != n || minRow != 1 || maxRow != n {
		t.Errorf("%d records, rows %d..%d; want %d, 1..%d", count, minRow, maxRow, n, n)
	}
	// The record read back equals the one given, with what the store adds.
	var got flows.Record
	db.View(ctx, func(tx *Tx) (err error) { got, err = tx.Record(ctx, flows.Operator, 1); return err })
	want := recs[0]
	want.ID, want.State, want.Version, want.CreatedAt, want.UpdatedAt = 1, flows.StateAssigned, 1, got.CreatedAt, got.CreatedAt
	want.NameKey = vn.NameKey(want.Name)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back:\n got %+v\nwant %+v", got, want)
	}

	bad := make([]flows.Record, n)
	copy(bad, recs)
	bad[insertRows+3].ReviewedBy = w.villager.ID
	err := db.Update(ctx, func(tx *Tx) error { return tx.CreateRecords(ctx, w.station.Actor(), bad) })
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("record %d of the batch:", insertRows+3)) {
		t.Errorf("batch with a reviewed record = %v, want an error naming record %d", err, insertRows+3)
	}
	db.read.QueryRow(`SELECT count(*) FROM records`).Scan(&count)
	if count != n {
		t.Errorf("%d records after a refused batch, want %d", count, n)
	}
}
