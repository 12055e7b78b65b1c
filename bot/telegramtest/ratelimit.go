package telegramtest

import (
	"math"
	"strconv"
	"time"
)

// Rules a Violation names.
const (
	RuleGlobal      = "more than 30 messages per second overall"
	RulePrivateChat = "more than 1 message per second to a private chat (burst of 3)"
	RuleGroup       = "more than 20 messages per minute to a group"
	RuleRetryAfter  = "call before retry_after elapsed"
)

const (
	globalPerSecond = 30
	privateBurst    = 3.0 // messages a private chat accepts at once
	privatePerSec   = 1.0 // refill rate of a private chat's bucket
	groupPerMinute  = 20
)

// Violation is a call that broke one of Telegram's limits or came before an
// earlier retry_after elapsed.
type Violation struct {
	At         time.Time
	Method     string
	ChatID     int64
	Rule       string // one of the Rule constants
	RetryAfter int    // seconds the caller should have waited
}

// limiter tracks accepted sends against Telegram's limits.
type limiter struct {
	global  []time.Time // sends in the last second
	buckets map[int64]*bucket
	groups  map[int64][]time.Time // sends per group in the last minute
}

// bucket is a private chat's token bucket.
type bucket struct {
	tokens float64
	last   time.Time
}

// overLimit is the first limit a send would break.
type overLimit struct {
	rule       string
	retryAfter int
	window     string // retry_after window the 429 opens
}

func newLimiter() limiter {
	return limiter{buckets: map[int64]*bucket{}, groups: map[int64][]time.Time{}}
}

// check reports the limit a send to chatID at now would break, if any.
func (l *limiter) check(chatID int64, now time.Time) *overLimit {
	l.global = since(l.global, now.Add(-time.Second))
	if len(l.global) >= globalPerSecond {
		return &overLimit{RuleGlobal, seconds(l.global[0].Add(time.Second).Sub(now)), "global"}
	}
	key := "chat:" + strconv.FormatInt(chatID, 10)
	if chatID < 0 {
		times := since(l.groups[chatID], now.Add(-time.Minute))
		l.groups[chatID] = times
		if len(times) >= groupPerMinute {
			return &overLimit{RuleGroup, seconds(times[0].Add(time.Minute).Sub(now)), key}
		}
		return nil
	}
	if t := l.tokens(chatID, now); t < 1 {
		wait := time.Duration((1 - t) / privatePerSec * float64(time.Second))
		return &overLimit{RulePrivateChat, seconds(wait), key}
	}
	return nil
}

// consume counts an accepted send.
func (l *limiter) consume(chatID int64, now time.Time) {
	l.global = append(l.global, now)
	if chatID < 0 {
		l.groups[chatID] = append(l.groups[chatID], now)
		return
	}
	l.buckets[chatID] = &bucket{tokens: math.Max(0, l.tokens(chatID, now)-1), last: now}
}

func (l *limiter) tokens(chatID int64, now time.Time) float64 {
	b, ok := l.buckets[chatID]
	if !ok {
		return privateBurst
	}
	return math.Min(privateBurst, b.tokens+now.Sub(b.last).Seconds()*privatePerSec)
}

// since drops the times not after from.
func since(times []time.Time, from time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(from) {
		i++
	}
	return times[i:]
}

// seconds rounds a wait up to whole seconds, at least 1, as retry_after is.
func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// windowLocked returns how many seconds remain of a retry_after window that
// applies to the request, or 0.
func (s *Server) windowLocked(r *request, m method) int {
	until := s.windows[r.windowKey]
	if g := s.windows["global"]; m.send && g.After(until) {
		until = g
	}
	if !until.After(r.at) {
		return 0
	}
	return seconds(until.Sub(r.at))
}

func (s *Server) violateLocked(r *request, rule string, retryAfter int) {
	s.violations = append(s.violations, Violation{At: r.at, Method: r.method, ChatID: r.chatID, Rule: rule, RetryAfter: retryAfter})
	s.notifyLocked()
}

// Violations returns every limit broken so far, in order.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}
