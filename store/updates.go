package store

import (
	"context"
	"fmt"
	"time"

	"lamsach/flows"
)

// UpdateRetention is how long a handled update's id is remembered. It must
// outlast every redelivery: Telegram keeps an unconfirmed update for 24
// hours from its date, and the update is handled after its date. It must
// also end well within a week: after a week without updates Telegram may
// start the ids again from a random number, and a new update must never be
// taken for an old one. An id older than this counts as new.
const UpdateRetention = 72 * time.Hour

// poisonRetention is how long the record of a set-aside update is kept
// for an operator to look at.
const poisonRetention = 30 * 24 * time.Hour

// MarkUpdate records, in the update's own transaction, that a Telegram
// update is handled. It returns false when the update was handled before
// (within UpdateRetention): the caller must then change nothing, which
// makes a redelivered update a no-op however late it comes. On its way it
// forgets a few ids past their retention.
func (tx *Tx) MarkUpdate(ctx context.Context, updateID int64) (bool, error) {
	now := tx.now.UnixMilli()
	res, err := tx.exec(ctx, `INSERT INTO processed_updates (update_id, handled_at, outcome)
		VALUES (?1, ?2, 'ok') ON CONFLICT (update_id) DO UPDATE SET handled_at = ?2, outcome = 'ok'
		WHERE processed_updates.handled_at <= ?3`, updateID, now, now-UpdateRetention.Milliseconds())
	if err != nil {
		return false, fmt.Errorf("mark update: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark update: %w", err)
	}
	// One update in 16 sweeps (ids mostly come in sequence), so the cost
	// spreads thin while the sweep still outpaces the inserts.
	if updateID%16 == 0 {
		_, err = tx.exec(ctx, `DELETE FROM processed_updates WHERE update_id IN (
			SELECT update_id FROM processed_updates WHERE handled_at <= ? LIMIT ?)`, now-UpdateRetention.Milliseconds(), sweepBatch)
		if err != nil {
			return false, fmt.Errorf("mark update: %w", err)
		}
	}
	return n == 1, nil
}

// ForgetUpdates deletes every handled-update id past UpdateRetention and
// every record of a set-aside update past its own retention. MarkUpdate
// does it a few at a time; this is for a periodic job, so the ids are
// forgotten even while no update comes (a week of silence is when
// Telegram may restart its ids).
func (db *DB) ForgetUpdates(ctx context.Context) error {
	err := db.Update(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		_, err := tx.exec(ctx, `DELETE FROM processed_updates WHERE handled_at <= ?`, now-UpdateRetention.Milliseconds())
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM failed_updates WHERE last_at <= ?`, now-poisonRetention.Milliseconds())
		return err
	})
	if err != nil {
		return fmt.Errorf("forget updates: %w", err)
	}
	return nil
}

// MarkPoison records an update that failed again and again as handled, so
// it is never retried, and keeps the failure for inspection: the update
// id, its attempts, the class of the failure and where it happened, never
// the error's text or the update's content.
func (tx *Tx) MarkPoison(ctx context.Context, updateID int64, f flows.Fault) error {
	now := tx.now.UnixMilli()
	_, err := tx.exec(ctx, `INSERT INTO processed_updates (update_id, handled_at, outcome)
		VALUES (?, ?, 'poison') ON CONFLICT (update_id) DO UPDATE SET outcome = 'poison', handled_at = excluded.handled_at`, updateID, now)
	if err != nil {
		return fmt.Errorf("mark poison: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO failed_updates (update_id, attempts, last_error_class, op, first_at, last_at)
		VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT (update_id) DO UPDATE SET attempts = attempts + 1,
		last_error_class = excluded.last_error_class, op = excluded.op, last_at = excluded.last_at`,
		updateID, f.Class, f.Op, now, now)
	if err != nil {
		return fmt.Errorf("mark poison: %w", err)
	}
	return nil
}

// SetMemberLang saves the language a member chose.
func (tx *Tx) SetMemberLang(ctx context.Context, memberID int64, lang string) error {
	lang = langOf(lang)
	if _, err := tx.exec(ctx, `UPDATE members SET lang = ? WHERE id = ?`, lang, memberID); err != nil {
		return fmt.Errorf("set member lang: %w", err)
	}
	return nil
}
