package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"lamsach/flows"
)

// SenderConfig configures a Sender; zero values take the defaults.
type SenderConfig struct {
	PrivacyWindow time.Duration // Personal messages are deleted this long after sending: 24 h; under 48 h
	Limits        Limits        // each zero field takes DefaultLimits' value
	MaxInFlight   int           // chats sent to at once: 16
	MaxAttempts   int           // a temporary failure of the item's MaxAttempts-th try is a Drop: 10 (Attempts counts every Retry, 429s included)
	RetryDelay    time.Duration // wait after a temporary failure, doubling up to 10 min: 2 s
	PollEvery     time.Duration // outbox poll when not notified, for other processes' items: 1 s
	IdlePollMax   time.Duration // the poll backs off, doubling while the outbox stays empty, up to this: 8 × PollEvery
	MaxHold       time.Duration // longest wait for a limit in memory; longer ones go back with Retry: 3 s
	DeleteEvery   time.Duration // poll for due deletions: 1 min
	SendTimeout   time.Duration // of one text call: 30 s; uploads get four times as long
	Metrics       *Metrics      // counts; nil: not kept
}

// Sender drains the Outbox into Bot API calls within Telegram's limits.
//
// A chat's items go strictly one after the other; different chats go in
// parallel. Outcomes: success → Sent; 429 → Retry at exactly retry_after
// (never earlier); 5xx, an unreadable 502 page, or a connection that failed
// before the request was fully written → Retry with back-off, Drop after
// MaxAttempts; 403 → Unreachable and Drop; any other 4xx (400, 401, 404…)
// → Drop, counted and logged: it fails that one item and never stops the
// Sender (an edit to identical content counts as sent). Only getMe at
// start (NewClient) decides that a token is wrong.
//
// The Sender is woken by Notify after each commit that queued messages,
// and otherwise sleeps until the next item comes due (NextDue), or at most
// PollEvery, which only matters for items other processes queued. While
// the outbox stays empty that poll backs off, doubling up to IdlePollMax,
// so an idle bot hardly touches the database; any wake starts it over.
//
// A failure after the request was fully written (a timeout waiting for
// the answer, a reset connection, an answer that cannot be read) leaves it
// unknown whether Telegram delivered the message. Such an item is dropped
// as "uncertain", never sent again: a missing message can be asked for
// again (/where), a doubled one cannot be taken back. The one remaining
// window for a double is a crash between Telegram's answer and Sent's
// commit; closing it would instead lose messages in a crash before the
// request, and DESIGN.md §6 wants every reply still sent after a restart.
type Sender struct {
	c   *Client
	ob  Outbox
	cfg SenderConfig
	log *slog.Logger
	lim *limiter

	wake  chan struct{}
	freed chan struct{}
	wg    sync.WaitGroup

	metrics *Metrics

	mu         sync.Mutex
	busy       map[int64]int64            // chat → id of the item being sent
	queued     map[int64]flows.OutboxItem // chat → its next item, handed out while it was busy
	unrecorded map[int64]outcome          // outcomes the Outbox failed to store, by item id
}

// NewSender returns a Sender draining ob through c.
func NewSender(c *Client, ob Outbox, cfg SenderConfig) (*Sender, error) {
	if cfg.PrivacyWindow <= 0 {
		cfg.PrivacyWindow = 24 * time.Hour
	}
	if cfg.PrivacyWindow >= 48*time.Hour {
		// A bot can delete its messages only within 48 hours.
		return nil, fmt.Errorf("sender: privacy window %v must be under 48h", cfg.PrivacyWindow)
	}
	cfg.Limits = cfg.Limits.withDefaults()
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.RetryDelay, 2*time.Second)
	def(&cfg.PollEvery, time.Second)
	def(&cfg.IdlePollMax, 8*cfg.PollEvery)
	def(&cfg.MaxHold, 3*time.Second)
	def(&cfg.DeleteEvery, time.Minute)
	def(&cfg.SendTimeout, 30*time.Second)
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 16
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 10
	}
	if cfg.Metrics == nil {
		cfg.Metrics = &Metrics{}
	}
	return &Sender{
		c: c, ob: ob, cfg: cfg, log: c.logger("sender"), lim: newLimiter(cfg.Limits, c.clock), metrics: cfg.Metrics,
		wake: make(chan struct{}, 1), freed: make(chan struct{}, 1),
		busy: map[int64]int64{}, queued: map[int64]flows.OutboxItem{}, unrecorded: map[int64]outcome{},
	}, nil
}

// Notify wakes the Sender to look at the Outbox now, not at its next poll.
// It never blocks; call it after committing outgoing messages.
func (s *Sender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends and deletes until ctx is done, then waits for the calls in
// flight and their outcomes to be stored, and returns nil.
func (s *Sender) Run(ctx context.Context) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var deleter sync.WaitGroup
	deleter.Go(func() { s.runDeleter(ctx) })
	defer func() {
		stop()
		s.wg.Wait()
		deleter.Wait()
	}()
	s.seedLimits(ctx)
	s.log.Info("sender started", "in_flight", s.cfg.MaxInFlight)
	idle := s.cfg.PollEvery // the next poll's wait while the outbox is empty
	for {
		wait, empty := s.fill(ctx)
		if empty {
			wait, idle = idle, min(2*idle, max(s.cfg.IdlePollMax, s.cfg.PollEvery))
		} else {
			idle = s.cfg.PollEvery
		}
		select {
		case <-ctx.Done():
			s.log.Info("sender stopped")
			return nil
		case <-s.wake:
			idle = s.cfg.PollEvery
		case <-s.freed:
		case <-s.c.clock.After(wait):
		}
	}
}

// fill starts a delivery for each due item, up to MaxInFlight chats at
// once, and returns how long to sleep when nothing wakes the Sender, and
// whether the outbox was empty (nothing due, nothing waiting, nothing in
// flight). It asks only for as many items as there are free places, so
// every item it gets can start: a store that claims items would otherwise
// hold an unstarted one back until its claim ran out.
func (s *Sender) fill(ctx context.Context) (time.Duration, bool) {
	s.mu.Lock()
	free := s.cfg.MaxInFlight - len(s.busy)
	s.mu.Unlock()
	if free <= 0 {
		return s.cfg.PollEvery, false // a delivery ending frees a place, and wakes the Sender
	}
	now := s.c.clock.Now()
	items, err := s.ob.Next(ctx, now, free)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("outbox read failed", "err", err.Error())
		}
		return s.cfg.PollEvery, false
	}
	started := s.start(ctx, items)
	if started == free {
		return 0, false // every place taken: there may be more due at once
	}
	due, err := s.ob.NextDue(ctx, now)
	if err != nil {
		return s.cfg.PollEvery, false
	}
	if due.IsZero() {
		return s.cfg.PollEvery, len(items) == 0 && free == s.cfg.MaxInFlight
	}
	return min(s.cfg.PollEvery, due.Sub(now)), false
}

// start delivers items, each chat's in its own goroutine, and returns how
// many deliveries it started.
func (s *Sender) start(ctx context.Context, items []flows.OutboxItem) int {
	started := 0
	for _, it := range items {
		chat := it.Out.ChatID
		s.mu.Lock()
		if cur, ok := s.busy[chat]; ok {
			// The chat's previous item is recorded but its delivery not yet
			// finished: that delivery sends this one next. (The same item
			// again comes only from a store that does not claim.)
			if cur != it.ID {
				s.queued[chat] = it
			}
			s.mu.Unlock()
			continue
		}
		s.busy[chat] = it.ID
		s.mu.Unlock()
		started++
		s.wg.Go(func() {
			for ok := true; ok; it, ok = s.handoff(ctx, chat) {
				s.deliver(ctx, it)
			}
		})
	}
	return started
}

// handoff returns the chat's queued item, keeping the chat busy, or frees
// the chat.
func (s *Sender) handoff(ctx context.Context, chat int64) (flows.OutboxItem, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next, ok := s.queued[chat]
	delete(s.queued, chat)
	if ok && ctx.Err() == nil {
		s.busy[chat] = next.ID
		return next, true
	}
	delete(s.busy, chat)
	select {
	case s.freed <- struct{}{}:
	default:
	}
	return flows.OutboxItem{}, false
}

// deliver sends one item and stores the outcome.
func (s *Sender) deliver(ctx context.Context, it flows.OutboxItem) {
	if o, ok := s.takeUnrecorded(it.ID); ok {
		s.record(ctx, it, o) // sent earlier; only the bookkeeping failed
		return
	}
	if err := validate(it.Out); err != nil {
		s.record(ctx, it, outcome{verdict: drop, reason: err.Error()})
		return
	}
	method := methodOf(it.Out.Kind)
	key := pauseKey(it.Out.ChatID, method)
	if it.Out.Kind == flows.OutCommands {
		key = pauseKey(0, method) // setMyCommands names its chat only inside the scope
	}
	var res *reservation
	for res == nil {
		var wait time.Duration
		if res, wait = s.lim.reserve(key, it.Out.ChatID, it.Out.Kind != flows.OutCommands); res != nil {
			break
		}
		if wait > s.cfg.MaxHold {
			s.record(ctx, it, outcome{verdict: retry, notBefore: s.c.clock.Now().Add(wait), reason: "rate limit"})
			return
		}
		if !sleep(ctx, s.c.clock, wait) {
			return // shutting down before the call: the item stays due
		}
	}
	timeout := s.cfg.SendTimeout
	if it.Out.Kind == flows.OutFile || it.Out.Kind == flows.OutPhoto {
		timeout *= 4
	}
	// A call under way is not cut short by shutdown: cutting it would turn
	// a clean answer into an uncertain one.
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	callCtx, trace := withTrace(callCtx)
	msgID, err := s.call(callCtx, it.Out)
	cancel()
	s.metrics.countCall(err, trace)
	o := s.judge(it, msgID, err, trace)
	res.settle(key, o.verdict == sent, o.retryAfter)
	s.record(ctx, it, o)
}

// record stores an outcome in the Outbox. If that fails the outcome is
// kept in memory: the item will come back from Next, and must then be
// recorded, not sent again.
func (s *Sender) record(ctx context.Context, it flows.OutboxItem, o outcome) {
	// Stored even during shutdown: an outcome lost here means a resend.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	attrs := []any{"outbox", it.ID, "kind", string(it.Out.Kind), s.c.chat(it.Out.ChatID), "attempts", it.Attempts}
	var err error
	switch o.verdict {
	case sent:
		if err = s.ob.Sent(rctx, it.ID, o.messageID, o.deleteAt); err == nil {
			s.metrics.Sent.Add(1)
			s.log.Info("message sent", append(attrs, "message", o.messageID)...)
		}
	case retry:
		if err = s.ob.Retry(rctx, it.ID, o.notBefore, o.reason); err == nil {
			s.metrics.Retried.Add(1)
			s.log.Info("message retry", append(attrs, "reason", o.reason, "wait", o.notBefore.Sub(s.c.clock.Now()).Round(time.Millisecond))...)
		}
	case unreachable:
		if err = s.ob.Unreachable(rctx, it.Out.ChatID); err == nil {
			s.log.Warn("chat unreachable", append(attrs, "reason", o.reason)...)
			o.verdict = drop // what remains to record
			if err = s.ob.Drop(rctx, it.ID, o.reason); err == nil {
				s.metrics.Unreachable.Add(1)
			}
		}
	case drop:
		if err = s.ob.Drop(rctx, it.ID, o.reason); err == nil {
			s.metrics.Dropped.Add(1)
			s.log.Warn("message dropped", append(attrs, "reason", o.reason)...)
		}
	}
	if err != nil {
		s.log.Error("outbox record failed", append(attrs, "err", err.Error())...)
		s.mu.Lock()
		s.unrecorded[it.ID] = o
		s.mu.Unlock()
		// Hold the chat a moment: the item comes straight back from Next,
		// and a store that just failed should not be hammered.
		sleep(ctx, s.c.clock, s.cfg.RetryDelay)
	}
}

func (s *Sender) takeUnrecorded(id int64) (outcome, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.unrecorded[id]
	delete(s.unrecorded, id)
	return o, ok
}

// validate refuses items that no call could send.
func validate(out flows.Out) error {
	switch out.Kind {
	case flows.OutSend, flows.OutEdit, flows.OutCommands, flows.OutUnbutton:
	case flows.OutFile, flows.OutPhoto:
		if out.File == nil || (len(out.File.Data) == 0 && out.File.Open == nil) {
			return errors.New("invalid: no file")
		}
	default:
		return fmt.Errorf("invalid: unknown kind %q", out.Kind)
	}
	if out.ChatID == 0 {
		return errors.New("invalid: no chat")
	}
	if (out.Kind == flows.OutEdit || out.Kind == flows.OutUnbutton) && out.MessageID == 0 {
		return errors.New("invalid: edit without message id")
	}
	return nil
}
