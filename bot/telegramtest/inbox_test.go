package telegramtest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"
)

// botSends adds n messages from the bot to chatID, as sendMessage
// does, without the HTTP round trip.
func (s *Server) botSends(chatID int64, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	for range n {
		text := "tin " + strconv.Itoa(len(c.sent)+1)
		c.addLocked(&message{from: botUser(), fromBot: true, date: s.clock(), text: text, raw: text})
	}
	s.notifyLocked()
}

func TestWaitAfter(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	an, binh := s.User(1, "An", "vi"), s.User(2, "Bình", "vi")
	ctx := testCtx(t)
	for _, text := range []string{"một", "hai", "ba"} {
		send(t, b, an.ChatID(), text)
	}
	an.Send("a message from An is not one the bot sent")
	send(t, b, binh.ChatID(), "cho Bình")
	for seen, want := range map[int][]string{0: {"một", "hai", "ba"}, 2: {"ba"}, -1: {"một", "hai", "ba"}} {
		msgs, err := an.WaitAfter(ctx, seen)
		var got []string
		for _, m := range msgs {
			got = append(got, m.Text)
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("WaitAfter(%d) = %q, %v; want %q", seen, got, err, want)
		}
	}

	// Nothing after 3 yet: it waits, and gives up with ctx.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if msgs, err := an.WaitAfter(short, 3); !errors.Is(err, context.DeadlineExceeded) || len(msgs) != 0 {
		t.Errorf("WaitAfter(3) with nothing new = %v, %v; want a deadline error", msgs, err)
	}

	// A send to An ends the wait with that message alone.
	got := make(chan []Message, 1)
	go func() {
		msgs, _ := an.WaitAfter(ctx, 3)
		got <- msgs
	}()
	send(t, b, binh.ChatID(), "lại cho Bình")
	send(t, b, an.ChatID(), "bốn")
	if msgs := <-got; len(msgs) != 1 || msgs[0].Text != "bốn" {
		t.Errorf("WaitAfter(3) = %+v, want the message bốn alone", msgs)
	}
	if last := an.Last(); last.Text != "bốn" || len(an.Messages()) != 4 {
		t.Errorf("Last = %q, %d messages; want bốn, 4", last.Text, len(an.Messages()))
	}
	s.Close()
	if _, err := an.WaitAfter(context.Background(), 10); err == nil {
		t.Error("WaitAfter on a closed server returned no error")
	}
}

// BenchmarkWaitNext reads a person's next message after a history of
// earlier ones: WaitAfter costs the same whatever the history, while
// WaitMessages copies it all.
func BenchmarkWaitNext(b *testing.B) {
	for _, history := range []int{10, 1000, 10000} {
		s := New()
		p := s.User(1, "An", "vi")
		s.botSends(1, history)
		ctx := context.Background()
		b.Run("WaitAfter/history="+strconv.Itoa(history), func(b *testing.B) {
			for b.Loop() {
				if msgs, _ := p.WaitAfter(ctx, history-1); len(msgs) != 1 {
					b.Fatal(len(msgs))
				}
			}
		})
		b.Run("WaitMessages/history="+strconv.Itoa(history), func(b *testing.B) {
			for b.Loop() {
				if msgs, _ := p.WaitMessages(ctx, history); len(msgs) != history {
					b.Fatal(len(msgs))
				}
			}
		})
		s.Close()
	}
}
