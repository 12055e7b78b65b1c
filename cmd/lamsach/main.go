// Command lamsach runs the lamsach Telegram bot and its operator tasks.
//
//	lamsach [--db FILE] COMMAND [ARGS]
//
// Run "lamsach --help" for the commands. Every command takes --help.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // times are shown in Asia/Ho_Chi_Minh even where the system has no zone files
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// commands are the top-level commands, in the order the usage lists them.
// A new command is one more entry and one more file.
var commands = []command{
	{name: "serve", summary: "run the bot (polling or webhook)", run: serveCmd},
	{name: "commune", summary: "add and list communes", run: communeCmd},
	{name: "village", summary: "add and list the villages of a commune", run: villageCmd},
	{name: "facility", summary: "add and list the facilities that only sign vaccine passports", run: facilityCmd},
	{name: "invite", summary: "make a one-time invite link for a new member", run: inviteCmd},
	{name: "audit", summary: "check the audit log", run: auditCmd},
	{name: "backup", summary: "write a consistent copy of the database", run: backupCmd},
	{name: "purge", summary: "delete a commune's personal data when its campaign is over", run: purgeCmd},
	{name: "sheet", summary: "check a station's list or convert it to the import file", run: sheetCmd},
	{name: "sample", summary: "write a synthetic station list for demos and tests", run: sampleCmd},
	{name: "import", summary: "check a station's list and import it into a commune", run: importCmd},
	{name: "export", summary: "write a commune's import file, edit list or handover", run: exportCmd},
	{name: "faketg", summary: "run the fake Telegram Bot API as a server any bot can use", run: faketgCmd},
	{name: "passport", summary: "write a month's log of the daily vaccine-passport reports", run: passportCmd},
	{name: "chaos", summary: "kill the server and inject faults under simulated people; check nothing is lost", run: chaosCmd},
}

// The demo runs operator commands itself, so it joins the list here rather
// than in the list's initialiser (which would refer to itself).
func init() {
	demo := command{name: "demo", summary: "run the whole process against a fake Telegram, no token needed", run: demoCmd}
	load := command{name: "load", summary: "measure the bot under load against a fake Telegram", run: loadCmd}
	commands = append(append([]command{demo}, commands...), load)
}

// run is the whole program without the process around it: tests call it
// with arguments and buffers. It returns the exit code: 0 success, 1 a
// failure, 2 bad arguments.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, db: os.Getenv("LAMSACH_DB"),
		auditKey: os.Getenv("LAMSACH_AUDIT_KEY_FILE"), anchors: os.Getenv("LAMSACH_AUDIT_ANCHOR_FILE")}
	if e.db == "" {
		e.db = "./lamsach.db"
	}
	return e.exit("lamsach", dispatch(ctx, e, "lamsach", args, commands, topUsage))
}

const topUsage = `Usage: lamsach [--db FILE] COMMAND [ARGS]

lamsach cleans COVID-19 vaccination records with a commune's teams in Telegram.
These commands are for the operator who runs the server.

Commands:
{{commands}}
Global flags:
  --db FILE                  the database (default $LAMSACH_DB, else ./lamsach.db)
  --audit-key-file FILE      the audit key (default $LAMSACH_AUDIT_KEY_FILE, else FILE.auditkey)
  --audit-anchor-file FILE   the signed audit heads (default $LAMSACH_AUDIT_ANCHOR_FILE, else FILE.anchors)

Run "lamsach COMMAND --help" for a command's arguments.
`
