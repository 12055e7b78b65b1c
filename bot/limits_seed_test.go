package bot

import (
	"testing"
)

// A Sender started right after another one (a restart after a crash)
// counts the sends the outbox recorded in the last seconds: a chat that
// was just sent its burst waits for the bucket to refill instead of being
// sent another burst Telegram would answer with 429.
func TestSenderAfterRestartKeepsTheChatLimit(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{}
	ob.add(send(an.ChatID(), "một"), send(an.ChatID(), "hai"), send(an.ChatID(), "ba"))
	s, err := NewSender(e.c, ob, SenderConfig{PollEvery: 20e6})
	if err != nil {
		t.Fatal(err)
	}
	cancel, done := run(t, s.Run)
	ob.waitSettled(t)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("first sender: %v", err)
	}

	ob.add(send(an.ChatID(), "bốn"), send(an.ChatID(), "năm"))
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	if got := len(an.Messages()); got != 5 {
		t.Errorf("%d messages, want 5", got)
	}
	if v := e.srv.Violations(); len(v) != 0 {
		t.Errorf("the restarted sender broke Telegram's limits: %+v", v)
	}
}
