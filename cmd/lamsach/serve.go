package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"time"
)

const serveUsage = `Usage: lamsach serve [flags]

Runs the bot: receives Telegram updates (long polling by default, or a
webhook), sends replies within Telegram's limits, and sends the morning
reminders.

The bot token comes from $TELEGRAM_BOT_TOKEN or --token-file; it is never
printed. With $REDIS_URL set, conversations, record leases and the update
filter live in Redis, so several webhook replicas can share them; without
it they live in the SQLite database.
`

// secretForm is what Telegram accepts as a webhook secret.
var secretForm = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func serveCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	tokenFile := fs.String("token-file", "", "read the bot token from this `file` instead of $TELEGRAM_BOT_TOKEN")
	apiURL := fs.String("api-url", "", "Bot API server `URL` (a self-hosted telegram-bot-api lifts the 20 MB download limit)")
	hookURL := fs.String("webhook-url", "", "public HTTPS `URL` Telegram posts updates to (…/telegram); empty: long polling")
	hookListen := fs.String("webhook-listen", "", "`address` to serve the webhook, /healthz and /metrics on, e.g. :8443")
	hookSecret := fs.String("webhook-secret", "", "webhook secret `token` (default $LAMSACH_WEBHOOK_SECRET)")
	listen := fs.String("listen", "", "`address` for /healthz and /metrics in polling mode, e.g. 127.0.0.1:9090")
	maxDownload := fs.Int64("max-download-mb", 20, "largest uploaded file in `MB` the bot fetches (Telegram allows 20; a self-hosted Bot API server more)")
	privacy := fs.Duration("privacy-window", 24*time.Hour, "delete the bot's messages with personal data after this `long` (under 48h)")
	level := fs.String("log-level", "info", "log `level`: debug, info, warn, error")
	noLimits := fs.Bool("no-send-limits", false, "send as fast as the Bot API server answers: only for load tests against lamsach faketg (needs --api-url)")
	limits := limitFlags(fs)
	pos, err := e.parse(fs, path, args, serveUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	cfg := serverConfig{DBPath: e.db, APIURL: *apiURL, RedisURL: os.Getenv("REDIS_URL"),
		WebhookURL: *hookURL, WebhookSecret: *hookSecret, PrivacyWindow: *privacy, MaxDownload: *maxDownload << 20,
		Audit: e.auditFiles()}
	if *maxDownload <= 0 || *maxDownload > 2000 {
		return usagef("--max-download-mb must be between 1 and 2000")
	}
	if cfg.UploadLimits, err = limits(); err != nil {
		return err
	}
	if cfg.Token, err = readToken(*tokenFile); err != nil {
		return err
	}
	if *noLimits {
		if *apiURL == "" {
			return usagef("--no-send-limits needs --api-url: Telegram enforces its limits whatever the bot does")
		}
		cfg.SenderConf.Limits = noSendLimits
	}
	if *privacy <= 0 || *privacy >= 48*time.Hour {
		return usagef("--privacy-window must be above 0 and under 48h (Telegram lets a bot delete its messages for 48 hours)")
	}
	if err := listenConfig(&cfg, *hookListen, *listen); err != nil {
		return err
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return usagef("unknown --log-level %q (want debug, info, warn or error)", *level)
	}
	cfg.Logger = slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: lv}))

	srv, err := newServer(ctx, cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	return srv.run(ctx)
}

// listenConfig checks the webhook settings in cfg and sets the address
// to listen on: the webhook's (which also serves /healthz and /metrics), or
// in polling mode --listen's, if any.
func listenConfig(cfg *serverConfig, hookListen, listen string) error {
	switch {
	case cfg.WebhookURL != "":
		if hookListen == "" {
			return usagef("--webhook-url needs --webhook-listen")
		}
		if !strings.HasPrefix(cfg.WebhookURL, "https://") {
			return usagef("--webhook-url must be https:// (Telegram posts only to HTTPS)")
		}
		if cfg.WebhookSecret == "" {
			cfg.WebhookSecret = os.Getenv("LAMSACH_WEBHOOK_SECRET")
		}
		if !secretForm.MatchString(cfg.WebhookSecret) {
			return usagef("webhook mode needs a secret of 1-256 letters, digits, _ or - (--webhook-secret or $LAMSACH_WEBHOOK_SECRET)")
		}
		cfg.Listen = hookListen
	case hookListen != "":
		return usagef("--webhook-listen needs --webhook-url")
	}
	if listen != "" {
		if cfg.Listen != "" {
			return usagef("use --webhook-listen or --listen, not both")
		}
		cfg.Listen = listen
	}
	return nil
}

// readToken takes the bot token from a file or the environment. The token
// is a secret: errors never quote it.
func readToken(file string) (string, error) {
	tok := os.Getenv("TELEGRAM_BOT_TOKEN")
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read --token-file: %w", err)
		}
		tok = string(b)
	}
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return "", usagef("no bot token: set $TELEGRAM_BOT_TOKEN or --token-file")
	}
	if !regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`).MatchString(tok) {
		return "", usagef("the bot token does not look like 123456:ABC… (check $TELEGRAM_BOT_TOKEN or --token-file)")
	}
	return tok, nil
}
