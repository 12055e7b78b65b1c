package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

const personUsage = `Usage: lamsach audit person --commune C (--id DIGITS | --name NAME) [--json]

Answers a data-subject request (Law 91/2025: within 2 working days): prints
every record of the commune that matches an ID number (or part of one) or
a name (diacritics optional), with its current and imported values and its
whole history: who changed what, when, from where and why. The lookup is
itself written to the audit log. The output holds personal data: give it
only to the person it is about.
`

// personRecord is one record and its history, as printed.
type personRecord struct {
	Record  flows.Record       `json:"record"`
	History []flows.AuditEntry `json:"history"`
}

func auditPerson(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	id := fs.String("id", "", "an ID number or at least 3 of its `digits`")
	name := fs.String("name", "", "a `name`, with or without diacritics")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := e.parse(fs, path, args, personUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	digits := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, *id)
	key := vn.NameKey(*name)
	switch {
	case (digits == "") == (key == ""):
		return usagef("give --id or --name, one of them")
	case *id != "" && len(digits) < 3:
		return usagef("--id needs at least 3 digits")
	case *name != "" && len([]rune(key)) < 2:
		return usagef("--name needs at least 2 letters")
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var found []personRecord
	err = db.Update(ctx, func(tx *store.Tx) error {
		c, err := findCommune(ctx, tx, *commune)
		if err != nil {
			return err
		}
		recs, err := tx.FindRecords(ctx, flows.Operator, key, digits, 1000)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if r.CommuneID != c.ID {
				continue
			}
			h, err := tx.AuditFor(ctx, flows.Operator, r.ID)
			if err != nil {
				return err
			}
			found = append(found, personRecord{Record: r, History: h})
		}
		// A lookup of personal data is recorded like an export: it may have
		// to be accounted for after a breach.
		_, err = tx.Audit(ctx, flows.Operator, flows.AuditEntry{CommuneID: c.ID, Action: "subject.access",
			Source: flows.SourceCLI, Reason: fmt.Sprintf("%d records", len(found))})
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(found)
	}
	if len(found) == 0 {
		fmt.Fprintln(e.stdout, "no record matches")
		return nil
	}
	for _, p := range found {
		r := p.Record
		fmt.Fprintf(e.stdout, "record %d · village %d · %s · %s\n", r.ID, r.VillageID, r.State, r.Problem)
		fmt.Fprintf(e.stdout, "  now:      %s | %s | %s | %s\n", r.Name, r.DOB.Display(), r.Gender, r.Fields.ID.Number)
		fmt.Fprintf(e.stdout, "  imported: %s | %s | %s | %s\n", r.Orig.Name, r.Orig.DOB.Display(), r.Orig.Gender, r.Orig.ID.Number)
		for _, h := range p.History {
			fmt.Fprintf(e.stdout, "  %s  %s member %d  %s %s: %q -> %q  (%s) %s\n",
				h.At.In(zone).Format("2006-01-02 15:04"), h.Role, h.MemberID, h.Action, h.Field, h.Old, h.New, h.Source, h.Reason)
		}
	}
	return nil
}
