package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

var passportCmds = []command{
	{name: "export", summary: "write a month's log of the daily reports as .xlsx", run: passportExport},
}

const passportUsage = `Usage: lamsach passport export --commune C [--month YYYY-MM] --out FILE.xlsx [--force]

Every vaccination facility checks and signs the vaccine-passport
confirmations every day and reports it in the chat (/passport; step 5 of
Official Letter 2262/BYT-CNTT).

Commands:
{{commands}}`

const passportExportUsage = `Usage: lamsach passport export --commune C [--month YYYY-MM] --out FILE.xlsx [--force]

Writes the month's log of the daily vaccine-passport reports of commune or
facility C (name or id): one row per day up to today, with the count or
"none pending", who reported and when, the days not reported, and the
month's totals. --month defaults to this month (Asia/Ho_Chi_Minh). An
existing FILE is replaced only with --force. Writing the log is recorded in
the audit log.

Exit status: 0 when the file is written, 1 when it cannot be, 2 for bad
arguments.
`

func passportCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, passportCmds, passportUsage)
}

func passportExport(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := fs.String("commune", "", "the commune's or facility's `name or id`")
	month := fs.String("month", "", "the `month`, YYYY-MM (default this month)")
	out := fs.String("out", "", "the `file` to write (.xlsx)")
	force := forceFlag(fs)
	pos, err := e.parse(fs, path, args, passportExportUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	now := time.Now()
	start, err := exportMonth(*month, now)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*commune) == "" {
		return usagef("missing --commune")
	}
	if err := checkOutput("--out", *out, ".xlsx", *force); err != nil {
		return err
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var unit flows.Commune
	var st flows.PassportLogStats
	written := false // the file is in place, to take back if the commit fails
	err = db.Update(ctx, func(tx *store.Tx) error {
		if unit, err = findUnit(ctx, tx, *commune); err != nil {
			return err
		}
		err := writeOutput(*out, *force, func(f *os.File) error {
			st, err = flows.WritePassportLog(ctx, tx, flows.Operator, unit.ID, start, tx.Now(), f)
			return err
		})
		written = err == nil
		return err
	})
	if err != nil {
		if written {
			os.Remove(*out) // its audit entry did not commit
		}
		return err
	}
	fmt.Fprintf(e.stdout, "vaccine-passport log of %s for %s written to %s: days reported %d, not reported %d, signed %d\n",
		unit.Name, start.Format("2006-01"), *out, st.Reported, st.Missed, st.Signed)
	return nil
}

// exportMonth reads --month, YYYY-MM, as the midnight its first day starts
// in Vietnam; empty is the month of now. A month still to come is refused.
func exportMonth(s string, now time.Time) (time.Time, error) {
	if s == "" {
		y, m, _ := now.In(zone).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, zone), nil
	}
	start, err := time.ParseInLocation("2006-01", strings.TrimSpace(s), zone)
	if err != nil {
		return start, usagef("--month %q: want YYYY-MM, e.g. %s", s, now.In(zone).Format("2006-01"))
	}
	if start.After(now) {
		return start, usagef("--month %s has not started yet", start.Format("2006-01"))
	}
	return start, nil
}
