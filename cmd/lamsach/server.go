package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"lamsach/bot"
	"lamsach/flows"
	"lamsach/flows/sheet/xlsx"
	"lamsach/store"
	"lamsach/store/redisstore"
)

// serverConfig is everything the bot process needs; the serve command
// fills it from flags and the environment, the demo and tests directly.
type serverConfig struct {
	DBPath   string
	Token    string
	APIURL   string // empty: Telegram; else a self-hosted Bot API server or telegramtest
	RedisURL string // empty: sessions in the SQLite file
	// RedisPrefix namespaces the keys, so several bots (or tests) can share
	// one Redis; "lamsach:" when empty.
	RedisPrefix string
	// MaxDownload is the largest file the bot fetches: Telegram's 20 MB, or
	// more through a self-hosted Bot API server.
	MaxDownload int64
	// UploadLimits bound the spreadsheets stations send; zero fields take
	// the defaults.
	UploadLimits xlsx.Limits

	WebhookURL    string // set: webhook mode; empty: polling
	WebhookSecret string
	Listen        string // address of the webhook, health and metrics endpoints; empty: none

	PrivacyWindow time.Duration
	SessionIdle   time.Duration
	TickEvery     time.Duration // how often the clock event (reminders) runs

	// Audit names the audit key and anchor files (empty: next to the
	// database); AnchorEvery is how often the head is anchored (default
	// 5 minutes; exports and handovers anchor at once).
	Audit       store.AuditFiles
	AnchorEvery time.Duration

	Logger     *slog.Logger
	Clock      bot.Clock // nil: the real clock
	HTTPClient *http.Client
	PollerConf bot.PollerConfig
	SenderConf bot.SenderConfig
}

// server is the running bot: storage, sessions, the conversations and the
// Telegram transport, wired together.
type server struct {
	cfg      serverConfig
	db       *store.DB
	sessions flows.Sessions
	redis    *redisstore.Sessions
	client   *bot.Client
	engine   *flows.Engine
	outbox   *store.Outbox
	sender   *bot.Sender
	counts   *bot.Metrics
	metrics  *serverMetrics
	log      *slog.Logger
}

// newServer opens the database and the session store and connects to the
// Bot API (getMe). Close releases what it opened.
func newServer(ctx context.Context, cfg serverConfig) (*server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 6 * time.Hour
	}
	if cfg.TickEvery == 0 {
		cfg.TickEvery = time.Minute
	}
	s := &server{cfg: cfg, log: cfg.Logger, counts: &bot.Metrics{}}
	opts := []store.Option{store.WithAuditFiles(cfg.Audit)}
	if cfg.Clock != nil {
		opts = append(opts, store.WithClock(cfg.Clock.Now))
	}
	db, err := store.Open(ctx, cfg.DBPath, opts...)
	if err != nil {
		return nil, err
	}
	s.db = db
	s.metrics = newServerMetrics(s)
	if cfg.RedisURL != "" {
		if cfg.RedisPrefix == "" {
			cfg.RedisPrefix = "lamsach:"
		}
		r, err := redisstore.Open(ctx, cfg.RedisURL, cfg.RedisPrefix, cfg.SessionIdle)
		if err != nil {
			s.Close()
			return nil, err
		}
		// The note of open conversations in the database lets a person
		// whose state Redis lost be told so.
		s.redis, s.sessions = r, db.Tracked(r, cfg.SessionIdle)
	} else {
		s.sessions = db.Sessions(cfg.SessionIdle)
	}
	s.client, err = bot.NewClient(ctx, bot.ClientConfig{Token: cfg.Token, APIURL: cfg.APIURL,
		Logger: cfg.Logger, Clock: cfg.Clock, HTTPClient: cfg.HTTPClient, MaxDownload: cfg.MaxDownload})
	if err != nil {
		s.Close()
		return nil, err
	}
	sc := cfg.SenderConf
	if cfg.PrivacyWindow > 0 {
		sc.PrivacyWindow = cfg.PrivacyWindow
	}
	sc.Metrics = s.counts
	s.outbox = db.Outbox()
	s.sender, err = bot.NewSender(s.client, s.outbox, sc)
	if err != nil {
		s.Close()
		return nil, err
	}
	app := &flows.App{Sessions: s.sessions, BotName: s.client.Username(),
		Station: flows.StationSettings{DownloadLimit: cfg.MaxDownload, Limits: cfg.UploadLimits}}
	s.engine = &flows.Engine{Store: timedStore{store.Flows{DB: db}, s.metrics}, Sessions: s.sessions, App: app,
		Notify: s.sender.Notify, Log: cfg.Logger.With("component", "engine")}
	return s, nil
}

// run receives updates (polling or webhook), sends the outbox and ticks the
// clock until ctx is done or one of them fails for good.
func (s *server) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 4)
	n := 0
	start := func(name string, f func(context.Context) error) {
		n++
		go func() {
			err := f(ctx)
			if err != nil && !errors.Is(err, context.Canceled) {
				err = fmt.Errorf("%s: %w", name, err)
			} else {
				err = nil
			}
			errs <- err
		}()
	}
	start("sender", s.sender.Run)
	start("clock", s.tick)
	// The audit head goes to the anchor file outside the database.
	start("anchors", func(ctx context.Context) error {
		every := cmp.Or(s.cfg.AnchorEvery, 5*time.Minute)
		return s.db.RunAnchors(ctx, every, s.log.With("component", "anchors"))
	})
	receive, mux, err := s.receiver(ctx)
	if err != nil {
		return err
	}
	if receive != nil {
		start("poller", receive)
	}
	if mux != nil {
		start("http", func(ctx context.Context) error { return s.serveHTTP(ctx, mux) })
	}
	s.log.Info("serving", "mode", s.mode(), "sessions", s.sessionKind())
	var first error
	for range n {
		if err := <-errs; err != nil && first == nil {
			first = err
			cancel() // one part failing for good stops the others
		}
	}
	return first
}

// receiver sets up how updates come in: the poller to run, or the webhook
// on the HTTP mux, which also serves /healthz and /metrics when there is a
// listen address (mux is nil without one).
func (s *server) receiver(ctx context.Context) (poll func(context.Context) error, mux *http.ServeMux, err error) {
	if s.cfg.Listen != "" {
		mux = http.NewServeMux()
		mux.HandleFunc("GET /healthz", s.health)
		mux.Handle("GET /metrics", s.metrics.handler)
	}
	if s.cfg.WebhookURL == "" {
		pc := s.cfg.PollerConf
		pc.Metrics = s.counts
		poller, err := bot.NewPoller(s.client, s.engine, pc)
		if err != nil {
			return nil, nil, err
		}
		return poller.Run, mux, nil
	}
	if mux == nil {
		return nil, nil, errors.New("webhook mode needs a listen address")
	}
	hook, err := bot.NewWebhook(s.client, s.engine, bot.WebhookConfig{Secret: s.cfg.WebhookSecret, Metrics: s.counts})
	if err != nil {
		return nil, nil, err
	}
	mux.Handle("POST /telegram", hook)
	if err := s.client.SetWebhook(ctx, s.cfg.WebhookURL, s.cfg.WebhookSecret); err != nil {
		return nil, nil, err
	}
	return nil, mux, nil
}

// serveHTTP serves mux on the listen address until ctx is done.
func (s *server) serveHTTP(ctx context.Context, mux *http.ServeMux) error {
	srv := &http.Server{Addr: s.cfg.Listen, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		srv.Shutdown(shut)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// now is the server's clock: the configured one, else the real one.
func (s *server) now() time.Time {
	if s.cfg.Clock != nil {
		return s.cfg.Clock.Now()
	}
	return time.Now()
}

func (s *server) mode() string {
	if s.cfg.WebhookURL != "" {
		return "webhook"
	}
	return "polling"
}

func (s *server) sessionKind() string {
	if s.redis != nil {
		return "redis"
	}
	return "sqlite"
}

// tick sends the clock event that drives reminders, once a TickEvery, and
// forgets the handled-update ids past their retention.
func (s *server) tick(ctx context.Context) error {
	t := time.NewTicker(s.cfg.TickEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := s.engine.Handle(ctx, flows.Event{Kind: flows.EventTick, At: s.now()}); err != nil && ctx.Err() == nil {
				s.log.Warn("tick failed", "err", err)
			}
			if err := s.db.ForgetUpdates(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("forget updates failed", "err", err)
			}
		}
	}
}

// Close releases the outbox's claims, the database and the session store.
func (s *server) Close() error {
	var err error
	if s.outbox != nil {
		err = s.outbox.Close()
	}
	if s.redis != nil {
		err = errors.Join(err, s.redis.Close())
	}
	if s.db != nil {
		err = errors.Join(err, s.db.Close())
	}
	return err
}
