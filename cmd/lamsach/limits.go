package main

import (
	"flag"
	"os"
	"runtime/debug"

	"lamsach/flows/sheet/xlsx"
)

// limitFlags adds the spreadsheet limits to a command's flags and returns
// a function giving the limits once the flags are parsed. The defaults
// admit a province's list; lower them on a small machine. The function
// also sets readMemoryLimit, since the command will read spreadsheets.
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
		limitMemory()
		return l, nil
	}
}

// readMemoryLimit is the soft memory limit of the commands that read
// spreadsheets (serve, sheet, import), unless $GOMEMLIMIT sets one.
// Reading any file within the limits keeps at most about 110 MB live (a
// shared string table at its limits, or the duplicate finder's memory of a
// million rows), and without a limit Go's collector lets the heap grow to
// twice what is live: 250 MB. With it, peak RSS stays under 200 MB (README,
// Performance); the collector only works harder near the limit.
const readMemoryLimit = 150 << 20

// limitMemory sets readMemoryLimit.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(readMemoryLimit)
	}
}
