package main

import (
	"flag"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
)

// listArgs are what the commands that read a station list (sheet check,
// import) take alike: the file, the sheet, the limits, the language and
// the JSON output.
type listArgs struct {
	file    string
	opt     sheet.Options
	lang    msg.Lang
	json    bool
	showIDs bool
}

// listFlags adds the flags of listArgs to fs; read, after parsing, checks
// them with the one positional argument, the file.
func listFlags(fs *flag.FlagSet, what string) (read func(pos []string) (listArgs, error)) {
	asJSON := fs.Bool("json", false, "print the "+what+" as JSON")
	showIDs := showIDsFlag(fs)
	lang := fs.String("lang", "en", "the language of the "+what+": `en or vi`")
	sheetName := fs.String("sheet", "", "read the sheet of this `name`")
	limits := limitFlags(fs)
	return func(pos []string) (a listArgs, err error) {
		a.json, a.showIDs, a.opt.Sheet = *asJSON, *showIDs, *sheetName
		if a.file, err = oneFile(pos, "file"); err != nil {
			return a, err
		}
		if a.lang, err = parseLang(*lang); err != nil {
			return a, err
		}
		a.opt.Limits, err = limits()
		return a, err
	}
}
