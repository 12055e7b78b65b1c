package main

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

// ownRedis is a redis-server of the test's own, on a free port and without
// persistence, so the test may kill it (it comes back empty) or flush it.
type ownRedis struct {
	t    *testing.T
	port string
	dir  string
	cmd  *exec.Cmd
}

func startOwnRedis(t *testing.T) *ownRedis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no redis-server: %v", err)
		}
		t.Skipf("no redis-server: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	r := &ownRedis{t: t, port: port, dir: t.TempDir()}
	r.start()
	t.Cleanup(r.kill)
	return r
}

func (r *ownRedis) url() string { return "redis://127.0.0.1:" + r.port + "/0" }

// start runs the server and returns once it accepts connections.
func (r *ownRedis) start() {
	r.t.Helper()
	cmd := exec.Command("redis-server", "--port", r.port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", r.dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	r.cmd = cmd
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				ready <- true
				for sc.Scan() { // keep the pipe drained
				}
				return
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			r.t.Fatal("redis-server exited before it was ready")
		}
	case <-time.After(10 * time.Second):
		r.t.Fatal("redis-server not ready after 10s")
	}
}

// kill stops the server with SIGKILL: without persistence, it comes back
// empty.
func (r *ownRedis) kill() {
	if r.cmd != nil {
		r.cmd.Process.Kill()
		r.cmd.Wait()
		r.cmd = nil
	}
}

func (r *ownRedis) flush() {
	r.t.Helper()
	opts, _ := redis.ParseURL(r.url())
	c := redis.NewClient(opts)
	defer c.Close()
	if err := c.FlushAll(context.Background()).Err(); err != nil {
		r.t.Fatal(err)
	}
}

// asksAgain returns a channel closed once the poller has asked twice for
// updates from update id on, after receiving it: it only does that while
// the update waits out a transient fault.
func asksAgain(tg *telegramtest.Server, id int64) <-chan struct{} {
	var once sync.Once
	ch := make(chan struct{})
	n := 0
	tg.Hook("getUpdates", func(ctx context.Context, c telegramtest.Call) *telegramtest.APIError {
		if off, _ := strconv.ParseInt(c.Params["offset"], 10, 64); off == id {
			if n++; n >= 3 { // the call that received it, then two more
				once.Do(func() { close(ch) })
			}
		}
		return nil
	})
	return ch
}

// TestE2ERedisStopsThenComesBackEmpty: Redis dies while a village member
// is editing a name. The value they type waits (it is not set aside)
// until Redis is back; Redis comes back empty, so they are told their edit
// was interrupted and how to go on, not answered as if idle. The same
// after a flush.
func TestE2ERedisStopsThenComesBackEmpty(t *testing.T) {
	red := startOwnRedis(t)
	r := newRigWith(t, "redis", func(c *serverConfig) {
		c.RedisURL = red.url()
		c.PollerConf.MaxRetryDelay = 100 * time.Millisecond
		c.PollerConf.CatchUp = 20 * time.Millisecond
	})
	rec := r.record("Thôn Đông", "Đỗ Văn Tám", "1970-03-04", "male", "")
	an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
	card := r.act(an, "Đỗ Văn Tám", func() { an.Command("next", "") })
	r.press(an, card, "✏️ Họ tên", "Gõ họ tên")

	red.kill()
	from := len(an.Messages())
	value := an.Send("Đỗ Văn Tâm")
	select {
	case <-asksAgain(r.tg, value):
	case <-time.After(15 * time.Second):
		t.Fatal("the update never waited on the fault")
	}
	if got := len(an.Messages()); got != from {
		t.Errorf("%d replies while Redis is down, want none yet", got-from)
	}
	red.start()
	lost := r.await(an, from, "gián đoạn")
	if !strings.Contains(lost.Text, "/next") {
		t.Errorf("the notice %q does not say how to go on", lost.Text)
	}
	for _, m := range an.Messages()[from:] {
		if strings.Contains(m.Text, "bỏ qua") {
			t.Errorf("the value was set aside: %q", m.Text)
		}
	}
	if got := r.srv.counts.SetAsideTransient.Load() + r.srv.counts.SetAsideError.Load(); got != 0 {
		t.Errorf("%d updates set aside, want none", got)
	}
	if got := r.get(rec.ID); got.Version != 1 || got.Fields.Name != "Đỗ Văn Tám" {
		t.Errorf("record = version %d name %q, want unchanged", got.Version, got.Fields.Name)
	}
	// Told once: the next message gets the ordinary answer.
	idle := r.act(an, "/next", func() { an.Send("xin chào") })
	if strings.Contains(idle.Text, "gián đoạn") {
		t.Errorf("told again: %q", idle.Text)
	}

	// A flush mid-edit.
	card = r.act(an, "Đỗ Văn Tám", func() { an.Command("next", "") })
	r.press(an, card, "✏️ Họ tên", "Gõ họ tên")
	red.flush()
	r.act(an, "gián đoạn", func() { an.Send("Đỗ Văn Tâm") })

	// A command after a flush: told of the cut, and the command is
	// carried out (the notice must not say it was not handled).
	r.press(an, r.act(an, "Đỗ Văn Tám", func() { an.Command("next", "") }), "✏️ Họ tên", "Gõ họ tên")
	red.flush()
	from = len(an.Messages())
	an.Command("next", "")
	notice := r.await(an, from, "gián đoạn")
	if strings.Contains(notice.Text, "chưa được xử lý") {
		t.Errorf("the notice says the command was not handled: %q", notice.Text)
	}
	r.await(an, from+1, "Đỗ Văn Tám")
	r.serving()
}
