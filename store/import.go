package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/vn"
)

const importColumns = `id, commune_id, kind, file_name, file_sha256, headers, mapping,
	coalesce(created_by, 0), created_at, row_count, committed`

func scanImport(row interface{ Scan(...any) error }) (flows.Import, error) {
	var imp flows.Import
	var kind, headers, mapping string
	var created int64
	err := row.Scan(&imp.ID, &imp.CommuneID, &kind, &imp.FileName, &imp.SHA256, &headers, &mapping,
		&imp.MemberID, &created, &imp.Rows, &imp.Committed)
	if err != nil {
		return imp, err
	}
	imp.Kind = flows.UploadKind(kind)
	imp.CreatedAt = fromMS(sql.NullInt64{Int64: created, Valid: true})
	if err := json.Unmarshal([]byte(headers), &imp.Headers); err != nil {
		return imp, fmt.Errorf("import %d: stored headers are malformed", imp.ID)
	}
	// The mapping is kept as an array of columns; an older "{}" reads as none.
	if mapping != "" && mapping[0] == '[' {
		if err := json.Unmarshal([]byte(mapping), &imp.Columns); err != nil {
			return imp, fmt.Errorf("import %d: stored mapping is malformed", imp.ID)
		}
	}
	return imp, nil
}

// ImportBySHA returns the commune's committed import of a station list
// whose file has digest sha, the earliest if several, or flows.ErrNotFound:
// the same file uploaded twice would double every record. The operator and
// the commune's station may ask.
func (tx *Tx) ImportBySHA(ctx context.Context, actor flows.Actor, communeID int64, sha string) (flows.Import, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return flows.Import{}, fmt.Errorf("import by digest: %w", err)
	}
	imp, err := scanImport(tx.queryRow(ctx, `SELECT `+importColumns+` FROM imports
		WHERE commune_id = ? AND file_sha256 = ? AND kind = 'list' AND committed = 1 ORDER BY id LIMIT 1`, communeID, sha))
	if errors.Is(err, sql.ErrNoRows) {
		err = flows.ErrNotFound
	}
	if err != nil {
		return flows.Import{}, fmt.Errorf("import by digest: %w", err)
	}
	return imp, nil
}

// CreateImport adds an upload's imports row and returns it with its id and
// time. A station list starts uncommitted (FinishImport commits it); a
// verification list is stored committed, with its row count. The operator
// and the commune's station may.
func (tx *Tx) CreateImport(ctx context.Context, actor flows.Actor, imp flows.Import) (flows.Import, error) {
	fail := func(err error) (flows.Import, error) { return flows.Import{}, fmt.Errorf("create import: %w", err) }
	if err := tx.authorize(ctx, actor, imp.CommuneID, flows.RoleStation); err != nil {
		return fail(err)
	}
	if _, err := tx.Commune(ctx, imp.CommuneID); err != nil {
		return fail(err)
	}
	if imp.Kind != flows.KindList && imp.Kind != flows.KindVerification {
		return fail(fmt.Errorf("unknown kind %q", imp.Kind))
	}
	headers, err := json.Marshal(orEmpty(imp.Headers))
	if err != nil {
		return fail(err)
	}
	mapping, err := json.Marshal(orEmpty(imp.Columns))
	if err != nil {
		return fail(err)
	}
	imp.MemberID, imp.CreatedAt = actor.MemberID, tx.now
	res, err := tx.exec(ctx, `INSERT INTO imports (commune_id, kind, file_name, file_sha256, headers, mapping,
		created_by, created_at, row_count, committed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		imp.CommuneID, string(imp.Kind), imp.FileName, imp.SHA256, string(headers), string(mapping),
		nullID(actor.MemberID), tx.now.UnixMilli(), imp.Rows, imp.Committed)
	if err != nil {
		return fail(err)
	}
	if imp.ID, err = res.LastInsertId(); err != nil {
		return fail(err)
	}
	return imp, nil
}

// importCommune returns the commune of import id after checking that actor
// may write to it.
func (tx *Tx) importCommune(ctx context.Context, actor flows.Actor, id int64) (int64, error) {
	var commune int64
	err := tx.queryRow(ctx, `SELECT commune_id FROM imports WHERE id = ?`, id).Scan(&commune)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, flows.ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	if err := tx.authorize(ctx, actor, commune, flows.RoleStation); err != nil {
		return 0, err
	}
	return commune, nil
}

// FinishImport marks an import committed with its record count and writes
// the audit entry of the whole upload. The operator and the commune's
// station may.
func (tx *Tx) FinishImport(ctx context.Context, actor flows.Actor, importID int64, rows int) error {
	commune, err := tx.importCommune(ctx, actor, importID)
	if err != nil {
		return fmt.Errorf("finish import: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE imports SET row_count = ?, committed = 1 WHERE id = ?`, rows, importID); err != nil {
		return fmt.Errorf("finish import: %w", err)
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: commune, Action: "import", Field: "count",
		New: strconv.Itoa(rows), Reason: "import " + strconv.FormatInt(importID, 10), Source: flows.SourceSheet})
	if err != nil {
		return fmt.Errorf("finish import: %w", err)
	}
	return nil
}

// MarkDuplicates gives the earlier record of each pair the warning its twin
// got when the list was read, naming the twin's row: the village team then
// sees the pair from either side. A pair whose earlier row was not stored
// (it had errors) changes nothing. It is part of storing the import, so
// the records keep version 1 and the import's audit entry covers it.
func (tx *Tx) MarkDuplicates(ctx context.Context, actor flows.Actor, importID int64, pairs []sheet.DupPair) error {
	if len(pairs) == 0 {
		return nil
	}
	if _, err := tx.importCommune(ctx, actor, importID); err != nil {
		return fmt.Errorf("mark duplicates: %w", err)
	}
	stmt, err := tx.tx.PrepareContext(ctx, `UPDATE records SET warnings = json_insert(warnings, '$[#]', json(?))
		WHERE import_id = ? AND row_num = ?`)
	if err != nil {
		return fmt.Errorf("mark duplicates: %w", err)
	}
	defer stmt.Close()
	for _, p := range pairs {
		field := vn.FieldName
		if p.Kind == sheet.CodeDupID {
			field = vn.FieldID
		}
		w, err := json.Marshal(vn.Issue{Code: p.Kind, Field: field, Arg: strconv.Itoa(p.RowB)})
		if err != nil {
			return fmt.Errorf("mark duplicates: %w", err)
		}
		if _, err := stmt.ExecContext(ctx, string(w), importID, p.RowA); err != nil {
			return fmt.Errorf("mark duplicates: %w", err)
		}
	}
	return nil
}

// Atomic runs fn inside a savepoint: when fn fails, everything it wrote is
// undone and the rest of the transaction stays. A large import uses it so
// that a file refused half way through leaves nothing behind, while the
// update's own bookkeeping still commits with the person's answer.
func (tx *Tx) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, err := tx.exec(ctx, `SAVEPOINT atomic`); err != nil {
		return fmt.Errorf("atomic: %w", err)
	}
	if err := fn(ctx); err != nil {
		// The audit chain's end may have moved inside the savepoint.
		tx.head = nil
		if _, rerr := tx.exec(ctx, `ROLLBACK TO atomic`); rerr != nil {
			return errors.Join(err, fmt.Errorf("atomic: roll back: %w", rerr))
		}
		if _, rerr := tx.exec(ctx, `RELEASE atomic`); rerr != nil {
			return errors.Join(err, fmt.Errorf("atomic: release: %w", rerr))
		}
		return err
	}
	if _, err := tx.exec(ctx, `RELEASE atomic`); err != nil {
		return fmt.Errorf("atomic: %w", err)
	}
	return nil
}

// ImportRecipients returns the commune's active village members (with
// their villages) and coordinators: the people told about newly imported
// records. The operator and the commune's station may ask.
func (tx *Tx) ImportRecipients(ctx context.Context, actor flows.Actor, communeID int64) ([]flows.Member, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return nil, fmt.Errorf("import recipients: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+memberColumns+` FROM members WHERE commune_id = ? AND active = 1
		AND (role = 'village' OR role = 'coordinator') AND telegram_id IS NOT NULL ORDER BY id`, communeID)
	if err != nil {
		return nil, fmt.Errorf("import recipients: %w", err)
	}
	var out []flows.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("import recipients: %w", err)
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import recipients: %w", err)
	}
	for i := range out {
		if err := tx.withVillages(ctx, &out[i]); err != nil {
			return nil, fmt.Errorf("import recipients: %w", err)
		}
	}
	return out, nil
}
