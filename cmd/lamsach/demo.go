package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lamsach/bot"
	"lamsach/bot/telegramtest"
)

const demoUsage = `Usage: lamsach demo [--out DIR | --keep DIR] [--quiet] [--force]

Runs the whole 2262 process against an in-process fake Telegram with the
embedded store: no token, no server. The operator creates a commune, the
coordinator invites members, the health station uploads a list and sends
it again corrected, two village members review it at the same time,
police confirm (a shared ID number with a second tap), return one record
and sign, the station exports, marks the batches entered, reports the
day's vaccine passports (step 5) and uploads the platform's verification
list, and the coordinator reads the report. The conversation is printed;
the files people download are written to the --out folder (demo-out);
files of an earlier demo there are replaced only with --force.

The database lives in a temporary folder and is removed at the end, unless
--keep DIR: then the database (lamsach.db, with its audit key and anchor
files) and the files are kept in DIR, and the demo prints operator commands
to try on them. demo makes its own database and refuses --db.
`

// demoCommune is the commune the demo's operator creates.
const demoCommune = "Xã Tân Phú"

func demoCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	out := fs.String("out", "demo-out", "`folder` for the files the demo's people download")
	keep := fs.String("keep", "", "keep the database and the files in `folder`, to try operator commands on")
	quiet := fs.Bool("quiet", false, "print only the summary, not the conversation")
	force := forceFlag(fs)
	pos, err := e.parse(fs, path, args, demoUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	opt := demoOptions{out: *out, keep: *keep, force: *force}
	if err := checkDemoFlags(e, fs, opt); err != nil {
		return err
	}
	if opt.keep != "" {
		opt.out = opt.keep
	}
	if err := checkDemoOut(opt); err != nil {
		return err
	}
	transcript := e.stdout
	if *quiet {
		transcript = io.Discard
	}
	start := time.Now()
	d, err := playDemo(ctx, transcript, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\ndemo finished in %.1f s; files in %s:\n", time.Since(start).Seconds(), opt.out)
	for _, f := range d.files {
		fmt.Fprintf(e.stdout, "  %s\n", f)
	}
	if opt.keep != "" {
		fmt.Fprintf(e.stdout, "\nThe database is kept: %s, with its audit key and anchor files beside it.\n"+
			"Try, as the operator:\n", d.db)
		for _, t := range d.tryCommands() {
			fmt.Fprintf(e.stdout, "\n  # %s\n  lamsach %s\n", t.what, strings.Join(quoted(t.args), " "))
		}
	}
	return nil
}

// checkDemoFlags refuses what the demo would ignore: a database or audit
// files of the operator's (the demo makes its own), --out with --keep, and
// a --keep folder that already holds a database.
func checkDemoFlags(e *env, fs *flag.FlagSet, opt demoOptions) error {
	// The audit flags have no "was set" mark of their own: a value other
	// than the environment's came from a flag.
	if e.dbFlag || e.auditKey != os.Getenv("LAMSACH_AUDIT_KEY_FILE") || e.anchors != os.Getenv("LAMSACH_AUDIT_ANCHOR_FILE") {
		return usagef("demo makes its own database and takes no --db or audit files (--keep DIR keeps them)")
	}
	outSet := false
	fs.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
	if opt.keep == "" {
		return nil
	}
	if outSet {
		return usagef("--keep DIR holds the files too: give --keep or --out, not both")
	}
	for _, name := range []string{"lamsach.db", "lamsach.db.auditkey"} {
		if _, err := os.Stat(filepath.Join(opt.keep, name)); err == nil {
			return usagef("%s already holds a lamsach database: give --keep a new folder", opt.keep)
		}
	}
	return nil
}

// demoFiles are the files the demo writes, in order (.ci/run lists them too).
var demoFiles = []string{
	"danh-sach-tram-y-te.xlsx", "loi-danh-sach.xlsx", "danh-sach-gui-lai.xlsx", "bien-ban-ban-giao-1.xlsx",
	"tep-import-nen-tang.xlsx", "danh-sach-sua.xlsx", "nhat-ky-ho-chieu-vac-xin.xlsx", "danh-sach-xac-minh.xlsx",
	"bao-cao-tien-do.png",
}

// checkDemoOut refuses, before the demo plays, an output folder that is a
// file or holds a file the demo would write, unless force.
func checkDemoOut(opt demoOptions) error {
	if st, err := os.Stat(opt.out); err == nil && !st.IsDir() {
		return usagef("%s is a file; give the demo a folder for its files", opt.out)
	}
	for _, name := range demoFiles {
		path := filepath.Join(opt.out, name)
		if err := checkTarget(path, path, "", opt.force); err != nil {
			return err
		}
	}
	return nil
}

// demoOptions say where the demo writes.
type demoOptions struct {
	out   string // folder for the files people download
	keep  string // folder for the database, kept; empty: a temporary folder, removed
	force bool   // replace the files of an earlier demo in out
	// redisURL and redisPrefix, when set, keep the sessions in Redis.
	redisURL, redisPrefix string
}

// playDemo plays the process and returns the cast, for tests to check what
// each person was sent.
func playDemo(ctx context.Context, w io.Writer, opt demoOptions) (*demo, error) {
	dir := opt.keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "lamsach-demo-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opt.out, 0o755); err != nil {
		return nil, err
	}
	tg := telegramtest.New()
	defer tg.Close()
	cfg := serverConfig{
		DBPath: filepath.Join(dir, "lamsach.db"), Token: tg.Token(), APIURL: tg.URL(),
		PollerConf: bot.PollerConfig{Timeout: time.Second},
		// Telegram allows about one message a second per chat; the demo's
		// fake allows more so it runs in seconds.
		SenderConf: bot.SenderConfig{PollEvery: 50 * time.Millisecond,
			Limits: bot.Limits{PrivateBurst: 1000, PrivateRate: 1000, Global: 10000}},
		TickEvery: time.Hour,
		RedisURL:  opt.redisURL, RedisPrefix: opt.redisPrefix,
	}
	srv, err := newServer(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	read, err := openRead(cfg.DBPath)
	if err != nil {
		return nil, err
	}
	defer read.Close()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.run(runCtx) }()
	d := &demo{s: newScript(tg, read, w, 20*time.Second), db: cfg.DBPath, out: opt.out, force: opt.force,
		bot: srv.client.Username()}
	err = d.play(ctx)
	cancel()
	if runErr := <-done; err == nil {
		err = runErr
	}
	return d, err
}

// demo is the cast and what they produced.
type demo struct {
	s     *script
	db    string
	out   string
	force bool
	bot   string
	files []string

	coord, station, police, an, binh *player
}

func (d *demo) play(ctx context.Context) error {
	for _, act := range []func(context.Context) error{d.setup, d.invite, d.upload, d.resend, d.review,
		d.police1, d.fix, d.sign, d.export, d.passport, d.verify, d.report} {
		if err := act(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (d *demo) heading(title string) {
	d.s.printf("\n\n━━━ %s ━━━\n", title)
}

// operator runs a lamsach command on the demo's database, printing it. The
// audit files are named, so that the operator's own (in the environment)
// are never used.
func (d *demo) operator(ctx context.Context, args ...string) (string, error) {
	d.s.printf("\n$ lamsach %s\n", strings.Join(quoted(args), " "))
	var out, errs bytes.Buffer
	global := []string{"--db", d.db, "--audit-key-file", d.db + ".auditkey", "--audit-anchor-file", d.db + ".anchors"}
	if code := run(ctx, append(global, args...), &out, &errs); code != 0 {
		return "", fmt.Errorf("lamsach %s: %s", strings.Join(args, " "), strings.TrimSpace(errs.String()))
	}
	d.s.printf("%s", out.String())
	return out.String(), nil
}

// tryCommand is an operator command to try on the kept database.
type tryCommand struct {
	args []string
	what string
}

// tryCommands are the operator commands the demo suggests on its kept
// database, in an order that works: the purge last.
func (d *demo) tryCommands() []tryCommand {
	db := []string{"--db", d.db}
	cmd := func(what string, args ...string) tryCommand {
		return tryCommand{append(append([]string{}, db...), args...), what}
	}
	return []tryCommand{
		cmd("the audit log, its anchors and every record", "audit", "verify"),
		cmd("one person's records and history", "audit", "person", "--commune", demoCommune, "--name", "Bùi Thị Lan"),
		cmd("the edit list of batch 2, again", "export", "--commune", demoCommune, "--kind", "edit", "--batch", "2",
			"--out", filepath.Join(d.out, "danh-sach-sua-lai.xlsx")),
		cmd("what a purge would delete", "purge", "--commune", demoCommune),
		cmd("delete it; audit verify still passes", "purge", "--commune", demoCommune, "--yes"),
	}
}

// quoted quotes the arguments a shell would split or expand, for the
// transcript and the commands to try.
func quoted(args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		switch {
		case strings.ContainsAny(a, "\"$`\\!"):
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		case strings.ContainsAny(a, " '*?#&;|<>()"):
			a = `"` + a + `"`
		}
		q[i] = a
	}
	return q
}

// save writes a file a person received to the output folder.
func (d *demo) save(f *telegramtest.File, as string) error {
	if f == nil {
		return fmt.Errorf("no file for %s", as)
	}
	return d.saveBytes(f.Data, as)
}

// saveBytes writes bytes to the output folder.
func (d *demo) saveBytes(data []byte, as string) error {
	path := filepath.Join(d.out, as)
	err := writeOutput(path, d.force, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	d.files = append(d.files, path)
	return nil
}
