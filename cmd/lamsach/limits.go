package main

import (
	"flag"

	"lamsach/flows/sheet/xlsx"
)

// limitFlags adds the spreadsheet limits to a command's flags and returns
// a function giving the limits once the flags are parsed. The defaults
// admit a province's list; lower them on a small machine.
func limitFlags(fs *flag.FlagSet) func() (xlsx.Limits, error) {
	d := xlsx.DefaultLimits()
	fileMB := fs.Int64("max-file-mb", d.MaxFileBytes>>20, "refuse spreadsheets larger than this many `MB`")
	rows := fs.Int("max-rows", d.MaxRows, "refuse spreadsheets with more `rows`")
	return func() (xlsx.Limits, error) {
		if *fileMB < 1 || *rows < 1 {
			return xlsx.Limits{}, usagef("--max-file-mb and --max-rows must be above 0")
		}
		l := d
		l.MaxFileBytes, l.MaxRows = *fileMB<<20, *rows
		return l, nil
	}
}
