package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"lamsach/flows"
	"lamsach/store"
)

var villageCmds = []command{
	{name: "add", summary: "add a village: village add --commune C NAME", run: villageAdd},
	{name: "list", summary: "list a commune's villages: village list --commune C", run: villageList},
}

const villageUsage = `Usage: lamsach village add --commune C NAME
       lamsach village list --commune C

Villages (thôn, ấp, tổ dân phố) belong to a commune; C is the commune's
name, or its id written #12.

Commands:
{{commands}}`

func villageCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, villageCmds, villageUsage)
}

func villageAdd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	pos, err := e.parse(fs, path, args, "Usage: lamsach village add --commune C NAME\n\nAdds a village to a commune.\n")
	if err != nil {
		return err
	}
	name, err := one(pos, "village name")
	if err != nil {
		return err
	}
	if name, err = placeName(name, "village"); err != nil {
		return err
	}
	var v flows.Village
	c, err := e.inCommune(ctx, *commune, true, func(tx *store.Tx, c flows.Commune) (err error) {
		v, err = tx.CreateVillage(ctx, flows.Operator, c.ID, name)
		return err
	})
	if errors.Is(err, flows.ErrExists) {
		return usagef("commune %q already has a village named %q", c.Name, name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "village %d added to %s: %s\n", v.ID, c.Name, v.Name)
	return nil
}

func villageList(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	if err := e.parseNone(fs, path, args, "Usage: lamsach village list --commune C\n\nLists a commune's villages: id, name.\n"); err != nil {
		return err
	}
	var vs []flows.Village
	c, err := e.inCommune(ctx, *commune, false, func(tx *store.Tx, c flows.Commune) (err error) {
		vs, err = tx.Villages(ctx, c.ID)
		return err
	})
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		fmt.Fprintf(e.stdout, "%s has no villages yet; add one with \"lamsach village add --commune #%d NAME\"\n", c.Name, c.ID)
		return nil
	}
	fmt.Fprintln(e.stdout, "id\tname")
	for _, v := range vs {
		fmt.Fprintf(e.stdout, "#%d\t%s\n", v.ID, v.Name)
	}
	return nil
}

// findVillages reads --village values: each a name or an id written #12,
// or a comma separated list of them, all of commune c.
func findVillages(ctx context.Context, tx *store.Tx, c flows.Commune, values []string) ([]flows.Village, error) {
	var out []flows.Village
	for _, val := range values {
		for _, s := range strings.Split(val, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			v, err := findVillage(ctx, tx, c, s)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// findVillage reads one --village value of commune c: a name, or an id
// written #12.
func findVillage(ctx context.Context, tx *store.Tx, c flows.Commune, s string) (flows.Village, error) {
	if id, ok := parseRef(s); ok {
		v, err := tx.Village(ctx, id)
		if errors.Is(err, flows.ErrNotFound) || (err == nil && v.CommuneID != c.ID) {
			return v, usagef("no village #%d in %s (see lamsach village list --commune #%d)", id, c.Name, c.ID)
		}
		return v, err
	}
	v, err := tx.VillageByName(ctx, c.ID, s)
	if errors.Is(err, flows.ErrNotFound) {
		return v, usagef("unknown village %q in %s (see lamsach village list --commune #%d%s)", s, c.Name, c.ID, idHint(s))
	}
	return v, err
}
