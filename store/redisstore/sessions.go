package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// leaseScript takes the lease KEYS[1] for member ARGV[1] for ARGV[2]
// milliseconds, or renews it when that member holds it, and returns the
// holder. Redis runs a script with nothing in between, so the read and the
// write are one step: of many replicas asking at once, exactly one wins.
var leaseScript = redis.NewScript(`
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
	redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
	return ARGV[1]
end
return holder
`)

// releaseScript deletes the lease KEYS[1] only when member ARGV[1] holds it:
// a GET then DEL from Go could delete a lease that expired in between and
// was taken by someone else.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`)

// Get returns the conversation state of userID, or nil when there is none or
// it expired. An empty state that was Put comes back empty, not nil.
func (s *Sessions) Get(ctx context.Context, userID int64) ([]byte, error) {
	state, err := s.client.Get(ctx, s.key("session", userID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fail("get session", err)
	}
	if state == nil {
		state = []byte{}
	}
	return state, nil
}

// Put saves the conversation state of userID with a fresh idle expiry.
func (s *Sessions) Put(ctx context.Context, userID int64, state []byte) error {
	if err := s.client.Set(ctx, s.key("session", userID), state, millis(s.idle)).Err(); err != nil {
		return fail("put session", err)
	}
	return nil
}

// Drop forgets the conversation state of userID.
func (s *Sessions) Drop(ctx context.Context, userID int64) error {
	if err := s.client.Del(ctx, s.key("session", userID)).Err(); err != nil {
		return fail("drop session", err)
	}
	return nil
}

// Lease gives recordID to member for ttl, or renews it when member holds it,
// and returns the holder after the call.
func (s *Sessions) Lease(ctx context.Context, recordID, member int64, ttl time.Duration) (int64, error) {
	if ttl <= 0 {
		return 0, fmt.Errorf("lease: ttl %v is not positive", ttl)
	}
	got, err := leaseScript.Run(ctx, s.client, []string{s.key("lease", recordID)},
		strconv.FormatInt(member, 10), millis(ttl).Milliseconds()).Text()
	if err != nil {
		return 0, fail("lease", err)
	}
	holder, err := strconv.ParseInt(got, 10, 64)
	if err != nil {
		// Only this package writes lease keys; anything else under the
		// prefix is a misconfiguration worth failing loudly on.
		return 0, fmt.Errorf("lease: holder %q is not a member id", got)
	}
	return holder, nil
}

// Release ends member's lease on recordID; a lease held by someone else, or
// none at all, is left as it is.
func (s *Sessions) Release(ctx context.Context, recordID, member int64) error {
	err := releaseScript.Run(ctx, s.client, []string{s.key("lease", recordID)},
		strconv.FormatInt(member, 10)).Err()
	if err != nil {
		return fail("release lease", err)
	}
	return nil
}

// Seen reports whether updateID was marked handled and the mark has not
// expired.
func (s *Sessions) Seen(ctx context.Context, updateID int64) (bool, error) {
	n, err := s.client.Exists(ctx, s.key("seen", updateID)).Result()
	if err != nil {
		return false, fail("seen update", err)
	}
	return n == 1, nil
}

// MarkSeen records that updateID was handled, for ttl from now; marking it
// again restarts the ttl.
func (s *Sessions) MarkSeen(ctx context.Context, updateID int64, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("mark seen: ttl %v is not positive", ttl)
	}
	if err := s.client.Set(ctx, s.key("seen", updateID), "1", millis(ttl)).Err(); err != nil {
		return fail("mark seen", err)
	}
	return nil
}
