package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"lamsach/bot"
	"lamsach/bot/telegramtest"
)

const loadUsage = `Usage: lamsach load [--members N] [--records N] [--seconds S] [--cpuprofile FILE [--force]]
       lamsach load --prepare DB --invites FILE [--force] [--members N] [--records N]
       lamsach load --api-url URL --invites FILE [--seconds S] [--cpuprofile FILE [--force]]

Measures the whole bot under load. N village members review at once, each
opening the next record and confirming it, as fast as the replies come.
Prints updates handled per second and the time from a person's action to
the bot's answer.

By default everything runs in this process: the real store, sessions,
engine, poller and sender against the in-process fake Telegram (which does
not enforce Telegram's rate limits here, so the bot's own speed shows).
With $REDIS_URL set, the sessions live in Redis.

To measure the bot and the simulated people as separate processes:
--prepare makes a new database DB with a commune, the records and one
invite per member, written to --invites; run lamsach faketg, then
lamsach serve --db DB --api-url URL --no-send-limits, then
lamsach load --api-url URL --invites FILE, which plays the members through
the fake's control API and needs no database. A prepared database serves
one run: the invites are single-use.

load makes its own database and refuses --db.
`

// loadFlags are the settings of the load command.
type loadFlags struct {
	members, records, seconds int
	cpuProfile, prepare       string
	apiURL, invites           string
	force                     bool
}

func loadCmd(ctx context.Context, e *env, path string, args []string) (err error) {
	fs := e.flags(path)
	var f loadFlags
	fs.IntVar(&f.members, "members", 40, "village members acting at once")
	fs.IntVar(&f.records, "records", 4000, "records to review")
	fs.IntVar(&f.seconds, "seconds", 15, "how long to run")
	fs.BoolVar(&f.force, "force", false, "replace the --cpuprofile or --invites file when it exists")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of this process to `file` (go tool pprof reads it)")
	fs.StringVar(&f.prepare, "prepare", "", "make a new database `file` for lamsach serve, with an invite per member in --invites")
	fs.StringVar(&f.apiURL, "api-url", "", "drive the bot through the control API of lamsach faketg at `URL`")
	fs.StringVar(&f.invites, "invites", "", "`file` of invite codes, one a line: written by --prepare, read by --api-url")
	pos, err := e.parse(fs, path, args, loadUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	if err := f.check(fs, e.dbFlag); err != nil {
		return err
	}
	if f.prepare != "" {
		return prepareLoad(ctx, e.stdout, f.prepare, f.invites, f.force, f.members, f.records)
	}
	if f.cpuProfile != "" {
		out, perr := createOutput(f.cpuProfile)
		if perr != nil {
			return perr
		}
		defer out.discard() // after finish, only a second close
		if perr := pprof.StartCPUProfile(out.File); perr != nil {
			return perr
		}
		defer func() {
			pprof.StopCPUProfile()
			if ferr := out.finish(f.force); err == nil {
				err = ferr
			}
		}()
	}
	d := time.Duration(f.seconds) * time.Second
	if f.apiURL != "" {
		return runRemoteLoad(ctx, e.stdout, f.apiURL, f.invites, d)
	}
	return runLoad(ctx, e.stdout, f.members, f.records, d, os.Getenv("REDIS_URL"))
}

// check refuses settings that do not go together: each way of running
// takes its own flags.
func (f loadFlags) check(fs *flag.FlagSet, dbFlag bool) error {
	if dbFlag {
		return usagef("load makes its own database and takes no --db (--prepare FILE makes one for lamsach serve)")
	}
	takes, way := "members records seconds cpuprofile force", "an in-process run"
	switch {
	case f.prepare != "" && f.apiURL != "":
		return usagef("--prepare and --api-url are separate steps: prepare first, then run")
	case f.prepare != "":
		takes, way = "prepare invites members records force", "--prepare"
	case f.apiURL != "":
		takes, way = "api-url invites seconds cpuprofile force", "--api-url (the members are the invites)"
	}
	var bad error
	fs.Visit(func(fl *flag.Flag) {
		if bad == nil && !strings.Contains(" "+takes+" ", " "+fl.Name+" ") {
			bad = usagef("--%s does not go with %s", fl.Name, way)
		}
	})
	switch {
	case bad != nil:
		return bad
	case (f.prepare != "" || f.apiURL != "") && f.invites == "":
		return usagef("%s needs --invites FILE", way)
	case f.members < 1 || f.members > 1000 || f.records < 1 || f.seconds < 1:
		return usagef("--members 1-1000, --records and --seconds above 0")
	case f.cpuProfile != "":
		if err := checkOutput("--cpuprofile", f.cpuProfile, "", f.force); err != nil {
			return err
		}
	}
	if f.prepare != "" {
		return checkOutput("--invites", f.invites, "", f.force)
	}
	return nil
}

// runLoad sets up a commune with villages, records and members, lets the
// members review for d, and prints what it measured, all in this process.
func runLoad(ctx context.Context, w io.Writer, members, records int, d time.Duration, redisURL string) error {
	dir, err := os.MkdirTemp("", "lamsach-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tg := telegramtest.New()
	defer tg.Close()
	prefix := fmt.Sprintf("lamsach-load:%d:", time.Now().UnixNano())
	if redisURL != "" {
		defer dropKeys(redisURL, prefix)
	}
	srv, err := newServer(ctx, serverConfig{
		DBPath: filepath.Join(dir, "lamsach.db"), Token: tg.Token(), APIURL: tg.URL(),
		RedisURL: redisURL, RedisPrefix: prefix,
		// serve's settings, as lamsach serve --no-send-limits runs, so the
		// in-process and the separate-process figures measure the same bot.
		SenderConf: bot.SenderConfig{Limits: noSendLimits},
		TickEvery:  time.Hour,
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	codes, err := loadWorld(ctx, srv.db, members, records)
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.run(runCtx) }()
	defer func() { cancel(); <-done }()

	people := make([]*reviewer, members)
	for i := range people {
		p := tg.User(loadUserID(i), "Member "+strconv.Itoa(i), "vi")
		people[i] = &reviewer{chat: localChat{p}, name: "member " + strconv.Itoa(i)}
	}
	fmt.Fprintf(w, "%d members reviewing %d records for %s, in this process (sessions: %s)\n", members, records, d, srv.sessionKind())
	if err := measure(ctx, w, people, codes, d); err != nil {
		return err
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "Go heap in use at the end: %d MB\n", ms.HeapInuse>>20)
	return nil
}

// noSendLimits lifts the sender's Telegram limits: a fake server takes
// messages as fast as they come, so the bot's own speed shows.
var noSendLimits = bot.Limits{PrivateBurst: 1e6, PrivateRate: 1e6, Global: 1e6}

// loadUserID is the Telegram user id of the i-th simulated member.
func loadUserID(i int) int64 { return int64(5000 + i) }
