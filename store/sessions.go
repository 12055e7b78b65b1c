package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"lamsach/flows"
)

// Sessions is the embedded flows.Sessions, kept in the same SQLite file as
// everything else: the default when no Redis is configured, for one process.
// Expiry is compared with the database's clock (WithClock), and expired rows
// are deleted a few at a time by the writes and all at once by Sweep.
//
// Every method is a transaction of its own, except when ctx carries the
// update's transaction (Engine.Update puts it there): then the method joins
// it, because the single write connection is already taken by it, and a
// lease taken while handling an update commits or rolls back with it.
type Sessions struct {
	db   *DB
	idle time.Duration
}

var _ flows.Sessions = (*Sessions)(nil)

// JoinsUpdate tells the Engine that these sessions live in the Store's
// database and join the update's transaction: it saves the conversation
// and marks the update seen in it (flows.UpdateJoiner).
func (s *Sessions) JoinsUpdate() bool { return true }

// Sessions returns the session store kept in db, in which a conversation
// expires when it has not been Put for idle. idle must be positive.
func (db *DB) Sessions(idle time.Duration) *Sessions {
	if idle <= 0 {
		panic(fmt.Sprintf("store: Sessions idle %v is not positive", idle))
	}
	return &Sessions{db: db, idle: idle}
}

// sweepBatch bounds how many expired rows a write deletes on its way, so a
// write after a long pause (thousands of expired seen updates) stays as fast
// as any other; each write adds one row and removes up to this many, so a
// backlog still drains.
const sweepBatch = 64

// Get returns the conversation state of userID, or nil when there is none or
// it expired. An empty state that was Put comes back empty, not nil.
func (s *Sessions) Get(ctx context.Context, userID int64) ([]byte, error) {
	var state []byte
	err := s.db.joinView(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT state FROM sessions WHERE user_id = ? AND expires_at > ?`,
			userID, tx.now.UnixMilli()).Scan(&state)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get session: %w", err)
	}
	if state == nil {
		// A zero-length BLOB scans as nil, which would read as "no session".
		state = []byte{}
	}
	return state, nil
}

// Put saves the conversation state of userID and restarts its idle expiry.
func (s *Sessions) Put(ctx context.Context, userID int64, state []byte) error {
	if state == nil {
		// A nil slice binds as NULL, which the column refuses.
		state = []byte{}
	}
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		_, err := tx.exec(ctx, `INSERT INTO sessions (user_id, state, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at`,
			userID, state, now+ttlMillis(s.idle))
		if err != nil {
			return err
		}
		return sweepExpired(ctx, tx, "sessions", "user_id", sweepBatch)
	})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// Drop forgets the conversation state of userID.
func (s *Sessions) Drop(ctx context.Context, userID int64) error {
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("drop session: %w", err)
	}
	return nil
}

// Lease gives recordID to member for ttl, or renews it when member holds it,
// and returns the holder after the call. The take-or-renew is one statement
// in a write transaction, so of two members asking at once exactly one wins.
func (s *Sessions) Lease(ctx context.Context, recordID, member int64, ttl time.Duration) (int64, error) {
	if ttl <= 0 {
		return 0, fmt.Errorf("lease: ttl %v is not positive", ttl)
	}
	var holder int64
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		// The upsert changes an existing row only when it is the member's
		// own lease or an expired one; otherwise it leaves it, and the
		// SELECT below names the member who has it.
		_, err := tx.exec(ctx, `INSERT INTO leases (record_id, member_id, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (record_id) DO UPDATE SET member_id = excluded.member_id, expires_at = excluded.expires_at
			WHERE leases.member_id = excluded.member_id OR leases.expires_at <= ?`,
			recordID, member, now+ttlMillis(ttl), now)
		if err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT member_id FROM leases WHERE record_id = ?`, recordID).Scan(&holder); err != nil {
			return err
		}
		return sweepExpired(ctx, tx, "leases", "record_id", sweepBatch)
	})
	if err != nil {
		return 0, fmt.Errorf("lease: %w", err)
	}
	return holder, nil
}

// Release ends member's lease on recordID; a lease held by someone else, or
// none at all, is left as it is.
func (s *Sessions) Release(ctx context.Context, recordID, member int64) error {
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM leases WHERE record_id = ? AND member_id = ?`, recordID, member)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lease: %w", err)
	}
	return nil
}

// Seen reports whether updateID was marked handled and the mark has not
// expired. It reads a snapshot beside the writers, so it never waits for one.
func (s *Sessions) Seen(ctx context.Context, updateID int64) (bool, error) {
	var seen bool
	err := s.db.joinView(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM seen_updates WHERE update_id = ? AND expires_at > ?)`,
			updateID, tx.now.UnixMilli()).Scan(&seen)
	})
	if err != nil {
		return false, fmt.Errorf("seen update: %w", err)
	}
	return seen, nil
}

// MarkSeen records that updateID was handled, for ttl from now; marking it
// again restarts the ttl.
func (s *Sessions) MarkSeen(ctx context.Context, updateID int64, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("mark seen: ttl %v is not positive", ttl)
	}
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO seen_updates (update_id, expires_at) VALUES (?, ?)
			ON CONFLICT (update_id) DO UPDATE SET expires_at = excluded.expires_at`,
			updateID, tx.now.UnixMilli()+ttlMillis(ttl))
		if err != nil {
			return err
		}
		return sweepExpired(ctx, tx, "seen_updates", "update_id", sweepBatch)
	})
	if err != nil {
		return fmt.Errorf("mark seen: %w", err)
	}
	return nil
}

// Sweep deletes every expired session, lease and seen update and returns how
// many rows went. The writes already delete a few on their way; Sweep is for
// a periodic job, or before a backup, to leave nothing stale behind.
func (s *Sessions) Sweep(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.joinUpdate(ctx, func(tx *Tx) error {
		for _, table := range []string{"sessions", "leases", "seen_updates"} {
			res, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE expires_at <= ?`, tx.now.UnixMilli())
			if err != nil {
				return err
			}
			m, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += m
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sweep sessions: %w", err)
	}
	return n, nil
}

// sweepExpired deletes up to limit expired rows of table, whose primary key is key.
// table and key are constants of this file, never input.
func sweepExpired(ctx context.Context, tx *Tx, table, key string, limit int) error {
	_, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE `+key+` IN (
		SELECT `+key+` FROM `+table+` WHERE expires_at <= ? LIMIT ?)`, tx.now.UnixMilli(), limit)
	return err
}

// ttlMillis is d in whole milliseconds, rounded up: times are stored in
// milliseconds, and rounding down would end a 1.5ms lease after 1ms.
func ttlMillis(d time.Duration) int64 {
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}
