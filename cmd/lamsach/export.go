package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/vn"
	"lamsach/store"
)

const exportUsage = `Usage: lamsach export --commune C --kind import|edit --out FILE [--batch N] [--template T.json]
       lamsach export --commune C --kind handover --batch N --out FILE

Writes one of the station's files for commune C (its name, or its id written #12), as the
operator, the way the bot does when the station presses /export:

  import    the platform's import file: the signed records without an ID or
            with a malformed one, corrected, in the platform's template
            (default the 2021 PL1 layout; --template or the commune's own)
  edit      the edit list: the signed records with wrong information, each
            field old → new, with the handover number and officer
  handover  a police handover (biên bản bàn giao), with --batch its number

For import and edit, the records go into a new numbered batch and are
marked exported, exactly as in the chat. With --batch N the existing batch
N is written again and no record changes. Every file written is recorded in
the audit log: it is a bulk read of personal data.

Exit status: 0 when the file is written, 1 when there is nothing to write or
the batch is unknown, 2 for bad arguments.
`

func exportCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	kind := fs.String("kind", "", "which file: `import, edit or handover`")
	out := fs.String("out", "", "the `file` to write (.xlsx)")
	batch := fs.Int("batch", 0, "an existing batch (or handover) `number` to write again")
	tplPath := fs.String("template", "", "a template description `file` (JSON) for the import file")
	pos, err := e.parse(fs, path, args, exportUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	switch {
	case *commune == "":
		return usagef("missing --commune")
	case *kind == "":
		return usagef("missing --kind (want import, edit or handover)")
	case *kind != "import" && *kind != "edit" && *kind != "handover":
		return usagef("unknown --kind %q (want import, edit or handover)", *kind)
	case *out == "":
		return usagef("missing --out")
	case *batch < 0:
		return usagef("--batch must be a positive number")
	case *kind == "handover" && *batch == 0:
		return usagef("--kind handover needs --batch (the handover's number)")
	case *kind == "handover" && *tplPath != "":
		return usagef("--template is only for --kind import")
	}
	var tpl *sheet.Template
	if *tplPath != "" {
		t, err := sheet.LoadTemplate(*tplPath)
		if err != nil {
			return err
		}
		tpl = &t
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var msg string
	var held []flows.Left // left out of the file
	written := false        // the file is in place, to take back if the commit fails
	err = db.Update(ctx, func(tx *store.Tx) error {
		c, err := findCommune(ctx, tx, *commune)
		if err != nil {
			return err
		}
		if *kind == "handover" {
			err := writeFile(*out, func(f *os.File) error {
				n, err := flows.WriteHandoverFile(ctx, tx, flows.Operator, c.ID, *batch, f)
				msg = fmt.Sprintf("handover %d of %s (%d records) written to %s\n", *batch, c.Name, n, *out)
				return err
			})
			written = err == nil
			return err
		}
		exp, err := exportBatch(ctx, tx, c.ID, flows.ExportKind(*kind), *batch)
		for _, r := range exp.Held {
			held = append(held, flows.Left{Record: r, Reason: flows.LeftID})
		}
		if err != nil {
			return err
		}
		if tpl == nil {
			t, err := flows.ExportTemplate(ctx, tx, flows.Operator, c.ID)
			if err != nil {
				return err
			}
			tpl = &t
		}
		err = writeFile(*out, func(f *os.File) error {
			stats, left, err := flows.WriteExport(ctx, tx, flows.Operator, exp, *tpl, f)
			msg = exportSummary(c, exp, stats, *out, *batch == 0)
			held = append(held, left...)
			return err
		})
		written = err == nil
		return err
	})
	printHeld(e.stdout, held)
	switch {
	case errors.Is(err, flows.ErrNothingToExport):
		return fmt.Errorf("no signed records are waiting for the %s file", *kind)
	case errors.Is(err, flows.ErrNotFound) && *batch > 0:
		return fmt.Errorf("no %s %d in this commune", map[bool]string{true: "handover", false: "batch"}[*kind == "handover"], *batch)
	case err != nil:
		if written {
			// The commit failed after the file was in place: it would name
			// records not marked exported.
			os.Remove(*out)
		}
		return err
	}
	fmt.Fprint(e.stdout, msg)
	return nil
}

// exportBatch makes a new batch of kind, or finds batch number when given
// (which must be of that kind).
func exportBatch(ctx context.Context, tx *store.Tx, commune int64, kind flows.ExportKind, number int) (flows.Export, error) {
	if number == 0 {
		return tx.CreateExport(ctx, flows.Operator, commune, kind)
	}
	exp, err := tx.ExportByNumber(ctx, flows.Operator, commune, number)
	if err != nil {
		return exp, err
	}
	if exp.Kind != kind {
		return exp, fmt.Errorf("batch %d is the %s file, not %s (use --kind %s)", number, exp.Kind, kind, exp.Kind)
	}
	return exp, nil
}

// printHeld names the records left out of a file, by record id and
// masked ID, with why: an ID the platform does not accept
// (flows.ExportKind.Takes; such a record stays signed until corrected), or
// a value longer than a spreadsheet cell holds.
func printHeld(w io.Writer, held []flows.Left) {
	if len(held) == 0 {
		return
	}
	why := map[string]string{flows.LeftID: "its ID number is not one the platform accepts",
		flows.LeftCell: "a value is longer than a spreadsheet cell holds (32,767 characters)"}
	fmt.Fprintf(w, "%d records left out of the file:\n", len(held))
	for _, l := range held {
		id := vn.MaskID(l.Record.Fields.ID.Number)
		if id == "" {
			id = "no number"
		}
		fmt.Fprintf(w, "  record %d (%s): %s\n", l.Record.ID, id, why[l.Reason])
	}
}

// exportSummary is the line printed after a batch is written.
func exportSummary(c flows.Commune, exp flows.Export, stats sheet.ImportStats, out string, created bool) string {
	s := fmt.Sprintf("batch %d of %s (%s file, %d records) written to %s\n", exp.Number, c.Name, exp.Kind, stats.Rows, out)
	if created {
		s += fmt.Sprintf("the records are marked exported; the station marks the batch entered with /entered %d\n", exp.Number)
	}
	if stats.PartialDates > 0 {
		s += fmt.Sprintf("%d dates of birth known only to the month or year were written as the template asks: please check them\n", stats.PartialDates)
	}
	if stats.NoDate > 0 {
		s += fmt.Sprintf("%d records have no date of birth, which the platform requires\n", stats.NoDate)
	}
	return s
}
