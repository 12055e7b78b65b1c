package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// PollerConfig configures a Poller; zero values take the defaults.
type PollerConfig struct {
	Timeout       time.Duration // long-poll timeout sent to getUpdates: 50 s; at most 4 min
	Workers       int           // chats handled at once: 8
	Attempts      int           // Handle attempts of an update failing for good before SetAside: 3
	RetryDelay    time.Duration // wait after a failed attempt, doubling: 500 ms
	MaxRetryDelay time.Duration // cap of that wait: 1 min
	HandleTimeout time.Duration // bound of one Handle or SetAside call: 2 min
	MaxBackoff    time.Duration // cap of the wait after getUpdates failures: 30 s
	// CatchUp is how often, while updates only wait out transient faults,
	// the Poller asks for newer updates of other chats: 1 s.
	CatchUp time.Duration
	Metrics *Metrics // counts; nil: not kept
}

// Poller receives updates with getUpdates and hands them to a Handler.
//
// Chats run in parallel, each chat's updates strictly in order. An update
// is confirmed (getUpdates with an offset past it) only after it and every
// update before it is committed or set aside; a crash at any point makes
// Telegram send the unconfirmed ones again, and the Handler's
// processed-update check turns the repeats into no-ops.
//
// An update that meets a transient fault waits and is tried again for as
// long as Telegram keeps it (24 hours from its date), and nothing after it
// is confirmed meanwhile. Other chats go on: while updates only wait, the
// Poller asks every CatchUp for the updates after them (Telegram sends the
// waiting ones again too; they are recognised and skipped) and runs the
// new ones. getUpdates returns at most 100 updates, so during such a wait
// other chats can get up to about 100 updates ahead; beyond that they wait
// too, for the offset cannot pass the waiting update without losing it.
//
// The price of confirming only complete runs: one slow chat holds back
// the next batch of every chat.
type Poller struct {
	c   *Client
	in  *intake
	cfg PollerConfig
	log *slog.Logger
}

// NewPoller returns a Poller handing updates to h.
func NewPoller(c *Client, h Handler, cfg PollerConfig) (*Poller, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 50 * time.Second
	}
	if cfg.Timeout > 4*time.Minute {
		return nil, fmt.Errorf("poller: long-poll timeout %v over 4 minutes", cfg.Timeout)
	}
	if t := c.hc.Timeout; t != 0 && t <= cfg.Timeout+15*time.Second {
		// Otherwise every quiet long poll would end as a client timeout.
		return nil, fmt.Errorf("poller: HTTP client timeout %v must exceed the long-poll timeout %v by more than 15s", t, cfg.Timeout)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.CatchUp <= 0 {
		cfg.CatchUp = time.Second
	}
	log := c.logger("poller")
	return &Poller{c: c, cfg: cfg, log: log,
		in: newIntake(c, h, log, cfg.Metrics, cfg.Attempts, cfg.RetryDelay, cfg.MaxRetryDelay, cfg.HandleTimeout)}, nil
}

// Run deletes any webhook (keeping pending updates) and polls until ctx
// is done, when it returns nil after the running handlers finish. It
// returns an error wrapping ErrConflict when another poller or a webhook
// takes the updates. Every other failure (network errors, 5xx, even 401
// or 404 once getMe accepted the token) is retried with capped back-off.
func (p *Poller) Run(ctx context.Context) error {
	if !p.deleteWebhook(ctx) {
		return nil
	}
	p.log.Info("polling started", "timeout", p.cfg.Timeout, "workers", p.cfg.Workers)
	cs := newChats(ctx, p.in, p.cfg.Workers)
	defer cs.wait()
	known := map[int64]bool{} // received and not yet confirmed
	var last int64            // the highest update id received
	failures := 0
	for {
		offset, open := cs.offset(last + 1)
		timeout := p.cfg.Timeout
		if open {
			// The unfinished updates come back at once: no long poll.
			timeout = 0
		}
		ups, err := p.c.getUpdates(ctx, offset, timeout)
		if ctx.Err() != nil {
			p.log.Info("polling stopped")
			return nil
		}
		if err != nil {
			wait, fatal := p.pollError(ctx, err, failures)
			if fatal != nil {
				p.log.Error("polling stopped", "err", fatal.Error())
				return fatal
			}
			failures++
			if !sleep(ctx, p.c.clock, wait) {
				return nil
			}
			continue
		}
		failures = 0
		for id := range known {
			if id < offset { // confirmed by this call
				delete(known, id)
			}
		}
		for i := range ups {
			u := &ups[i]
			if known[u.ID] {
				continue // still waiting, or finished since the last call
			}
			known[u.ID], last = true, u.ID
			if inc, ok := p.in.convert(u); ok {
				cs.add(&inc)
			}
		}
		// Wait until every update left is only waiting out a transient
		// fault (or none is left); while some wait, pause before asking for
		// the updates after them.
		if cs.settle(ctx) && !sleepOr(ctx, p.c.clock, p.cfg.CatchUp, cs.changed()) {
			return nil
		}
	}
}

// deleteWebhook deletes any webhook, trying until it succeeds; false means
// ctx ended first.
func (p *Poller) deleteWebhook(ctx context.Context) bool {
	for n := 0; ; n++ {
		err := p.c.DeleteWebhook(ctx)
		if err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		p.log.Warn("delete webhook failed", "err", err.Error(), "attempt", n+1)
		if !sleep(ctx, p.c.clock, backoff(time.Second, p.cfg.MaxBackoff, n)) {
			return false
		}
	}
}

// pollError decides what a failed getUpdates means: a wait before the next
// one, or a fatal error that stops Run (only a 409: another poller).
func (p *Poller) pollError(ctx context.Context, err error, failures int) (time.Duration, error) {
	var ae *apiError
	if errors.As(err, &ae) {
		switch ae.code {
		case http.StatusConflict:
			return 0, p.conflict(ctx)
		case http.StatusTooManyRequests:
			wait := time.Duration(max(1, ae.retryAfter)) * time.Second
			p.log.Warn("polling rate limited", "retry_after", wait)
			return wait, nil
		}
	}
	wait := backoff(time.Second, p.cfg.MaxBackoff, failures)
	if errors.As(err, &ae) && ae.code >= 400 && ae.code < 500 {
		// getMe accepted the token at start; a proxy or Telegram itself
		// may refuse for a while. Keep trying, loudly.
		p.log.Error("poll refused", "err", describe(err), "attempt", failures+1, "wait", wait)
		return wait, nil
	}
	p.log.Warn("poll failed", "err", describe(err), "attempt", failures+1, "wait", wait)
	return wait, nil
}

// conflict explains a 409: getWebhookInfo tells a webhook from a second
// poller.
func (p *Poller) conflict(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	set, err := p.c.webhookSet(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("%w: another process is polling this bot, or a webhook is set: stop it, or run with the webhook flags", ErrConflict)
	case set:
		return fmt.Errorf("%w: a webhook is set for this bot: run with the webhook flags, or delete the webhook", ErrConflict)
	}
	return fmt.Errorf("%w: another process is polling this bot: stop it (only one poller may run per bot)", ErrConflict)
}
