package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"lamsach/flows"
)

// records runs a scoped record query: cond is extra conditions on r, then
// the actor's scope is added, then the tail (ORDER BY, LIMIT).
func (tx *Tx) records(ctx context.Context, actor flows.Actor, cond string, args []any, tail string, tailArgs ...any) ([]flows.Record, error) {
	q, scopeArgs := recordQuery(actor, cond, tail)
	all := append(append(append([]any{}, args...), scopeArgs...), tailArgs...)
	return queryAll(ctx, tx, scanRecord, q, all...)
}

// recordQuery is the text of a scoped record query, and the scope's
// arguments, which follow cond's.
func recordQuery(actor flows.Actor, cond, tail string) (string, []any) {
	scope, scopeArgs := recordScope(actor)
	return recordSelect + ` WHERE ` + cond + ` AND ` + scope + ` ` + tail, scopeArgs
}

// Queue returns up to limit records of the actor's scope waiting for a
// village review: returned ones first, then in upload order, skipping the
// ids in skip.
func (tx *Tx) Queue(ctx context.Context, actor flows.Actor, skip []int64, limit int) ([]flows.Record, error) {
	cond, args := queueCond(skip)
	if actor.Role != flows.RoleVillage || isOperator(actor) {
		recs, err := tx.records(ctx, actor, cond, args, queueOrder, limit)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		return recs, nil
	}
	// A village member's queue is read one village at a time: with the
	// village fixed, the records_village_queue index gives the records in
	// the queue's order, so a call reads only the few it returns, where a
	// query over all the member's villages read and sorted every waiting
	// record on every /next.
	villages, err := queryAll(ctx, tx, scanID, `SELECT village_id FROM member_villages WHERE member_id = ? ORDER BY village_id`, actor.MemberID)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	var recs []flows.Record
	for _, v := range villages {
		some, err := tx.records(ctx, actor, `r.village_id = ? AND `+cond, append([]any{v}, args...), queueOrder, limit)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		recs = append(recs, some...)
	}
	if len(villages) > 1 {
		slices.SortFunc(recs, func(a, b flows.Record) int {
			ra, rb := a.State == flows.StateReturned, b.State == flows.StateReturned
			if ra != rb {
				if ra {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.ID, b.ID)
		})
		recs = recs[:min(limit, len(recs))]
	}
	return recs, nil
}

// queueOrder is the queue's order (the records_village_queue index's) and
// its LIMIT.
const queueOrder = `ORDER BY r.state = 'returned' DESC, r.id LIMIT ?`

// queueCond is the condition on the records waiting for a village review,
// skipping the ids in skip, and its arguments.
func queueCond(skip []int64) (string, []any) {
	// The states a village member reviews from, as the lifecycle says.
	cond := `r.state IN (` + stateList(flows.MoveFrom(flows.RoleVillage, flows.ActReview)) + `) AND r.village_id IS NOT NULL`
	var args []any
	if len(skip) > 0 {
		cond += ` AND r.id NOT IN (` + params(len(skip)) + `)`
		for _, id := range skip {
			args = append(args, id)
		}
	}
	return cond, args
}

// scanID reads a row of one id.
func scanID(r scanner) (int64, error) {
	var id int64
	return id, r.Scan(&id)
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
	// Grouped by the columns themselves (NULL is village 0 below), so the
	// counts come in the queue index's order, with no sorting.
	out, err := tx.countStates(ctx, `SELECT r.village_id, r.state, count(*) FROM records r
		WHERE `+scope+` GROUP BY r.village_id, r.state`, args...)
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
		var village sql.NullInt64 // NULL: not assigned, village 0
		var state string
		var n int
		if err := rows.Scan(&village, &state, &n); err != nil {
			return nil, err
		}
		if out[village.Int64] == nil {
			out[village.Int64] = map[flows.State]int{}
		}
		out[village.Int64][flows.State(state)] += n
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
