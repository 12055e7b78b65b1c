package main

import (
	"context"
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

const sheetUsage = `Usage: lamsach sheet check FILE [--sheet NAME] [--json [--show-ids]] [--lang en|vi]
       lamsach sheet convert FILE --out OUT.xlsx [--sheet NAME] [--errors ERR.xlsx] [--changes CH.xlsx] [--all] [--template T.json] [--force]

Reads a health station's Excel list of wrong vaccination records (.xlsx) the
way the bot does, without storing anything.

Commands:
{{commands}}`

const sheetCheckUsage = `Usage: lamsach sheet check FILE [--sheet NAME] [--json [--show-ids]] [--lang en|vi]

Reads FILE as the bot reads an upload and prints the preflight: the sheet and
header row found (and the other sheets with a header, hidden rows, a list
found only on a hidden sheet), which column became which field, the row
counts, problem kinds, warnings, lost zeros, dates, duplicates, a sample row
(ID masked) and the first rows with errors. Nothing is stored. --json prints
the report as JSON, ID numbers masked as in the text unless --show-ids. --sheet reads
the sheet of that name instead of the first with a header.

Exit status: 0 when the file is readable, 1 when it is refused (the reason is
printed on one line), 2 for bad arguments.
`

const sheetConvertUsage = `Usage: lamsach sheet convert FILE --out OUT.xlsx [--sheet NAME] [--errors ERR.xlsx] [--changes CH.xlsx] [--all] [--template T.json] [--force]

Turns a station list straight into the platform's import file, in the
template's layout (default: the 2021 PL1 template), with the list's other
columns carried through where the template has them.

As step 4 of the process says, the import file is for the people with no ID
number or one in a wrong format: those rows are written, with the ID in the
right format where lamsach could fix it (leading zeros restored, spaces and
dots removed) and no placeholder such as "không có" as an ID. People with a
valid ID number have wrong basic information, which the station edits on the
platform (the edit list): they are counted, not written. Rows whose ID is
still malformed, and rows with errors, are left out; --errors writes them
with the reason for each bad cell, in the list's own layout.

Every automatic change in the rows written (zeros restored, an ID
reformatted, day and month swapped, 01/01 or 01/mm written for a date known
only to the year or month, Ð written as Đ) is counted; --changes writes those
rows in the list's own layout with each cell's old and new value.

--all writes every readable row instead, a malformed ID as received.

An existing OUT, ERR or CH is replaced only with --force.

Exit status: 0 when the import file is written, 1 when the list is refused
(the reason on one line), 2 for bad arguments (an existing file without
--force among them).
`

func sheetCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, sheetCmds, sheetUsage)
}

func sheetCheck(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	read := listFlags(fs, "report")
	pos, err := e.parse(fs, path, args, sheetCheckUsage)
	if err != nil {
		return err
	}
	a, err := read(pos)
	if err != nil {
		return err
	}
	f, size, err := openList(a.file, a.lang)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := sheet.Read(f, size, a.opt, nil)
	if err != nil && !sheet.IsRefusal(err) {
		return err
	}
	if a.json {
		if jerr := printJSON(e.stdout, reportForJSON(rep, a.showIDs)); jerr != nil {
			return jerr
		}
	} else if err == nil {
		fmt.Fprint(e.stdout, html.UnescapeString(rep.Text(a.lang)))
		otherSheetsHint(e, rep, a.lang)
	}
	if err != nil {
		return errors.New(sheet.RefusalText(a.lang, err))
	}
	return nil
}

// otherSheetsHint tells how to read another sheet the report names.
func otherSheetsHint(e *env, rep *sheet.Report, l msg.Lang) {
	if len(rep.OtherSheets) > 0 {
		fmt.Fprintln(e.stdout, say(l, "other_sheets", rep.OtherSheets[0].Name))
	}
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
