package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// update is a queued update, rendered when it was made.
type update struct {
	id   int64
	kind string // message, edited_message or callback_query
	body json.RawMessage
}

// enqueueLocked assigns the next update_id, queues the update and wakes pollers.
func (s *Server) enqueueLocked(u wireUpdate) int64 {
	u.UpdateID = s.nextUpdateID
	s.nextUpdateID++
	kind := "message"
	switch {
	case u.EditedMessage != nil:
		kind = "edited_message"
	case u.CallbackQuery != nil:
		kind = "callback_query"
	}
	body, err := json.Marshal(u)
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error())
	}
	s.queue = append(s.queue, &update{id: u.UpdateID, kind: kind, body: body})
	s.totalUpdates++
	s.notifyLocked()
	return u.UpdateID
}

// getUpdates serves getUpdates: offset confirms, limit caps, timeout long-polls
// until an update arrives, the request is cancelled, another getUpdates
// terminates this one or the server closes.
func (s *Server) getUpdates(r *request) (any, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.at = s.clock()
	if e := s.precheckLocked(r, methods["getupdates"]); e != nil {
		s.recordLocked(r, nil, e)
		return nil, e
	}
	if s.webhook != nil {
		return nil, errWebhookActive
	}
	limit, timeout, e := s.pollParamsLocked(r)
	if e != nil {
		return nil, e
	}
	if s.poll != nil {
		close(s.poll) // Telegram answers the older request 409
	}
	mine := make(chan struct{})
	s.poll = mine
	s.notifyLocked() // lets tests see that a poll is running
	defer func() {
		if s.poll == mine {
			s.poll = nil
			s.notifyLocked()
		}
	}()
	return s.longPollLocked(r, mine, limit, timeout)
}

// pollParamsLocked applies a getUpdates request's offset and
// allowed_updates, and reads its limit (1 to 100) and timeout in seconds.
func (s *Server) pollParamsLocked(r *request) (limit, timeout int, e *APIError) {
	if off, ok := r.p.int64("offset"); ok && off != 0 {
		s.confirmLocked(off)
	}
	if raw := r.p.str("allowed_updates"); raw != "" {
		var allowed []string
		if err := json.Unmarshal([]byte(raw), &allowed); err != nil {
			return 0, 0, badRequest("can't parse allowed_updates JSON array")
		}
		s.allowed = allowed
	}
	limit, ok := r.p.int("limit")
	if !ok || limit < 1 || limit > 100 {
		limit = 100
	}
	timeout, _ = r.p.int("timeout")
	return limit, timeout, nil
}

// longPollLocked answers the poll mine with the queued updates as soon as
// there are any, or when the timeout (seconds; 0 answers at once) expires,
// the request is cancelled or the server closes (an empty list), or
// another getUpdates or a webhook terminates it (409). It is called, and
// returns, with s.mu held; it unlocks while it waits.
func (s *Server) longPollLocked(r *request, mine chan struct{}, limit, timeout int) (any, *APIError) {
	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		expired = t.C
	}
	for {
		if ups := s.collectLocked(limit); len(ups) > 0 || expired == nil {
			return ups, nil
		}
		changed := s.changed
		s.mu.Unlock()
		var terminated, quit bool
		select {
		case <-changed:
		case <-mine:
			terminated = true
		case <-r.ctx.Done():
			quit = true
		case <-expired:
			quit = true
		case <-s.done:
			quit = true
		}
		s.mu.Lock()
		switch {
		case terminated && s.webhook != nil:
			return nil, errWebhookActive
		case terminated:
			return nil, errTerminated
		case quit:
			return []json.RawMessage{}, nil
		}
	}
}

// collectLocked returns up to limit queued updates, dropping those that
// allowed_updates excludes.
func (s *Server) collectLocked(limit int) []json.RawMessage {
	if len(s.allowed) > 0 {
		s.queue = slices.DeleteFunc(s.queue, func(u *update) bool { return !slices.Contains(s.allowed, u.kind) })
	}
	out := []json.RawMessage{}
	for _, u := range s.queue {
		if len(out) == limit {
			break
		}
		out = append(out, u.body)
	}
	return out
}

// confirmLocked applies a getUpdates offset: a positive offset confirms every
// update with a smaller update_id; a negative one keeps only the last -offset.
func (s *Server) confirmLocked(offset int64) {
	n := len(s.queue)
	if offset > 0 {
		s.queue = slices.DeleteFunc(s.queue, func(u *update) bool { return u.id < offset })
	} else if keep := int(-offset); keep < len(s.queue) {
		s.queue = s.queue[len(s.queue)-keep:]
	}
	if len(s.queue) != n {
		s.notifyLocked()
	}
}

// Updates returns how many updates the simulated people have made so far.
func (s *Server) Updates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.totalUpdates
}

// Pending returns how many updates are not yet confirmed by the bot.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// WaitConfirmed blocks until the bot has confirmed updateID (and so every
// update before it), ctx is done or the server closes.
func (s *Server) WaitConfirmed(ctx context.Context, updateID int64) error {
	return s.wait(ctx, func() bool { return len(s.queue) == 0 || s.queue[0].id > updateID })
}

// wait blocks until ready, called with s.mu held, reports true.
func (s *Server) wait(ctx context.Context, ready func() bool) error {
	return s.waitOn(ctx, func() (bool, <-chan struct{}) { return ready(), s.changed })
}

// waitOn blocks until check, called with s.mu held, reports ready. Until
// then it sleeps on the channel check returns, closed on each change that
// may make it ready, so each waiter names what is worth waking it.
func (s *Server) waitOn(ctx context.Context, check func() (ready bool, changed <-chan struct{})) error {
	for {
		s.mu.Lock()
		ok, changed := check()
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return errors.New("telegramtest: server closed")
		}
	}
}
