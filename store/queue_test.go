package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"lamsach/flows"
)

// TestQueueAcrossVillages: a member of two villages gets the returned
// records of both first, then the rest by upload order, within the limit
// and without the skipped ones; records of other states and communes
// never.
func TestQueueAcrossVillages(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	var both flows.Member
	update(t, db, func(ctx context.Context, tx *Tx) error {
		both = join(t, ctx, tx, w.x.ID, flows.RoleVillage, 201, w.a.ID, w.b.ID)
		return nil
	})
	mk := func(v int64, row int, state flows.State) int64 {
		rec := person(w.x.ID, v, row)
		rec.State = state
		return createRecord(t, db, rec).ID
	}
	r1 := mk(w.a.ID, 1, flows.StateAssigned)
	r2 := mk(w.b.ID, 2, flows.StateAssigned)
	r3 := mk(w.a.ID, 3, flows.StateReturned)
	r4 := mk(w.b.ID, 4, flows.StateReturned)
	r5 := mk(w.a.ID, 5, flows.StateAssigned)
	mk(w.b.ID, 6, flows.StateReviewed)
	createRecord(t, db, person(w.y.ID, w.c.ID, 7))
	for _, c := range []struct {
		skip  []int64
		limit int
		want  []int64
	}{
		{nil, 10, []int64{r3, r4, r1, r2, r5}},
		{nil, 3, []int64{r3, r4, r1}},
		{[]int64{r4, r1}, 10, []int64{r3, r2, r5}},
	} {
		var got []int64
		err := db.View(ctx, func(tx *Tx) error {
			recs, err := tx.Queue(ctx, both.Actor(), c.skip, c.limit)
			for _, r := range recs {
				got = append(got, r.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("Queue(skip %v, limit %d) = %v, want %v", c.skip, c.limit, got, c.want)
		}
	}
}

// TestQueuePlan: the query Queue runs for one village reads the
// records_village_queue index in order, with no sorting.
func TestQueuePlan(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	w := newWorld(t, db)
	cond, args := queueCond([]int64{1, 2})
	q, scopeArgs := recordQuery(w.villager.Actor(), `r.village_id = ? AND `+cond, queueOrder)
	all := append(append(append([]any{w.a.ID}, args...), scopeArgs...), 5)
	rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, all...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "records_village_queue") || strings.Contains(text, "TEMP B-TREE") {
		t.Errorf("queue plan does not read records_village_queue in order:\n%s", text)
	}
}
