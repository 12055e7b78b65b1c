package main

import (
	"context"
	"fmt"
	"os"

	"lamsach/flows/sheet"
)

const sampleUsage = `Usage: lamsach sample --rows N --out FILE.xlsx [--seed S] [--force]

Writes a synthetic station list of N records (.xlsx) in the shape real lists
have: a title block, a merged two-row header, and the faults lamsach must
handle (IDs and phones that lost their leading zero in numeric cells, serial
dates, two-digit years, names without diacritics or in NFD, duplicates…).
The same seed gives the same file. No real person is in it. An existing
FILE is replaced only with --force.
`

// maxSampleRows bounds --rows: Excel's own limit is 1,048,576 rows.
const maxSampleRows = 1_000_000

func sampleCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	rows := fs.Int("rows", 100, "how many `records` to write")
	out := fs.String("out", "", "the `file` to write (.xlsx)")
	seed := fs.Int64("seed", 1, "the random `seed`")
	force := forceFlag(fs)
	pos, err := e.parse(fs, path, args, sampleUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	if *rows < 1 || *rows > maxSampleRows {
		return usagef("--rows %d: want 1 to %d", *rows, maxSampleRows)
	}
	if err := checkOutput("--out", *out, ".xlsx", *force); err != nil {
		return err
	}
	err = writeOutput(*out, *force, func(f *os.File) error { return sheet.Sample(f, *rows, *seed) })
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sample written: %s (%d records, seed %d)\n", *out, *rows, *seed)
	return nil
}
