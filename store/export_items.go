package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"lamsach/flows"
)

// ExportItems calls fn with each record of export batch exportID, in record
// order, together with the columns of the upload it came from, its
// handover number and officer, and its village's name. Records are read one
// at a time, so a batch of any size costs one record of memory; fn must
// not use the transaction (a query is open while it runs). The operator
// and the batch commune's station may read it; another commune's batch is
// flows.ErrNotFound.
func (tx *Tx) ExportItems(ctx context.Context, actor flows.Actor, exportID int64, fn func(flows.ExportItem) error) error {
	fail := func(err error) error { return fmt.Errorf("export items: %w", err) }
	var commune int64
	err := tx.queryRow(ctx, `SELECT commune_id FROM exports WHERE id = ?`, exportID).Scan(&commune)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !isOperator(actor) && commune != actor.CommuneID) {
		return fail(flows.ErrNotFound)
	}
	if err != nil {
		return fail(err)
	}
	if err := tx.authorize(ctx, actor, commune, flows.RoleStation); err != nil {
		return fail(err)
	}
	imports, err := tx.exportImports(ctx, exportID)
	if err != nil {
		return fail(err)
	}
	handovers, err := tx.exportHandovers(ctx, `SELECT DISTINCT handover_id FROM records WHERE export_id = ?`, exportID)
	if err != nil {
		return fail(err)
	}
	villages, err := tx.villageNames(ctx, commune)
	if err != nil {
		return fail(err)
	}
	shared, err := tx.ids(ctx, `SELECT r.id FROM records r WHERE r.export_id = ? AND r.id_number <> ''
		AND EXISTS (SELECT 1 FROM records o WHERE o.commune_id = r.commune_id AND o.id_number = r.id_number AND o.id <> r.id
		AND `+publishedAs("o")+`)`, exportID)
	if err != nil {
		return fail(err)
	}
	rows, err := tx.query(ctx, recordSelect+` WHERE r.export_id = ? ORDER BY r.id`, exportID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		rec, err := scanRecord(rows)
		if err != nil {
			return fail(err)
		}
		imp := imports[rec.ImportID]
		h := handovers[rec.HandoverID]
		item := flows.ExportItem{Record: rec, Headers: imp.Headers, Columns: imp.Columns,
			Handover: h.number, Officer: h.officer, Village: villages[rec.VillageID], Shared: slices.Contains(shared, rec.ID)}
		if err := fn(item); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return nil
}

// exportImports loads the uploads the batch's records came from, by id.
func (tx *Tx) exportImports(ctx context.Context, exportID int64) (map[int64]flows.Import, error) {
	rows, err := tx.query(ctx, `SELECT `+importColumns+` FROM imports
		WHERE id IN (SELECT DISTINCT import_id FROM records WHERE export_id = ?)`, exportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]flows.Import{}
	for rows.Next() {
		imp, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		out[imp.ID] = imp
	}
	return out, rows.Err()
}

// handoverRef is what an exported row says of its handover.
type handoverRef struct {
	number  int
	officer string
}

// exportHandovers loads the handovers whose ids query returns.
func (tx *Tx) exportHandovers(ctx context.Context, query string, args ...any) (map[int64]handoverRef, error) {
	rows, err := tx.query(ctx, `SELECT h.id, h.number, coalesce(m.name, '') FROM handovers h
		LEFT JOIN members m ON m.id = h.officer_id WHERE h.id IN (`+query+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]handoverRef{}
	for rows.Next() {
		var id int64
		var h handoverRef
		if err := rows.Scan(&id, &h.number, &h.officer); err != nil {
			return nil, err
		}
		out[id] = h
	}
	return out, rows.Err()
}

// villageNames names every village of the commune, merged ones included:
// an old batch may name a village merged since.
func (tx *Tx) villageNames(ctx context.Context, communeID int64) (map[int64]string, error) {
	rows, err := tx.query(ctx, `SELECT id, name FROM villages WHERE commune_id = ?`, communeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
