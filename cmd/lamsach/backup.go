package main

import (
	"context"
	"fmt"
	"os"
)

const backupUsage = `Usage: lamsach backup FILE

Writes a consistent copy of the database to FILE while the bot keeps running.
FILE must not exist: a backup never overwrites. The copy holds personal data;
keep it as safe as the database.
`

func backupCmd(ctx context.Context, e *env, path string, args []string) error {
	pos, err := e.parse(e.flags(path), path, args, backupUsage)
	if err != nil {
		return err
	}
	file, err := oneFile(pos, "backup file")
	if err != nil {
		return err
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, file); err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written: %s (%d bytes)\n", file, st.Size())
	return nil
}
