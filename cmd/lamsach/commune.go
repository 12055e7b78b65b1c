package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

var communeCmds = []command{
	{name: "add", summary: "add a commune: commune add NAME", run: communeAdd},
	{name: "list", summary: "list the communes", run: communeList},
	{name: "template", summary: "set the layout of a commune's import file: commune template --commune C FILE.json", run: communeTemplate},
}

const communeUsage = `Usage: lamsach commune add NAME
       lamsach commune list
       lamsach commune template --commune C (FILE.json | --default)

Communes are the units that run the process; each has its own members,
villages and records.

Commands:
{{commands}}`

func communeCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, communeCmds, communeUsage)
}

func communeAdd(ctx context.Context, e *env, path string, args []string) error {
	pos, err := e.parse(e.flags(path), path, args, "Usage: lamsach commune add NAME\n\nAdds a commune. Names are unique ignoring case and diacritics, at most 60\ncharacters, with letters or digits.\n")
	if err != nil {
		return err
	}
	name, err := one(pos, "commune name")
	if err != nil {
		return err
	}
	if name, err = placeName(name, "commune"); err != nil {
		return err
	}
	var c flows.Commune
	err = e.inDB(ctx, true, true, func(tx *store.Tx) (err error) {
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
	if err := e.parseNone(e.flags(path), path, args, "Usage: lamsach commune list\n\nLists the communes under a header line: #id, deadline (or when its data\nwas purged), name; days in Asia/Ho_Chi_Minh.\n"); err != nil {
		return err
	}
	var cs []flows.Commune
	var purged map[int64]time.Time
	err := e.inDB(ctx, false, false, func(tx *store.Tx) (err error) {
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
	fmt.Fprintln(e.stdout, "id\tdeadline\tname")
	for _, c := range cs {
		deadline := "-"
		if !c.Deadline.IsZero() {
			deadline = showDate(c.Deadline)
		}
		if at, ok := purged[c.ID]; ok {
			deadline = "purged " + showDate(at)
		}
		fmt.Fprintf(e.stdout, "#%d\t%s\t%s\n", c.ID, deadline, c.Name)
	}
	return nil
}

// communeFlag adds the --commune flag every command naming a commune takes.
func communeFlag(fs *flag.FlagSet) *string {
	return fs.String("commune", "", "the commune's `name`, or its id written #12")
}

// findCommune reads a --commune value naming a commune that cleans data: a
// name, or an id written #12, so a commune named "2" is never taken for the
// commune with id 2. A facility (step 6) is refused: it has no villages,
// records or files to clean.
func findCommune(ctx context.Context, tx *store.Tx, s string) (flows.Commune, error) {
	c, err := lookupUnit(ctx, tx, s)
	switch {
	case errors.Is(err, flows.ErrNotFound):
		return c, usagef("unknown commune %q (see lamsach commune list%s)", strings.TrimSpace(s), idHint(strings.TrimSpace(s)))
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
		return c, usagef("unknown commune or facility %q (see lamsach commune list, lamsach facility list%s)",
			strings.TrimSpace(s), idHint(strings.TrimSpace(s)))
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
	if id, ok := parseRef(s); ok {
		c, err := tx.Commune(ctx, id)
		if errors.Is(err, flows.ErrNotFound) {
			return c, usagef("no commune #%d (see lamsach commune list)", id)
		}
		return c, err
	}
	return tx.CommuneByName(ctx, s)
}

// parseRef reads an id written #12.
func parseRef(s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, "#")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// idHint reminds how ids are written when an unknown name is a number.
func idHint(s string) string {
	if _, err := strconv.ParseUint(s, 10, 64); err == nil {
		return "; an id is written #" + s
	}
	return ""
}

// placeName checks a commune or village name given on the command line
// with the rules of a name typed in the chat (vn.CheckPlaceName), and
// refuses one that would read as an id.
func placeName(s, what string) (string, error) {
	name, problem := vn.CheckPlaceName(s)
	switch problem {
	case vn.PlaceNameNoLetter:
		return "", usagef("a %s name needs letters or digits", what)
	case vn.PlaceNameTooLong:
		return "", usagef("the %s name is too long (%d characters; at most %d)", what, utf8.RuneCountInString(name), vn.MaxPlaceNameRunes)
	case vn.PlaceNameCommand:
		return "", usagef("a %s name may not start with /", what)
	}
	if _, ok := parseRef(name); ok {
		return "", usagef("a %s name may not be #N: that is how ids are written", what)
	}
	return name, nil
}
