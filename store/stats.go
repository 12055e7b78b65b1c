package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
)

// Stats are counts for the metrics endpoint: no personal data, only how
// much is where.
type Stats struct {
	Records  map[string]int // by state, all communes
	Updates  map[string]int // handled updates still remembered, by outcome: ok, poison
	Members  int            // active members
	Communes int

	OutboxPending int       // messages waiting to be sent
	OutboxOldest  time.Time // when the oldest of them was made; zero when none wait
	// DeletionsDue are sent messages with personal data whose privacy
	// window is over (at now) and that are not deleted yet.
	DeletionsDue int
	AuditSeq     int64 // the audit log's last entry
}

// Stats counts records, outbox items, handled updates and members, at now.
func (db *DB) Stats(ctx context.Context, now time.Time) (Stats, error) {
	st := Stats{Records: map[string]int{}, Updates: map[string]int{}}
	err := db.View(ctx, func(tx *Tx) error {
		for _, q := range []struct {
			sql string
			m   map[string]int
		}{
			{`SELECT state, count(*) FROM records r WHERE ` + published + ` GROUP BY state`, st.Records},
			{`SELECT outcome, count(*) FROM processed_updates GROUP BY outcome`, st.Updates},
		} {
			rows, err := tx.query(ctx, q.sql)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				var n int
				if err := rows.Scan(&k, &n); err != nil {
					rows.Close()
					return err
				}
				q.m[k] = n
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		if err := tx.queryRow(ctx, `SELECT count(*) FROM members WHERE active = 1`).Scan(&st.Members); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT count(*) FROM communes`).Scan(&st.Communes); err != nil {
			return err
		}
		return tx.deliveryStats(ctx, now, &st)
	})
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.View(ctx, func(tx *Tx) error {
		var one int
		return tx.queryRow(ctx, `SELECT 1`).Scan(&one)
	})
}

// deliveryStats fills the outbox and audit figures of st.
func (tx *Tx) deliveryStats(ctx context.Context, now time.Time, st *Stats) error {
	var oldest sql.NullInt64
	err := tx.queryRow(ctx, `SELECT count(*), min(created_at) FROM outbox WHERE state = 'pending'`).
		Scan(&st.OutboxPending, &oldest)
	if err != nil {
		return err
	}
	if oldest.Valid {
		st.OutboxOldest = fromMS(oldest)
	}
	err = tx.queryRow(ctx, `SELECT count(*) FROM outbox
		WHERE state = 'sent' AND deleted = 0 AND delete_at IS NOT NULL AND delete_at <= ?`, now.UnixMilli()).Scan(&st.DeletionsDue)
	if err != nil {
		return err
	}
	return tx.queryRow(ctx, `SELECT last_seq FROM audit_head WHERE id = 1`).Scan(&st.AuditSeq)
}

// LastAnchor returns the last anchor in the anchor file: when it was
// written and the seq it anchors. ok is false when the file has none yet.
// Only the file's end is read: it grows by a line every few minutes.
func (db *DB) LastAnchor() (at time.Time, seq int64, ok bool, err error) {
	f, err := os.Open(db.audit.files.Anchors)
	if errors.Is(err, fs.ErrNotExist) {
		return at, 0, false, nil
	}
	if err != nil {
		return at, 0, false, fmt.Errorf("last anchor: %w", err)
	}
	defer f.Close()
	const tail = 4096 // many lines of about 200 bytes
	st, err := f.Stat()
	if err != nil {
		return at, 0, false, fmt.Errorf("last anchor: %w", err)
	}
	if st.Size() == 0 {
		return at, 0, false, nil
	}
	buf := make([]byte, min(tail, st.Size()))
	if _, err := f.ReadAt(buf, st.Size()-int64(len(buf))); err != nil && !errors.Is(err, io.EOF) {
		return at, 0, false, fmt.Errorf("last anchor: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(buf), "\n"), "\n")
	at, h, err := parseAnchorLine(lines[len(lines)-1])
	if err != nil {
		return at, 0, false, fmt.Errorf("last anchor: the file's last line: %w", err)
	}
	return at, h.Seq, true, nil
}
