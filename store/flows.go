package store

import (
	"context"

	"lamsach/flows"
)

// The transaction is everything conversations need from storage.
var _ flows.Repo = (*Tx)(nil)

// Engine adapts the DB to flows.Store: one write transaction per update.
type Engine struct{ DB *DB }

// Update runs fn in a write transaction. The context given to fn carries the
// transaction, so the SQLite session store joins it instead of waiting for
// the single write connection the transaction holds.
func (e Engine) Update(ctx context.Context, fn func(ctx context.Context, r flows.Repo) error) error {
	return e.DB.Update(ctx, func(tx *Tx) error { return fn(withTx(ctx, tx), tx) })
}

type txKey struct{}

func withTx(ctx context.Context, tx *Tx) context.Context { return context.WithValue(ctx, txKey{}, tx) }

// txFrom returns the transaction ctx carries, or nil.
func txFrom(ctx context.Context) *Tx {
	tx, _ := ctx.Value(txKey{}).(*Tx)
	return tx
}
