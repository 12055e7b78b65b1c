package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"lamsach/flows"
)

const uploadColumns = `id, commune_id, member_id, kind, file_name, sheet, data, status,
	coalesce(import_id, 0), created_at, expires_at`

func scanUpload(row interface{ Scan(...any) error }) (flows.Upload, error) {
	var u flows.Upload
	var kind, status string
	var created, expires int64
	err := row.Scan(&u.ID, &u.CommuneID, &u.MemberID, &kind, &u.FileName, &u.Sheet, &u.Data, &status,
		&u.ImportID, &created, &expires)
	u.Kind, u.Status = flows.UploadKind(kind), flows.UploadStatus(status)
	u.CreatedAt = fromMS(sql.NullInt64{Int64: created, Valid: true})
	u.ExpiresAt = fromMS(sql.NullInt64{Int64: expires, Valid: true})
	if len(u.Data) == 0 {
		u.Data = nil
	}
	return u, err
}

// SaveUpload keeps an uploaded file until the person confirms or cancels
// its preview, for ttl at most, and returns it with its id. Files of
// uploads that have expired meanwhile are dropped first. The operator and
// the commune's station may.
func (tx *Tx) SaveUpload(ctx context.Context, actor flows.Actor, u flows.Upload, ttl time.Duration) (flows.Upload, error) {
	fail := func(err error) (flows.Upload, error) { return flows.Upload{}, fmt.Errorf("save upload: %w", err) }
	if err := tx.authorize(ctx, actor, u.CommuneID, flows.RoleStation); err != nil {
		return fail(err)
	}
	if actor.MemberID == 0 {
		return fail(errors.New("an upload needs a member"))
	}
	if _, err := tx.PurgeUploads(ctx, flows.Operator); err != nil {
		return fail(err)
	}
	u.MemberID, u.Status, u.ImportID = actor.MemberID, flows.UploadPending, 0
	u.CreatedAt, u.ExpiresAt = tx.now, stamp(tx.now.Add(ttl))
	res, err := tx.exec(ctx, `INSERT INTO pending_uploads (commune_id, member_id, kind, file_name, sheet, data,
		created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.CommuneID, u.MemberID, string(u.Kind), u.FileName, u.Sheet, orEmpty(u.Data), tx.now.UnixMilli(), u.ExpiresAt.UnixMilli())
	if err != nil {
		return fail(err)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return fail(err)
	}
	return u, nil
}

// PurgeUploads drops the files of pending uploads past their expiry; the
// row stays, saying "expired". Rows of ended uploads are never deleted:
// they hold no file, only a name and ids, and keeping them keeps their ids
// from being reused (the table has no AUTOINCREMENT), so an old button can
// never name a newer upload. Only the operator (the clock, or SaveUpload on
// its behalf) may. It returns how many files it dropped.
func (tx *Tx) PurgeUploads(ctx context.Context, actor flows.Actor) (int, error) {
	if !isOperator(actor) {
		return 0, fmt.Errorf("purge uploads: %w", flows.ErrForbidden)
	}
	now := tx.now.UnixMilli()
	res, err := tx.exec(ctx, `UPDATE pending_uploads SET status = 'expired', data = x'', ended_at = ?
		WHERE status = 'pending' AND expires_at <= ?`, now, now)
	if err != nil {
		return 0, fmt.Errorf("purge uploads: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("purge uploads: %w", err)
	}
	return int(n), nil
}

// Upload returns an upload of the actor's commune with its file while it
// is pending. One past its expiry is marked expired (its file dropped) and
// returned so. An upload of another commune is flows.ErrNotFound. The
// operator and the commune's station may ask.
func (tx *Tx) Upload(ctx context.Context, actor flows.Actor, id int64) (flows.Upload, error) {
	u, err := tx.upload(ctx, actor, id)
	if err != nil {
		return flows.Upload{}, fmt.Errorf("upload: %w", err)
	}
	return u, nil
}

func (tx *Tx) upload(ctx context.Context, actor flows.Actor, id int64) (flows.Upload, error) {
	u, err := scanUpload(tx.queryRow(ctx, `SELECT `+uploadColumns+` FROM pending_uploads WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return flows.Upload{}, flows.ErrNotFound
	}
	if err != nil {
		return flows.Upload{}, err
	}
	if !isOperator(actor) && u.CommuneID != actor.CommuneID {
		return flows.Upload{}, flows.ErrNotFound
	}
	if err := tx.authorize(ctx, actor, u.CommuneID, flows.RoleStation); err != nil {
		return flows.Upload{}, err
	}
	if u.Status == flows.UploadPending && !tx.now.Before(u.ExpiresAt) {
		if err := tx.endUpload(ctx, id, flows.UploadExpired, 0); err != nil {
			return flows.Upload{}, err
		}
		u.Status, u.Data = flows.UploadExpired, nil
	}
	return u, nil
}

// endUpload drops a pending upload's file and records how it ended.
func (tx *Tx) endUpload(ctx context.Context, id int64, status flows.UploadStatus, importID int64) error {
	res, err := tx.exec(ctx, `UPDATE pending_uploads SET status = ?, data = x'', ended_at = ?, import_id = ?
		WHERE id = ? AND status = 'pending'`, string(status), tx.now.UnixMilli(), nullID(importID), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return flows.ErrConflict
	}
	return nil
}

// FinishUpload records that a pending upload became import importID and
// drops its file. An upload no longer pending is flows.ErrConflict.
func (tx *Tx) FinishUpload(ctx context.Context, actor flows.Actor, id, importID int64) error {
	if _, err := tx.upload(ctx, actor, id); err != nil {
		return fmt.Errorf("finish upload: %w", err)
	}
	if err := tx.endUpload(ctx, id, flows.UploadImported, importID); err != nil {
		return fmt.Errorf("finish upload: %w", err)
	}
	return nil
}

// CancelUpload cancels a pending upload and drops its file. It returns the
// upload as it was, so an upload that had already ended is told apart
// (its Status is not pending, and nothing changes).
func (tx *Tx) CancelUpload(ctx context.Context, actor flows.Actor, id int64) (flows.Upload, error) {
	u, err := tx.upload(ctx, actor, id)
	if err != nil {
		return flows.Upload{}, fmt.Errorf("cancel upload: %w", err)
	}
	if u.Status != flows.UploadPending {
		return u, nil
	}
	if err := tx.endUpload(ctx, id, flows.UploadCancelled, 0); err != nil {
		return flows.Upload{}, fmt.Errorf("cancel upload: %w", err)
	}
	u.Data = nil
	return u, nil
}

// CancelUploads cancels every pending upload of the acting member, as
// /cancel does, and returns how many.
func (tx *Tx) CancelUploads(ctx context.Context, actor flows.Actor) (int, error) {
	if err := tx.authorize(ctx, actor, actor.CommuneID, flows.RoleStation); err != nil {
		return 0, fmt.Errorf("cancel uploads: %w", err)
	}
	res, err := tx.exec(ctx, `UPDATE pending_uploads SET status = 'cancelled', data = x'', ended_at = ?
		WHERE member_id = ? AND status = 'pending'`, tx.now.UnixMilli(), actor.MemberID)
	if err != nil {
		return 0, fmt.Errorf("cancel uploads: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("cancel uploads: %w", err)
	}
	return int(n), nil
}

// PendingUploads lists the acting member's uploads still waiting for a
// press, oldest first, without their files.
func (tx *Tx) PendingUploads(ctx context.Context, actor flows.Actor) ([]flows.Upload, error) {
	if err := tx.authorize(ctx, actor, actor.CommuneID, flows.RoleStation); err != nil {
		return nil, fmt.Errorf("pending uploads: %w", err)
	}
	out, err := queryAll(ctx, tx, scanUpload, `SELECT id, commune_id, member_id, kind, file_name, sheet, x'', status, 0, created_at, expires_at
		FROM pending_uploads WHERE member_id = ? AND status = 'pending' AND expires_at > ? ORDER BY id`,
		actor.MemberID, tx.now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("pending uploads: %w", err)
	}
	return out, nil
}
