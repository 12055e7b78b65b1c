package store

import (
	"context"

	"lamsach/flows"
)

// The transaction is everything conversations need from storage.
var _ flows.Repo = (*Tx)(nil)

// Flows adapts the DB to flows.Store: one write transaction per update.
type Flows struct{ DB *DB }

// Update runs fn in a write transaction. The context given to fn carries the
// transaction, so the SQLite session store joins it instead of waiting for
// the single write connection the transaction holds.
func (e Flows) Update(ctx context.Context, fn func(ctx context.Context, r flows.Repo) error) error {
	return e.DB.Update(ctx, func(tx *Tx) error { return fn(withTx(ctx, tx), tx) })
}

// View runs fn in a read-only transaction, beside the writers.
func (e Flows) View(ctx context.Context, fn func(ctx context.Context, r flows.Repo) error) error {
	return e.DB.View(ctx, func(tx *Tx) error { return fn(withTx(ctx, tx), tx) })
}

type txKey struct{}

func withTx(ctx context.Context, tx *Tx) context.Context { return context.WithValue(ctx, txKey{}, tx) }

// txFrom returns the transaction ctx carries, or nil.
func txFrom(ctx context.Context) *Tx {
	tx, _ := ctx.Value(txKey{}).(*Tx)
	return tx
}

// joinUpdate runs fn in the transaction ctx carries, or in a new write
// transaction. The session stores use it: while an update is handled its
// transaction holds the one write connection, so they must join it.
func (db *DB) joinUpdate(ctx context.Context, fn func(tx *Tx) error) error {
	if tx := txFrom(ctx); tx != nil {
		return fn(tx)
	}
	return db.Update(ctx, fn)
}

// joinView reads in the transaction ctx carries (seeing its own writes),
// or in a read-only one.
func (db *DB) joinView(ctx context.Context, fn func(tx *Tx) error) error {
	if tx := txFrom(ctx); tx != nil {
		return fn(tx)
	}
	return db.View(ctx, fn)
}
