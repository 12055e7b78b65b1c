package bot

import (
	"context"
	"errors"
	"time"

	tg "github.com/go-telegram/bot"

	"lamsach/flows"
)

// deleteSpacing paces deletions, which Telegram also rate-limits, though
// it does not document how.
const deleteSpacing = 100 * time.Millisecond

// runDeleter deletes personal messages once their privacy window is over,
// and ends the outbox items that were not sent within it.
func (s *Sender) runDeleter(ctx context.Context) {
	for {
		s.expire(ctx)
		for s.deleteDue(ctx) {
		}
		if !sleep(ctx, s.c.clock, s.cfg.DeleteEvery) {
			return
		}
	}
}

// expire drops, and blanks, the items not sent within the privacy window.
func (s *Sender) expire(ctx context.Context) {
	n, err := s.ob.Expire(ctx, s.c.clock.Now().Add(-s.cfg.PrivacyWindow))
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("outbox expire failed", "err", err.Error())
	case n > 0:
		s.metrics.Expired.Add(int64(n))
		s.log.Warn("messages expired", "count", n, "reason", "not sent within the privacy window")
	}
}

// deleteDue deletes one batch of due messages and reports whether it was
// full, so more may be due.
func (s *Sender) deleteDue(ctx context.Context) bool {
	const batch = 100
	dels, err := s.ob.DueDeletions(ctx, s.c.clock.Now(), batch)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("outbox read failed", "op", "due deletions", "err", err.Error())
		}
		return false
	}
	progress := false
	for _, d := range dels {
		if ctx.Err() != nil {
			return false
		}
		if s.deleteOne(ctx, d) {
			progress = true
		}
		sleep(ctx, s.c.clock, deleteSpacing)
	}
	return progress && len(dels) == batch
}

// deleteOne deletes a message and reports whether it is done with.
func (s *Sender) deleteOne(ctx context.Context, d flows.Deletion) bool {
	key := pauseKey(d.ChatID, "deleteMessage")
	res, wait := s.lim.reserve(key, d.ChatID, false)
	if res == nil {
		if wait > s.cfg.MaxHold || !sleep(ctx, s.c.clock, wait) {
			return false // the chat is paused: next round
		}
		if res, _ = s.lim.reserve(key, d.ChatID, false); res == nil {
			return false
		}
	}
	callCtx, cancel := context.WithTimeout(ctx, s.cfg.SendTimeout)
	_, err := s.c.api.DeleteMessage(callCtx, &tg.DeleteMessageParams{ChatID: d.ChatID, MessageID: d.MessageID})
	cancel()
	var tooMany *tg.TooManyRequestsError
	var retryAfter time.Duration
	if errors.As(err, &tooMany) {
		retryAfter = time.Duration(max(1, tooMany.RetryAfter)) * time.Second
	}
	res.settle(key, err == nil, retryAfter)
	attrs := []any{s.c.chat(d.ChatID), "message", d.MessageID}
	switch {
	case err == nil:
	case errors.Is(err, tg.ErrorBadRequest), errors.Is(err, tg.ErrorForbidden), errors.Is(err, tg.ErrorNotFound),
		errors.Is(err, tg.ErrorUnauthorized), errors.Is(err, tg.ErrorConflict):
		// "message to delete not found" (the person deleted it), "message
		// can't be deleted" (past 48 hours), the bot is blocked, or another
		// 4xx: trying again would get the same answer.
		s.log.Info("message not deletable", append(attrs, "reason", describe(err))...)
	default:
		s.log.Warn("message delete failed", append(attrs, "err", describe(err))...)
		return false
	}
	if rerr := s.ob.Deleted(context.WithoutCancel(ctx), d.ChatID, d.MessageID); rerr != nil {
		s.log.Error("outbox record failed", append(attrs, "op", "deleted", "err", rerr.Error())...)
		return false
	}
	if err == nil {
		s.metrics.Deleted.Add(1)
		s.log.Info("message deleted", attrs...)
	} else {
		s.metrics.Gone.Add(1)
	}
	return true
}
