package store

import (
	"context"
	"fmt"

	"lamsach/flows"
)

// CreateFacility registers a facility of step 6 (ministry, other ministry,
// province or old district level): it signs vaccine passports and does not
// clean data. It is a communes row of its kind, so its members, invites
// and audit entries work as a commune's; names are unique across communes
// and facilities (flows.ErrExists). Only the operator may.
func (tx *Tx) CreateFacility(ctx context.Context, actor flows.Actor, name string, kind flows.CommuneKind) (flows.Commune, error) {
	if !kind.Facility() {
		return flows.Commune{}, fmt.Errorf("create facility: unknown kind %q", kind)
	}
	c, err := tx.createUnit(ctx, actor, name, kind)
	if err != nil {
		return flows.Commune{}, fmt.Errorf("create facility: %w", err)
	}
	return c, nil
}

// Facilities returns every facility, by name.
func (tx *Tx) Facilities(ctx context.Context) ([]flows.Commune, error) {
	out, err := queryAll(ctx, tx, scanCommune, `SELECT `+communeColumns+` FROM communes WHERE kind <> 'commune'
		ORDER BY name_key, id`)
	if err != nil {
		return nil, fmt.Errorf("facilities: %w", err)
	}
	return out, nil
}
