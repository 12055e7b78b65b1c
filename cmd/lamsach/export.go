package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/vn"
	"lamsach/store"
)

const exportUsage = `Usage: lamsach export --commune C --kind import|edit --out FILE.xlsx [--batch N] [--template T.json] [--force]
       lamsach export --commune C --kind handover --batch N --out FILE.xlsx [--force]

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
the audit log: it is a bulk read of personal data. An existing FILE is
replaced only with --force.

Exit status: 0 when the file is written, 1 when there is nothing to write or
the batch is unknown, 2 for bad arguments (FILE existing without --force
among them).
`

// exportOpts are the export command's arguments.
type exportOpts struct {
	commune, kind, out, tplPath string
	batch                       int
	force                       bool
}

func exportCmd(ctx context.Context, e *env, path string, args []string) error {
	o, err := parseExport(e, path, args)
	if err != nil {
		return err
	}
	var tpl *sheet.Template
	if o.tplPath != "" {
		t, err := sheet.LoadTemplate(o.tplPath)
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
	out, err := createOutput(o.out)
	if err != nil {
		return err
	}
	var msg string
	var held []flows.Left // left out of the file
	err = db.Update(ctx, func(tx *store.Tx) error {
		msg, held, err = writeExport(ctx, tx, o, tpl, out.File)
		return err
	})
	printHeld(e.stdout, held)
	switch {
	case errors.Is(err, flows.ErrNothingToExport):
		out.discard()
		return fmt.Errorf("no signed records are waiting for the %s file", o.kind)
	case errors.Is(err, flows.ErrNotFound) && o.batch > 0:
		out.discard()
		return fmt.Errorf("no %s %d in this commune", map[bool]string{true: "handover", false: "batch"}[o.kind == "handover"], o.batch)
	case err != nil:
		// Nothing was committed: no file either.
		out.discard()
		return err
	}
	if err := out.finish(o.force); err != nil {
		return fmt.Errorf("%w (the export is recorded: write it again with --batch)", err)
	}
	fmt.Fprint(e.stdout, msg)
	return nil
}

// parseExport reads and checks the export command's arguments.
func parseExport(e *env, path string, args []string) (exportOpts, error) {
	var o exportOpts
	fs := e.flags(path)
	fs.StringVar(&o.commune, "commune", "", "the commune's `name`, or its id written #12")
	fs.StringVar(&o.kind, "kind", "", "which file: `import, edit or handover`")
	fs.StringVar(&o.out, "out", "", "the `file` to write (.xlsx)")
	fs.IntVar(&o.batch, "batch", 0, "an existing batch (or handover) `number` to write again")
	fs.StringVar(&o.tplPath, "template", "", "a template description `file` (JSON) for the import file")
	fs.BoolVar(&o.force, "force", false, "replace the output file when it exists")
	pos, err := e.parse(fs, path, args, exportUsage)
	if err != nil {
		return o, err
	}
	if err := none(pos); err != nil {
		return o, err
	}
	switch {
	case o.commune == "":
		return o, usagef("missing --commune")
	case o.kind == "":
		return o, usagef("missing --kind (want import, edit or handover)")
	case o.kind != "import" && o.kind != "edit" && o.kind != "handover":
		return o, usagef("unknown --kind %q (want import, edit or handover)", o.kind)
	case o.batch < 0:
		return o, usagef("--batch must be a positive number")
	case o.kind == "handover" && o.batch == 0:
		return o, usagef("--kind handover needs --batch (the handover's number)")
	case o.kind == "handover" && o.tplPath != "":
		return o, usagef("--template is only for --kind import")
	}
	return o, checkOutput("--out", o.out, ".xlsx", o.force)
}

// writeExport writes the file o asks for to f in tx and returns the lines
// to print and the records left out of an import file.
func writeExport(ctx context.Context, tx *store.Tx, o exportOpts, tpl *sheet.Template, f io.Writer) (string, []flows.Left, error) {
	c, err := findCommune(ctx, tx, o.commune)
	if err != nil {
		return "", nil, err
	}
	if o.kind == "handover" {
		n, err := flows.WriteHandoverFile(ctx, tx, flows.Operator, c.ID, o.batch, f)
		return fmt.Sprintf("handover %d of %s (%d records) written to %s\n", o.batch, c.Name, n, o.out), nil, err
	}
	exp, err := exportBatch(ctx, tx, c.ID, flows.ExportKind(o.kind), o.batch)
	var held []flows.Left
	for _, r := range exp.Held {
		held = append(held, flows.Left{Record: r, Reason: flows.LeftID})
	}
	if err != nil {
		return "", held, err
	}
	if tpl == nil {
		t, err := flows.ExportTemplate(ctx, tx, flows.Operator, c.ID)
		if err != nil {
			return "", held, err
		}
		tpl = &t
	}
	stats, left, err := flows.WriteExport(ctx, tx, flows.Operator, exp, *tpl, f)
	return exportSummary(c, exp, stats, o.out, o.batch == 0), append(held, left...), err
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
