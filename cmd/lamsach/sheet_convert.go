package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
)

// convertPaths are the files sheet convert reads and writes.
type convertPaths struct {
	in, out, errs, changes string
}

// check refuses an output that is the input or another output, and each
// output the rules of every written file refuse (see checkOutput).
func (p convertPaths) check(force bool) error {
	outs := []string{p.out, p.errs, p.changes}
	for i, a := range outs {
		if a == "" {
			continue
		}
		if err := checkOutput([]string{"--out", "--errors", "--changes"}[i], a, ".xlsx", force); err != nil {
			return err
		}
		if samePath(p.in, a) {
			return usagef("--out, --errors and --changes must be new files, not %s", p.in)
		}
		for _, b := range outs[i+1:] {
			if b != "" && samePath(a, b) {
				return usagef("--out, --errors and --changes must be different files, not %s twice", a)
			}
		}
	}
	return nil
}

func sheetConvert(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	var p convertPaths
	fs.StringVar(&p.out, "out", "", "the import `file` to write (.xlsx)")
	tplPath := fs.String("template", "", "a template description `file` (JSON) instead of the 2021 PL1 layout")
	fs.StringVar(&p.errs, "errors", "", "write the rows left out (errors, malformed IDs) to this `file` (.xlsx)")
	fs.StringVar(&p.changes, "changes", "", "write the rows lamsach changed on its own, old and new values, to this `file` (.xlsx)")
	all := fs.Bool("all", false, "write every readable row, not only the people with no ID or a wrong-format ID")
	sheetName := fs.String("sheet", "", "read the sheet of this `name`")
	limits := limitFlags(fs)
	force := forceFlag(fs)
	pos, err := e.parse(fs, path, args, sheetConvertUsage)
	if err != nil {
		return err
	}
	if p.in, err = oneFile(pos, "file"); err != nil {
		return err
	}
	if p.out == "" {
		return usagef("missing --out")
	}
	if err := p.check(*force); err != nil {
		return err
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
	opt := sheet.ConvertOptions{Read: sheet.Options{Limits: lim, Sheet: *sheetName}, Template: tpl, All: *all}
	res, err := convertFiles(p, opt, *force)
	if sheet.IsRefusal(err) {
		return errors.New(sheet.RefusalText(msg.EN, err))
	}
	if err != nil {
		return err
	}
	printConvert(e, p, res, *all)
	return nil
}

// convertFiles runs the conversion into temporary files and puts them in
// place only when it succeeds; a side file with no rows is not kept.
func convertFiles(p convertPaths, opt sheet.ConvertOptions, force bool) (sheet.ConvertResult, error) {
	var files [3]*output
	defer func() {
		for _, o := range files {
			if o != nil {
				o.discard()
			}
		}
	}()
	for i, path := range []string{p.out, p.errs, p.changes} {
		if path == "" {
			continue
		}
		o, err := createOutput(path)
		if err != nil {
			return sheet.ConvertResult{}, err
		}
		files[i] = o
	}
	res, err := readWith(p.in, func(f *os.File, size int64) (sheet.ConvertResult, error) {
		return sheet.Convert(f, size, opt, files[0].writer(), files[1].writer(), files[2].writer())
	})
	if err != nil {
		return res, err
	}
	keep := []bool{true, res.ErrorRows > 0, res.ChangedRows > 0}
	for i, o := range files {
		if o != nil && keep[i] {
			files[i] = nil // finish removes the temporary file, whatever happens
			if err := o.finish(force); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// readWith opens a list file and hands it to read.
func readWith[T any](file string, read func(*os.File, int64) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(file)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return zero, err
	}
	if st.IsDir() {
		return zero, fmt.Errorf("%s is a directory", file)
	}
	return read(f, st.Size())
}

// changeLabels name the automatic changes in the summary.
var changeLabels = map[string]string{
	sheet.ChangeZeros:    "leading 0 restored",
	sheet.ChangeIDFormat: "ID number reformatted",
	sheet.ChangeSwapped:  "day and month swapped",
	sheet.ChangeFirstDay: "date known only to the year or month written as 01/01/yyyy or 01/mm/yyyy",
	sheet.ChangeEth:      "Ð written as Đ",
}

// printConvert prints what the conversion wrote, left out and changed.
func printConvert(e *env, p convertPaths, res sheet.ConvertResult, all bool) {
	w := e.stdout
	st := res.Import
	fmt.Fprintf(w, "import file written: %s (%d rows, %d cells carried through)\n", p.out, st.Rows, st.Carried)
	if n := res.Routes[sheet.RouteEdit]; n > 0 {
		if all {
			fmt.Fprintf(w, "%d of them have a valid ID number: wrong basic information, which the platform edits rather than imports\n", n)
		} else {
			fmt.Fprintf(w, "%d people have a valid ID number: their basic information is wrong, which the station edits on the platform (the edit list), so they are not in the import file (--all writes them too)\n", n)
		}
	}
	if n := res.Routes[sheet.RouteBadID]; n > 0 && !all {
		fmt.Fprintf(w, "%d rows whose ID number is still malformed left out%s\n", n, sideFile(p.errs, "--errors"))
	}
	if n := res.Routes[sheet.RouteErrors]; n > 0 {
		fmt.Fprintf(w, "%d rows with errors left out%s\n", n, sideFile(p.errs, "--errors"))
	}
	if res.ChangedRows > 0 {
		var parts []string
		for _, k := range sheet.ChangeKinds {
			if n := res.Changes[k]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s: %d", changeLabels[k], n))
			}
		}
		fmt.Fprintf(w, "automatic changes in %d rows, please check them (%s)%s\n", res.ChangedRows, strings.Join(parts, "; "), sideFile(p.changes, "--changes"))
	}
	if st.NoDate > 0 {
		fmt.Fprintf(w, "%d records have no date of birth, which the platform requires\n", st.NoDate)
	}
	if n := len(res.Report.OtherSheets); n > 0 {
		fmt.Fprintf(w, "%d other sheets have a header too; read one with --sheet NAME\n", n)
	}
}

// sideFile says where the rows just counted are, or how to get them.
func sideFile(path, flag string) string {
	if path != "" {
		return ", written to " + path
	}
	return " (see them with " + flag + " FILE)"
}
