package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"lamsach/flows"
)

// RevokeMember takes an active member's rights away: active becomes 0 and
// left_at is set, in the same moment for every access check (they all
// join the members table). The row stays, so the audit log keeps naming
// who did what. The operator and the commune's coordinators may revoke;
// nobody may revoke themselves (a commune must not lose its last
// coordinator by a slip of the thumb). The invites the member made and
// nobody used yet are cancelled with them. An unknown member, one of another
// commune, or one already revoked is flows.ErrNotFound. It returns the
// member as they were before, so the caller can tell them.
func (tx *Tx) RevokeMember(ctx context.Context, actor flows.Actor, memberID int64) (flows.Member, error) {
	fail := func(err error) (flows.Member, error) { return flows.Member{}, fmt.Errorf("revoke member: %w", err) }
	m, err := tx.Member(ctx, memberID)
	if err != nil {
		return fail(err)
	}
	if !isOperator(actor) && m.CommuneID != actor.CommuneID {
		return fail(flows.ErrNotFound)
	}
	if err := tx.authorize(ctx, actor, m.CommuneID, flows.RoleCoordinator); err != nil {
		return fail(err)
	}
	if m.ID == actor.MemberID {
		return fail(flows.ErrForbidden)
	}
	res, err := tx.exec(ctx, `UPDATE members SET active = 0, left_at = ? WHERE id = ? AND active = 1`, tx.now.UnixMilli(), m.ID)
	if err != nil {
		return fail(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fail(err)
	} else if n == 0 {
		return fail(flows.ErrNotFound)
	}
	if err := tx.cancelInvitesMadeBy(ctx, actor, m); err != nil {
		return fail(err)
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: m.CommuneID, Action: "member.revoke", Field: "active",
		Old: "1", New: "0", Reason: "member " + strconv.FormatInt(m.ID, 10) + " (" + string(m.Role) + ")", Source: sourceOf(actor)})
	if err != nil {
		return fail(err)
	}
	return m, nil
}

// OpenInvites returns the commune's invites that are neither used nor
// expired, soonest expiry first: the people who have not joined yet. The
// operator and the commune's coordinators may list them.
func (tx *Tx) OpenInvites(ctx context.Context, actor flows.Actor, communeID int64) ([]flows.Invite, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return nil, fmt.Errorf("open invites: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT id, role, created_by, expires_at, code_prefix FROM invites
		WHERE commune_id = ? AND used_by IS NULL AND expires_at > ? ORDER BY expires_at, id`, communeID, tx.now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("open invites: %w", err)
	}
	var out []flows.Invite
	for rows.Next() {
		inv := flows.Invite{CommuneID: communeID}
		var role string
		var by sql.NullInt64
		var expires int64
		if err := rows.Scan(&inv.ID, &role, &by, &expires, &inv.CodePrefix); err != nil {
			rows.Close()
			return nil, fmt.Errorf("open invites: %w", err)
		}
		inv.Role, inv.CreatedBy = flows.Role(role), by.Int64
		inv.ExpiresAt = fromMS(sql.NullInt64{Int64: expires, Valid: true})
		out = append(out, inv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("open invites: %w", err)
	}
	for i := range out {
		vs, err := tx.ids(ctx, `SELECT village_id FROM invite_villages WHERE invite_id = ? ORDER BY village_id`, out[i].ID)
		if err != nil {
			return nil, fmt.Errorf("open invites: %w", err)
		}
		out[i].Villages = vs
	}
	return out, nil
}
