package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"lamsach/flows"
)

// CreateVillage adds a village to a commune. The operator and the commune's
// coordinators may. A name that matches another village of the commune
// ignoring case and diacritics is flows.ErrExists.
func (tx *Tx) CreateVillage(ctx context.Context, actor flows.Actor, communeID int64, name string) (flows.Village, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return flows.Village{}, fmt.Errorf("create village: %w", err)
	}
	if _, err := tx.Commune(ctx, communeID); err != nil {
		return flows.Village{}, fmt.Errorf("create village: %w", err)
	}
	v := flows.Village{CommuneID: communeID, Name: cleanName(name)}
	if v.Name == "" {
		return v, errors.New("create village: empty name")
	}
	res, err := tx.exec(ctx, `INSERT INTO villages (commune_id, name, name_key, created_at) VALUES (?, ?, ?, ?)`,
		communeID, v.Name, nameKey(v.Name), tx.now.UnixMilli())
	if isUnique(err) {
		return flows.Village{}, fmt.Errorf("create village: %w", flows.ErrExists)
	}
	if err != nil {
		return flows.Village{}, fmt.Errorf("create village: %w", err)
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return flows.Village{}, fmt.Errorf("create village: %w", err)
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, Action: "village.create", Field: "name",
		New: v.Name, Source: sourceOf(actor)})
	if err != nil {
		return flows.Village{}, fmt.Errorf("create village: %w", err)
	}
	return v, nil
}

const villageColumns = `id, commune_id, name`

func scanVillage(row interface{ Scan(...any) error }) (flows.Village, error) {
	var v flows.Village
	err := row.Scan(&v.ID, &v.CommuneID, &v.Name)
	return v, err
}

// Villages returns the commune's current villages (merged ones left out),
// by name.
func (tx *Tx) Villages(ctx context.Context, communeID int64) ([]flows.Village, error) {
	out, err := queryAll(ctx, tx, scanVillage, `SELECT `+villageColumns+` FROM villages
		WHERE commune_id = ? AND merged_into IS NULL ORDER BY name_key, id`, communeID)
	if err != nil {
		return nil, fmt.Errorf("villages: %w", err)
	}
	return out, nil
}

// VillageByName finds a current village of the commune by name, ignoring
// case, diacritics and extra spaces, or returns flows.ErrNotFound.
func (tx *Tx) VillageByName(ctx context.Context, communeID int64, name string) (flows.Village, error) {
	v, err := scanVillage(tx.queryRow(ctx, `SELECT `+villageColumns+` FROM villages
		WHERE commune_id = ? AND name_key = ? AND merged_into IS NULL`, communeID, nameKey(name)))
	if errors.Is(err, sql.ErrNoRows) {
		err = flows.ErrNotFound
	}
	if err != nil {
		return flows.Village{}, fmt.Errorf("village by name: %w", err)
	}
	return v, nil
}

// Village returns the village with id, or flows.ErrNotFound.
func (tx *Tx) Village(ctx context.Context, id int64) (flows.Village, error) {
	v, err := scanVillage(tx.queryRow(ctx, `SELECT `+villageColumns+` FROM villages WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = flows.ErrNotFound
	}
	if err != nil {
		return flows.Village{}, fmt.Errorf("village: %w", err)
	}
	return v, nil
}
