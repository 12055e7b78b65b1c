package main

import (
	"context"
	"flag"

	"lamsach/flows"
	"lamsach/store"
)

// The steps most operator commands share, written once: parse flags that
// take no positional argument, open the database, run one transaction,
// find the commune --commune names.

// parseNone parses args and refuses positional arguments.
func (e *env) parseNone(fs *flag.FlagSet, path string, args []string, usage string) error {
	pos, err := e.parse(fs, path, args, usage)
	if err != nil {
		return err
	}
	return none(pos)
}

// inDB opens the database (making it when create), runs fn in one
// transaction (a write transaction when write) and closes it.
func (e *env) inDB(ctx context.Context, create, write bool, fn func(tx *store.Tx) error) error {
	db, err := e.open(ctx, create)
	if err != nil {
		return err
	}
	defer db.Close()
	if write {
		return db.Update(ctx, fn)
	}
	return db.View(ctx, fn)
}

// inCommune runs fn as inDB does, with the commune that cleans data
// named by a --commune value; it returns the commune for the messages.
func (e *env) inCommune(ctx context.Context, commune string, write bool, fn func(tx *store.Tx, c flows.Commune) error) (flows.Commune, error) {
	var c flows.Commune
	if commune == "" {
		return c, usagef("missing --commune")
	}
	err := e.inDB(ctx, false, write, func(tx *store.Tx) error {
		var err error
		if c, err = findCommune(ctx, tx, commune); err != nil {
			return err
		}
		return fn(tx, c)
	})
	return c, err
}
