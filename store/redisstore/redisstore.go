// Package redisstore keeps flows.Sessions in Redis, so that several webhook
// replicas share conversation state, record leases and the handled-update
// filter. Expiry is Redis's own (PX on every key): one clock, the server's,
// decides for every replica, and nothing stale outlives its ttl.
//
// Keys, each under the prefix given to New or Open:
//
//	session:<telegram user id>  the conversation state, PX idle
//	lease:<record id>           the member holding the record, PX ttl
//	seen:<update id>            "1", PX ttl
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"lamsach/flows"
)

// Sessions is the Redis flows.Sessions. It is safe for concurrent use, and
// any number of Sessions on the same server and prefix act as one.
type Sessions struct {
	client *redis.Client
	prefix string
	idle   time.Duration
}

var _ flows.Sessions = (*Sessions)(nil)

// New returns the Sessions kept through client under prefix (for example
// "lamsach:"), in which a conversation expires when it has not been Put for
// idle. idle must be positive. Close closes client.
func New(client *redis.Client, prefix string, idle time.Duration) *Sessions {
	if idle <= 0 {
		panic(fmt.Sprintf("redisstore: idle %v is not positive", idle))
	}
	return &Sessions{client: client, prefix: prefix, idle: idle}
}

// Open connects to the Redis server at rawURL (the REDIS_URL form,
// redis://[user:password@]host:port/db or rediss:// for TLS), checks it
// answers a PING, and returns the Sessions kept there under prefix. Its
// errors name the server with the password replaced by "xxxxx", so they can
// be logged.
func Open(ctx context.Context, rawURL, prefix string, idle time.Duration) (*Sessions, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse quotes the whole URL, password included, in its error,
		// and even its inner error can quote a piece of the password.
		return nil, errors.New("open redis: REDIS_URL is not a valid URL (details withheld: it may hold a password); " +
			"want redis://[user:password@]host:port/db")
	}
	password, _ := u.User.Password()
	where := u.Redacted()
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("open redis %s: %w", where, hide(err, password))
	}
	client := redis.NewClient(opts)
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("open redis %s: ping: %w", where, hide(err, password))
	}
	return New(client, prefix, idle), nil
}

// Close closes the Redis client.
func (s *Sessions) Close() error {
	if err := s.client.Close(); err != nil {
		return fmt.Errorf("close redis: %w", err)
	}
	return nil
}

// hiddenError is an error whose text has the password cut out. Neither
// go-redis nor the server is known to echo a password today; this keeps it
// so if one starts to, because the text ends up in logs.
type hiddenError struct {
	msg string
	err error
}

func (e *hiddenError) Error() string { return e.msg }

// Unwrap keeps errors.Is working (context.DeadlineExceeded, net errors).
func (e *hiddenError) Unwrap() error { return e.err }

func hide(err error, password string) error {
	if password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return &hiddenError{msg: strings.ReplaceAll(err.Error(), password, "xxxxx"), err: err}
}

func (s *Sessions) key(kind string, id int64) string {
	return s.prefix + kind + ":" + strconv.FormatInt(id, 10)
}

// millis is d in whole milliseconds, rounded up, as PX takes it: rounding
// down would turn a sub-millisecond ttl into PX 0, which Redis refuses.
func millis(d time.Duration) time.Duration {
	return (d + time.Millisecond - 1) / time.Millisecond * time.Millisecond
}

// Ping checks that Redis answers, for the health endpoint.
func (s *Sessions) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fail("ping redis", err)
	}
	return nil
}
