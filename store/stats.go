package store

import (
	"context"
	"fmt"
)

// Stats are counts for the metrics endpoint: no personal data, only how
// much is where.
type Stats struct {
	Records  map[string]int // by state, all communes
	Outbox   map[string]int // by state: pending, sent, dropped
	Updates  map[string]int // handled updates by outcome: ok, poison
	Members  int            // active members
	Communes int
}

// Stats counts records, outbox items, handled updates and members.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Records: map[string]int{}, Outbox: map[string]int{}, Updates: map[string]int{}}
	err := db.View(ctx, func(tx *Tx) error {
		for _, q := range []struct {
			sql string
			m   map[string]int
		}{
			{`SELECT state, count(*) FROM records GROUP BY state`, st.Records},
			{`SELECT state, count(*) FROM outbox GROUP BY state`, st.Outbox},
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
		return tx.queryRow(ctx, `SELECT count(*) FROM communes`).Scan(&st.Communes)
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
