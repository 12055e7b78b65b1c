package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"lamsach/bot/telegramtest"
)

// The fault kinds, in the order the figures list them.
var chaosKinds = []string{"kill", "redis", "429", "5xx", "drop", "slow"}

// parseFaults reads --faults: a comma-separated list of kinds, or "all".
func parseFaults(s string) ([]string, error) {
	if strings.TrimSpace(s) == "all" {
		return chaosKinds, nil
	}
	var kinds []string
	for _, k := range strings.Split(s, ",") {
		k = strings.TrimSpace(k)
		if !slices.Contains(chaosKinds, k) {
			return nil, usagef("unknown fault %q in --faults (want some of %s, or all)", k, strings.Join(chaosKinds, ","))
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	return kinds, nil
}

// chaosSchedule orders the rounds' faults: about one round in five is a
// fault other than kill, each chosen kind at least once and in turn; the
// rest are kills. Without kill among the kinds every round is another
// fault; the order is shuffled with rng.
func chaosSchedule(rounds int, kinds []string, rng *rand.Rand) ([]string, error) {
	var others []string
	for _, k := range kinds {
		if k != "kill" {
			others = append(others, k)
		}
	}
	if rounds < len(others) {
		return nil, usagef("--rounds %d is fewer than the %d faults other than kill", rounds, len(others))
	}
	n := 0
	switch {
	case !slices.Contains(kinds, "kill"):
		n = rounds
	case len(others) > 0:
		n = max(len(others), rounds/5)
	}
	sched := make([]string, 0, rounds)
	for i := range n {
		sched = append(sched, others[i%len(others)])
	}
	for len(sched) < rounds {
		sched = append(sched, "kill")
	}
	rng.Shuffle(len(sched), func(i, j int) { sched[i], sched[j] = sched[j], sched[i] })
	return sched, nil
}

// faultHook answers the fake Telegram's calls with the fault of the
// moment: 429 to sends, 500/502 to everything, or a late answer.
type faultHook struct {
	mu         sync.Mutex
	kind       string // "", "429", "5xx" or "slow"
	retryAfter int
	rng        *rand.Rand
}

// sends are the calls a 429 storm refuses: what the sender does.
var sends = []string{"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument",
	"sendPhoto", "deleteMessage", "setMyCommands"}

func (f *faultHook) set(kind string, retryAfter int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.kind, f.retryAfter = kind, retryAfter
}

// hook is the telegramtest hook for every method.
func (f *faultHook) hook(ctx context.Context, c telegramtest.Call) *telegramtest.APIError {
	f.mu.Lock()
	kind, ra := f.kind, f.retryAfter
	bad := f.rng.IntN(2) == 0
	delay := time.Duration(500+f.rng.IntN(2000)) * time.Millisecond
	f.mu.Unlock()
	switch kind {
	case "429":
		if slices.Contains(sends, c.Method) {
			return &telegramtest.APIError{Code: http.StatusTooManyRequests,
				Description: fmt.Sprintf("Too Many Requests: retry after %d", ra), RetryAfter: ra}
		}
	case "5xx":
		if bad {
			// An nginx page, as Telegram's front end answers when the Bot
			// API server behind it is down.
			return &telegramtest.APIError{Code: http.StatusBadGateway, Description: "Bad Gateway"}
		}
		return &telegramtest.APIError{Code: http.StatusInternalServerError, Description: "Internal Server Error"}
	case "slow":
		select {
		case <-time.After(delay):
		case <-ctx.Done():
		}
	}
	return nil
}

// chaosEvent is one round's fault as it happened.
type chaosEvent struct {
	Kind    string
	At      time.Time     // when the fault began
	End     time.Time     // when it was lifted: the server restarting, Redis back, the storm over
	Restart time.Duration // kill only: from the kill until the new process answered /healthz
}

// inject does one round's fault and returns what happened.
func (c *chaos) inject(ctx context.Context, kind string) (chaosEvent, error) {
	ev := chaosEvent{Kind: kind, At: time.Now()}
	span := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(c.rng.Int64N(int64(hi-lo))) }
	var err error
	switch kind {
	case "kill":
		c.srv.kill()
		ev.End = time.Now()
		err = c.srv.start(ctx)
		ev.Restart = time.Since(ev.At)
		return ev, err
	case "redis":
		c.redis.kill()
		time.Sleep(span(time.Second, 4*time.Second))
		err = c.redis.start(ctx)
	case "drop":
		err = c.proxy.cut(span(time.Second, 3*time.Second))
	case "429", "5xx", "slow":
		c.hook.set(kind, 1+c.rng.IntN(3))
		time.Sleep(span(2*time.Second, 4*time.Second))
		c.hook.set("", 0)
	}
	ev.End = time.Now()
	return ev, err
}
