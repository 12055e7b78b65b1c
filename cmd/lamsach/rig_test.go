package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"lamsach/bot"
	"lamsach/bot/telegramtest"
	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

// rig runs the whole bot (store, sessions, engine, poller, sender) against
// the in-process fake Bot API, as serve does against Telegram.
type rig struct {
	t        *testing.T
	tg       *telegramtest.Server
	cfg      serverConfig
	logs     *syncBuffer
	srv      *server
	cancel   context.CancelFunc
	done     chan error
	commune  flows.Commune
	villages map[string]flows.Village
}

// syncBuffer is a log sink several goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sessionKinds are the session stores every end-to-end test runs on.
var sessionKinds = []string{"sqlite", "redis"}

// redisURL returns the Redis to test against. Without one the test skips,
// except in CI, where a missing service is a failure.
func redisURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	opts, err := redis.ParseURL(url)
	if err == nil {
		c := redis.NewClient(opts)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = c.Ping(ctx).Err()
		cancel()
		c.Close()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis unreachable in CI: %v", err)
		}
		t.Skipf("redis unreachable: %v", err)
	}
	return url
}

// newRig starts a bot on a fresh database with one commune, villages
// Thôn Đông and Thôn Tây, and the given session store.
func newRig(t *testing.T, kind string, opts ...telegramtest.Option) *rig {
	t.Helper()
	return newRigWith(t, kind, nil, opts...)
}

// newRigWith is newRig with a change to the server's configuration.
func newRigWith(t *testing.T, kind string, change func(*serverConfig), opts ...telegramtest.Option) *rig {
	t.Helper()
	tg := telegramtest.New(opts...)
	t.Cleanup(tg.Close)
	r := &rig{t: t, tg: tg, logs: &syncBuffer{}, villages: map[string]flows.Village{}}
	r.cfg = serverConfig{
		DBPath: filepath.Join(t.TempDir(), "lamsach.db"),
		Token:  tg.Token(), APIURL: tg.URL(),
		Logger:     slog.New(slog.NewJSONHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		PollerConf: bot.PollerConfig{Timeout: time.Second, RetryDelay: 10 * time.Millisecond},
		// Tests send bursts to one chat; the limits themselves are the
		// sender's own tests' business (and the 429 test's).
		SenderConf: bot.SenderConfig{PollEvery: 50 * time.Millisecond,
			Limits: bot.Limits{PrivateBurst: 1000, PrivateRate: 1000, Global: 10000}},
		TickEvery: time.Hour,
	}
	if kind == "redis" {
		r.cfg.RedisURL = redisURL(t)
		b := make([]byte, 6)
		rand.Read(b)
		r.cfg.RedisPrefix = "lamsach-test:" + hex.EncodeToString(b) + ":"
		cleanRedis(t, r.cfg.RedisURL, r.cfg.RedisPrefix)
	}
	if change != nil {
		change(&r.cfg)
	}
	r.start()
	r.db(func(ctx context.Context, tx *store.Tx) error {
		var err error
		if r.commune, err = tx.CreateCommune(ctx, flows.Operator, "Xã Tân Phú"); err != nil {
			return err
		}
		for _, name := range []string{"Thôn Đông", "Thôn Tây"} {
			v, err := tx.CreateVillage(ctx, flows.Operator, r.commune.ID, name)
			if err != nil {
				return err
			}
			r.villages[name] = v
		}
		return nil
	})
	return r
}

// start runs a server process on the rig's database.
func (r *rig) start() {
	r.t.Helper()
	srv, err := newServer(context.Background(), r.cfg)
	if err != nil {
		r.t.Fatalf("newServer: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.srv, r.cancel, r.done = srv, cancel, make(chan error, 1)
	go func() { r.done <- srv.run(ctx) }()
	r.t.Cleanup(r.stop)
}

// stop stops the server process and waits for it to finish.
func (r *rig) stop() {
	if r.srv == nil {
		return
	}
	r.cancel()
	if err := <-r.done; err != nil {
		r.t.Errorf("server run: %v", err)
	}
	r.srv.Close()
	r.srv = nil
}

// db runs fn in a write transaction of the running server's database.
func (r *rig) db(fn func(ctx context.Context, tx *store.Tx) error) {
	r.t.Helper()
	ctx := context.Background()
	if err := r.srv.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		r.t.Fatal(err)
	}
}

// record adds an assigned record to a village.
func (r *rig) record(village, name, dob, gender, id string) flows.Record {
	r.t.Helper()
	d, _ := vn.ParseStoredDate(dob)
	f := flows.Fields{Name: vn.ParseName(name).Name, DOB: d, Gender: vn.Gender(gender), ID: vn.ParseID(id, vn.CellText).ID}
	problem, warns := vn.Check(vn.Person{Name: f.Name, DOB: f.DOB, Gender: f.Gender, ID: f.ID, IDRaw: id})
	rec := flows.Record{CommuneID: r.commune.ID, VillageID: r.villages[village].ID, Fields: f, Orig: f,
		IDRaw: id, Problem: problem, Warnings: warns}
	r.db(func(ctx context.Context, tx *store.Tx) error {
		var err error
		rec, err = tx.CreateRecord(ctx, flows.Operator, rec)
		return err
	})
	return rec
}

// get reads a record as the operator.
func (r *rig) get(id int64) flows.Record {
	r.t.Helper()
	var rec flows.Record
	r.db(func(ctx context.Context, tx *store.Tx) error {
		var err error
		rec, err = tx.Record(ctx, flows.Operator, id)
		return err
	})
	return rec
}

// inviteCode makes an invite for role (and villages) as the operator.
func (r *rig) inviteCode(role flows.Role, villages ...string) string {
	r.t.Helper()
	var ids []int64
	for _, v := range villages {
		ids = append(ids, r.villages[v].ID)
	}
	var code string
	r.db(func(ctx context.Context, tx *store.Tx) error {
		var err error
		code, _, err = tx.CreateInvite(ctx, flows.Operator, r.commune.ID, role, ids, 72*time.Hour)
		return err
	})
	return code
}

// join makes a simulated person and has them join through an invite link.
func (r *rig) join(id int64, name string, role flows.Role, villages ...string) *telegramtest.Person {
	r.t.Helper()
	code := r.inviteCode(role, villages...)
	p := r.tg.User(id, name, "vi")
	from := len(p.Messages())
	p.Command("start", code)
	r.await(p, from, "Chào")
	return p
}

// await waits until a message from index from on contains want, and
// returns it.
func (r *rig) await(p *telegramtest.Person, from int, want string) telegramtest.Message {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for n := from + 1; ; n++ {
		msgs, err := p.WaitMessages(ctx, n)
		if err != nil {
			var got []string
			for _, m := range p.Messages()[from:] {
				got = append(got, m.Text)
			}
			r.t.Fatalf("person %d: no message with %q; got since then:\n%s", p.ID(), want, strings.Join(got, "\n---\n"))
		}
		if strings.Contains(msgs[n-1].Text, want) {
			return msgs[n-1]
		}
	}
}

// act does something as p and waits for the reply containing want.
func (r *rig) act(p *telegramtest.Person, want string, do func()) telegramtest.Message {
	r.t.Helper()
	from := len(p.Messages())
	do()
	return r.await(p, from, want)
}

// press presses a button and waits for the reply containing want.
func (r *rig) press(p *telegramtest.Person, m telegramtest.Message, label, want string) telegramtest.Message {
	r.t.Helper()
	return r.act(p, want, func() {
		if _, err := p.Press(m, label); err != nil {
			r.t.Fatalf("press %q: %v", label, err)
		}
	})
}

// cleanRedis deletes a test's keys when it ends.
func cleanRedis(t *testing.T, url, prefix string) {
	t.Cleanup(func() {
		opts, err := redis.ParseURL(url)
		if err != nil {
			return
		}
		c := redis.NewClient(opts)
		defer c.Close()
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
}
