package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"lamsach/flows"
)

// Enqueue writes outgoing messages to the outbox in the update's
// transaction: they exist exactly when the update's changes do.
func (tx *Tx) Enqueue(ctx context.Context, updateID int64, outs []flows.Out) error {
	for _, o := range outs {
		payload, err := json.Marshal(o)
		if err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
		_, err = tx.exec(ctx, `INSERT INTO outbox (chat_id, kind, payload, update_id, created_at, not_before)
			VALUES (?, ?, ?, ?, ?, ?)`, o.ChatID, string(o.Kind), string(payload), nullID(updateID),
			tx.now.UnixMilli(), tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
	}
	return nil
}

// Outbox is the sender's view of the outbox: what to send next and what
// became of each attempt. Each method is its own short transaction.
type Outbox struct {
	db *DB
	// claim is how long an item stays claimed by the sender that took it.
	claim time.Duration
}

// Outbox returns the outbox for a sender.
func (db *DB) Outbox() *Outbox { return &Outbox{db: db, claim: 2 * time.Minute} }

// Next claims up to limit items that are due: for each chat only its oldest
// unsent item, so a chat's messages go out in order and one that must wait
// holds back the ones after it.
func (o *Outbox) Next(ctx context.Context, now time.Time, limit int) ([]flows.OutboxItem, error) {
	var items []flows.OutboxItem
	err := o.db.Update(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT o.id, o.payload, o.attempts FROM outbox o
			WHERE o.state = 'pending' AND o.not_before <= ?1
			AND (o.claimed_until IS NULL OR o.claimed_until <= ?1)
			AND o.id = (SELECT min(p.id) FROM outbox p WHERE p.chat_id = o.chat_id AND p.state = 'pending')
			ORDER BY o.id LIMIT ?2`, now.UnixMilli(), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var it flows.OutboxItem
			var payload string
			if err := rows.Scan(&it.ID, &payload, &it.Attempts); err != nil {
				rows.Close()
				return err
			}
			if err := json.Unmarshal([]byte(payload), &it.Out); err != nil {
				rows.Close()
				return fmt.Errorf("item %d: %w", it.ID, err)
			}
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, it := range items {
			if _, err := tx.exec(ctx, `UPDATE outbox SET claimed_until = ? WHERE id = ?`,
				now.Add(o.claim).UnixMilli(), it.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outbox next: %w", err)
	}
	return items, nil
}

// Sent records a delivered item; deleteAt is when to delete the message
// from the chat (zero keeps it). The payload (text, files: personal data)
// is dropped: once delivered only the chat and message id are needed, to
// delete the message later.
func (o *Outbox) Sent(ctx context.Context, id int64, messageID int, deleteAt time.Time) error {
	return o.exec(ctx, "outbox sent", `UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?,
		delete_at = ?, claimed_until = NULL, payload = '{}' WHERE id = ?`, messageID, o.db.now().UnixMilli(), ms(deleteAt), id)
}

// Retry puts an item back to be tried again not before notBefore.
func (o *Outbox) Retry(ctx context.Context, id int64, notBefore time.Time, reason string) error {
	return o.exec(ctx, "outbox retry", `UPDATE outbox SET attempts = attempts + 1, not_before = ?,
		claimed_until = NULL, error = ? WHERE id = ? AND state = 'pending'`, notBefore.UnixMilli(), reason, id)
}

// Drop gives up on an item; it stays in the table for inspection.
func (o *Outbox) Drop(ctx context.Context, id int64, reason string) error {
	return o.exec(ctx, "outbox drop", `UPDATE outbox SET state = 'dropped', attempts = attempts + 1,
		claimed_until = NULL, error = ? WHERE id = ?`, reason, id)
}

// Unreachable marks the member whose private chat this is as having blocked
// the bot, so coordinators can see it and reminders skip them.
func (o *Outbox) Unreachable(ctx context.Context, chatID int64) error {
	return o.exec(ctx, "outbox unreachable", `UPDATE members SET unreachable = 1 WHERE telegram_id = ? AND active = 1`, chatID)
}

// DueDeletions lists sent messages whose privacy time is up.
func (o *Outbox) DueDeletions(ctx context.Context, now time.Time, limit int) ([]flows.Deletion, error) {
	var out []flows.Deletion
	err := o.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT chat_id, message_id FROM outbox
			WHERE state = 'sent' AND deleted = 0 AND delete_at IS NOT NULL AND delete_at <= ?
			ORDER BY delete_at LIMIT ?`, now.UnixMilli(), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d flows.Deletion
			var mid sql.NullInt64
			if err := rows.Scan(&d.ChatID, &mid); err != nil {
				return err
			}
			d.MessageID = int(mid.Int64)
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("outbox due deletions: %w", err)
	}
	return out, nil
}

// Deleted records that a message was deleted from its chat (or is gone).
func (o *Outbox) Deleted(ctx context.Context, chatID int64, messageID int) error {
	return o.exec(ctx, "outbox deleted", `UPDATE outbox SET deleted = 1 WHERE chat_id = ? AND message_id = ?`, chatID, messageID)
}

func (o *Outbox) exec(ctx context.Context, op, query string, args ...any) error {
	err := o.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, query, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
