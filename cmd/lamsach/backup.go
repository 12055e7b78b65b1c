package main

import (
	"context"
	"fmt"
	"os"
)

const backupUsage = `Usage: lamsach backup FILE [--force]

Writes a consistent copy of the database to FILE while the bot keeps running.
FILE must not exist, unless --force: then the old file is replaced only
once the new copy is complete (for backups rotated by name). The copy is
written beside FILE under a temporary name and renamed only once complete
and on disk, so a backup cut short never leaves a file at FILE. It is
readable by its owner only and holds personal data: keep it as safe as the
database.

The audit key is not in the copy. Keep a copy of the key file apart from the
backups: checking a backup (lamsach --db FILE --audit-key-file KEY audit
verify) or restoring it needs it.
`

func backupCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	force := forceFlag(fs)
	pos, err := e.parse(fs, path, args, backupUsage)
	if err != nil {
		return err
	}
	file, err := oneFile(pos, "backup file")
	if err != nil {
		return err
	}
	// Unlike --out, the folder may be missing: Backup makes it owner-only,
	// as for the database itself.
	if err := checkTarget(file, file, "", *force); err != nil {
		return err
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	backup := db.Backup
	if *force {
		backup = db.BackupReplace
	}
	if err := backup(ctx, file); err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written: %s (%d bytes)\n", file, st.Size())
	fmt.Fprintf(e.stdout, "the audit key is not in it: keep a copy of %s apart from the backups\n", db.AuditFiles().Key)
	return nil
}
