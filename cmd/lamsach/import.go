package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"lamsach/flows"
	"lamsach/flows/msg"
	"lamsach/flows/sheet"
	"lamsach/store"
)

const importUsage = `Usage: lamsach import FILE --commune C [--sheet NAME] [--commit] [--json [--show-ids]] [--errors ERR.xlsx [--force]] [--lang en|vi]

Imports a health station's list (.xlsx) into commune C (its name, or its id
written #12) the way the bot does when the station sends it in chat. --sheet
reads the sheet of that name instead of the first with a header.

Without --commit it prints the preflight (the header mapping, the counts,
the problems, a sample row with its ID masked, the rows with errors and the
villages the records would go to) and stores nothing. With --commit it
stores the readable rows as records, as the operator, all or nothing; rows
with errors are left out (--errors writes them, with the reason for each bad
cell, in the list's own layout; an existing ERR.xlsx is replaced only with
--force). A large list is stored in short transactions, so the bot keeps
answering; nobody sees its records until the whole list is stored, and a
killed import is deleted at the next start.

A list sent again is compared with the commune's records as in the chat:
the preview says how many rows are already records, how many of them differ
and in which fields (each such row listed), and how many are new; --commit
stores only the new ones. The differing rows are never applied here: the
station applies them from the chat's preview. A list with no new row is
refused.

--json prints the same as JSON, ID numbers masked as in the text unless
--show-ids. --lang vi prints everything in Vietnamese. Times are shown in
Asia/Ho_Chi_Minh.

Exit status: 0 on success, 1 when the file is refused, was already
imported or brings no new row (the reason on one line), 2 for bad arguments.
`

// importArgs are the import command's settings.
type importArgs struct {
	listArgs
	commune, errPath string
	commit, force    bool
}

// importOut is what --json prints.
type importOut struct {
	Report    *sheet.Report  `json:"report"`
	Villages  []villageCount `json:"villages"`
	Committed bool           `json:"committed"`
	ImportID  int64          `json:"import_id,omitempty"`
	Stored    int            `json:"stored"`
	// Resend compares the list with the commune's records (import_resend.go).
	Resend *resendOut    `json:"resend,omitempty"`
	cmp    *flows.Resend // what Resend is made from, in the output's language
}

// villageCount is how many records go to one village; village_id 0 and
// no name for the records no village matched.
type villageCount struct {
	VillageID int64  `json:"village_id"`
	Village   string `json:"village,omitempty"`
	Records   int    `json:"records"`
}

func importCmd(ctx context.Context, e *env, path string, args []string) error {
	a, err := parseImport(e, path, args)
	if err != nil {
		return err
	}
	f, size, err := openList(a.file, a.lang)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	out, c, err := runImport(ctx, db, a, f, size)
	// A refused file gets its one line only, except in JSON, whose report
	// says what was known, and a list that brings nothing new, whose
	// comparison says why.
	if err == nil || a.json || errors.Is(err, flows.ErrNothingNew) {
		if perr := e.printImport(out, a, c); perr != nil {
			return perr
		}
	}
	if err != nil {
		return importError(a.lang, err, a.file)
	}
	return e.writeImportErrors(a, out)
}

// parseImport reads the command line and checks it before any work.
func parseImport(e *env, path string, args []string) (importArgs, error) {
	var a importArgs
	fs := e.flags(path)
	commune := communeFlag(fs)
	commit := fs.Bool("commit", false, "store the records (without it nothing is stored)")
	errPath := fs.String("errors", "", "write the rows with errors to this `file` (.xlsx)")
	read := listFlags(fs, "result")
	force := forceFlag(fs)
	pos, err := e.parse(fs, path, args, importUsage)
	if err != nil {
		return a, err
	}
	if a.listArgs, err = read(pos); err != nil {
		return a, err
	}
	a.commune, a.errPath, a.commit, a.force = *commune, *errPath, *commit, *force
	if a.commune == "" {
		return a, usagef("missing --commune")
	}
	if a.errPath != "" {
		if err := checkOutput("--errors", a.errPath, ".xlsx", a.force); err != nil {
			return a, err
		}
		if samePath(a.file, a.errPath) {
			return a, usagef("--errors must be a new file, not %s", a.file)
		}
	}
	return a, nil
}

// openList opens a list file, with its size; the errors name the file in
// language l.
func openList(file string, l msg.Lang) (*os.File, int64, error) {
	f, err := os.Open(file)
	if err == nil {
		var st os.FileInfo
		if st, err = f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return nil, 0, errors.New(say(l, "is_folder", file))
		} else if err == nil {
			return f, st.Size(), nil
		}
		f.Close()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, 0, errors.New(say(l, "no_file", file))
	case errors.Is(err, fs.ErrPermission):
		return nil, 0, errors.New(say(l, "no_access", file))
	}
	return nil, 0, fmt.Errorf("%s: %w", file, plainPathError(err))
}

// runImport runs the preflight in a read transaction, or with --commit
// the staged import (commitImport).
func runImport(ctx context.Context, db *store.DB, a importArgs, f *os.File, size int64) (importOut, flows.Commune, error) {
	var out importOut
	var c flows.Commune
	var vs []flows.Village
	opt := flows.ImportOptions{Limits: a.opt.Limits, Sheet: a.opt.Sheet}
	// Only reads here: the write lock the bot's updates wait for is never
	// held while a large file is read (commitImport stores it in chunks).
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = importCommune(ctx, tx, a); err != nil {
			return err
		}
		if vs, err = tx.Villages(ctx, c.ID); err != nil || a.commit {
			return err
		}
		pv, err := flows.PreviewList(ctx, tx, flows.Operator, c.ID, f, size, opt)
		out.Report, out.Villages = pv.Report, villageCounts(vs, pv.ByVillage)
		if err != nil {
			return err
		}
		if flows.IsVerification(pv.Report) {
			return flows.ErrVerificationList
		}
		out.cmp = &pv.Resend
		if err := alreadyImported(ctx, tx, c.ID, f, size); err != nil {
			return err
		}
		if pv.Resend.Known() && pv.Resend.New == 0 {
			return flows.ErrNothingNew // as --commit would say
		}
		return nil
	})
	if err == nil && a.commit {
		out, err = commitImport(ctx, db, c.ID, vs, filepath.Base(a.file), f, size, opt)
	}
	return out, c, err
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
	out := importOut{Report: res.Report, Villages: villageCounts(vs, res.ByVillage),
		Committed: err == nil, ImportID: res.Import.ID, Stored: res.Stored}
	if err == nil || errors.Is(err, flows.ErrNothingNew) {
		out.cmp = &res.Resend
	}
	return out, err
}

// importCommune finds --commune, saying in the report's language when it
// names none or a facility.
func importCommune(ctx context.Context, tx *store.Tx, a importArgs) (flows.Commune, error) {
	c, err := lookupUnit(ctx, tx, a.commune)
	name := strings.TrimSpace(a.commune)
	switch {
	case errors.Is(err, flows.ErrNotFound):
		hint := ""
		if idHint(name) != "" {
			hint = say(a.lang, "id_hint", name)
		}
		return c, usagef("%s", say(a.lang, "unknown_commune", name, hint))
	case err == nil && c.Kind.Facility():
		return c, usagef("%s", say(a.lang, "facility", c.Name, c.Kind))
	}
	return c, err
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

// printImport prints the preflight or the import's result, with the
// comparison of a list sent again.
func (e *env) printImport(out importOut, a importArgs, c flows.Commune) error {
	if out.cmp != nil {
		out.Resend = resendFrom(a.lang, out.cmp, a.showIDs)
	}
	if a.json {
		if out.Report == nil {
			return nil
		}
		out.Report = reportForJSON(out.Report, a.showIDs)
		return printJSON(e.stdout, out)
	}
	if out.Report == nil || out.Report.Refusal != "" {
		return nil
	}
	l := a.lang
	switch {
	case out.Committed:
		fmt.Fprintln(e.stdout, say(l, "imported", out.Stored, c.Name, out.ImportID))
	case a.commit: // nothing new: the refusal follows on stderr
		printResend(e.stdout, l, out.Resend, false)
		return nil
	default:
		fmt.Fprint(e.stdout, html.UnescapeString(out.Report.Text(l)))
		otherSheetsHint(e, out.Report, l)
		printResend(e.stdout, l, out.Resend, false)
		if out.Resend != nil && out.Resend.Known > 0 && out.Resend.New == 0 {
			return nil
		}
		fmt.Fprintln(e.stdout, say(l, "villages", c.Name))
	}
	e.printVillages(l, out.Villages)
	if out.Committed && out.Report.Rows.WithErrors > 0 {
		fmt.Fprintln(e.stdout, say(l, "not_imported", out.Report.Rows.WithErrors))
	}
	if out.Committed {
		printResend(e.stdout, l, out.Resend, true)
	} else {
		fmt.Fprintln(e.stdout, say(l, "nothing_stored"))
	}
	return nil
}

// printVillages lists the records per village.
func (e *env) printVillages(l msg.Lang, vs []villageCount) {
	for _, v := range vs {
		name := v.Village
		if v.VillageID == 0 {
			name = say(l, "no_village")
		}
		fmt.Fprintf(e.stdout, "  %s: %d\n", name, v.Records)
	}
}

// writeImportErrors writes --errors when the list has rows with errors.
func (e *env) writeImportErrors(a importArgs, out importOut) error {
	if a.errPath == "" || out.Report == nil || len(out.Report.ErrorRows) == 0 {
		return nil
	}
	err := writeOutput(a.errPath, a.force, func(w *os.File) error { return sheet.WriteErrors(w, out.Report, nil) })
	if err != nil {
		return err
	}
	if !a.json {
		fmt.Fprintln(e.stdout, say(a.lang, "errors_written", a.errPath))
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
		return errors.New(say(l, "same_file", file, showTime(same.Earlier.CreatedAt), same.Earlier.ID, same.Earlier.Rows))
	case errors.Is(err, flows.ErrVerificationList):
		return errors.New(say(l, "verification", file))
	case errors.Is(err, flows.ErrNothingToImport):
		return errors.New(say(l, "nothing_to_import", file))
	case errors.Is(err, flows.ErrNothingNew):
		return errors.New(say(l, "nothing_new", file))
	}
	return err
}

// villageCounts lists a count by village id in the order of the names,
// the records no village matched last.
func villageCounts(vs []flows.Village, by map[int64]int) []villageCount {
	out := []villageCount{}
	for _, v := range vs {
		if n := by[v.ID]; n > 0 {
			out = append(out, villageCount{VillageID: v.ID, Village: v.Name, Records: n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Village < out[j].Village })
	if n := by[0]; n > 0 {
		out = append(out, villageCount{Records: n})
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
