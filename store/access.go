package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"lamsach/flows"
)

// isOperator reports whether a is the command line's operator, who may do
// everything. A member can never be the operator: members have a commune.
func isOperator(a flows.Actor) bool {
	return a.Role == flows.RoleOperator && a.MemberID == 0 && a.CommuneID == 0
}

// authorize checks that actor may administer commune communeID in one of
// roles. Members are checked against the database, not only the Actor value
// the caller holds: a member revoked a moment ago, or whose role changed,
// loses the right at once.
func (tx *Tx) authorize(ctx context.Context, actor flows.Actor, communeID int64, roles ...flows.Role) error {
	if isOperator(actor) {
		return nil
	}
	if actor.MemberID == 0 || actor.CommuneID != communeID {
		return flows.ErrForbidden
	}
	allowed := false
	for _, r := range roles {
		allowed = allowed || r == actor.Role
	}
	if !allowed {
		return flows.ErrForbidden
	}
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM members WHERE id = ? AND commune_id = ? AND role = ? AND active = 1`,
		actor.MemberID, communeID, string(actor.Role)).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return flows.ErrForbidden
	}
	return nil
}

// recordScope returns a WHERE condition on the records table aliased r that
// is true only for the records actor may read and change, with its
// arguments. The scope is part of every record query, so a record out of
// scope is never loaded, not loaded and then refused.
//
// The member's commune, role and villages come from the database (joined
// by the member id), so a revoked member or a village taken away from a
// member stops giving access in the same moment.
func recordScope(a flows.Actor) (string, []any) {
	if isOperator(a) {
		return published, nil
	}
	if a.MemberID == 0 || !a.Role.Valid() {
		return "0", nil
	}
	// m.commune_id = ? rather than = r.commune_id: the same, since
	// r.commune_id = ?, but it leaves the member check uncorrelated, so
	// SQLite runs it once per query instead of once per record.
	cond := published + ` AND r.commune_id = ? AND EXISTS (SELECT 1 FROM members m WHERE m.id = ? AND m.commune_id = ?
		AND m.role = ? AND m.active = 1)`
	args := []any{a.CommuneID, a.MemberID, a.CommuneID, string(a.Role)}
	if a.Role == flows.RoleVillage {
		cond += ` AND r.village_id IN (SELECT village_id FROM member_villages WHERE member_id = ?)`
		args = append(args, a.MemberID)
	}
	return cond, args
}

// outOfScope explains why a record that the scoped query did not return is
// not there. A record of another commune is ErrNotFound, indistinguishable
// from one that does not exist (flows.ErrNotFound says so); a record of the
// actor's own commune that the actor may not touch (another village, not
// yet assigned, or the member was revoked) is ErrForbidden, so the bot can
// say "this record is not yours" instead of "gone".
func (tx *Tx) outOfScope(ctx context.Context, a flows.Actor, recordID int64) error {
	var commune int64
	err := tx.queryRow(ctx, `SELECT commune_id FROM records WHERE id = ?`, recordID).Scan(&commune)
	if errors.Is(err, sql.ErrNoRows) {
		return flows.ErrNotFound
	}
	if err != nil {
		return err
	}
	if isOperator(a) || a.MemberID == 0 || commune != a.CommuneID {
		return flows.ErrNotFound
	}
	return flows.ErrForbidden
}

// visible returns nil when actor may read record id, else why not.
func (tx *Tx) visible(ctx context.Context, actor flows.Actor, id int64) error {
	cond, args := recordScope(actor)
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM records r WHERE r.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return tx.outOfScope(ctx, actor, id)
	}
	return nil
}

// checkVillage makes sure village v belongs to commune c and is not merged.
func (tx *Tx) checkVillage(ctx context.Context, c, v int64) error {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM villages WHERE id = ? AND commune_id = ? AND merged_into IS NULL`, v, c).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("village %d: %w", v, flows.ErrNotFound)
	}
	return nil
}
