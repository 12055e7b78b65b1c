package store

import (
	"context"
	"fmt"
	"strings"

	"lamsach/flows"
)

// records runs a scoped record query: cond is extra conditions on r, then
// the actor's scope is added, then the tail (ORDER BY, LIMIT).
func (tx *Tx) records(ctx context.Context, actor flows.Actor, cond string, args []any, tail string, tailArgs ...any) ([]flows.Record, error) {
	scope, scopeArgs := recordScope(actor)
	q := recordSelect + ` WHERE ` + cond + ` AND ` + scope + ` ` + tail
	all := append(append(append([]any{}, args...), scopeArgs...), tailArgs...)
	return queryAll(ctx, tx, scanRecord, q, all...)
}

// Queue returns up to limit records of the actor's scope waiting for a
// village review: returned ones first, then in upload order, skipping the
// ids in skip.
func (tx *Tx) Queue(ctx context.Context, actor flows.Actor, skip []int64, limit int) ([]flows.Record, error) {
	// The states a village member reviews from, as the lifecycle says.
	cond := `r.state IN (` + stateList(flows.MoveFrom(flows.RoleVillage, flows.ActReview)) + `) AND r.village_id IS NOT NULL`
	var args []any
	if len(skip) > 0 {
		cond += ` AND r.id NOT IN (` + params(len(skip)) + `)`
		for _, id := range skip {
			args = append(args, id)
		}
	}
	recs, err := tx.records(ctx, actor, cond, args, `ORDER BY r.state = 'returned' DESC, r.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return recs, nil
}

// StateQueue returns up to limit records of the actor's scope in state,
// oldest change first (the police's review queue, the signing list…).
func (tx *Tx) StateQueue(ctx context.Context, actor flows.Actor, state flows.State, skip []int64, limit int) ([]flows.Record, error) {
	cond := `r.state = ?`
	args := []any{string(state)}
	if len(skip) > 0 {
		cond += ` AND r.id NOT IN (` + params(len(skip)) + `)`
		for _, id := range skip {
			args = append(args, id)
		}
	}
	recs, err := tx.records(ctx, actor, cond, args, `ORDER BY r.updated_at, r.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("state queue: %w", err)
	}
	return recs, nil
}

// Counts returns how many records of the actor's scope are in each state,
// per village (0: not assigned to a village).
func (tx *Tx) Counts(ctx context.Context, actor flows.Actor) (map[int64]map[flows.State]int, error) {
	scope, args := recordScope(actor)
	out, err := tx.countStates(ctx, `SELECT coalesce(r.village_id, 0), r.state, count(*) FROM records r
		WHERE `+scope+` GROUP BY 1, 2`, args...)
	if err != nil {
		return nil, fmt.Errorf("counts: %w", err)
	}
	return out, nil
}

// countStates runs a query returning (village, state, count) rows and
// gathers them per village.
func (tx *Tx) countStates(ctx context.Context, query string, args ...any) (map[int64]map[flows.State]int, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[flows.State]int{}
	for rows.Next() {
		var village int64
		var state string
		var n int
		if err := rows.Scan(&village, &state, &n); err != nil {
			return nil, err
		}
		if out[village] == nil {
			out[village] = map[flows.State]int{}
		}
		out[village][flows.State(state)] = n
	}
	return out, rows.Err()
}

// FindRecords finds records of the actor's scope whose search key contains
// nameKey (already a vn.NameKey), or whose ID number contains digits.
func (tx *Tx) FindRecords(ctx context.Context, actor flows.Actor, nameKey, digits string, limit int) ([]flows.Record, error) {
	var cond string
	var args []any
	switch {
	case digits != "":
		cond, args = `instr(r.id_number, ?) > 0`, []any{digits}
	case strings.TrimSpace(nameKey) != "":
		cond, args = `instr(r.name_key, ?) > 0`, []any{nameKey}
	default:
		return nil, nil
	}
	recs, err := tx.records(ctx, actor, cond, args, `ORDER BY r.name_key, r.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("find records: %w", err)
	}
	return recs, nil
}
