package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sessiontest"
)

// These tests need a real Redis: REDIS_URL, or 127.0.0.1:6379. Without one
// they skip, except under CI=true, where a missing service must fail the run
// rather than let the Redis code go untested.

func testURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// newPrefix returns a prefix no other test run uses, so runs can share a
// server and each cleans up only its own keys.
func newPrefix() string {
	// rand.Text is base32: no glob characters, which keysUnder relies on.
	return "lamsach-test:" + rand.Text() + ":"
}

// connect opens a Sessions under prefix and deletes the prefix's keys when
// the test ends.
func connect(t *testing.T, prefix string, idle time.Duration) *Sessions {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	s, err := Open(ctx, testURL(), prefix, idle)
	if err != nil {
		// Open's error already hides the password.
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no Redis to test against: %v", err)
		}
		t.Skipf("no Redis (set REDIS_URL): %v", err)
	}
	t.Cleanup(func() {
		// t.Context is done by the time cleanups run.
		ctx := context.Background()
		if keys := keysUnder(t, ctx, s, prefix); len(keys) > 0 {
			if err := s.client.Del(ctx, keys...).Err(); err != nil {
				t.Errorf("deleting test keys: %v", err)
			}
		}
		s.Close()
	})
	return s
}

// keysUnder lists the keys whose names begin with prefix. The prefixes the
// tests make hold no glob characters.
func keysUnder(t *testing.T, ctx context.Context, s *Sessions, prefix string) []string {
	t.Helper()
	var keys []string
	iter := s.client.Scan(ctx, 0, prefix+"*", 100).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatalf("scan %s*: %v", prefix, err)
	}
	return keys
}

// TestContract runs the shared contract against a real Redis. Expiry is the
// server's, so the suite runs on the wall clock with a 25ms tick: the
// longest case waits about 0.4s, and the cases run in parallel.
func TestContract(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T, c sessiontest.Clock) flows.Sessions {
		return connect(t, newPrefix(), sessiontest.Idle(c))
	}, sessiontest.RealTime(100*time.Millisecond))
}

// TestReplicasShare checks that two Sessions on one server and prefix, as two
// webhook replicas have, see one state, one set of leases and one filter.
func TestReplicasShare(t *testing.T) {
	ctx := t.Context()
	prefix := newPrefix()
	a := connect(t, prefix, time.Minute)
	b := connect(t, prefix, time.Minute)

	if err := a.Put(ctx, 1, []byte("step 2")); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Get(ctx, 1); err != nil || string(got) != "step 2" {
		t.Fatalf("replica b Get = %q, %v; want %q", got, err, "step 2")
	}
	if err := b.Drop(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Get(ctx, 1); err != nil || got != nil {
		t.Fatalf("replica a Get after b dropped = %q, %v; want nil", got, err)
	}

	if h, err := a.Lease(ctx, 9, 11, time.Minute); err != nil || h != 11 {
		t.Fatalf("replica a Lease = %d, %v; want 11", h, err)
	}
	if h, err := b.Lease(ctx, 9, 22, time.Minute); err != nil || h != 11 {
		t.Fatalf("replica b Lease = %d, %v; want holder 11", h, err)
	}
	if err := b.Release(ctx, 9, 11); err != nil {
		t.Fatal(err)
	}
	if h, err := a.Lease(ctx, 9, 22, time.Minute); err != nil || h != 22 {
		t.Fatalf("replica a Lease after b released 11's lease = %d, %v; want 22", h, err)
	}

	if err := a.MarkSeen(ctx, 777, time.Minute); err != nil {
		t.Fatal(err)
	}
	if seen, err := b.Seen(ctx, 777); err != nil || !seen {
		t.Fatalf("replica b Seen(777) = %v, %v; want true", seen, err)
	}
}

// TestKeysNamespacedWithTTL checks that every key lives under the prefix and
// carries a server-side expiry, so nothing the bot writes stays forever.
func TestKeysNamespacedWithTTL(t *testing.T) {
	ctx := t.Context()
	prefix := newPrefix()
	s := connect(t, prefix, time.Minute)
	if err := s.Put(ctx, 1, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lease(ctx, 2, 3, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSeen(ctx, 4, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Duration{
		prefix + "session:1": time.Minute,
		prefix + "lease:2":   30 * time.Second,
		prefix + "seen:4":    10 * time.Second,
	}
	keys := keysUnder(t, ctx, s, prefix)
	if len(keys) != len(want) {
		t.Fatalf("keys under prefix = %q, want the %d of %v", keys, len(want), want)
	}
	for key, max := range want {
		ttl, err := s.client.PTTL(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		if ttl <= 0 || ttl > max {
			t.Errorf("PTTL %s = %v, want in (0, %v]", key, ttl, max)
		}
	}
}

// TestOpenErrorsHidePassword checks that no error of Open, which ends up in
// logs, quotes the password.
func TestOpenErrorsHidePassword(t *testing.T) {
	const pw = "s3cret-Pa55"
	wrongAuth, _ := url.Parse(testURL())
	wrongAuth.User = url.UserPassword("lamsach-nobody", pw)
	for _, tc := range []struct {
		name, url, mention string
	}{
		{"unparsable", "redis://user:" + pw + "%zz@127.0.0.1:6379/0", "REDIS_URL"},
		{"bad port", "redis://user:" + pw + "@127.0.0.1:port/0", "REDIS_URL"},
		{"bad scheme", "http://user:" + pw + "@127.0.0.1:6379/0", "http://user:xxxxx@127.0.0.1:6379"},
		{"unreachable", "redis://user:" + pw + "@127.0.0.1:1/0", "redis://user:xxxxx@127.0.0.1:1/0"},
		{"wrong password", wrongAuth.String(), "lamsach-nobody:xxxxx@"},
	} {
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		s, err := Open(ctx, tc.url, newPrefix(), time.Minute)
		cancel()
		if err == nil {
			s.Close()
			t.Errorf("%s: Open succeeded, want an error", tc.name)
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("%s: error quotes the password: %v", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("%s: error %q does not mention %q", tc.name, err, tc.mention)
		}
	}
}

func TestHideReplacesPassword(t *testing.T) {
	err := hide(context.DeadlineExceeded, "deadline")
	if strings.Contains(err.Error(), "deadline") {
		t.Errorf("hide left the password in %q", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hide(%v) no longer unwraps to it", context.DeadlineExceeded)
	}
}
