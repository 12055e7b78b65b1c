package store

import (
	"context"
	"fmt"
)

// MarkUpdate records, in the update's own transaction, that a Telegram
// update is handled. It returns false when the update was handled before:
// the caller must then change nothing, which makes a redelivered update a
// no-op however late it comes.
func (tx *Tx) MarkUpdate(ctx context.Context, updateID int64) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO processed_updates (update_id, handled_at, outcome)
		VALUES (?, ?, 'ok') ON CONFLICT (update_id) DO NOTHING`, updateID, tx.now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("mark update: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark update: %w", err)
	}
	return n == 1, nil
}

// MarkPoison records an update that failed again and again as handled, so
// it is never retried, and keeps the failure for inspection: the update id,
// its attempts and the kind of error, never the update's content.
func (tx *Tx) MarkPoison(ctx context.Context, updateID int64, reason string) error {
	now := tx.now.UnixMilli()
	_, err := tx.exec(ctx, `INSERT INTO processed_updates (update_id, handled_at, outcome)
		VALUES (?, ?, 'poison') ON CONFLICT (update_id) DO UPDATE SET outcome = 'poison'`, updateID, now)
	if err != nil {
		return fmt.Errorf("mark poison: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO failed_updates (update_id, attempts, last_error_class, first_at, last_at)
		VALUES (?, 1, ?, ?, ?) ON CONFLICT (update_id) DO UPDATE SET attempts = attempts + 1,
		last_error_class = excluded.last_error_class, last_at = excluded.last_at`, updateID, reason, now, now)
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
