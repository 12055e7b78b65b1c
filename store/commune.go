package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"lamsach/flows"
)

// CreateCommune adds a commune. Only the operator may. The name is cleaned
// of extra spaces; a name that matches an existing commune or facility
// ignoring case, diacritics and tone placement is flows.ErrExists.
func (tx *Tx) CreateCommune(ctx context.Context, actor flows.Actor, name string) (flows.Commune, error) {
	c, err := tx.createUnit(ctx, actor, name, flows.KindCommune)
	if err != nil {
		return flows.Commune{}, fmt.Errorf("create commune: %w", err)
	}
	return c, nil
}

// createUnit adds a commune or a facility of kind: both are rows of the
// communes table, so members, invites and the audit log treat them alike.
func (tx *Tx) createUnit(ctx context.Context, actor flows.Actor, name string, kind flows.CommuneKind) (flows.Commune, error) {
	if !isOperator(actor) {
		return flows.Commune{}, flows.ErrForbidden
	}
	c := flows.Commune{Name: cleanName(name), Kind: kind, Created: tx.now}
	if c.Name == "" {
		return c, errors.New("empty name")
	}
	res, err := tx.exec(ctx, `INSERT INTO communes (name, name_key, kind, created_at) VALUES (?, ?, ?, ?)`,
		c.Name, nameKey(c.Name), string(kind), tx.now.UnixMilli())
	if isUnique(err) {
		return flows.Commune{}, flows.ErrExists
	}
	if err != nil {
		return flows.Commune{}, err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return flows.Commune{}, err
	}
	e := flows.AuditEntry{CommuneID: c.ID, Action: "commune.create", Field: "name", New: c.Name, Source: sourceOf(actor)}
	if kind != flows.KindCommune {
		e.Action, e.Reason = "facility.create", "kind "+string(kind)
	}
	if err := tx.record(ctx, actor, e); err != nil {
		return flows.Commune{}, err
	}
	return c, nil
}

const communeColumns = `id, name, deadline, kind, created_at`

func scanCommune(row interface{ Scan(...any) error }) (flows.Commune, error) {
	var c flows.Commune
	var deadline sql.NullInt64
	var created int64
	err := row.Scan(&c.ID, &c.Name, &deadline, &c.Kind, &created)
	c.Deadline = fromMS(deadline)
	c.Created = fromMS(sql.NullInt64{Int64: created, Valid: true})
	return c, err
}

// Commune returns the commune with id, or flows.ErrNotFound.
func (tx *Tx) Commune(ctx context.Context, id int64) (flows.Commune, error) {
	c, err := scanCommune(tx.queryRow(ctx, `SELECT `+communeColumns+` FROM communes WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = flows.ErrNotFound
	}
	if err != nil {
		return flows.Commune{}, fmt.Errorf("commune: %w", err)
	}
	return c, nil
}

// CommuneByName finds a commune by name, ignoring case, diacritics and
// extra spaces, or returns flows.ErrNotFound.
func (tx *Tx) CommuneByName(ctx context.Context, name string) (flows.Commune, error) {
	c, err := scanCommune(tx.queryRow(ctx, `SELECT `+communeColumns+` FROM communes WHERE name_key = ?`, nameKey(name)))
	if errors.Is(err, sql.ErrNoRows) {
		err = flows.ErrNotFound
	}
	if err != nil {
		return flows.Commune{}, fmt.Errorf("commune by name: %w", err)
	}
	return c, nil
}

// Communes returns every commune, by name; facilities are not communes
// (see Facilities).
func (tx *Tx) Communes(ctx context.Context) ([]flows.Commune, error) {
	out, err := queryAll(ctx, tx, scanCommune, `SELECT `+communeColumns+` FROM communes WHERE kind = 'commune'
		ORDER BY name_key, id`)
	if err != nil {
		return nil, fmt.Errorf("communes: %w", err)
	}
	return out, nil
}

// SetDeadline sets the commune's deadline (the zero time clears it). The
// operator and the commune's coordinators may.
func (tx *Tx) SetDeadline(ctx context.Context, actor flows.Actor, communeID int64, t time.Time) error {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	old, err := tx.Commune(ctx, communeID)
	if err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	t = stamp(t)
	if t.Equal(old.Deadline) {
		return nil
	}
	if _, err := tx.exec(ctx, `UPDATE communes SET deadline = ? WHERE id = ?`, ms(t), communeID); err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, Action: "commune.deadline", Field: "deadline",
		Old: timeText(old.Deadline), New: timeText(t), Source: sourceOf(actor)})
	if err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	return nil
}

// timeText is a time as the audit log shows it.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// sourceOf guesses where an administrative change came from: the operator
// works from the command line, members from the chat.
func sourceOf(a flows.Actor) flows.Source {
	if isOperator(a) {
		return flows.SourceCLI
	}
	return flows.SourceChat
}
