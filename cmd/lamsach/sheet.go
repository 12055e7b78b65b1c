package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
)

var sheetCmds = []command{
	{name: "check", summary: "read a station list and print what was found: sheet check FILE", run: sheetCheck},
	{name: "convert", summary: "turn a station list into the platform's import file", run: sheetConvert},
}

const sheetUsage = `Usage: lamsach sheet check FILE [--json] [--lang en|vi]
       lamsach sheet convert FILE --out OUT.xlsx [--template T.json] [--errors ERR.xlsx]

Reads a health station's Excel list of wrong vaccination records (.xlsx) the
way the bot does, without storing anything.

Commands:
{{commands}}`

const sheetCheckUsage = `Usage: lamsach sheet check FILE [--json] [--lang en|vi]

Reads FILE as the bot reads an upload and prints the preflight: the sheet and
header row found, which column became which field, the row counts, problem
kinds, warnings, lost zeros, dates, duplicates, a sample row (ID masked) and
the first rows with errors. Nothing is stored.

Exit status: 0 when the file is readable, 1 when it is refused (the reason is
printed on one line), 2 for bad arguments.
`

const sheetConvertUsage = `Usage: lamsach sheet convert FILE --out OUT.xlsx [--template T.json] [--errors ERR.xlsx]

Turns a station list straight into the platform's import file, one row per
readable record in the template's layout (default: the 2021 PL1 template),
with the list's other columns carried through where the template has them.
Rows with errors are left out; --errors writes them, with the reason for
each bad cell, in the list's own layout. Dates known only to the month or
year are written as 01/mm/yyyy or 01/01/yyyy, as the template asks.
`

func sheetCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, sheetCmds, sheetUsage)
}

// readList reads a station list file, handing its rows to batch.
func readList(file string, opt sheet.Options, batch func([]sheet.Row) error) (*sheet.Report, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", file)
	}
	return sheet.Read(f, st.Size(), opt, batch)
}

func sheetCheck(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	lang := fs.String("lang", "en", "the language of the report: `en or vi`")
	limits := limitFlags(fs)
	pos, err := e.parse(fs, path, args, sheetCheckUsage)
	if err != nil {
		return err
	}
	file, err := oneFile(pos, "file")
	if err != nil {
		return err
	}
	l, err := parseLang(*lang)
	if err != nil {
		return err
	}
	lim, err := limits()
	if err != nil {
		return err
	}
	rep, err := readList(file, sheet.Options{Limits: lim}, nil)
	if err != nil && !sheet.IsRefusal(err) {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(rep); jerr != nil {
			return jerr
		}
	} else if err == nil {
		fmt.Fprint(e.stdout, html.UnescapeString(rep.Text(l)))
	}
	if err != nil {
		return errors.New(sheet.RefusalText(l, err))
	}
	return nil
}

func sheetConvert(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	out := fs.String("out", "", "the import `file` to write (.xlsx)")
	tplPath := fs.String("template", "", "a template description `file` (JSON) instead of the 2021 PL1 layout")
	errPath := fs.String("errors", "", "also write the rows with errors to this `file` (.xlsx)")
	limits := limitFlags(fs)
	pos, err := e.parse(fs, path, args, sheetConvertUsage)
	if err != nil {
		return err
	}
	file, err := oneFile(pos, "file")
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("missing --out")
	}
	if samePath(file, *out) || (*errPath != "" && (samePath(file, *errPath) || samePath(*out, *errPath))) {
		return usagef("--out and --errors must be new files, not %s", file)
	}
	lim, err := limits()
	if err != nil {
		return err
	}
	tpl := sheet.DefaultTemplate()
	if *tplPath != "" {
		if tpl, err = sheet.LoadTemplate(*tplPath); err != nil {
			return err
		}
	}
	var stats sheet.ImportStats
	var errRows []sheet.Row
	var rep *sheet.Report
	err = writeFile(*out, func(f *os.File) error {
		iw, err := sheet.NewImportWriter(f, tpl)
		if err != nil {
			return err
		}
		var headers []string
		opt := sheet.Options{Limits: lim, Header: func(r *sheet.Report) error {
			headers = r.HeaderPaths()
			return nil
		}}
		rep, err = readList(file, opt, func(rows []sheet.Row) error {
			for _, r := range rows {
				if len(r.Errors) > 0 {
					errRows = append(errRows, r)
					continue
				}
				if err := iw.Write(exportRow(r, headers)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		stats, err = iw.Close()
		return err
	})
	if sheet.IsRefusal(err) {
		return errors.New(sheet.RefusalText(msg.EN, err))
	}
	if err != nil {
		return err
	}
	if *errPath != "" && len(errRows) > 0 {
		if err := writeFile(*errPath, func(f *os.File) error { return sheet.WriteErrors(f, rep, errRows) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "import file written: %s (%d rows, %d cells carried through)\n", *out, stats.Rows, stats.Carried)
	if stats.PartialDates > 0 {
		fmt.Fprintf(e.stdout, "%d dates of birth known only to the month or year, written as the template asks: please check them\n", stats.PartialDates)
	}
	if stats.NoDate > 0 {
		fmt.Fprintf(e.stdout, "%d records have no date of birth, which the platform requires\n", stats.NoDate)
	}
	if n := rep.Rows.WithErrors; n > 0 {
		if *errPath != "" {
			fmt.Fprintf(e.stdout, "%d rows with errors left out, written to %s\n", n, *errPath)
		} else {
			fmt.Fprintf(e.stdout, "%d rows with errors left out (see them with --errors FILE)\n", n)
		}
	}
	return nil
}

// exportRow is a read row as the import file wants it. An ID that did not
// parse is written as received: the platform's import answers with its
// reason, and dropping it would hide the record's problem.
func exportRow(r sheet.Row, headers []string) sheet.ExportRow {
	p := r.Person
	id := p.ID.Number
	if id == "" {
		id = p.IDRaw
	}
	return sheet.ExportRow{
		Name: p.Name, DOB: p.DOB, Gender: p.Gender, ID: id, Phone: p.Phone,
		Insurance: r.Insurance, Village: r.Village, Address: r.Address, Code: r.Code,
		Headers: headers, Cells: r.Cells,
	}
}

// writeFile writes a new file through a temporary one in the same
// directory, renamed into place only when write succeeds: a refused or
// failed conversion leaves no half-written file behind.
func writeFile(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".lamsach-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this fails harmlessly
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// samePath reports whether two paths name the same file.
func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// parseLang reads --lang.
func parseLang(s string) (msg.Lang, error) {
	switch s {
	case "en":
		return msg.EN, nil
	case "vi":
		return msg.VI, nil
	}
	return "", usagef("--lang %q: want en or vi", s)
}
