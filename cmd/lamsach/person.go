package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

const personUsage = `Usage: lamsach audit person --commune C (--id DIGITS | --name NAME) [--json] [--show-ids]

Answers a data-subject request (Law 91/2025: within 2 working days): prints
every record of the commune that matches an ID number (or part of one) or
a name (diacritics optional), with its current and imported values and its
whole history, starting with its import: who changed what, when (Asia/
Ho_Chi_Minh), from where and why. ID numbers are masked unless --show-ids.

The lookup is itself written to the audit log, with what was searched for
kept only as a keyed hash (HMAC with the audit key), never the ID number or
name itself. The output holds personal data: give it only to the person it
is about.
`

// personRecord is one record and its history, the import first.
type personRecord struct {
	Record  flows.Record
	History []flows.AuditEntry
}

// personQuery is what audit person looks for.
type personQuery struct {
	commune string
	digits  string // the ID digits searched for; "" when by name
	nameKey string // vn.NameKey of the name searched for; "" when by ID
	json    bool
	showIDs bool
}

func auditPerson(ctx context.Context, e *env, path string, args []string) error {
	q, err := parsePerson(e, path, args)
	if err != nil {
		return err
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var found []personRecord
	err = db.Update(ctx, func(tx *store.Tx) error {
		found, err = lookupPerson(ctx, tx, q)
		return err
	})
	if err != nil {
		return err
	}
	if q.json {
		out := make([]personJSON, 0, len(found))
		for _, p := range found {
			out = append(out, personToJSON(p, q.showIDs))
		}
		return printJSON(e.stdout, out)
	}
	printPerson(e.stdout, found, q.showIDs)
	return nil
}

// parsePerson reads audit person's flags.
func parsePerson(e *env, path string, args []string) (personQuery, error) {
	fs := e.flags(path)
	commune := communeFlag(fs)
	id := fs.String("id", "", "an ID number or at least 3 of its `digits`")
	name := fs.String("name", "", "a `name`, with or without diacritics")
	asJSON := fs.Bool("json", false, "print JSON")
	showIDs := showIDsFlag(fs)
	pos, err := e.parse(fs, path, args, personUsage)
	if err != nil {
		return personQuery{}, err
	}
	if err := none(pos); err != nil {
		return personQuery{}, err
	}
	q := personQuery{commune: *commune, nameKey: vn.NameKey(*name), json: *asJSON, showIDs: *showIDs,
		digits: strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, *id)}
	switch {
	case (q.digits == "") == (q.nameKey == ""):
		return q, usagef("give --id or --name, one of them")
	case *id != "" && len(q.digits) < 3:
		return q, usagef("--id needs at least 3 digits")
	case *name != "" && len([]rune(q.nameKey)) < 2:
		return q, usagef("--name needs at least 2 letters")
	}
	return q, nil
}

// lookupPerson finds the commune's records matching q with their
// histories, and writes the lookup to the audit log.
func lookupPerson(ctx context.Context, tx *store.Tx, q personQuery) ([]personRecord, error) {
	c, err := findCommune(ctx, tx, q.commune)
	if err != nil {
		return nil, err
	}
	recs, err := tx.FindRecords(ctx, flows.Operator, q.nameKey, q.digits, 1000)
	if err != nil {
		return nil, err
	}
	imports, err := tx.ImportEntries(ctx, flows.Operator, c.ID)
	if err != nil {
		return nil, err
	}
	var found []personRecord
	for _, r := range recs {
		if r.CommuneID != c.ID {
			continue
		}
		h, err := tx.AuditFor(ctx, flows.Operator, r.ID)
		if err != nil {
			return nil, err
		}
		if r.ImportID != 0 {
			h = append([]flows.AuditEntry{importLine(r, imports)}, h...)
		}
		found = append(found, personRecord{Record: r, History: h})
	}
	// A lookup of personal data is recorded like an export: it may have to
	// be accounted for after a breach. What was searched for is kept as a
	// keyed hash: the log must not become a list of looked-up ID numbers.
	by, value := "id", q.digits
	if q.digits == "" {
		by, value = "name", q.nameKey
	}
	hash, err := tx.LookupHash(by, value)
	if err != nil {
		return nil, err
	}
	_, err = tx.Audit(ctx, flows.Operator, flows.AuditEntry{CommuneID: c.ID, Action: "subject.access",
		Field: by, New: hash, Source: flows.SourceCLI, Reason: fmt.Sprintf("%d records", len(found))})
	return found, err
}

// importLine is the first line of an imported record's history: the
// import's audit entry (who, when), naming the import and the row. A
// database whose entry is gone still shows the record's import time.
func importLine(r flows.Record, imports map[int64]flows.AuditEntry) flows.AuditEntry {
	e, ok := imports[r.ImportID]
	if !ok {
		e = flows.AuditEntry{At: r.CreatedAt, Source: flows.SourceSheet}
	}
	e.RecordID, e.Action, e.Field, e.Old, e.New = r.ID, "import", "", "", ""
	e.Reason = fmt.Sprintf("import %d, row %d", r.ImportID, r.RowNum)
	return e
}

// printPerson writes the records and their histories as text.
func printPerson(w io.Writer, found []personRecord, showIDs bool) {
	if len(found) == 0 {
		fmt.Fprintln(w, "no record matches")
		return
	}
	for _, p := range found {
		r := p.Record
		fmt.Fprintf(w, "record %d · village %d · %s · %s\n", r.ID, r.VillageID, r.State, r.Problem)
		fmt.Fprintf(w, "  now:      %s | %s | %s | %s\n", r.Name, r.DOB.Display(), r.Gender, showID(r.Fields.ID.Number, showIDs))
		fmt.Fprintf(w, "  imported: %s | %s | %s | %s\n", r.Orig.Name, r.Orig.DOB.Display(), r.Orig.Gender, showID(r.Orig.ID.Number, showIDs))
		for _, h := range p.History {
			fmt.Fprintf(w, "  %s  %s  %s", showTime(h.At), who(h), h.Action)
			if h.Field != "" {
				old, new := auditValues(h, showIDs)
				fmt.Fprintf(w, " %s: %q -> %q", h.Field, old, new)
			}
			fmt.Fprintf(w, "  (%s)", h.Source)
			if h.Reason != "" {
				fmt.Fprintf(w, " %s", h.Reason)
			}
			fmt.Fprintln(w)
		}
	}
}

// who names the author of an entry: the operator, or a member's role and id.
func who(h flows.AuditEntry) string {
	switch {
	case h.MemberID != 0:
		return fmt.Sprintf("%s #%d", h.Role, h.MemberID)
	case h.Role != "":
		return string(h.Role)
	}
	return "-"
}

// auditValues returns an entry's old and new values, ID numbers masked
// unless showIDs.
func auditValues(h flows.AuditEntry, showIDs bool) (old, new string) {
	if spec, ok := flows.Spec(vn.FieldID); ok && h.Field == spec.Columns[0] {
		return showID(h.Old, showIDs), showID(h.New, showIDs)
	}
	return zoneValue(h.Old), zoneValue(h.New)
}

// zoneValue writes a value that is a time (reviewed_at, confirmed_at, kept
// in UTC) in Asia/Ho_Chi_Minh, as every time is shown; others stay.
func zoneValue(v string) string {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return jsonTime(t)
	}
	return v
}
