package store

import (
	"context"
	"fmt"
	"time"

	"lamsach/flows"
)

// CommuneCounts returns how many of the commune's records are in each
// state, per village (0: no village). Unlike Counts it names the commune,
// so the operator (the clock's reminders) gets one commune, not all. The
// operator and the commune's coordinators and station members may ask:
// counts carry no personal data.
func (tx *Tx) CommuneCounts(ctx context.Context, actor flows.Actor, communeID int64) (map[int64]map[flows.State]int, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator, flows.RoleStation); err != nil {
		return nil, fmt.Errorf("commune counts: %w", err)
	}
	out, err := tx.countStates(ctx, `SELECT coalesce(village_id, 0), state, count(*) FROM records r
		WHERE commune_id = ? AND `+published+` GROUP BY 1, 2`, communeID)
	if err != nil {
		return nil, fmt.Errorf("commune counts: %w", err)
	}
	return out, nil
}

// DueReminders returns the communes whose daily reminder for day (a local
// date, yyyy-mm-dd) is still to send: a deadline not before since (the
// start of that day), no reminder recorded for day, and records someone
// has to act on (waiting for a village, the police or the station). Only
// the operator (the clock acts as the operator) may ask.
func (tx *Tx) DueReminders(ctx context.Context, actor flows.Actor, day string, since time.Time) ([]flows.Commune, error) {
	if !isOperator(actor) {
		return nil, fmt.Errorf("due reminders: %w", flows.ErrForbidden)
	}
	rows, err := tx.query(ctx, `SELECT `+communeColumns+` FROM communes c
		WHERE c.deadline IS NOT NULL AND c.deadline >= ?
		AND NOT EXISTS (SELECT 1 FROM reminders m WHERE m.commune_id = c.id AND m.day = ?)
		AND EXISTS (SELECT 1 FROM records r WHERE r.commune_id = c.id AND (r.state = 'assigned'
			OR r.state = 'returned' OR r.state = 'reviewed' OR r.state = 'confirmed' OR r.state = 'signed') AND `+published+`)
		ORDER BY c.id`, since.UnixMilli(), day)
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	defer rows.Close()
	var out []flows.Commune
	for rows.Next() {
		c, err := scanCommune(rows)
		if err != nil {
			return nil, fmt.Errorf("due reminders: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	return out, nil
}

// ClaimReminder records that the commune's reminder for day goes out now.
// It returns false, writing nothing, when one was already recorded for
// that day: the reminders table's key is what keeps a restart, or two
// replicas, from nudging people twice. The operator and the commune's
// coordinators may.
func (tx *Tx) ClaimReminder(ctx context.Context, actor flows.Actor, communeID int64, day string) (bool, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return false, fmt.Errorf("claim reminder: %w", err)
	}
	res, err := tx.exec(ctx, `INSERT OR IGNORE INTO reminders (commune_id, day, sent_at) VALUES (?, ?, ?)`,
		communeID, day, tx.now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("claim reminder: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim reminder: %w", err)
	}
	return n == 1, nil
}
