package store

import (
	"context"
	"database/sql"
	"fmt"

	"lamsach/flows"
)

// verifiable is the condition on a record's state for the records the
// platform's verification list speaks of: exported or entered, or already
// judged by an earlier list (a later list may change its mind).
const verifiable = `(state = 'exported' OR state = 'entered' OR state = 'verified' OR state = 'still_wrong')`

// MatchVerification finds, for each row key of a verification list, the
// commune's record it names among the verifiable ones: by platform code,
// else by ID number (narrowed by name when the ID is shared), else by name
// key and date of birth. A key that names several records matches none and
// says so. The operator and the commune's station may ask.
func (tx *Tx) MatchVerification(ctx context.Context, actor flows.Actor, communeID int64, keys []flows.VerifyKey) ([]flows.VerifyMatch, error) {
	fail := func(err error) ([]flows.VerifyMatch, error) { return nil, fmt.Errorf("match verification: %w", err) }
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return fail(err)
	}
	const head = `SELECT id, state FROM records WHERE commune_id = ? AND ` + verifiable + ` AND `
	queries := []string{
		head + `code = ? LIMIT 2`,
		head + `id_number = ? LIMIT 2`,
		head + `id_number = ? AND name_key = ? LIMIT 2`,
		head + `name_key = ? AND dob = ? LIMIT 2`,
	}
	stmts := make([]*sql.Stmt, len(queries))
	for i, q := range queries {
		s, err := tx.tx.PrepareContext(ctx, q)
		if err != nil {
			return fail(err)
		}
		defer s.Close()
		stmts[i] = s
	}
	byCode, byID, byIDName, byPerson := stmts[0], stmts[1], stmts[2], stmts[3]
	decided := func(m flows.VerifyMatch, err error) bool { return err != nil || m.RecordID != 0 || m.Ambiguous }
	match := func(k flows.VerifyKey) (flows.VerifyMatch, error) {
		if k.Code != "" {
			if m, err := matchOne(ctx, byCode, communeID, k.Code); decided(m, err) {
				return m, err
			}
		}
		if k.ID != "" {
			m, err := matchOne(ctx, byID, communeID, k.ID)
			if err == nil && m.Ambiguous && k.NameKey != "" {
				m, err = matchOne(ctx, byIDName, communeID, k.ID, k.NameKey)
			}
			if decided(m, err) {
				return m, err
			}
		}
		if k.NameKey != "" && k.DOB != "" {
			return matchOne(ctx, byPerson, communeID, k.NameKey, k.DOB)
		}
		return flows.VerifyMatch{}, nil
	}
	out := make([]flows.VerifyMatch, len(keys))
	for i, k := range keys {
		m, err := match(k)
		if err != nil {
			return fail(err)
		}
		out[i] = m
	}
	return out, nil
}

// matchOne runs one of the match queries: one row is a match, two are
// ambiguous, none is no match.
func matchOne(ctx context.Context, stmt *sql.Stmt, args ...any) (flows.VerifyMatch, error) {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return flows.VerifyMatch{}, err
	}
	defer rows.Close()
	var found []flows.VerifyMatch
	for rows.Next() {
		var m flows.VerifyMatch
		var state string
		if err := rows.Scan(&m.RecordID, &state); err != nil {
			return flows.VerifyMatch{}, err
		}
		m.State = flows.State(state)
		found = append(found, m)
	}
	if err := rows.Err(); err != nil {
		return flows.VerifyMatch{}, err
	}
	switch len(found) {
	case 0:
		return flows.VerifyMatch{}, nil
	case 1:
		return found[0], nil
	}
	return flows.VerifyMatch{Ambiguous: true}, nil
}

// ApplyVerification sets each record's state from the verification list:
// verified or still wrong. A record of another commune, no longer
// verifiable, or already in that state is left as it is. Each change goes
// one version up with an audit entry carrying reason. It returns how many
// records changed. The operator and the commune's station may.
func (tx *Tx) ApplyVerification(ctx context.Context, actor flows.Actor, communeID int64, changes []flows.VerifyChange, reason string) (int, error) {
	fail := func(err error) (int, error) { return 0, fmt.Errorf("apply verification: %w", err) }
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation); err != nil {
		return fail(err)
	}
	n := 0
	for _, c := range changes {
		if c.State != flows.StateVerified && c.State != flows.StateStillWrong {
			return fail(fmt.Errorf("record %d: state %q is not a verification result", c.RecordID, c.State))
		}
		act := flows.ActVerified
		if c.State == flows.StateStillWrong {
			act = flows.ActStillWrong
		}
		moved, err := tx.moveRecords(ctx, actor, move{commune: communeID, act: act,
			where: `r.id = ? AND r.commune_id = ?`, args: []any{c.RecordID, communeID}, src: flows.SourceSheet, reason: reason})
		if err != nil {
			return fail(err)
		}
		if len(moved) == 0 {
			continue // another commune's, no longer verifiable, or already so
		}
		n++
	}
	return n, nil
}
