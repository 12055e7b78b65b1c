package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"lamsach/flows"
	"lamsach/flows/vn"
)

// recordFields are the stored columns of a record in the order of
// recordArgs and scanRecord; id comes first when reading.
var recordFields = concat(
	[]string{"commune_id", "village_id", "import_id", "row_num", "code"},
	personColumns, []string{"name_key"}, origColumns,
	[]string{"id_raw", "no_id", "problem", "warnings", "state", "outcome", "note", "return_reason", "return_note",
		"reviewed_by", "reviewed_at", "confirmed_by", "confirmed_at", "handover_id", "export_id",
		"original", "village_text", "version", "created_at", "updated_at"},
)

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// recordSelect reads records aliased r.
var recordSelect = "SELECT r.id, r." + strings.Join(recordFields, ", r.") + " FROM records r"

// recordArgs returns the values of recordFields for rec.
func recordArgs(rec *flows.Record) ([]any, error) {
	rec.NameKey = vn.NameKey(rec.Name)
	warnings, err := json.Marshal(orEmpty(rec.Warnings))
	if err != nil {
		return nil, err
	}
	original, err := json.Marshal(orEmpty(rec.Original))
	if err != nil {
		return nil, err
	}
	args := []any{rec.CommuneID, nullID(rec.VillageID), nullID(rec.ImportID), rec.RowNum, rec.Code}
	args = append(fieldArgs(args, rec.Fields), rec.NameKey)
	args = fieldArgs(args, rec.Orig)
	return append(args,
		rec.IDRaw, rec.NoID, string(rec.Problem), string(warnings), string(rec.State), string(rec.Outcome), rec.Note,
		rec.ReturnReason, rec.ReturnNote,
		nullID(rec.ReviewedBy), ms(rec.ReviewedAt), nullID(rec.ConfirmedBy), ms(rec.ConfirmedAt),
		nullID(rec.HandoverID), nullID(rec.ExportID),
		string(original), rec.VillageText, rec.Version, rec.CreatedAt.UnixMilli(), rec.UpdatedAt.UnixMilli(),
	), nil
}

// orEmpty stores a nil slice as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// scanRecord reads one row of recordSelect.
func scanRecord(row interface{ Scan(...any) error }) (flows.Record, error) {
	var r flows.Record
	var village, imp, reviewedBy, reviewedAt, confirmedBy, confirmedAt, handover, export sql.NullInt64
	var problem, warnings, state, outcome, original string
	var created, updated int64
	cur, orig := newFieldTexts(), newFieldTexts()
	dest := []any{&r.ID, &r.CommuneID, &village, &imp, &r.RowNum, &r.Code}
	dest = append(append(dest, cur.targets()...), &r.NameKey)
	dest = append(dest, orig.targets()...)
	dest = append(dest, &r.IDRaw, &r.NoID, &problem, &warnings, &state, &outcome, &r.Note, &r.ReturnReason, &r.ReturnNote,
		&reviewedBy, &reviewedAt, &confirmedBy, &confirmedAt, &handover, &export,
		&original, &r.VillageText, &r.Version, &created, &updated)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	r.VillageID, r.ImportID = village.Int64, imp.Int64
	r.Problem, r.State, r.Outcome = vn.Problem(problem), flows.State(state), flows.Outcome(outcome)
	r.ReviewedBy, r.ReviewedAt = reviewedBy.Int64, fromMS(reviewedAt)
	r.ConfirmedBy, r.ConfirmedAt = confirmedBy.Int64, fromMS(confirmedAt)
	r.HandoverID, r.ExportID = handover.Int64, export.Int64
	r.CreatedAt = fromMS(sql.NullInt64{Int64: created, Valid: true})
	r.UpdatedAt = fromMS(sql.NullInt64{Int64: updated, Valid: true})
	// A stored value that does not parse is a damaged database, not a
	// person's mistake; the message names the record, never the value.
	var err error
	if r.Fields, err = cur.load("current"); err != nil {
		return r, fmt.Errorf("record %d: %w", r.ID, err)
	}
	if r.Orig, err = orig.load("original"); err != nil {
		return r, fmt.Errorf("record %d: %w", r.ID, err)
	}
	bad := func(what string) error { return fmt.Errorf("record %d: stored %s is malformed", r.ID, what) }
	if err := json.Unmarshal([]byte(warnings), &r.Warnings); err != nil {
		return r, bad("warnings")
	}
	if err := json.Unmarshal([]byte(original), &r.Original); err != nil {
		return r, bad("original row")
	}
	if len(r.Warnings) == 0 {
		r.Warnings = nil
	}
	if len(r.Original) == 0 {
		r.Original = nil
	}
	return r, nil
}

// Record returns record id if actor may read it: flows.ErrNotFound when it
// does not exist or belongs to another commune, flows.ErrForbidden when it
// is in the actor's commune but not theirs to see (another village).
func (tx *Tx) Record(ctx context.Context, actor flows.Actor, id int64) (flows.Record, error) {
	r, err := tx.loadRecord(ctx, actor, id)
	if err != nil {
		return flows.Record{}, fmt.Errorf("record: %w", err)
	}
	return r, nil
}

// loadRecord reads record id within actor's scope.
func (tx *Tx) loadRecord(ctx context.Context, actor flows.Actor, id int64) (flows.Record, error) {
	cond, args := recordScope(actor)
	r, err := scanRecord(tx.queryRow(ctx, recordSelect+` WHERE r.id = ? AND `+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.outOfScope(ctx, actor, id)
	}
	return r, err
}

// prepareNew fills in what a new record gets from the store: the state the
// lifecycle gives an import (assigned at once when it has a village),
// version 1 and the transaction's time. It refuses an actor whose role
// does not import and a record that claims a state of its own: records
// start at the beginning of their life, never further along.
func (tx *Tx) prepareNew(actor flows.Actor, rec *flows.Record) error {
	t, ok := flows.Move("", actor.Role, flows.ActImport)
	if !ok {
		return flows.ErrForbidden
	}
	if rec.State != "" {
		return fmt.Errorf("a new record cannot start %s", rec.State)
	}
	rec.State = t.To
	if rec.VillageID != 0 {
		// The list named the village: the import assigns it too.
		a, ok := flows.Move(rec.State, actor.Role, flows.ActAssign)
		if !ok {
			return flows.ErrForbidden
		}
		rec.State = a.To
	}
	rec.Version = 1
	rec.CreatedAt, rec.UpdatedAt = tx.now, tx.now
	return nil
}

// insertRecord is the INSERT of one record; CreateRecords prepares it once.
var insertRecord = "INSERT INTO records (" + strings.Join(recordFields, ", ") + ") VALUES (" + params(len(recordFields)) + ")"

// params returns n comma-separated placeholders.
func params(n int) string { return "?" + strings.Repeat(", ?", n-1) }

// CreateRecord adds one record made by hand. The operator and the commune's
// station may (flows.Lifecycle: who imports). The returned record has its id.
func (tx *Tx) CreateRecord(ctx context.Context, actor flows.Actor, rec flows.Record) (flows.Record, error) {
	if err := tx.authorize(ctx, actor, rec.CommuneID, flows.RoleStation); err != nil {
		return flows.Record{}, fmt.Errorf("create record: %w", err)
	}
	if rec.VillageID != 0 {
		if err := tx.checkVillage(ctx, rec.CommuneID, rec.VillageID); err != nil {
			return flows.Record{}, fmt.Errorf("create record: %w", err)
		}
	}
	if err := checkFresh(&rec); err != nil {
		return flows.Record{}, fmt.Errorf("create record: %w", err)
	}
	if err := tx.prepareNew(actor, &rec); err != nil {
		return flows.Record{}, fmt.Errorf("create record: %w", err)
	}
	args, err := recordArgs(&rec)
	if err != nil {
		return flows.Record{}, fmt.Errorf("create record: %w", err)
	}
	res, err := tx.exec(ctx, insertRecord, args...)
	if err != nil {
		return flows.Record{}, fmt.Errorf("create record: %w", err)
	}
	if rec.ID, err = res.LastInsertId(); err != nil {
		return flows.Record{}, fmt.Errorf("create record: %w", err)
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: rec.CommuneID, RecordID: rec.ID, Action: "record.create",
		Field: "state", New: string(rec.State), Source: sourceOf(actor)})
	if err != nil {
		return flows.Record{}, fmt.Errorf("create record: %w", err)
	}
	return rec, nil
}

// villageSet returns the ids of the commune's current villages.
func (tx *Tx) villageSet(ctx context.Context, communeID int64) (map[int64]bool, error) {
	vs, err := tx.Villages(ctx, communeID)
	if err != nil {
		return nil, err
	}
	set := make(map[int64]bool, len(vs))
	for _, v := range vs {
		set[v.ID] = true
	}
	return set, nil
}
