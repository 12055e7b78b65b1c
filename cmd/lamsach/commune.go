package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

var communeCmds = []command{
	{name: "add", summary: "add a commune: commune add NAME", run: communeAdd},
	{name: "list", summary: "list the communes", run: communeList},
}

const communeUsage = `Usage: lamsach commune add NAME
       lamsach commune list

Communes are the units that run the process; each has its own members,
villages and records.

Commands:
{{commands}}`

func communeCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, communeCmds, communeUsage)
}

func communeAdd(ctx context.Context, e *env, path string, args []string) error {
	pos, err := e.parse(e.flags(path), path, args, "Usage: lamsach commune add NAME\n\nAdds a commune. Names are unique ignoring case and diacritics.\n")
	if err != nil {
		return err
	}
	name, err := one(pos, "commune name")
	if err != nil {
		return err
	}
	db, err := e.open(ctx, true)
	if err != nil {
		return err
	}
	defer db.Close()
	var c flows.Commune
	err = db.Update(ctx, func(tx *store.Tx) error {
		c, err = tx.CreateCommune(ctx, flows.Operator, name)
		return err
	})
	if errors.Is(err, flows.ErrExists) {
		return usagef("a commune named %q already exists", name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "commune %d added: %s\n", c.ID, c.Name)
	return nil
}

func communeList(ctx context.Context, e *env, path string, args []string) error {
	pos, err := e.parse(e.flags(path), path, args, "Usage: lamsach commune list\n\nLists the communes: id, deadline (or when its data was purged), name.\n")
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var cs []flows.Commune
	var purged map[int64]time.Time
	err = db.View(ctx, func(tx *store.Tx) error {
		if cs, err = tx.Communes(ctx); err != nil {
			return err
		}
		purged, err = tx.PurgedCommunes(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		fmt.Fprintln(e.stdout, `no communes yet; add one with "lamsach commune add NAME"`)
		return nil
	}
	for _, c := range cs {
		deadline := "-"
		if !c.Deadline.IsZero() {
			deadline = c.Deadline.In(zone).Format("2006-01-02")
		}
		if at, ok := purged[c.ID]; ok {
			deadline = "purged " + at.In(zone).Format("2006-01-02")
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\n", c.ID, deadline, c.Name)
	}
	return nil
}

// findCommune reads a --commune value naming a commune that cleans data:
// an id or a name. A facility (step 6) is refused: it has no villages,
// records or files to clean.
func findCommune(ctx context.Context, tx *store.Tx, s string) (flows.Commune, error) {
	c, err := lookupUnit(ctx, tx, s)
	switch {
	case errors.Is(err, flows.ErrNotFound):
		return c, usagef("unknown commune %q (see lamsach commune list)", strings.TrimSpace(s))
	case err == nil && c.Kind.Facility():
		return c, usagef("%s is a facility (%s): it signs vaccine passports and does not clean data", c.Name, c.Kind)
	}
	return c, err
}

// findUnit reads a --commune value naming a commune or a facility: an id
// or a name.
func findUnit(ctx context.Context, tx *store.Tx, s string) (flows.Commune, error) {
	c, err := lookupUnit(ctx, tx, s)
	if errors.Is(err, flows.ErrNotFound) {
		return c, usagef("unknown commune or facility %q (see lamsach commune list, lamsach facility list)", strings.TrimSpace(s))
	}
	return c, err
}

// lookupUnit finds a commune or facility by id or name; flows.ErrNotFound
// when none has it.
func lookupUnit(ctx context.Context, tx *store.Tx, s string) (flows.Commune, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return flows.Commune{}, usagef("missing --commune")
	}
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		c, err := tx.Commune(ctx, id)
		if err == nil || !errors.Is(err, flows.ErrNotFound) {
			return c, err
		}
	}
	return tx.CommuneByName(ctx, s)
}
