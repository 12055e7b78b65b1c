package store

import (
	"context"
	"fmt"
	"strconv"

	"lamsach/flows"
)

// UnassignedTexts returns, for the commune's records that have no village,
// each village text the uploaded list wrote with its count, largest group
// first. The operator and the commune's coordinators may ask.
func (tx *Tx) UnassignedTexts(ctx context.Context, actor flows.Actor, communeID int64) ([]flows.VillageText, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return nil, fmt.Errorf("unassigned texts: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT village_text, count(*) FROM records r
		WHERE commune_id = ? AND village_id IS NULL AND `+published+` GROUP BY village_text ORDER BY 2 DESC, 1`, communeID)
	if err != nil {
		return nil, fmt.Errorf("unassigned texts: %w", err)
	}
	defer rows.Close()
	var out []flows.VillageText
	for rows.Next() {
		var g flows.VillageText
		if err := rows.Scan(&g.Text, &g.Count); err != nil {
			return nil, fmt.Errorf("unassigned texts: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unassigned texts: %w", err)
	}
	return out, nil
}

// AssignVillage gives every record of the commune that has no village and
// whose village text is one of texts the village villageID, and returns
// how many it moved. Records still "imported" become "assigned" (ready for
// review); records somehow further along keep their state. The operator
// and the commune's coordinators may.
//
// Each record's version goes up and it gets the same audit entries a
// single update would (village, and state when it changes), so a person's
// history shows when their record reached the village. That is two rows
// per record; a group is at most the commune's unassigned records, and the
// chain is appended in one transaction.
func (tx *Tx) AssignVillage(ctx context.Context, actor flows.Actor, communeID int64, texts []string, villageID int64) (int, error) {
	fail := func(err error) (int, error) { return 0, fmt.Errorf("assign village: %w", err) }
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return fail(err)
	}
	if err := tx.checkVillage(ctx, communeID, villageID); err != nil {
		return fail(err)
	}
	if len(texts) == 0 {
		return 0, nil
	}
	cond := `commune_id = ? AND village_id IS NULL AND village_text IN (` + params(len(texts)) + `) AND ` + published
	args := []any{communeID}
	for _, s := range texts {
		args = append(args, s)
	}
	// Records still "imported" become "assigned" through the lifecycle,
	// which also gives them the village; the rest only change village.
	village := strconv.FormatInt(villageID, 10)
	assigned, err := tx.moveRecords(ctx, actor, move{commune: communeID, act: flows.ActAssign, where: cond, args: args,
		set: []setColumn{{"village_id", villageID, "village", village}}, src: sourceOf(actor), reason: "assign"})
	if err != nil {
		return fail(err)
	}
	rest, err := tx.ids(ctx, `SELECT id FROM records r WHERE `+cond+` ORDER BY id`, args...)
	if err != nil {
		return fail(err)
	}
	if _, err := tx.exec(ctx, `UPDATE records AS r SET village_id = ?, version = version + 1, updated_at = ? WHERE `+cond,
		append([]any{villageID, tx.now.UnixMilli()}, args...)...); err != nil {
		return fail(err)
	}
	for _, id := range rest {
		err := tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, RecordID: id, Action: "record.update",
			Field: "village", New: village, Reason: "assign", Source: sourceOf(actor)})
		if err != nil {
			return fail(err)
		}
	}
	return len(assigned) + len(rest), nil
}
