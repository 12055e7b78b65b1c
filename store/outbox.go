package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"lamsach/flows"
	"lamsach/flows/msg"
)

// Enqueue writes outgoing messages to the outbox in the update's
// transaction: they exist exactly when the update's changes do. A file's
// contents go into a blob (see CreateBlob) and the message keeps only its
// id, so no file travels inside the outbox's JSON.
func (tx *Tx) Enqueue(ctx context.Context, updateID int64, outs []flows.Out) error {
	for _, o := range outs {
		var blob any
		if o.File != nil {
			f, err := tx.storeFile(ctx, *o.File)
			if err != nil {
				return fmt.Errorf("enqueue: %w", err)
			}
			o.File = &f // a copy: the caller's Out stays as it was
			blob = nullID(f.Blob)
		}
		payload, err := json.Marshal(o)
		if err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
		_, err = tx.exec(ctx, `INSERT INTO outbox (chat_id, kind, payload, update_id, created_at, not_before, blob_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, o.ChatID, string(o.Kind), string(payload), nullID(updateID),
			tx.now.UnixMilli(), tx.now.UnixMilli(), blob)
		if err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
	}
	return nil
}

// Outbox is the sender's view of the outbox: what to send next and what
// became of each attempt. Each method is its own short transaction.
//
// The items Next returns are claimed in the name of this Outbox's process
// (a random id, see proc), until they are settled or the claim expires.
// Claims of a process that is gone are taken over as soon as another
// process looks: at its first Next, then every few seconds.
type Outbox struct {
	db *DB
	// claim is how long a claim lasts at most, for where file locks do not
	// tell that a process is gone.
	claim time.Duration
	// lookEvery is how often a running sender looks for claims of
	// processes that are gone.
	lookEvery time.Duration

	mu     sync.Mutex
	proc   *proc
	looked time.Time
}

// Outbox returns the outbox for a sender. Close it when the sender stops.
func (db *DB) Outbox() *Outbox {
	return &Outbox{db: db, claim: 2 * time.Minute, lookEvery: 5 * time.Second}
}

// self returns this process, taking its lock on first use.
func (o *Outbox) self() (*proc, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.proc == nil {
		p, err := newProc(o.db.path)
		if err != nil {
			return nil, err
		}
		o.proc = p
	}
	return o.proc, nil
}

// Close releases this process's claims, so another process may send those
// items at once, and its lock.
func (o *Outbox) Close() error {
	o.mu.Lock()
	p := o.proc
	o.proc = nil
	o.mu.Unlock()
	if p == nil {
		return nil
	}
	defer p.release()
	return o.exec(context.Background(), "outbox close", `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
		WHERE claimed_by = ? AND state = 'pending'`, p.id)
}

// Next claims up to limit items that are due: for each chat only its oldest
// unsent item, so a chat's messages go out in order and one that must wait
// holds back the ones after it. A file's contents come with an Open that
// streams them from the database.
func (o *Outbox) Next(ctx context.Context, now time.Time, limit int) ([]flows.OutboxItem, error) {
	p, err := o.self()
	if err != nil {
		return nil, fmt.Errorf("outbox next: %w", err)
	}
	if err := o.takeOver(ctx, p, now); err != nil {
		return nil, fmt.Errorf("outbox next: %w", err)
	}
	var items []flows.OutboxItem
	err = o.db.Update(ctx, func(tx *Tx) error {
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
			if _, err := tx.exec(ctx, `UPDATE outbox SET claimed_until = ?, claimed_by = ? WHERE id = ?`,
				now.Add(o.claim).UnixMilli(), p.id, it.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outbox next: %w", err)
	}
	bctx := context.WithoutCancel(ctx) // an upload under way outlives the sender's loop
	for i := range items {
		if f := items[i].Out.File; f != nil && f.Blob != 0 {
			id := f.Blob
			f.Open = func() (io.ReadCloser, error) { return o.db.openBlob(bctx, id) }
		}
	}
	return items, nil
}

// takeOver releases the claims of processes that are gone, at the first
// call and then every lookEvery.
func (o *Outbox) takeOver(ctx context.Context, p *proc, now time.Time) error {
	o.mu.Lock()
	due := o.looked.IsZero() || now.Sub(o.looked) >= o.lookEvery
	if due {
		o.looked = now
	}
	o.mu.Unlock()
	if !due {
		return nil
	}
	var claimers []string
	err := o.db.View(ctx, func(tx *Tx) error {
		var err error
		claimers, err = queryAll(ctx, tx, func(r scanner) (string, error) {
			var id string
			return id, r.Scan(&id)
		}, `SELECT DISTINCT claimed_by FROM outbox WHERE state = 'pending' AND claimed_by IS NOT NULL
			AND claimed_by <> ? AND claimed_until > ?`, p.id, now.UnixMilli())
		return err
	})
	if err != nil {
		return err
	}
	for _, id := range claimers {
		gone, err := p.gone(id)
		if err != nil || !gone {
			continue // unknown: the claim runs out by its expiry
		}
		if err := o.exec(ctx, "outbox take over", `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
			WHERE claimed_by = ? AND state = 'pending'`, id); err != nil {
			return err
		}
	}
	return nil
}

// NextDue returns when the earliest pending item that is not due at now
// comes due, or the zero time when none waits: the sender sleeps until
// then instead of polling. (An item claimed by another process is not
// counted: that process sends it.)
func (o *Outbox) NextDue(ctx context.Context, now time.Time) (time.Time, error) {
	var at sql.NullInt64
	err := o.db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT min(not_before) FROM outbox WHERE state = 'pending' AND not_before > ?`,
			now.UnixMilli()).Scan(&at)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("outbox next due: %w", err)
	}
	return fromMS(at), nil
}

// Expire ends what the privacy window allows no longer: items still
// unsent that were queued before cutoff are dropped, and the text of
// every dropped item queued before cutoff is blanked, as a sent item's is
// at once. Their files go with them; so do files no item names that were
// made before cutoff. It returns how many items it dropped.
func (o *Outbox) Expire(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	// The conditions repeat outbox_unblanked's, so SQLite uses that index.
	err := o.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE outbox SET state = 'dropped', payload = '{}', claimed_by = NULL, claimed_until = NULL,
			error = 'expired: not sent within the privacy window'
			WHERE state <> 'sent' AND payload <> '{}' AND created_at <= ? AND state = 'pending'`,
			cutoff.UnixMilli())
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE outbox SET payload = '{}' WHERE state <> 'sent' AND payload <> '{}' AND created_at <= ?`,
			cutoff.UnixMilli()); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM blobs WHERE created_at <= ?
			AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.blob_id = blobs.id AND outbox.state = 'pending')`, cutoff.UnixMilli())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("outbox expire: %w", err)
	}
	return int(n), nil
}

// Sent records a delivered item; deleteAt is when to delete the message
// from the chat (zero keeps it). The payload (text, files: personal data)
// is dropped: once delivered only the chat and message id are needed, to
// delete the message later.
func (o *Outbox) Sent(ctx context.Context, id int64, messageID int, deleteAt time.Time) error {
	return o.exec(ctx, "outbox sent", `UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?,
		delete_at = ?, claimed_until = NULL, claimed_by = NULL, payload = '{}' WHERE id = ?`, messageID, o.db.now().UnixMilli(), ms(deleteAt), id)
}

// RecentSends lists the sends recorded since since, oldest first. Only
// the newest items are looked at (the table keeps every sent item), which
// covers the few seconds the limits remember.
func (o *Outbox) RecentSends(ctx context.Context, since time.Time) ([]flows.SentAt, error) {
	var out []flows.SentAt
	err := o.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT chat_id, sent_at FROM outbox
			WHERE id > (SELECT coalesce(max(id), 0) FROM outbox) - 10000 AND state = 'sent' AND sent_at >= ?
			ORDER BY sent_at, id`, since.UnixMilli())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s flows.SentAt
			var at int64
			if err := rows.Scan(&s.ChatID, &at); err != nil {
				return err
			}
			s.At = time.UnixMilli(at)
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("outbox recent sends: %w", err)
	}
	return out, nil
}

// Retry puts an item back to be tried again not before notBefore.
func (o *Outbox) Retry(ctx context.Context, id int64, notBefore time.Time, reason string) error {
	return o.exec(ctx, "outbox retry", `UPDATE outbox SET attempts = attempts + 1, not_before = ?,
		claimed_until = NULL, claimed_by = NULL, error = ? WHERE id = ? AND state = 'pending'`, notBefore.UnixMilli(), reason, id)
}

// Drop gives up on an item; it stays in the table for inspection. A
// message dropped as uncertain (Telegram may or may not have it, and
// sending it again could show it twice) may be a reply the person never
// got: they are told so, in the same transaction, by a notice queued
// behind it (see tellUncertain).
func (o *Outbox) Drop(ctx context.Context, id int64, reason string) error {
	err := o.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE outbox SET state = 'dropped', attempts = attempts + 1,
			claimed_until = NULL, claimed_by = NULL, error = ? WHERE id = ?`, reason, id); err != nil {
			return err
		}
		if !strings.HasPrefix(reason, "uncertain") {
			return nil
		}
		return tx.tellUncertain(ctx, id)
	})
	if err != nil {
		return fmt.Errorf("outbox drop: %w", err)
	}
	return nil
}

// tellUncertain queues, after the uncertain item id, a notice to its
// private chat that the last reply may be missing and how to see it
// again, in the member's language, under the same update. One notice a
// minute per chat at most: several replies cut at once, or a notice
// itself cut, do not become a chain of notices.
func (tx *Tx) tellUncertain(ctx context.Context, id int64) error {
	var chat, created int64
	var kind string
	var update sql.NullInt64
	err := tx.queryRow(ctx, `SELECT chat_id, kind, update_id, created_at FROM outbox WHERE id = ?`, id).
		Scan(&chat, &kind, &update, &created)
	if err != nil || chat <= 0 || (kind != string(flows.OutSend) && kind != string(flows.OutFile) && kind != string(flows.OutPhoto)) {
		return err
	}
	lang := "vi"
	err = tx.queryRow(ctx, `SELECT lang FROM members WHERE telegram_id = ? AND active = 1 ORDER BY id DESC LIMIT 1`, chat).Scan(&lang)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	text := msg.T(msg.ParseLang(lang), "delivery.uncertain")
	var told int
	err = tx.queryRow(ctx, `SELECT count(*) FROM outbox WHERE chat_id = ? AND kind = 'send'
		AND created_at >= ? AND json_extract(payload, '$.text') = ?`, chat, tx.now.Add(-time.Minute).UnixMilli(), text).Scan(&told)
	if err != nil || told > 0 {
		return err
	}
	return tx.Enqueue(ctx, update.Int64, []flows.Out{{Kind: flows.OutSend, ChatID: chat, Text: text}})
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
