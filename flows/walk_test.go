package flows_test

import (
	"context"

	"lamsach/flows"
	"lamsach/store"
	"lamsach/store/storetest"
)

// walk moves a record to state to as the commune's members would
// (storetest.Walker); rec's outcome, note, fields and return reason say
// what the steps write.
func (h *harness) walk(rec flows.Record, to flows.State) flows.Record {
	h.t.Helper()
	if h.walker == nil {
		h.walker = storetest.New(h.db)
	}
	rec, err := h.walker.Walk(context.Background(), rec, to)
	if err != nil {
		h.t.Fatal(err)
	}
	return rec
}

// amend changes a record's fields behind a person's back (storetest.Amend).
func (h *harness) amend(id int64, edit func(*flows.Fields)) flows.Record {
	h.t.Helper()
	var rec flows.Record
	h.tx(func(ctx context.Context, tx *store.Tx) (err error) {
		rec, err = storetest.Amend(ctx, tx, id, edit)
		return err
	})
	return rec
}
