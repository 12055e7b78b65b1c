package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"lamsach/flows"
)

// ErrInviteCancelled means the invite was cancelled before it was used: by
// a coordinator or the operator, because the member who made it was
// revoked, or because the person opening it was revoked after it was made.
// It is also flows.ErrInviteExpired, so a person opening it is told it no
// longer works and to ask for a new one.
var ErrInviteCancelled = fmt.Errorf("%w (and so no longer works: %w)", flows.ErrInviteCancelled, flows.ErrInviteExpired)

// InviteByCode returns the invite of commune communeID that code names, for
// an operator cancelling it by its code. An unknown code, or another
// commune's, is flows.ErrNotFound. The operator and the commune's
// coordinators may ask.
func (tx *Tx) InviteByCode(ctx context.Context, actor flows.Actor, communeID int64, code string) (flows.Invite, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return flows.Invite{}, fmt.Errorf("invite by code: %w", err)
	}
	inv, err := tx.inviteByCode(ctx, code)
	if errors.Is(err, flows.ErrInviteInvalid) || (err == nil && inv.CommuneID != communeID) {
		err = flows.ErrNotFound
	}
	if err != nil {
		return flows.Invite{}, fmt.Errorf("invite by code: %w", err)
	}
	return inv.Invite, nil
}

// CancelInvite cancels invite id of commune communeID before anyone uses
// it, and returns it. An unknown invite, or another commune's, is
// flows.ErrNotFound; a used one flows.ErrInviteUsed; one already cancelled
// ErrInviteCancelled; an expired one flows.ErrInviteExpired. The operator
// and the commune's coordinators may.
func (tx *Tx) CancelInvite(ctx context.Context, actor flows.Actor, communeID, id int64) (flows.Invite, error) {
	fail := func(err error) (flows.Invite, error) { return flows.Invite{}, fmt.Errorf("cancel invite: %w", err) }
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return fail(err)
	}
	inv, err := tx.oneInvite(ctx, `id = ?`, id)
	if errors.Is(err, flows.ErrInviteInvalid) || (err == nil && inv.CommuneID != communeID) {
		err = flows.ErrNotFound
	}
	if err == nil {
		err = inv.open(tx.now)
	}
	if err != nil {
		return fail(err)
	}
	if err := tx.cancelInvites(ctx, actor, []int64{id}, communeID, "cancelled"); err != nil {
		return fail(err)
	}
	inv.ExpiresAt = tx.now
	return inv.Invite, nil
}

// cancelInvitesMadeBy cancels the open invites member m made: whoever was
// revoked may not bring anyone in after the fact. RevokeMember calls it.
func (tx *Tx) cancelInvitesMadeBy(ctx context.Context, actor flows.Actor, m flows.Member) error {
	ids, err := tx.ids(ctx, `SELECT id FROM invites WHERE created_by = ? AND used_by IS NULL
		AND cancelled_at IS NULL AND expires_at > ? ORDER BY id`, m.ID, tx.now.UnixMilli())
	if err != nil {
		return err
	}
	return tx.cancelInvites(ctx, actor, ids, m.CommuneID, "member "+strconv.FormatInt(m.ID, 10)+" revoked")
}

// cancelInvites marks invites cancelled now, each with its audit entry.
// The expiry moves to now too, so every query for open invites (unused and
// not expired) leaves them out.
func (tx *Tx) cancelInvites(ctx context.Context, actor flows.Actor, ids []int64, communeID int64, why string) error {
	for _, id := range ids {
		res, err := tx.exec(ctx, `UPDATE invites SET cancelled_at = ?1, expires_at = min(expires_at, ?1)
			WHERE id = ?2 AND used_by IS NULL AND cancelled_at IS NULL`, tx.now.UnixMilli(), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, fmt.Errorf("invite %d: %w", id, flows.ErrConflict))
		}
		err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, Action: "invite.cancel", Field: "invite",
			Old: strconv.FormatInt(id, 10), Reason: why, Source: sourceOf(actor)})
		if err != nil {
			return err
		}
	}
	return nil
}

// revokedSince reports whether Telegram account telegramID lost a
// membership at or after t: an invite made at t was made before the
// revocation.
func (tx *Tx) revokedSince(ctx context.Context, telegramID int64, t time.Time) (bool, error) {
	var left sql.NullInt64
	err := tx.queryRow(ctx, `SELECT max(left_at) FROM members WHERE telegram_id = ? AND active = 0`, telegramID).Scan(&left)
	if err != nil {
		return false, err
	}
	// An invite made in the same millisecond as the revocation counts as
	// made after it: the coordinator can revoke and invite again at once.
	return left.Valid && left.Int64 > t.UnixMilli(), nil
}
