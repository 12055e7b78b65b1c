package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// PollerConfig configures a Poller; zero values take the defaults.
type PollerConfig struct {
	Timeout       time.Duration // long-poll timeout sent to getUpdates: 50 s; at most 4 min
	Workers       int           // chats handled at once: 8
	Attempts      int           // Handle attempts before SetAside: 3
	RetryDelay    time.Duration // wait after a failed attempt, doubling: 500 ms
	HandleTimeout time.Duration // bound of one Handle or SetAside call: 2 min
	MaxBackoff    time.Duration // cap of the wait after network errors: 30 s
	Wake          func()        // called after each committed update, e.g. Sender.Notify
}

// Poller receives updates with getUpdates and hands them to a Handler.
//
// It takes a batch, runs it (chats in parallel, each chat's updates
// strictly in order), waits for the whole batch and only then asks for
// the next one with offset = last update_id + 1, which is what confirms
// the batch to Telegram. So an update is confirmed only after it and
// every update before it is committed or set aside; a crash at any point
// makes Telegram send the unconfirmed ones again, and the Handler's
// processed-update check turns the repeats into no-ops. The price: one
// slow chat holds back the next batch of every chat.
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
	log := c.logger("poller")
	return &Poller{c: c, cfg: cfg, log: log,
		in: newIntake(c, h, log, cfg.Attempts, cfg.RetryDelay, cfg.HandleTimeout, cfg.Wake)}, nil
}

// Run deletes any webhook (keeping pending updates) and polls until ctx
// is done, when it returns nil after the running handlers finish. It
// returns an error wrapping ErrConflict when another poller or a webhook
// takes the updates, and ErrUnauthorized when the token is refused.
// Network errors and 5xx answers are retried with capped back-off.
func (p *Poller) Run(ctx context.Context) error {
	for n := 0; ; n++ {
		err := p.c.DeleteWebhook(ctx)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, ErrUnauthorized) {
			return err
		}
		p.log.Warn("delete webhook failed", "err", err.Error(), "attempt", n+1)
		if !sleep(ctx, p.c.clock, backoff(time.Second, p.cfg.MaxBackoff, n)) {
			return nil
		}
	}
	p.log.Info("polling started", "timeout", p.cfg.Timeout, "workers", p.cfg.Workers)
	var offset int64
	failures, stalls := 0, 0
	for {
		ups, err := p.c.getUpdates(ctx, offset, p.cfg.Timeout)
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
		if len(ups) == 0 {
			continue
		}
		next, complete := p.runBatch(ctx, ups)
		offset = next
		switch {
		case complete:
			stalls = 0
		case ctx.Err() == nil:
			// SetAside itself failed (the database is down?): wait before
			// the same updates come again.
			sleep(ctx, p.c.clock, backoff(time.Second, p.cfg.MaxBackoff, stalls))
			stalls++
		}
	}
}

// pollError decides what a failed getUpdates means: a wait before the next
// one, or a fatal error that stops Run.
func (p *Poller) pollError(ctx context.Context, err error, failures int) (time.Duration, error) {
	var ae *apiError
	if errors.As(err, &ae) {
		switch ae.code {
		case http.StatusConflict:
			return 0, p.conflict(ctx)
		case http.StatusUnauthorized, http.StatusNotFound:
			return 0, fmt.Errorf("getUpdates: %w (%s)", ErrUnauthorized, ae.Error())
		case http.StatusTooManyRequests:
			wait := time.Duration(max(1, ae.retryAfter)) * time.Second
			p.log.Warn("polling rate limited", "retry_after", wait)
			return wait, nil
		}
	}
	wait := backoff(time.Second, p.cfg.MaxBackoff, failures)
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

// runBatch handles a batch and returns the offset that confirms what it
// finished: past the whole batch when complete, else the id of the first
// update left unfinished (shutdown, or SetAside failing), so that one and
// everything after it come again. Later updates of an unfinished update's
// chat are not started, to keep the chat in order.
func (p *Poller) runBatch(ctx context.Context, ups []models.Update) (offset int64, complete bool) {
	incs := make([]incoming, len(ups))
	done := make([]bool, len(ups)) // each index written by one goroutine, read after Wait
	answered := make([]chan struct{}, len(ups))
	var chats []int64
	byChat := map[int64][]int{}
	var wg sync.WaitGroup
	for i := range ups {
		var ok bool
		if incs[i], ok = p.in.convert(&ups[i]); !ok {
			done[i] = true
			continue
		}
		if incs[i].callbackID != "" {
			// Every press of the batch is answered at once, so no one's
			// spinner waits for the updates queued before theirs; each is
			// handled only after its own answer.
			answered[i] = make(chan struct{})
			wg.Go(func() {
				defer close(answered[i])
				p.in.answer(ctx, incs[i])
			})
		}
		k := incs[i].ev.ChatID
		if _, seen := byChat[k]; !seen {
			chats = append(chats, k)
		}
		byChat[k] = append(byChat[k], i)
	}
	sem := make(chan struct{}, p.cfg.Workers)
	for _, k := range chats {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			for _, i := range byChat[k] {
				if answered[i] != nil {
					<-answered[i]
				}
				if ctx.Err() != nil || p.in.run(ctx, &incs[i]) != nil {
					return
				}
				done[i] = true
			}
		})
	}
	wg.Wait()
	for i := range ups {
		if !done[i] {
			return ups[i].ID, false
		}
	}
	return ups[len(ups)-1].ID + 1, true
}
