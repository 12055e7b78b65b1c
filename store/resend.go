package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"lamsach/flows"
)

// EachRecordKey calls fn with the keys by which a list sent again finds
// each record of the commune (flows.RecordKey), reading them in one
// query: a 100,000-record commune is a few megabytes of keys. fn must not
// use the transaction. The operator and the commune's station may.
func (tx *Tx) EachRecordKey(ctx context.Context, actor flows.Actor, communeID int64, fn func(flows.RecordKey) error) error {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return fmt.Errorf("record keys: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT id, id_number, orig_id_number, name_key,
		CASE WHEN orig_name = name THEN '' ELSE orig_name END, dob, orig_dob FROM records r
		WHERE commune_id = ? AND `+published, communeID)
	if err != nil {
		return fmt.Errorf("record keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k flows.RecordKey
		if err := rows.Scan(&k.ID, &k.IDNumber, &k.OrigIDNumber, &k.NameKey, &k.OrigName, &k.DOB, &k.OrigDOB); err != nil {
			return fmt.Errorf("record keys: %w", err)
		}
		if err := fn(k); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("record keys: %w", err)
	}
	return nil
}

// knownSelect reads what a list sent again is compared with; the caller
// binds a JSON array of record ids and the commune. The CROSS JOIN makes
// SQLite look each id up by its key: with "id IN (…)" it walked every
// record of the commune for each batch, which made a 100,000-row re-send
// take ten times as long.
var knownSelect = `SELECT r.id, r.version, r.state, coalesce(r.village_id, 0), r.village_text, r.name_key, r.` +
	strings.Join(personColumns, ", r.") + `, r.` + strings.Join(origColumns, ", r.") +
	` FROM json_each(?) AS j CROSS JOIN records AS r ON r.id = j.value WHERE r.commune_id = ?`

// KnownRecords returns the records of the commune among ids, for
// comparing a list sent again with them. The operator and the commune's
// station may.
func (tx *Tx) KnownRecords(ctx context.Context, actor flows.Actor, communeID int64, ids []int64) ([]flows.KnownRecord, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return nil, fmt.Errorf("known records: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := tx.query(ctx, knownSelect, idArray(ids), communeID)
	if err != nil {
		return nil, fmt.Errorf("known records: %w", err)
	}
	defer rows.Close()
	// Sized once, and one set of scan targets for every row: a batch's
	// records are about a megabyte, and growing the slice and making
	// targets per row were a fifth of what a 100,000-row re-send allocated.
	out := make([]flows.KnownRecord, 0, len(ids))
	var sc knownScanner
	for rows.Next() {
		k, err := sc.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("known records: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("known records: %w", err)
	}
	return out, nil
}

// knownScanner reads rows of knownSelect into one set of targets.
type knownScanner struct {
	k         flows.KnownRecord
	state     string
	cur, orig fieldTexts
	dest      []any
}

func (s *knownScanner) scan(row scanner) (flows.KnownRecord, error) {
	if s.dest == nil {
		s.cur, s.orig = newFieldTexts(), newFieldTexts()
		s.dest = append([]any{&s.k.ID, &s.k.Version, &s.state, &s.k.VillageID, &s.k.VillageText, &s.k.NameKey},
			s.cur.targets()...)
		s.dest = append(s.dest, s.orig.targets()...)
	}
	if err := row.Scan(s.dest...); err != nil {
		return flows.KnownRecord{}, err
	}
	k := s.k
	k.State = flows.State(s.state)
	var err error
	if k.Fields, err = s.cur.load("current"); err != nil {
		return k, fmt.Errorf("record %d: %w", k.ID, err)
	}
	if k.Orig, err = s.orig.load("original"); err != nil {
		return k, fmt.Errorf("record %d: %w", k.ID, err)
	}
	return k, nil
}

// idArray is ids as a JSON array, for json_each.
func idArray(ids []int64) string {
	b := make([]byte, 0, len(ids)*8+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// SaveAmendments keeps the corrections that rows of import importID bring
// to records the commune already has, until the station applies or skips
// them. Each must name a record of the import's commune, once. The
// operator and the commune's station may.
func (tx *Tx) SaveAmendments(ctx context.Context, actor flows.Actor, importID int64, ams []flows.Amendment) error {
	commune, err := tx.importCommune(ctx, actor, importID)
	if err != nil {
		return fmt.Errorf("save amendments: %w", err)
	}
	stmt, err := tx.tx.PrepareContext(ctx, `INSERT INTO amendments (import_id, record_id, version, row_num, fields)
		SELECT ?, id, ?, ?, ? FROM records WHERE id = ? AND commune_id = ?`)
	if err != nil {
		return fmt.Errorf("save amendments: %w", err)
	}
	defer stmt.Close()
	for _, a := range ams {
		fields, err := json.Marshal(fieldMap(a.Fields))
		if err != nil {
			return fmt.Errorf("save amendments: %w", err)
		}
		res, err := stmt.ExecContext(ctx, importID, a.Version, a.RowNum, string(fields), a.Record, commune)
		if err != nil {
			return fmt.Errorf("save amendments: record %d: %w", a.Record, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("save amendments: %w", err)
		} else if n != 1 {
			return fmt.Errorf("save amendments: record %d: %w", a.Record, flows.ErrNotFound)
		}
	}
	return nil
}

// fieldMap is a set of person fields by stored column.
func fieldMap(f flows.Fields) map[string]string {
	m := make(map[string]string, len(personColumns))
	for _, s := range flows.FieldSpecs {
		for i, v := range s.Values(f) {
			m[s.Columns[i]] = v
		}
	}
	return m
}

// fieldsFrom reads fieldMap's form back; a column it lacks is empty.
func fieldsFrom(m map[string]string) (flows.Fields, error) {
	ft := newFieldTexts()
	for i, c := range personColumns {
		ft[i] = m[c]
	}
	return ft.load("amended")
}

// DropAmendments drops the import's corrections of these records (those a
// second row of the list matched too) and returns how many there were.
// The operator and the commune's station may.
func (tx *Tx) DropAmendments(ctx context.Context, actor flows.Actor, importID int64, records []int64) (int, error) {
	if _, err := tx.importCommune(ctx, actor, importID); err != nil {
		return 0, fmt.Errorf("drop amendments: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM amendments WHERE import_id = ? AND record_id IN (SELECT value FROM json_each(?))`,
		importID, idArray(records))
	if err != nil {
		return 0, fmt.Errorf("drop amendments: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("drop amendments: %w", err)
	}
	return int(n), nil
}

// Amendments returns the corrections of import importID still waiting for
// the station's decision, in the list's row order. The operator and the
// commune's station may; an unknown import is flows.ErrNotFound.
func (tx *Tx) Amendments(ctx context.Context, actor flows.Actor, importID int64) ([]flows.Amendment, error) {
	if _, err := tx.importCommune(ctx, actor, importID); err != nil {
		return nil, fmt.Errorf("amendments: %w", err)
	}
	out, err := queryAll(ctx, tx, func(row scanner) (flows.Amendment, error) {
		var a flows.Amendment
		var fields string
		if err := row.Scan(&a.Record, &a.Version, &a.RowNum, &fields); err != nil {
			return a, err
		}
		var m map[string]string
		if err := json.Unmarshal([]byte(fields), &m); err != nil {
			return a, fmt.Errorf("record %d: stored amendment is malformed", a.Record)
		}
		var err error
		a.Fields, err = fieldsFrom(m)
		return a, err
	}, `SELECT record_id, version, row_num, fields FROM amendments WHERE import_id = ? ORDER BY row_num, record_id`, importID)
	if err != nil {
		return nil, fmt.Errorf("amendments: %w", err)
	}
	return out, nil
}

// EndAmendments drops every correction of import importID once the
// station applied or skipped them, and returns how many there were. The
// operator and the commune's station may.
func (tx *Tx) EndAmendments(ctx context.Context, actor flows.Actor, importID int64) (int, error) {
	if _, err := tx.importCommune(ctx, actor, importID); err != nil {
		return 0, fmt.Errorf("end amendments: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM amendments WHERE import_id = ?`, importID)
	if err != nil {
		return 0, fmt.Errorf("end amendments: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("end amendments: %w", err)
	}
	return int(n), nil
}

// AmendmentsWaiting lists the acting member's uploads whose corrections
// wait for a decision, oldest first, for /where.
func (tx *Tx) AmendmentsWaiting(ctx context.Context, actor flows.Actor) ([]flows.AmendBatch, error) {
	if err := tx.authorize(ctx, actor, actor.CommuneID, flows.RoleStation); err != nil {
		return nil, fmt.Errorf("amendments waiting: %w", err)
	}
	out, err := queryAll(ctx, tx, func(row scanner) (flows.AmendBatch, error) {
		var b flows.AmendBatch
		return b, row.Scan(&b.UploadID, &b.FileName, &b.Count)
	}, `SELECT u.id, u.file_name, count(*) FROM pending_uploads u JOIN amendments a ON a.import_id = u.import_id
		WHERE u.member_id = ? AND u.commune_id = ? GROUP BY u.id ORDER BY u.id`, actor.MemberID, actor.CommuneID)
	if err != nil {
		return nil, fmt.Errorf("amendments waiting: %w", err)
	}
	return out, nil
}
