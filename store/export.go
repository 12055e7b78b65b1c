package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"lamsach/flows"
	"lamsach/flows/vn"
)

// exportKindCond is the condition on records aliased r for the records an
// export kind carries: the import file takes the records without an ID or
// with a malformed one, the edit list every other (wrong information).
// A person the village could not find goes to the edit list whatever the
// problem: there is nothing to import, and the edit list, the station's
// list of things to do by hand on the platform, says why.
func exportKindCond(kind flows.ExportKind) (string, error) {
	const toImport = `(r.problem = 'missing_id' OR r.problem = 'bad_id_format') AND r.outcome <> 'not_found'`
	switch kind {
	case flows.ExportImport:
		return toImport, nil
	case flows.ExportEdit:
		return `NOT (` + toImport + `)`, nil
	}
	return "", fmt.Errorf("unknown export kind %q", kind)
}

const exportColumns = `id, commune_id, kind, number, coalesce(member_id, 0), created_at, record_count,
	coalesce(entered_by, 0), entered_at`

func scanExport(row interface{ Scan(...any) error }) (flows.Export, error) {
	var e flows.Export
	var kind string
	var created int64
	var entered sql.NullInt64
	err := row.Scan(&e.ID, &e.CommuneID, &kind, &e.Number, &e.MemberID, &created, &e.Count, &e.EnteredBy, &entered)
	e.Kind = flows.ExportKind(kind)
	e.CreatedAt = fromMS(sql.NullInt64{Int64: created, Valid: true})
	e.EnteredAt = fromMS(entered)
	return e, err
}

// ExportCounts counts the commune's signed records not yet in an export,
// per export kind. The operator and the commune's station may ask.
func (tx *Tx) ExportCounts(ctx context.Context, actor flows.Actor, communeID int64) (map[flows.ExportKind]int, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return nil, fmt.Errorf("export counts: %w", err)
	}
	out := map[flows.ExportKind]int{}
	for _, k := range flows.ExportKinds {
		cond, _ := exportKindCond(k)
		var n int
		err := tx.queryRow(ctx, `SELECT count(*) FROM records r WHERE r.commune_id = ? AND r.state = 'signed'
			AND r.export_id IS NULL AND `+cond, communeID).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("export counts: %w", err)
		}
		out[k] = n
	}
	return out, nil
}

// exportable reads the ids of the records matching where (on records
// aliased r, with the commune as its argument) that kind's file may take
// (flows.ExportKind.Takes), and the ones it holds back, with what the
// station is told about them. Only the columns the rule reads are loaded,
// so a large batch stays small in memory.
func (tx *Tx) exportable(ctx context.Context, kind flows.ExportKind, where string, communeID int64) ([]int64, []flows.Record, error) {
	var ids []int64
	var held []flows.Record
	rows, err := tx.query(ctx, `SELECT r.id, r.name, r.id_number, r.id_kind, r.no_id FROM records r WHERE `+where+
		` ORDER BY r.id`, communeID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r flows.Record
		var kindText string
		if err := rows.Scan(&r.ID, &r.Name, &r.Fields.ID.Number, &kindText, &r.NoID); err != nil {
			return nil, nil, err
		}
		r.Fields.ID.Kind = vn.IDKind(kindText)
		if kind.Takes(r) {
			ids = append(ids, r.ID)
		} else {
			held = append(held, r)
		}
	}
	return ids, held, rows.Err()
}

// CreateExport puts every signed record of the commune not yet exported
// that kind carries into a new export batch, numbered after the commune's
// last: each record becomes exported, names the batch, goes up a version
// and gets its audit entries. With no such record it is
// flows.ErrNothingToExport and nothing is written. The operator and the
// commune's station may.
func (tx *Tx) CreateExport(ctx context.Context, actor flows.Actor, communeID int64, kind flows.ExportKind) (flows.Export, error) {
	fail := func(err error) (flows.Export, error) { return flows.Export{}, fmt.Errorf("create export: %w", err) }
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return fail(err)
	}
	cond, err := exportKindCond(kind)
	if err != nil {
		return fail(err)
	}
	where := `r.commune_id = ? AND r.state = 'signed' AND r.export_id IS NULL AND ` + cond
	ids, held, err := tx.exportable(ctx, kind, where, communeID)
	if err != nil {
		return fail(err)
	}
	if len(ids) == 0 {
		return flows.Export{Held: held}, fmt.Errorf("create export: %w", flows.ErrNothingToExport)
	}
	e := flows.Export{CommuneID: communeID, Kind: kind, MemberID: actor.MemberID, Count: len(ids), CreatedAt: tx.now, Held: held}
	if err := tx.queryRow(ctx, `SELECT coalesce(max(number), 0) + 1 FROM exports WHERE commune_id = ?`, communeID).Scan(&e.Number); err != nil {
		return fail(err)
	}
	res, err := tx.exec(ctx, `INSERT INTO exports (commune_id, kind, number, member_id, created_at, record_count)
		VALUES (?, ?, ?, ?, ?, ?)`, communeID, string(kind), e.Number, nullID(actor.MemberID), tx.now.UnixMilli(), e.Count)
	if err != nil {
		return fail(err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fail(err)
	}
	// The write lock is held since BEGIN IMMEDIATE: the records counted
	// above are exactly the ones moved.
	list, err := jsonIDs(ids)
	if err != nil {
		return fail(err)
	}
	moved, err := tx.moveRecords(ctx, actor, move{commune: communeID, act: flows.ActExport,
		where: `r.export_id IS NULL AND r.id IN (SELECT value FROM json_each(?))`, args: []any{list},
		set: []setColumn{{"export_id", e.ID, "export", strconv.FormatInt(e.ID, 10)}},
		src: sourceOf(actor), reason: "export " + strconv.Itoa(e.Number)})
	if err != nil {
		return fail(err)
	}
	if len(moved) != len(ids) {
		return fail(fmt.Errorf("exported %d records, expected %d", len(moved), len(ids)))
	}
	return e, nil
}

// ExportByNumber returns the commune's export batch number, or
// flows.ErrNotFound. The operator and the commune's station may ask.
func (tx *Tx) ExportByNumber(ctx context.Context, actor flows.Actor, communeID int64, number int) (flows.Export, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return flows.Export{}, fmt.Errorf("export by number: %w", err)
	}
	e, err := scanExport(tx.queryRow(ctx, `SELECT `+exportColumns+` FROM exports WHERE commune_id = ? AND number = ?`,
		communeID, number))
	if errors.Is(err, sql.ErrNoRows) {
		err = flows.ErrNotFound
	}
	if err != nil {
		return flows.Export{}, fmt.Errorf("export by number: %w", err)
	}
	return e, nil
}

// OpenExports lists the commune's export batches not yet marked entered,
// oldest first. The operator and the commune's station may ask.
func (tx *Tx) OpenExports(ctx context.Context, actor flows.Actor, communeID int64) ([]flows.Export, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return nil, fmt.Errorf("open exports: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+exportColumns+` FROM exports WHERE commune_id = ? AND entered_at IS NULL
		ORDER BY number`, communeID)
	if err != nil {
		return nil, fmt.Errorf("open exports: %w", err)
	}
	defer rows.Close()
	var out []flows.Export
	for rows.Next() {
		e, err := scanExport(rows)
		if err != nil {
			return nil, fmt.Errorf("open exports: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("open exports: %w", err)
	}
	return out, nil
}

// MarkEntered records that the commune's export batch number was entered
// on the platform: the batch gets who and when, and each of its records
// still exported becomes entered, one version up, audited. It returns the
// batch and how many records changed; an unknown batch (or another
// commune's) is flows.ErrNotFound and one already entered
// flows.ErrAlreadyEntered, with nothing written. The operator and the
// commune's station may.
func (tx *Tx) MarkEntered(ctx context.Context, actor flows.Actor, communeID int64, number int) (flows.Export, int, error) {
	fail := func(err error) (flows.Export, int, error) {
		return flows.Export{}, 0, fmt.Errorf("mark entered: %w", err)
	}
	e, err := tx.ExportByNumber(ctx, actor, communeID, number)
	if err != nil {
		return fail(err)
	}
	if !e.EnteredAt.IsZero() {
		return e, 0, fmt.Errorf("mark entered: %w", flows.ErrAlreadyEntered)
	}
	if _, err := tx.exec(ctx, `UPDATE exports SET entered_by = ?, entered_at = ? WHERE id = ?`,
		nullID(actor.MemberID), tx.now.UnixMilli(), e.ID); err != nil {
		return fail(err)
	}
	e.EnteredBy, e.EnteredAt = actor.MemberID, tx.now
	ids, err := tx.moveRecords(ctx, actor, move{commune: communeID, act: flows.ActEnter,
		where: `r.export_id = ?`, args: []any{e.ID}, src: sourceOf(actor), reason: "entered " + strconv.Itoa(e.Number)})
	if err != nil {
		return fail(err)
	}
	return e, len(ids), nil
}

// ImportTemplate returns the commune's own description of the platform's
// import template (commune_settings key "import_template", JSON), or ""
// when it uses the default. The operator and the commune's station may ask.
func (tx *Tx) ImportTemplate(ctx context.Context, actor flows.Actor, communeID int64) (string, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return "", fmt.Errorf("import template: %w", err)
	}
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM commune_settings WHERE commune_id = ? AND key = 'import_template'`,
		communeID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("import template: %w", err)
	}
	return v, nil
}

// SetImportTemplate sets the commune's own description of the platform's
// import template (JSON, checked by the caller with sheet.ParseTemplate),
// or with "" goes back to the default. Only the operator may; the change
// is audited.
func (tx *Tx) SetImportTemplate(ctx context.Context, actor flows.Actor, communeID int64, desc string) error {
	if !isOperator(actor) {
		return fmt.Errorf("set import template: %w", flows.ErrForbidden)
	}
	if _, err := tx.Commune(ctx, communeID); err != nil {
		return fmt.Errorf("set import template: %w", err)
	}
	var err error
	if desc == "" {
		_, err = tx.exec(ctx, `DELETE FROM commune_settings WHERE commune_id = ? AND key = 'import_template'`, communeID)
	} else {
		_, err = tx.exec(ctx, `INSERT INTO commune_settings (commune_id, key, value) VALUES (?, 'import_template', ?)
			ON CONFLICT (commune_id, key) DO UPDATE SET value = excluded.value`, communeID, desc)
	}
	if err == nil {
		digest := sha256.Sum256([]byte(desc))
		err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, Action: "commune.template", Field: "import_template",
			New: hex.EncodeToString(digest[:8]), Source: flows.SourceCLI})
	}
	if err != nil {
		return fmt.Errorf("set import template: %w", err)
	}
	return nil
}
