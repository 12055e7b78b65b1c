package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lamsach/bot"
	"lamsach/bot/telegramtest"
)

const demoUsage = `Usage: lamsach demo [--out DIR] [--quiet]

Runs the whole 2262 process against an in-process fake Telegram with the
embedded store in a temporary folder: no token, no server. The operator
creates a commune, the coordinator invites members, the health station
uploads a list, two village members review it, police return one record
and sign, the station exports and marks the batch entered. The
conversation is printed; the files people download are written to DIR.
`

func demoCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	out := fs.String("out", "demo-out", "`folder` for the files the demo's people download")
	quiet := fs.Bool("quiet", false, "print only the summary, not the conversation")
	pos, err := e.parse(fs, path, args, demoUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	transcript := e.stdout
	if *quiet {
		transcript = io.Discard
	}
	start := time.Now()
	files, err := runDemo(ctx, transcript, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\ndemo finished in %.1f s; files in %s:\n", time.Since(start).Seconds(), *out)
	for _, f := range files {
		fmt.Fprintf(e.stdout, "  %s\n", f)
	}
	return nil
}

// runDemo plays the process and returns the files written to outDir.
func runDemo(ctx context.Context, w io.Writer, outDir string) ([]string, error) {
	d, err := playDemo(ctx, w, outDir, serverConfig{})
	if d == nil {
		return nil, err
	}
	return d.files, err
}

// playDemo plays the process with the session store base names (SQLite
// unless base.RedisURL is set) and returns the cast, for tests to check
// what each person was sent.
func playDemo(ctx context.Context, w io.Writer, outDir string, base serverConfig) (*demo, error) {
	dir, err := os.MkdirTemp("", "lamsach-demo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
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
		RedisURL:  base.RedisURL, RedisPrefix: base.RedisPrefix,
	}
	srv, err := newServer(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.run(runCtx) }()
	d := &demo{s: &script{tg: tg, out: w, timeout: 20 * time.Second}, db: cfg.DBPath, out: outDir, bot: srv.client.Username()}
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
	bot   string
	files []string

	coord, station, police, an, binh *player
}

func (d *demo) heading(title string) {
	d.s.printf("\n\n━━━ %s ━━━\n", title)
}

// operator runs a lamsach command on the demo's database, printing it.
func (d *demo) operator(ctx context.Context, args ...string) (string, error) {
	d.s.printf("\n$ lamsach %s\n", strings.Join(quoted(args), " "))
	var out, errs bytes.Buffer
	if code := run(ctx, append([]string{"--db", d.db}, args...), &out, &errs); code != 0 {
		return "", fmt.Errorf("lamsach %s: %s", strings.Join(args, " "), strings.TrimSpace(errs.String()))
	}
	d.s.printf("%s", out.String())
	return out.String(), nil
}

func quoted(args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " ") {
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
	path := filepath.Join(d.out, as)
	if err := os.WriteFile(path, f.Data, 0o644); err != nil {
		return err
	}
	d.files = append(d.files, path)
	return nil
}

func (d *demo) play(ctx context.Context) error {
	for _, act := range []func(context.Context) error{d.setup, d.invite, d.upload, d.review, d.police1, d.fix, d.sign, d.export} {
		if err := act(ctx); err != nil {
			return err
		}
	}
	return nil
}
