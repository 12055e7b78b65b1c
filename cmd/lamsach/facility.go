package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"lamsach/flows"
	"lamsach/store"
)

var facilityCmds = []command{
	{name: "add", summary: "register a facility: facility add --kind K NAME", run: facilityAdd},
	{name: "list", summary: "list the facilities", run: facilityList},
}

const facilityUsage = `Usage: lamsach facility add --kind ministry|other_ministry|province|district NAME
       lamsach facility list

Vaccination facilities of the Ministry of Health (ministry), of other
ministries (other_ministry), of the province (province) or of the old
district level (district) check and sign vaccine passports every day
(step 5 of Official Letter 2262/BYT-CNTT) but do not clean data (step 6).
Their staff join as station members:

  lamsach invite --commune NAME --role station

and get only the daily report in the chat: /passport, /where, /cancel,
/help, /lang. Facilities are not listed by "lamsach commune list".

Commands:
{{commands}}`

func facilityCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, facilityCmds, facilityUsage)
}

// kindList names the facility kinds for messages: "ministry, …, district".
func kindList() string {
	s := make([]string, len(flows.FacilityKinds))
	for i, k := range flows.FacilityKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func facilityAdd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	kind := fs.String("kind", "", "the facility's `kind`: "+kindList())
	pos, err := e.parse(fs, path, args, "Usage: lamsach facility add --kind K NAME\n\n"+
		"Registers a facility that signs vaccine passports and does not clean data.\n"+
		"Names are unique among communes and facilities, ignoring case and diacritics.\n")
	if err != nil {
		return err
	}
	k := flows.CommuneKind(strings.ToLower(strings.TrimSpace(*kind)))
	switch {
	case *kind == "":
		return usagef("missing --kind (want %s)", kindList())
	case !k.Facility():
		return usagef("unknown --kind %q (want %s)", *kind, kindList())
	}
	name, err := one(pos, "facility name")
	if err != nil {
		return err
	}
	var c flows.Commune
	err = e.inDB(ctx, true, true, func(tx *store.Tx) (err error) {
		c, err = tx.CreateFacility(ctx, flows.Operator, name, k)
		return err
	})
	if errors.Is(err, flows.ErrExists) {
		return usagef("a commune or facility named %q already exists", name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "facility %d added: %s (%s)\n", c.ID, c.Name, c.Kind)
	fmt.Fprintf(e.stdout, "invite its staff with: lamsach invite --commune %d --role station\n", c.ID)
	return nil
}

func facilityList(ctx context.Context, e *env, path string, args []string) error {
	err := e.parseNone(e.flags(path), path, args, "Usage: lamsach facility list\n\n"+
		"Lists the facilities: id, kind, the last day they reported vaccine passports, name.\n")
	if err != nil {
		return err
	}
	var fs []flows.Commune
	var last map[int64]string
	err = e.inDB(ctx, false, false, func(tx *store.Tx) (err error) {
		if fs, err = tx.Facilities(ctx); err != nil {
			return err
		}
		last, err = tx.LastPassportDays(ctx, flows.Operator)
		return err
	})
	if err != nil {
		return err
	}
	if len(fs) == 0 {
		fmt.Fprintln(e.stdout, `no facilities yet; add one with "lamsach facility add --kind province NAME"`)
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tKIND\tLAST REPORT\tNAME")
	for _, f := range fs {
		day := last[f.ID]
		if day == "" {
			day = "-"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", f.ID, f.Kind, day, f.Name)
	}
	return w.Flush()
}
