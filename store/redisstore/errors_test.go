package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"lamsach/flows"
)

// TestUnreachableRedisIsTransient: every call to a Redis that does not
// answer fails with a transient error, so the update waits instead of
// being set aside.
func TestUnreachableRedisIsTransient(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	s := New(client, newPrefix(), time.Minute)
	defer s.Close()
	ctx := context.Background()
	_, getErr := s.Get(ctx, 1)
	_, leaseErr := s.Lease(ctx, 1, 2, time.Minute)
	_, seenErr := s.Seen(ctx, 1)
	for name, err := range map[string]error{"Get": getErr, "Put": s.Put(ctx, 1, []byte("x")), "Drop": s.Drop(ctx, 1),
		"Lease": leaseErr, "Release": s.Release(ctx, 1, 2), "Seen": seenErr, "MarkSeen": s.MarkSeen(ctx, 1, time.Minute), "Ping": s.Ping(ctx)} {
		if !flows.IsTransient(err) {
			t.Errorf("%s on an unreachable Redis = %v, want a transient error", name, err)
		}
	}
}

// TestRedisRefusalIsNotTransient: an answer of Redis that would come again
// (a key of the wrong type) is not transient.
func TestRedisRefusalIsNotTransient(t *testing.T) {
	prefix := newPrefix()
	s := connect(t, prefix, time.Minute)
	ctx := context.Background()
	if err := s.client.LPush(ctx, prefix+"session:5", "x").Err(); err != nil {
		t.Fatal(err)
	}
	_, err := s.Get(ctx, 5)
	if err == nil || flows.IsTransient(err) {
		t.Errorf("Get of a list key = %v, want a WRONGTYPE error that is not transient", err)
	}
}
