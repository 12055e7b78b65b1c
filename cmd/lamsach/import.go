package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"sort"

	"lamsach/flows"
	"lamsach/flows/msg"
	"lamsach/flows/sheet"
	"lamsach/store"
)

const importUsage = `Usage: lamsach import FILE --commune C [--sheet NAME] [--commit] [--json] [--errors ERR.xlsx] [--lang en|vi]

Imports a health station's list (.xlsx) into commune C (its name, or its id
written #12) the way the bot does when the station sends it in chat. --sheet
reads the sheet of that name instead of the first with a header.

Without --commit it prints the preflight (the header mapping, the counts,
the problems, a sample row with its ID masked, the rows with errors and the
villages the records would go to) and stores nothing. With --commit it
stores the readable rows as records, as the operator, all or nothing; rows
with errors are left out (--errors writes them, with the reason for each bad
cell, in the list's own layout). A large list is stored in short
transactions, so the bot keeps answering; nobody sees its records until the
whole list is stored, and a killed import is deleted at the next start.

Exit status: 0 on success, 1 when the file is refused or was already
imported (the reason on one line), 2 for bad arguments.
`

// importOut is what --json prints.
type importOut struct {
	Report    *sheet.Report  `json:"report"`
	Villages  map[string]int `json:"villages"`
	Committed bool           `json:"committed"`
	ImportID  int64          `json:"import_id,omitempty"`
	Stored    int            `json:"stored"`
}

func importCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	commit := fs.Bool("commit", false, "store the records (without it nothing is stored)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	errPath := fs.String("errors", "", "write the rows with errors to this `file` (.xlsx)")
	lang := fs.String("lang", "en", "the language of the report: `en or vi`")
	sheetName := fs.String("sheet", "", "read the sheet of this `name`")
	limits := limitFlags(fs)
	pos, err := e.parse(fs, path, args, importUsage)
	if err != nil {
		return err
	}
	file, err := oneFile(pos, "file")
	if err != nil {
		return err
	}
	if *commune == "" {
		return usagef("missing --commune")
	}
	lim, err := limits()
	if err != nil {
		return err
	}
	l, err := parseLang(*lang)
	if err != nil {
		return err
	}
	if *errPath != "" && samePath(file, *errPath) {
		return usagef("--errors must be a new file, not %s", file)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a directory", file)
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()

	var c flows.Commune
	var vs []flows.Village
	var out importOut
	opt := flows.ImportOptions{Limits: lim, Sheet: *sheetName}
	// Only reads here: the write lock the bot's updates wait for is never
	// held while a large file is read (commitImport stores it in chunks).
	err = db.View(ctx, func(tx *store.Tx) error {
		if c, err = findCommune(ctx, tx, *commune); err != nil {
			return err
		}
		if vs, err = tx.Villages(ctx, c.ID); err != nil {
			return err
		}
		if !*commit {
			pv, err := flows.Preflight(f, st.Size(), opt, vs)
			out.Report = pv.Report
			out.Villages = villageCounts(vs, pv.ByVillage)
			if err != nil {
				return err
			}
			if flows.IsVerification(pv.Report) {
				return flows.ErrVerificationList
			}
			return alreadyImported(ctx, tx, c.ID, f, st.Size())
		}
		return nil
	})
	if err == nil && *commit {
		out, err = commitImport(ctx, db, c.ID, vs, filepath.Base(file), f, st.Size(), opt)
	}
	// A refused file gets its one line only, except in JSON, whose report
	// says what was known.
	if err == nil || *asJSON {
		if perr := e.printImport(out, *asJSON, l, c); perr != nil {
			return perr
		}
	}
	if err != nil {
		return importError(l, err, file)
	}
	if *errPath != "" && out.Report != nil && len(out.Report.ErrorRows) > 0 {
		if err := writeFile(*errPath, func(w *os.File) error { return sheet.WriteErrors(w, out.Report, nil) }); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintf(e.stdout, "rows with errors written to %s\n", *errPath)
		}
	}
	return nil
}

// commitImport stores the list as the operator through a staged import:
// each batch of records is its own short write transaction, and nobody
// sees the records until the last one publishes them all.
func commitImport(ctx context.Context, db *store.DB, commune int64, vs []flows.Village, name string, f *os.File, size int64,
	opt flows.ImportOptions) (importOut, error) {
	staged, err := db.StagedImport()
	if err != nil {
		return importOut{}, err
	}
	defer staged.Close()
	res, err := flows.ImportList(ctx, staged, flows.Operator, commune, name, f, size, opt)
	return importOut{Report: res.Report, Villages: villageCounts(vs, res.ByVillage),
		Committed: err == nil, ImportID: res.Import.ID, Stored: res.Stored}, err
}

// alreadyImported refuses, at preflight, a file the commune imported
// before: --commit would refuse it too.
func alreadyImported(ctx context.Context, tx *store.Tx, commune int64, f *os.File, size int64) error {
	h, err := fileDigest(f, size)
	if err != nil {
		return err
	}
	earlier, err := tx.ImportBySHA(ctx, flows.Operator, commune, h)
	if errors.Is(err, flows.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return &flows.SameFileError{Earlier: earlier}
}

// printImport prints the preflight or the import's result.
func (e *env) printImport(out importOut, asJSON bool, l msg.Lang, c flows.Commune) error {
	if asJSON {
		if out.Report == nil {
			return nil
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if out.Report == nil || out.Report.Refusal != "" {
		return nil
	}
	if !out.Committed {
		fmt.Fprint(e.stdout, html.UnescapeString(out.Report.Text(l)))
		otherSheetsHint(e, out.Report)
		fmt.Fprintf(e.stdout, "villages in %s:\n", c.Name)
	} else {
		fmt.Fprintf(e.stdout, "imported %d records into %s (import %d)\n", out.Stored, c.Name, out.ImportID)
	}
	for _, name := range sortedKeys(out.Villages) {
		fmt.Fprintf(e.stdout, "  %s: %d\n", name, out.Villages[name])
	}
	if out.Committed && out.Report.Rows.WithErrors > 0 {
		fmt.Fprintf(e.stdout, "%d rows with errors were not imported (see them with --errors FILE)\n", out.Report.Rows.WithErrors)
	}
	if !out.Committed {
		fmt.Fprintln(e.stdout, "nothing stored: run again with --commit to import")
	}
	return nil
}

// importError turns the import's refusals into their one line.
func importError(l msg.Lang, err error, file string) error {
	var same *flows.SameFileError
	switch {
	case sheet.IsRefusal(err):
		return errors.New(sheet.RefusalText(l, err))
	case errors.As(err, &same):
		return fmt.Errorf("%s was already imported into this commune on %s (import %d, %d records)",
			file, same.Earlier.CreatedAt.Format("2006-01-02 15:04 MST"), same.Earlier.ID, same.Earlier.Rows)
	case errors.Is(err, flows.ErrVerificationList):
		return fmt.Errorf("%s is the platform's verification list (it has a result column), not a list to import", file)
	case errors.Is(err, flows.ErrNothingToImport):
		return fmt.Errorf("%s has no readable rows: every row has errors (see them with --errors FILE)", file)
	case errors.Is(err, flows.ErrNothingNew):
		return fmt.Errorf("%s brings no new records: every readable row is already a record of this commune", file)
	}
	return err
}

// villageCounts names the villages of a count by village id; records no
// village matched are "(no village)".
func villageCounts(vs []flows.Village, by map[int64]int) map[string]int {
	out := map[string]int{}
	for _, v := range vs {
		if n := by[v.ID]; n > 0 {
			out[v.Name] = n
		}
	}
	if n := by[0]; n > 0 {
		out["(no village)"] = n
	}
	return out
}

// fileDigest is the hex SHA-256 of the file, as the import records it.
func fileDigest(f *os.File, size int64) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sortedKeys returns a count's names in order, "(no village)" last.
func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if (keys[i] == "(no village)") != (keys[j] == "(no village)") {
			return keys[j] == "(no village)"
		}
		return keys[i] < keys[j]
	})
	return keys
}
