package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"lamsach/flows"
)

// currentVillage loads a village that is not merged away, with the
// commune it belongs to; flows.ErrNotFound otherwise.
func (tx *Tx) currentVillage(ctx context.Context, id int64) (flows.Village, error) {
	v, err := scanVillage(tx.queryRow(ctx, `SELECT `+villageColumns+` FROM villages
		WHERE id = ? AND merged_into IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = flows.ErrNotFound
	}
	return v, err
}

// RenameVillage gives a current village a new name. The operator and the
// village's commune's coordinators may. A name taken by another current
// village of the commune (ignoring case and diacritics) is flows.ErrExists;
// the same name with other diacritics ("Thon Dong" → "Thôn Đông") is a
// correction and allowed.
func (tx *Tx) RenameVillage(ctx context.Context, actor flows.Actor, villageID int64, name string) (flows.Village, error) {
	fail := func(err error) (flows.Village, error) { return flows.Village{}, fmt.Errorf("rename village: %w", err) }
	v, err := tx.currentVillage(ctx, villageID)
	if err != nil {
		return fail(err)
	}
	if err := tx.authorize(ctx, actor, v.CommuneID, flows.RoleCoordinator); err != nil {
		return fail(err)
	}
	name = cleanName(name)
	if name == "" {
		return fail(errors.New("empty name"))
	}
	if name == v.Name {
		return v, nil
	}
	_, err = tx.exec(ctx, `UPDATE villages SET name = ?, name_key = ? WHERE id = ?`, name, nameKey(name), v.ID)
	if isUnique(err) {
		return fail(flows.ErrExists)
	}
	if err != nil {
		return fail(err)
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: v.CommuneID, Action: "village.rename", Field: "name",
		Old: v.Name, New: name, Reason: "village " + strconv.FormatInt(v.ID, 10), Source: sourceOf(actor)})
	if err != nil {
		return fail(err)
	}
	v.Name = name
	return v, nil
}

// VillageUsage counts what hangs on a current village: its records, its
// active members and its unused invites. It is what a merge would move.
// The operator and the commune's coordinators may ask.
func (tx *Tx) VillageUsage(ctx context.Context, actor flows.Actor, villageID int64) (flows.VillageUsage, error) {
	v, err := tx.currentVillage(ctx, villageID)
	if err != nil {
		return flows.VillageUsage{}, fmt.Errorf("village usage: %w", err)
	}
	if err := tx.authorize(ctx, actor, v.CommuneID, flows.RoleCoordinator); err != nil {
		return flows.VillageUsage{}, fmt.Errorf("village usage: %w", err)
	}
	u, err := tx.usage(ctx, v.ID)
	if err != nil {
		return flows.VillageUsage{}, fmt.Errorf("village usage: %w", err)
	}
	return u, nil
}

func (tx *Tx) usage(ctx context.Context, villageID int64) (flows.VillageUsage, error) {
	var u flows.VillageUsage
	err := tx.queryRow(ctx, `SELECT
		(SELECT count(*) FROM records r WHERE village_id = ?1 AND `+published+`),
		(SELECT count(*) FROM member_villages mv JOIN members m ON m.id = mv.member_id
			WHERE mv.village_id = ?1 AND m.active = 1),
		(SELECT count(*) FROM invite_villages iv JOIN invites i ON i.id = iv.invite_id
			WHERE iv.village_id = ?1 AND i.used_by IS NULL)`, villageID).Scan(&u.Records, &u.Members, &u.Invites)
	return u, err
}

// MergeVillage merges village from into village into, both current
// villages of one commune: from's records, member assignments and unused
// invites move to into, and from is kept, marked merged_into, so the audit
// log and old lists still make sense. The operator and the commune's
// coordinators may. Each moved record's version goes up (an open card on
// it becomes stale) and gets its own audit entry, so a record's history
// shows the move; the merge itself gets one entry with the counts. The
// records of a list still staging move too, as if imported into the
// village: at version 1, with no entry of their own.
func (tx *Tx) MergeVillage(ctx context.Context, actor flows.Actor, from, into int64) (flows.VillageUsage, error) {
	fail := func(err error) (flows.VillageUsage, error) {
		return flows.VillageUsage{}, fmt.Errorf("merge village: %w", err)
	}
	if from == into {
		return fail(errors.New("a village cannot be merged into itself"))
	}
	src, err := tx.currentVillage(ctx, from)
	if err != nil {
		return fail(err)
	}
	if err := tx.authorize(ctx, actor, src.CommuneID, flows.RoleCoordinator); err != nil {
		return fail(err)
	}
	dst, err := tx.currentVillage(ctx, into)
	if err != nil {
		return fail(err)
	}
	if dst.CommuneID != src.CommuneID {
		// Another commune's village must look like no village at all.
		return fail(flows.ErrNotFound)
	}
	u, err := tx.usage(ctx, from)
	if err != nil {
		return fail(err)
	}
	if err := tx.moveVillageRecords(ctx, actor, src.CommuneID, from, into); err != nil {
		return fail(err)
	}
	// A member of both villages keeps one assignment: OR IGNORE skips the
	// duplicate, and the old row goes with the DELETE.
	for _, q := range []string{
		`INSERT OR IGNORE INTO member_villages (member_id, commune_id, village_id)
			SELECT member_id, commune_id, ?2 FROM member_villages WHERE village_id = ?1`,
		`DELETE FROM member_villages WHERE village_id = ?1`,
		// Used invites are history: they keep the village they were for.
		`INSERT OR IGNORE INTO invite_villages (invite_id, commune_id, village_id)
			SELECT iv.invite_id, iv.commune_id, ?2 FROM invite_villages iv JOIN invites i ON i.id = iv.invite_id
			WHERE iv.village_id = ?1 AND i.used_by IS NULL`,
		`DELETE FROM invite_villages WHERE village_id = ?1
			AND invite_id IN (SELECT id FROM invites WHERE used_by IS NULL)`,
		`UPDATE villages SET merged_into = ?2 WHERE id = ?1`,
	} {
		if _, err := tx.exec(ctx, q, from, into); err != nil {
			return fail(err)
		}
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: src.CommuneID, Action: "village.merge", Field: "merged_into",
		Old: src.Name, New: dst.Name, Source: sourceOf(actor),
		Reason: fmt.Sprintf("village %d into %d: %d records, %d members, %d invites", from, into, u.Records, u.Members, u.Invites)})
	if err != nil {
		return fail(err)
	}
	return u, nil
}

// moveVillageRecords moves village from's records to village into, both
// of commune communeID. Each moved record's version goes up, so an open
// card on it becomes stale, and the move gets an audit entry per record,
// so each record's history shows it.
func (tx *Tx) moveVillageRecords(ctx context.Context, actor flows.Actor, communeID, from, into int64) error {
	ids, err := tx.ids(ctx, `SELECT id FROM records r WHERE village_id = ? AND `+published+` ORDER BY id`, from)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE records AS r SET village_id = ?, version = version + (`+published+`), updated_at = ?
		WHERE village_id = ?`, into, tx.now.UnixMilli(), from); err != nil {
		return err
	}
	oldID, newID := strconv.FormatInt(from, 10), strconv.FormatInt(into, 10)
	for _, id := range ids {
		err := tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, RecordID: id, Action: "record.update",
			Field: "village", Old: oldID, New: newID, Reason: "merge", Source: sourceOf(actor)})
		if err != nil {
			return err
		}
	}
	return nil
}

// ids runs a query returning one id column.
func (tx *Tx) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	return queryAll(ctx, tx, func(s scanner) (id int64, err error) { return id, s.Scan(&id) }, query, args...)
}
