package store

import (
	"context"
	"fmt"
	"strings"

	"lamsach/flows"
)

// stateList is states as SQL string literals for an IN (…) list. States
// are the program's own constants, never people's text.
func stateList(states []flows.State) string {
	q := make([]string, len(states))
	for i, s := range states {
		q[i] = "'" + string(s) + "'"
	}
	return strings.Join(q, ", ")
}

// setColumn is one more column a move writes, with how the audit log
// names it and shows the new value.
type setColumn struct {
	column string
	value  any
	field  string // audit field name
	text   string // audit value
}

// move is an action done to many records in one statement: signing,
// exporting, entering, a verification result, an assignment.
type move struct {
	commune int64
	act     flows.Action
	where   string // condition on records aliased r, without the state
	args    []any
	set     []setColumn
	src     flows.Source
	reason  string
}

// moveRecords moves every record that matches m.where, is in a state
// m.act applies to for the actor's role (flows.Lifecycle) and is in the
// actor's scope: one UPDATE sets the new state, m.set's columns, the
// version and the time, and each record gets its audit entries. It returns
// the ids moved, in id order. An action the role never makes is
// flows.ErrForbidden.
func (tx *Tx) moveRecords(ctx context.Context, actor flows.Actor, m move) ([]int64, error) {
	from := flows.MoveFrom(actor.Role, m.act)
	if len(from) == 0 {
		return nil, flows.ErrForbidden
	}
	to := flows.MoveTo(m.act)
	cond, scope := recordScope(actor)
	where := m.where + " AND r.state IN (" + stateList(from) + ") AND " + cond
	whereArgs := append(append([]any{}, m.args...), scope...)
	type moved struct {
		id    int64
		state string
	}
	recs, err := queryAll(ctx, tx, func(s scanner) (moved, error) {
		var r moved
		return r, s.Scan(&r.id, &r.state)
	}, `SELECT r.id, r.state FROM records r WHERE `+where+` ORDER BY r.id`, whereArgs...)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	sets := "state = ?, version = version + 1, updated_at = ?"
	args := []any{string(to), tx.now.UnixMilli()}
	for _, s := range m.set {
		sets += ", " + s.column + " = ?"
		args = append(args, s.value)
	}
	res, err := tx.exec(ctx, `UPDATE records AS r SET `+sets+` WHERE `+where, append(args, whereArgs...)...)
	if err != nil {
		return nil, err
	}
	// The write transaction holds the database since the SELECT: the
	// UPDATE meets the same set, or something is badly wrong.
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if int(n) != len(recs) {
		return nil, fmt.Errorf("%s: moved %d records, read %d: %w", m.act, n, len(recs), flows.ErrConflict)
	}
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.id
		changes := append([]change{{"state", r.state, string(to)}}, setChanges(m.set)...)
		for _, c := range changes {
			err := tx.record(ctx, actor, flows.AuditEntry{CommuneID: m.commune, RecordID: r.id, Action: "record.update",
				Field: c.field, Old: c.old, New: c.new, Source: m.src, Reason: m.reason})
			if err != nil {
				return nil, err
			}
		}
	}
	return ids, nil
}

func setChanges(set []setColumn) []change {
	out := make([]change, len(set))
	for i, s := range set {
		out[i] = change{s.field, "", s.text}
	}
	return out
}
