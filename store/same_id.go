package store

import (
	"context"
	"encoding/json"
	"fmt"

	"lamsach/flows"
)

// SameID returns the other records of the actor's commune whose ID number
// is number (never record exclude), oldest first, with only what a card
// may say about them: the name, the village and the state. Any member of
// the commune may ask, a village member about records of other villages
// too: a duplicate is what they must know before saving (the card masks
// the name). An empty number has no duplicates.
func (tx *Tx) SameID(ctx context.Context, actor flows.Actor, number string, exclude int64) ([]flows.Twin, error) {
	if number == "" {
		return nil, nil
	}
	if err := tx.authorize(ctx, actor, actor.CommuneID, flows.MemberRoles...); err != nil {
		return nil, fmt.Errorf("same id: %w", err)
	}
	recs, err := queryAll(ctx, tx, func(s scanner) (flows.Twin, error) {
		var r flows.Twin
		var state string
		err := s.Scan(&r.ID, &r.Name, &r.Village, &state)
		r.State = flows.State(state)
		return r, err
	}, `SELECT r.id, r.name, coalesce(v.name, ''), r.state FROM records r LEFT JOIN villages v ON v.id = r.village_id
		WHERE r.commune_id = ? AND r.id_number = ? AND r.id <> ? AND `+published+` ORDER BY r.id LIMIT 5`, actor.CommuneID, number, exclude)
	if err != nil {
		return nil, fmt.Errorf("same id: %w", err)
	}
	return recs, nil
}

// jsonIDs is a list of ids as one JSON parameter, read in SQL with
// json_each: one bound value however long the list.
func jsonIDs(ids []int64) (string, error) {
	if ids == nil {
		ids = []int64{}
	}
	b, err := json.Marshal(ids)
	return string(b), err
}

// SharedIDs returns, of the given records, those whose ID number another
// record of the commune also holds: the handover and the edit list mark
// them. The operator and the commune's police, station and coordinators
// may ask.
func (tx *Tx) SharedIDs(ctx context.Context, actor flows.Actor, communeID int64, ids []int64) (map[int64]bool, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RolePolice, flows.RoleStation, flows.RoleCoordinator); err != nil {
		return nil, fmt.Errorf("shared ids: %w", err)
	}
	list, err := jsonIDs(ids)
	if err != nil {
		return nil, fmt.Errorf("shared ids: %w", err)
	}
	shared, err := tx.ids(ctx, `SELECT r.id FROM records r WHERE r.id IN (SELECT value FROM json_each(?))
		AND r.id_number <> '' AND EXISTS (SELECT 1 FROM records o WHERE o.commune_id = r.commune_id
		AND o.id_number = r.id_number AND o.id <> r.id AND `+publishedAs("o")+`)`, list)
	if err != nil {
		return nil, fmt.Errorf("shared ids: %w", err)
	}
	out := make(map[int64]bool, len(shared))
	for _, id := range shared {
		out[id] = true
	}
	return out, nil
}
