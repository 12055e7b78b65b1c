package bot

import (
	"context"
	"time"

	"lamsach/flows"
)

// seedLimits starts the limits where the last process left them. A
// Sender that starts with full buckets right after a crash sends each
// chat a burst Telegram has already seen part of, and is answered 429
// (the chaos harness counted about seven such sends per kill). The sends
// the outbox recorded in the last few seconds are counted again, as if
// this Sender had made them; failing to read them only costs those 429s.
func (s *Sender) seedLimits(ctx context.Context) {
	cfg := s.lim.cfg
	span := max(cfg.Window, time.Duration(cfg.PrivateBurst/cfg.PrivateRate*float64(time.Second)))
	sends, err := s.ob.RecentSends(ctx, s.c.clock.Now().Add(-span))
	if err != nil {
		s.log.Warn("recent sends unread", "err", err)
		return
	}
	s.lim.seed(sends)
}

// seed counts earlier sends, oldest first, against the limits.
func (l *limiter) seed(sends []flows.SentAt) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, sent := range sends {
		l.global.inflight++
		l.global.done(sent.At)
		if sent.ChatID < 0 {
			w := l.group(sent.ChatID)
			w.inflight++
			w.done(sent.At)
			continue
		}
		b := l.bucket(sent.ChatID)
		b.inflight++
		b.done(sent.At, l.cfg)
	}
}
