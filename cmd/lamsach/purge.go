package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"lamsach/flows"
	"lamsach/store"
)

const purgeUsage = `Usage: lamsach purge --commune C [--yes]

Deletes a commune's personal data when its campaign is over: records,
imports, uploaded files, exports, handovers, invites, the members' names
and Telegram ids, their conversations and the bot's messages to them. The
commune, its villages and blank member rows stay. The audit log keeps who
did what and when, without the values, and still verifies; a commune.purge
entry records the purge.

Without --yes it only shows what would be deleted (exit status 0).
Afterwards the database is vacuumed so deleted data does not linger in the
file. Backups made before still hold the data. Run it with the bot stopped: the vacuum holds
the database while it rebuilds the file.
`

func purgeCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	yes := fs.Bool("yes", false, "delete; without it, only show what would be deleted")
	pos, err := e.parse(fs, path, args, purgeUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	if strings.TrimSpace(*commune) == "" {
		return usagef("missing --commune")
	}
	db, err := e.open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if !*yes {
		return purgePreview(ctx, e, db, *commune)
	}
	var r store.PurgeReport
	err = db.Update(ctx, func(tx *store.Tx) error {
		c, err := findUnit(ctx, tx, *commune)
		if err != nil {
			return err
		}
		r, err = tx.PurgeCommune(ctx, flows.Operator, c.ID)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "purged %s (commune %d):\n", r.Commune.Name, r.Commune.ID)
	printPurge(e.stdout, r)
	fmt.Fprintln(e.stdout, "kept: the commune, its villages, blank member rows, and the audit entries without their values")
	fmt.Fprintln(e.stdout, `audit: a commune.purge entry records this purge; "lamsach audit verify" still passes`)
	// The purge is committed whatever happens next, so a failed vacuum is
	// reported as such and not as a failed purge.
	emptied, err := db.Vacuum(ctx)
	if err != nil {
		return fmt.Errorf("the purge is done but %w; run the same command again to vacuum", err)
	}
	if emptied {
		fmt.Fprintln(e.stdout, "database vacuumed: the deleted data no longer lingers in free pages of the file or its WAL")
	} else {
		fmt.Fprintln(e.stdout, "warning: database vacuumed, but another process (the bot?) keeps the WAL, which may still "+
			"hold deleted data; stop it and run the same command again")
	}
	if os.Getenv("REDIS_URL") != "" {
		fmt.Fprintln(e.stdout, "note: conversations kept in Redis (REDIS_URL) are not touched; they expire after their idle time")
	}
	fmt.Fprintln(e.stdout, "note: backups made before this purge still hold the commune's personal data; delete them too")
	return nil
}

// purgePreview prints what a purge would change, deleting nothing.
func purgePreview(ctx context.Context, e *env, db *store.DB, commune string) error {
	var r store.PurgeReport
	err := db.View(ctx, func(tx *store.Tx) error {
		c, err := findUnit(ctx, tx, commune)
		if err != nil {
			return err
		}
		r, err = tx.PurgePreview(ctx, flows.Operator, c.ID)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "purging %s (commune %d) would change:\n", r.Commune.Name, r.Commune.ID)
	printPurge(e.stdout, r)
	// A preview is a successful run: scripts may call it to see the counts.
	fmt.Fprintln(e.stdout, "nothing deleted: this was a preview; add --yes to delete")
	return nil
}

// printPurge lists the counts of r, one line each.
func printPurge(w io.Writer, r store.PurgeReport) {
	for _, l := range []struct {
		n    int
		what string
	}{
		{r.Records, "records deleted"},
		{r.Imports, "imports deleted"},
		{r.Uploads, "uploaded files deleted"},
		{r.Exports, "export batches deleted"},
		{r.Handovers, "handovers deleted"},
		{r.Invites, "invites deleted"},
		{r.Members, "members blanked (name, Telegram id) and deactivated"},
		{r.MemberVillages, "member village assignments deleted"},
		{r.Sessions, "conversations deleted"},
		{r.Leases, "record leases deleted"},
		{r.OutboxDeleted, "unsent messages deleted"},
		{r.OutboxBlanked, "sent messages blanked"},
		{r.Reminders, "reminder marks deleted"},
		{r.AuditRedacted, "audit entries redacted (values removed, chain kept)"},
	} {
		fmt.Fprintf(w, "%8d  %s\n", l.n, l.what)
	}
}
