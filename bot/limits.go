package bot

import (
	"strconv"
	"sync"
	"time"
)

// Limits are the sending limits the Sender keeps. Telegram documents them
// only roughly; DefaultLimits are its numbers, modelled the way
// telegramtest enforces them.
type Limits struct {
	Global       int           // sends in any Window, all chats together
	Window       time.Duration // of Global
	PrivateBurst float64       // sends a private chat accepts at once…
	PrivateRate  float64       // …refilled at this many per second
	Group        int           // sends to one group (negative chat id) in any GroupWindow
	GroupWindow  time.Duration
}

// DefaultLimits: 30 per second overall, 1 per second per private chat with
// a burst of 3, 20 per minute per group.
var DefaultLimits = Limits{Global: 30, Window: time.Second, PrivateBurst: 3, PrivateRate: 1, Group: 20, GroupWindow: time.Minute}

// withDefaults fills each zero field from DefaultLimits, one by one: a
// caller who raises Global alone keeps its higher Global.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.Global <= 0 {
		l.Global = d.Global
	}
	if l.Window <= 0 {
		l.Window = d.Window
	}
	if l.PrivateBurst < 1 {
		l.PrivateBurst = d.PrivateBurst
	}
	if l.PrivateRate <= 0 {
		l.PrivateRate = d.PrivateRate
	}
	if l.Group <= 0 {
		l.Group = d.Group
	}
	if l.GroupWindow <= 0 {
		l.GroupWindow = d.GroupWindow
	}
	return l
}

// limiter keeps the limits and the pauses Telegram imposes with 429
// answers. A send reserves its place before the request and settles it
// when the answer arrives, stamped with the answer's time: Telegram saw
// the request somewhere between the two, so counting from the later time
// can only be stricter than Telegram, whatever the network's delays.
type limiter struct {
	mu       sync.Mutex
	cfg      Limits
	clock    Clock
	global   window
	private  map[int64]*bucket
	groups   map[int64]*window
	pauses   map[string]time.Time // retry_after windows by pauseKey
	pauseAll time.Time            // after 429s across several chats
	streak   map[string]bool      // keys of the 429s since the last success
	streakN  int
}

// window allows n sends in any span: completed sends by time, plus those
// still in flight, which count until they complete.
type window struct {
	n        int
	span     time.Duration
	times    []time.Time
	inflight int
}

// bucket is a private chat's token bucket.
type bucket struct {
	tokens   float64
	last     time.Time
	inflight int
}

func newLimiter(cfg Limits, clock Clock) *limiter {
	return &limiter{cfg: cfg, clock: clock, global: window{n: cfg.Global, span: cfg.Window},
		private: map[int64]*bucket{}, groups: map[int64]*window{}, pauses: map[string]time.Time{}, streak: map[string]bool{}}
}

// pauseKey names what a 429 pauses: the chat of a call addressed to a
// chat, else the method.
func pauseKey(chatID int64, method string) string {
	if chatID != 0 {
		return "chat:" + strconv.FormatInt(chatID, 10)
	}
	return "method:" + method
}

// reservation is a send allowed to go; settle it when the answer arrives.
type reservation struct {
	l      *limiter
	chatID int64
	counts bool
}

// reserve lets a call go now, or says how long to wait. counts marks calls
// that count against the message limits (sends and edits); every call
// respects the pauses.
func (l *limiter) reserve(key string, chatID int64, counts bool) (*reservation, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	var wait time.Duration
	if until := l.pauses[key]; until.After(now) {
		wait = until.Sub(now)
	} else {
		delete(l.pauses, key)
	}
	if l.pauseAll.After(now) {
		wait = max(wait, l.pauseAll.Sub(now))
	}
	if !counts {
		if wait > 0 {
			return nil, wait
		}
		return &reservation{l: l, chatID: chatID}, 0
	}
	wait = max(wait, l.global.wait(now))
	if chatID < 0 {
		wait = max(wait, l.group(chatID).wait(now))
	} else {
		wait = max(wait, l.bucket(chatID).wait(now, l.cfg))
	}
	if wait > 0 {
		return nil, wait
	}
	l.global.inflight++
	if chatID < 0 {
		l.group(chatID).inflight++
	} else {
		l.bucket(chatID).inflight++
	}
	return &reservation{l: l, chatID: chatID, counts: true}, 0
}

// settle records the call's answer time: ok reports a success (which ends
// a streak of 429s); retryAfter > 0 reports a 429 pausing key.
func (r *reservation) settle(key string, ok bool, retryAfter time.Duration) {
	l := r.l
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if r.counts {
		l.global.done(now)
		if r.chatID < 0 {
			l.group(r.chatID).done(now)
		} else {
			l.bucket(r.chatID).done(now, l.cfg)
		}
	}
	switch {
	case retryAfter > 0:
		until := now.Add(retryAfter)
		if until.After(l.pauses[key]) {
			l.pauses[key] = until
		}
		// One chat's 429 pauses that chat; 429s in a row from several
		// chats mean the bot as a whole is over the limit.
		l.streak[key] = true
		if l.streakN++; l.streakN >= 3 && len(l.streak) >= 2 && until.After(l.pauseAll) {
			l.pauseAll = until
		}
	case ok:
		l.streakN = 0
		clear(l.streak)
	}
	l.prune(now)
}

func (l *limiter) group(id int64) *window {
	w := l.groups[id]
	if w == nil {
		w = &window{n: l.cfg.Group, span: l.cfg.GroupWindow}
		l.groups[id] = w
	}
	return w
}

func (l *limiter) bucket(id int64) *bucket {
	b := l.private[id]
	if b == nil {
		b = &bucket{tokens: l.cfg.PrivateBurst}
		l.private[id] = b
	}
	return b
}

// prune forgets chats whose limits have fully recovered, so memory follows
// the chats active in the last minute, not every chat ever served.
func (l *limiter) prune(now time.Time) {
	if len(l.private)+len(l.groups) < 1024 {
		return
	}
	for id, b := range l.private {
		if b.inflight == 0 && b.level(now, l.cfg) >= l.cfg.PrivateBurst {
			delete(l.private, id)
		}
	}
	for id, w := range l.groups {
		if w.inflight == 0 && w.wait(now) == 0 && len(w.times) == 0 {
			delete(l.groups, id)
		}
	}
}

// wait returns how long until one more send fits, 0 when it fits now.
func (w *window) wait(now time.Time) time.Duration {
	i := 0
	for i < len(w.times) && !w.times[i].After(now.Add(-w.span)) {
		i++
	}
	w.times = w.times[i:]
	count := len(w.times) + w.inflight
	if count < w.n {
		return 0
	}
	if w.inflight >= w.n {
		return w.span / time.Duration(w.n) // an answer will free a place
	}
	// The oldest count-n+1 completed sends must leave the window.
	return max(time.Nanosecond, w.times[count-w.n].Add(w.span).Sub(now))
}

func (w *window) done(now time.Time) {
	w.inflight--
	w.times = append(w.times, now)
}

func (b *bucket) level(now time.Time, cfg Limits) float64 {
	if b.last.IsZero() {
		return b.tokens
	}
	return min(cfg.PrivateBurst, b.tokens+now.Sub(b.last).Seconds()*cfg.PrivateRate)
}

func (b *bucket) wait(now time.Time, cfg Limits) time.Duration {
	free := b.level(now, cfg) - float64(b.inflight)
	if free >= 1 {
		return 0
	}
	return max(time.Nanosecond, time.Duration((1-free)/cfg.PrivateRate*float64(time.Second)))
}

func (b *bucket) done(now time.Time, cfg Limits) {
	b.tokens = max(0, b.level(now, cfg)-1)
	b.last = now
	b.inflight--
}
