package bot

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"lamsach/bot/telegramtest"
)

func TestSenderRetriesServerErrorsThenGivesUp(t *testing.T) {
	e := newEnv(t, envOpts{})
	an, binh := e.srv.User(101, "An", "vi"), e.srv.User(102, "Bình", "vi")
	e.srv.FailNext("sendMessage", 1, 502, 0)
	e.srv.FailNext("sendMessage", 1, 500, 0)
	ob := &fakeOutbox{}
	ob.add(send(an.ChatID(), "một"))
	startSender(t, e, ob, SenderConfig{MaxAttempts: 3})
	ob.waitSettled(t)
	if it := ob.snapshot(1); it.state != "sent" || it.Attempts != 2 {
		t.Errorf("item = %s after %d retries, want sent after 2", it.state, it.Attempts)
	}
	if got := rawTexts(an.Messages()); !slices.Equal(got, []string{"một"}) {
		t.Errorf("messages %q, want one", got)
	}
	e.srv.FailNext("sendMessage", 5, 500, 0)
	ob.add(send(binh.ChatID(), "hai"))
	ob.waitSettled(t)
	if it := ob.snapshot(2); it.state != "dropped" || !strings.Contains(it.reasons[2], "gave up after 3 attempts") {
		t.Errorf("item = %s %v, want dropped after 3 attempts", it.state, it.reasons)
	}
}

func TestSenderUncertainFailureIsNeverResent(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	var calls atomic.Int32
	// The first send reaches Telegram, which delivers it, but the answer
	// never comes back in time.
	e.srv.Hook("sendMessage", func(ctx context.Context, c telegramtest.Call) *telegramtest.APIError {
		if calls.Add(1) == 1 {
			<-ctx.Done()
		}
		return nil
	})
	ob := &fakeOutbox{}
	ob.add(send(an.ChatID(), "một"), send(an.ChatID(), "hai"))
	startSender(t, e, ob, SenderConfig{SendTimeout: 300 * time.Millisecond})
	ob.waitSettled(t)
	if it := ob.snapshot(1); it.state != "dropped" || !strings.HasPrefix(it.reasons[0], "uncertain") {
		t.Errorf("item 1 = %s %v, want dropped as uncertain", it.state, it.reasons)
	}
	msgs, err := an.WaitMessages(testCtx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := rawTexts(msgs); len(got) != 2 || !slices.Contains(got, "một") || !slices.Contains(got, "hai") {
		t.Errorf("messages %q, want một once and hai", got)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d sendMessage calls, want 2", n)
	}
}

func TestSenderRecordsAgainWithoutResending(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{failSent: 2}
	ob.add(send(an.ChatID(), "một"), send(an.ChatID(), "hai"))
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	if got := rawTexts(an.Messages()); !slices.Equal(got, []string{"một", "hai"}) {
		t.Errorf("messages %q, want each once, in order", got)
	}
	if n := countCalls(e.srv, "sendMessage"); n != 2 {
		t.Errorf("%d sendMessage calls, want 2", n)
	}
}

func TestSenderRetriesWhenConnectionRefused(t *testing.T) {
	var refuse atomic.Int32
	var d net.Dialer
	hc := &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true, // every call dials
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if refuse.Add(-1) >= 0 {
				return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
			}
			return d.DialContext(ctx, network, addr)
		},
	}}
	e := newEnv(t, envOpts{httpClient: hc})
	an := e.srv.User(101, "An", "vi")
	refuse.Store(2)
	ob := &fakeOutbox{}
	ob.add(send(an.ChatID(), "một"))
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	it := ob.snapshot(1)
	if it.state != "sent" || it.Attempts != 2 || !strings.Contains(it.reasons[0], "connection refused") {
		t.Errorf("item = %s after %d retries %v, want sent after 2 refused connections", it.state, it.Attempts, it.reasons)
	}
	if got := rawTexts(an.Messages()); !slices.Equal(got, []string{"một"}) {
		t.Errorf("messages %q, want one", got)
	}
}

func TestSenderStartsEveryClaimedItem(t *testing.T) {
	clk := newTestClock(50)
	e := newEnv(t, envOpts{clock: clk, rateLimits: true})
	ob := &fakeOutbox{claim: 2 * time.Minute}
	var people []*telegramtest.Person
	for id := int64(1); id <= 6; id++ {
		people = append(people, e.srv.User(100+id, "P", "vi"))
	}
	for i := range 8 {
		for _, p := range people {
			ob.add(send(p.ChatID(), fmt.Sprint(i)))
		}
	}
	start := clk.Now()
	// Few places and many chats: items keep arriving for busy chats.
	startSender(t, e, ob, SenderConfig{MaxInFlight: 2})
	ob.waitSettled(t)
	// 48 messages over 6 chats at 1 a second each, 2 chats at a time:
	// about 20s. An item claimed but not started would wait out its 2
	// minute claim.
	if took := clk.Now().Sub(start); took > time.Minute {
		t.Errorf("took %v of clock time: a claimed item waited for its claim to run out", took)
	}
	for _, p := range people {
		if got := rawTexts(p.Messages()); strings.Join(got, "") != "01234567" {
			t.Errorf("chat %d got %q", p.ChatID(), got)
		}
	}
	if v := e.srv.Violations(); len(v) != 0 {
		t.Errorf("violations: %+v", v)
	}
}

// A store that claims hands out a chat's next item as soon as the previous
// one is recorded, possibly before its delivery has finished: that item
// must still be sent now, not after its claim runs out.
func TestSenderSendsItemClaimedWhileItsChatWasBusy(t *testing.T) {
	clk := newTestClock(50)
	e := newEnv(t, envOpts{clock: clk})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{claim: 2 * time.Minute}
	ob.add(send(an.ChatID(), "1"), send(an.ChatID(), "2"))
	s, err := NewSender(e.c, ob, SenderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	ob.onSent = func(id int64) {
		if id != 1 {
			return
		}
		n := ob.nextCalls()
		s.Notify()
		timeout := time.After(10 * time.Second)
		for ch := ob.changed(); ob.nextCalls() == n; ch = ob.changed() {
			select {
			case <-ch:
			case <-timeout:
				t.Error("no Next call while item 1's delivery was finishing")
				return
			}
		}
	}
	start := clk.Now()
	run(t, s.Run)
	ob.waitSettled(t)
	if took := clk.Now().Sub(start); took > time.Minute {
		t.Errorf("item 2 went out after %v of clock time: it waited for its claim to run out", took)
	}
	if got := rawTexts(an.Messages()); strings.Join(got, " ") != "1 2" {
		t.Errorf("messages %q, want 1 2", got)
	}
}

// TestSenderIdlePollBacksOff: with nothing to send the outbox poll backs
// off from PollEvery to IdlePollMax, and an item queued then still goes
// out at once when Notify wakes the Sender.
func TestSenderIdlePollBacksOff(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{claim: 2 * time.Minute}
	s := startSender(t, e, ob, SenderConfig{PollEvery: 5 * time.Millisecond, IdlePollMax: 80 * time.Millisecond})
	time.Sleep(600 * time.Millisecond)
	// Polling every 5 ms would be about 120 calls; backing off, 5+10+20+40
	// ms and then every 80 ms is about 10.
	if n := ob.nextCalls(); n > 30 {
		t.Errorf("%d outbox polls in 600 ms of idling, want the poll to back off", n)
	}
	start := time.Now()
	ob.add(send(an.ChatID(), "xin chào"))
	s.Notify()
	ob.waitSettled(t)
	if took := time.Since(start); took > 60*time.Millisecond {
		t.Logf("the woken send took %v", took) // a busy machine; the poll alone would take up to 80 ms
	}
	if got := rawTexts(an.Messages()); strings.Join(got, " ") != "xin chào" {
		t.Errorf("messages %q, want xin chào", got)
	}
}
