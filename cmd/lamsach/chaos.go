package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
	"lamsach/store"
)

const chaosUsage = `Usage: lamsach chaos [--rounds N] [--seed S] [--faults KINDS] [--members N]

Runs the real server ("lamsach serve", as a child process) against the
fake Telegram of bot/telegramtest, which this process serves over HTTP,
with simulated village members and police officers opening and
confirming records. For N rounds it waits a random moment and then kills
the server with SIGKILL and starts it again, or injects a fault:

  kill   SIGKILL of the server, then a restart
  redis  the Redis holding the sessions killed, started again empty
  429    a storm of "429 Too Many Requests" with retry_after on every send
  5xx    500 and 502 answers to every call
  drop   every connection to Telegram reset, new ones refused
  slow   every call answered 0.5-2.5 s late

About one round in five is a fault other than kill (each chosen kind at
least once). Then the people stop, the harness waits for the answers
still due (--settle) and checks, from the fake Telegram's log and the
database: every update handled exactly once, every action answered
exactly once, every reply delivered once and in order per chat, each
save applied once, PRAGMA integrity_check and "lamsach audit verify".
It prints the figures (recovery: from a fault's end until every action
made before it was answered) and exits 1 on any loss or duplicate.

The --db flag is not used: each run makes its own database (in --dir).

With redis among the faults the sessions live in a Redis server of its
own (redis-server must be installed), else in the SQLite file.
`

// chaosConfig is what a chaos run needs; the command fills it from flags.
type chaosConfig struct {
	// KillCopiesOK lets replies sent again after a SIGKILL pass: the
	// process can die after Telegram took a message and before the outbox
	// recorded it, and the Bot API cannot say whether it arrived, so a
	// reply is sent again rather than risk losing it. Such copies are
	// still counted and printed; everything else stays strict.
	KillCopiesOK bool
	Rounds       int
	Problems     int // problems printed at most
	Seed         uint64
	Faults       []string
	Members      int           // village members; police officers are one per four of them
	Records      int           // records to review
	Settle       time.Duration // longest wait, after the last round, for answers still due
	Dir          string        // where the database and logs go; empty: a temporary folder
	Bin          string        // the lamsach executable to run as the server
	Env          []string      // added to the children's environment
}

func chaosCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	cfg := chaosConfig{}
	fs.IntVar(&cfg.Rounds, "rounds", 40, "rounds, each a kill or another fault")
	seed := fs.Uint64("seed", 0, "random seed, to repeat a run (default: from the clock, printed)")
	faults := fs.String("faults", "all", "fault `kinds`, comma-separated: kill, redis, 429, 5xx, drop, slow, or all")
	fs.IntVar(&cfg.Members, "members", 8, "village members acting at once")
	fs.BoolVar(&cfg.KillCopiesOK, "kill-copies-ok", false, "a reply sent again after a SIGKILL does not fail the run (it is still counted)")
	fs.IntVar(&cfg.Problems, "problems", 12, "print at most this many problems (each a lost or doubled action)")
	fs.IntVar(&cfg.Records, "records", 0, "records to review; 0: 400 per member")
	fs.DurationVar(&cfg.Settle, "settle", 3*time.Minute, "longest wait after the last round for the answers still due")
	fs.StringVar(&cfg.Dir, "dir", "", "keep the database and the logs in this `folder` (default: a temporary one, removed when the run passes)")
	pos, err := e.parse(fs, path, args, chaosUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	if cfg.Faults, err = parseFaults(*faults); err != nil {
		return err
	}
	if cfg.Rounds < 1 || cfg.Members < 1 || cfg.Members > 200 || cfg.Records < 0 || cfg.Settle <= 0 {
		return usagef("--rounds above 0, --members 1-200, --settle above 0")
	}
	if cfg.Records == 0 {
		cfg.Records = 400 * cfg.Members
	}
	cfg.Seed = *seed
	if cfg.Seed == 0 {
		cfg.Seed = uint64(time.Now().UnixNano())
	}
	if cfg.Bin, err = os.Executable(); err != nil {
		return err
	}
	return runChaos(ctx, e.stdout, cfg)
}

// chaos is one run: the fake Telegram and the proxy in front of it, the
// server and Redis as child processes, and the simulated people.
type chaos struct {
	cfg    chaosConfig
	out    io.Writer
	rng    *rand.Rand
	dir    string
	db     string
	tg     *telegramtest.Server
	proxy  *chaosProxy
	hook   *faultHook
	srv    *child
	redis  *child // nil when the sessions are in SQLite
	people []*actor
	events []chaosEvent
}

// runChaos runs the rounds, checks the outcome and prints the figures. It
// returns an error when anything was lost, doubled or damaged.
func runChaos(ctx context.Context, w io.Writer, cfg chaosConfig) (err error) {
	c := &chaos{cfg: cfg, out: w, rng: rand.New(rand.NewPCG(cfg.Seed, 0x6c616d73616368))}
	sched, err := chaosSchedule(cfg.Rounds, cfg.Faults, c.rng)
	if err != nil {
		return err
	}
	if err := c.setUp(ctx); err != nil {
		c.tearDown(false)
		return err
	}
	defer func() { c.tearDown(err == nil) }()
	stop := make(chan struct{})
	waitCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for _, p := range c.people {
		wg.Go(func() { p.run(waitCtx, stop) })
	}
	start := time.Now()
	roundErr := c.rounds(ctx, sched)
	close(stop)
	settled := c.settle(ctx, &wg, cancel)
	if roundErr != nil {
		return roundErr
	}
	if err := c.srv.stop(); err != nil {
		return err
	}
	r, err := c.check(ctx)
	if err != nil {
		return err
	}
	r.Elapsed, r.Settled = time.Since(start), settled
	r.print(c.out)
	return r.verdict()
}

// rounds waits a random moment before each round's fault.
func (c *chaos) rounds(ctx context.Context, sched []string) error {
	for i, kind := range sched {
		wait := time.Duration(200+c.rng.IntN(1300)) * time.Millisecond
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		if !c.srv.alive() {
			return fmt.Errorf("the server stopped on its own before round %d; see %s", i+1, c.srv.log.Name())
		}
		ev, err := c.inject(ctx, kind)
		c.events = append(c.events, ev)
		if err != nil {
			return fmt.Errorf("round %d (%s): %w", i+1, kind, err)
		}
		if (i+1)%max(1, len(sched)/10) == 0 || i+1 == len(sched) {
			fmt.Fprintf(c.out, "round %d/%d done (%s)\n", i+1, len(sched), time.Since(c.events[0].At).Round(time.Second))
		}
	}
	return nil
}

// settle lets the people finish the act under way, up to --settle, then
// waits (in what remains of it) for the outbox to empty.
func (c *chaos) settle(ctx context.Context, wg *sync.WaitGroup, cancel context.CancelFunc) time.Duration {
	start := time.Now()
	deadline := time.NewTimer(c.cfg.Settle)
	defer deadline.Stop()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-deadline.C:
		cancel()
		<-done
		return time.Since(start)
	}
	for {
		n, err := pendingOutbox(ctx, c.db)
		if err != nil || n == 0 {
			return time.Since(start)
		}
		select {
		case <-deadline.C:
			return time.Since(start)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// setUp makes the work folder, the database with its commune and people,
// the fake Telegram, Redis if asked for and the server, and has everyone
// join.
func (c *chaos) setUp(ctx context.Context) error {
	var err error
	if c.dir = c.cfg.Dir; c.dir == "" {
		if c.dir, err = os.MkdirTemp("", "lamsach-chaos-"); err != nil {
			return err
		}
	} else if err = os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	c.db = filepath.Join(c.dir, "lamsach.db")
	codes, err := chaosWorld(ctx, c.db, c.cfg.Members, c.cfg.Records)
	if err != nil {
		return err
	}
	c.hook = &faultHook{rng: rand.New(rand.NewPCG(c.cfg.Seed, 1))}
	c.tg = telegramtest.New(telegramtest.WithRateLimits())
	c.tg.Hook("*", c.hook.hook)
	if c.proxy, err = newChaosProxy(strings.TrimPrefix(c.tg.URL(), "http://")); err != nil {
		return err
	}
	redisURL := ""
	if slices.Contains(c.cfg.Faults, "redis") {
		var addr string
		if c.redis, addr, err = redisChild(c.dir, c.logFile("redis.log")); err != nil {
			return err
		}
		if err := c.redis.start(ctx); err != nil {
			return err
		}
		redisURL = "redis://" + addr + "/0"
	}
	if c.srv, err = c.server(redisURL); err != nil {
		return err
	}
	if err := c.srv.start(ctx); err != nil {
		return err
	}
	return c.join(ctx, codes)
}

// server describes the serve process: polling through the proxy, health
// on a free port, sessions in redisURL when set.
func (c *chaos) server(redisURL string) (*child, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	listen := "127.0.0.1:" + strconv.Itoa(port)
	env := append(childEnv(c.cfg.Env), "TELEGRAM_BOT_TOKEN="+c.tg.Token())
	if redisURL != "" {
		env = append(env, "REDIS_URL="+redisURL)
	}
	return &child{name: "lamsach serve", bin: c.cfg.Bin, dir: c.dir, env: env, log: c.logFile("serve.log"),
		ready: healthy(listen),
		args:  []string{"--db", c.db, "serve", "--api-url", c.proxy.URL(), "--listen", listen}}, nil
}

// childEnv is this process's environment without the settings the harness
// gives its children itself, plus extra.
func childEnv(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k != "LAMSACH_DB" && k != "REDIS_URL" && k != "TELEGRAM_BOT_TOKEN" {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// logFile opens a log in the work folder; a failure to open one leaves
// the child's output discarded rather than stopping the run.
func (c *chaos) logFile(name string) *os.File {
	f, err := os.OpenFile(filepath.Join(c.dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		f, _ = os.Open(os.DevNull)
	}
	return f
}

// join has each simulated person open their invite link.
func (c *chaos) join(ctx context.Context, codes []string) error {
	police := max(1, c.cfg.Members/4)
	for i, code := range codes {
		id := int64(8000 + i)
		name := "Thành viên " + strconv.Itoa(i+1)
		if i >= len(codes)-police {
			name = "Công an " + strconv.Itoa(i+1)
		}
		a := &actor{Person: c.tg.User(id, name, "vi"), police: i >= len(codes)-police,
			rng: rand.New(rand.NewPCG(c.cfg.Seed, uint64(id)))}
		jctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		ok := a.join(jctx, code)
		cancel()
		if !ok {
			return fmt.Errorf("%s got no welcome after 30 s; see %s", name, c.srv.log.Name())
		}
		c.people = append(c.people, a)
	}
	return nil
}

// tearDown stops what is still running and removes the work folder when
// the run passed and the folder was a temporary one.
func (c *chaos) tearDown(passed bool) {
	for _, ch := range []*child{c.srv, c.redis} {
		if ch != nil {
			ch.kill()
			ch.log.Close()
		}
	}
	if c.proxy != nil {
		c.proxy.Close()
	}
	if c.tg != nil {
		c.tg.Close()
	}
	switch {
	case c.dir == "":
	case passed && c.cfg.Dir == "":
		os.RemoveAll(c.dir)
	case !passed:
		fmt.Fprintf(c.out, "database and logs kept in %s\n", c.dir)
	}
}

// chaosWorld makes the database: the load command's commune, villages,
// records and village invites, and invites for one police officer per four
// members, whose codes come last.
func chaosWorld(ctx context.Context, path string, members, records int) ([]string, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	codes, err := loadWorld(ctx, db, members, records)
	if err != nil {
		return nil, err
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		cs, err := tx.Communes(ctx)
		if err != nil {
			return err
		}
		if len(cs) != 1 {
			return errors.New("chaos: the world has no single commune")
		}
		for range max(1, members/4) {
			code, _, err := tx.CreateInvite(ctx, flows.Operator, cs[0].ID, flows.RolePolice, nil, time.Hour)
			if err != nil {
				return err
			}
			codes = append(codes, code)
		}
		return nil
	})
	return codes, err
}
