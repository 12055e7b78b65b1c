package store

import (
	"context"
	"fmt"

	"lamsach/flows"
)

// PoliceQueue returns up to limit records of the police member's commune
// that a village reviewed and the police have not yet checked, oldest
// review first, skipping the ids in skip. The operator sees every commune's.
func (tx *Tx) PoliceQueue(ctx context.Context, actor flows.Actor, skip []int64, limit int) ([]flows.Record, error) {
	if !isOperator(actor) {
		// Said plainly rather than left to the scope, which would answer a
		// revoked officer with an empty queue, as if all were done.
		if err := tx.authorize(ctx, actor, actor.CommuneID, flows.RolePolice); err != nil {
			return nil, fmt.Errorf("police queue: %w", err)
		}
	}
	cond := `r.state IN (` + stateList(flows.MoveFrom(flows.RolePolice, flows.ActConfirm)) + `)`
	var args []any
	if len(skip) > 0 {
		cond += ` AND r.id NOT IN (` + params(len(skip)) + `)`
		for _, id := range skip {
			args = append(args, id)
		}
	}
	// A record reviewed without a time (set by hand) sorts first rather
	// than never.
	recs, err := tx.records(ctx, actor, cond, args, `ORDER BY coalesce(r.reviewed_at, 0), r.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("police queue: %w", err)
	}
	return recs, nil
}

// Recipients returns the active members of a commune with role who have a
// Telegram chat, by id: for role village only those assigned to village
// villageID. The police use it to tell a village its record came back and
// the station that a handover is signed. The operator and the commune's
// active police members may ask: names are personal data.
func (tx *Tx) Recipients(ctx context.Context, actor flows.Actor, communeID int64, role flows.Role, villageID int64) ([]flows.Member, error) {
	fail := func(err error) ([]flows.Member, error) { return nil, fmt.Errorf("recipients: %w", err) }
	if err := tx.authorize(ctx, actor, communeID, flows.RolePolice); err != nil {
		return fail(err)
	}
	q := `SELECT ` + memberColumns + ` FROM members WHERE commune_id = ? AND role = ? AND active = 1
		AND telegram_id IS NOT NULL`
	args := []any{communeID, string(role)}
	if role == flows.RoleVillage {
		q += ` AND id IN (SELECT member_id FROM member_villages WHERE village_id = ?)`
		args = append(args, villageID)
	}
	rows, err := tx.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return fail(err)
	}
	var out []flows.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return fail(err)
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	for i := range out {
		if err := tx.withVillages(ctx, &out[i]); err != nil {
			return fail(err)
		}
	}
	return out, nil
}
