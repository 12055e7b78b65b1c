package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// newServer starts a server closed at the end of the test.
func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	return s
}

// newBot returns a go-telegram/bot client of s.
func newBot(t *testing.T, s *Server) *bot.Bot {
	t.Helper()
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithSkipGetMe(),
		bot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// testCtx is a context bounded by a generous deadline, so a broken test
// fails instead of hanging.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// apiReply is a decoded Bot API answer.
type apiReply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
	status int
}

// post calls method with a body of the given content type; go-telegram/bot
// has no exported getUpdates, so the poll tests use this like lamsach's own
// poller will.
func post(ctx context.Context, s *Server, method, contentType, body string) (apiReply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/"+method, strings.NewReader(body))
	if err != nil {
		return apiReply{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return apiReply{}, err
	}
	defer resp.Body.Close()
	var r apiReply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return apiReply{}, fmt.Errorf("decode %s answer: %w", method, err)
	}
	r.status = resp.StatusCode
	return r, nil
}

// getUpdates polls with form parameters and decodes the updates with
// go-telegram/bot's models.
func getUpdates(ctx context.Context, s *Server, v url.Values) ([]models.Update, apiReply, error) {
	r, err := post(ctx, s, "getUpdates", "application/x-www-form-urlencoded", v.Encode())
	if err != nil || !r.OK {
		return nil, r, err
	}
	var ups []models.Update
	err = json.Unmarshal(r.Result, &ups)
	return ups, r, err
}

// waitPolling blocks until a getUpdates is waiting on s.
func waitPolling(t *testing.T, s *Server) {
	t.Helper()
	if err := s.wait(testCtx(t), func() bool { return s.poll != nil }); err != nil {
		t.Fatalf("no getUpdates started: %v", err)
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// send sends text to chatID with the real client.
func send(t *testing.T, b *bot.Bot, chatID int64, text string) *models.Message {
	t.Helper()
	m, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: chatID, Text: text})
	if err != nil {
		t.Fatalf("SendMessage(%q): %v", text, err)
	}
	return m
}

func ids(ups []models.Update) []int64 {
	out := []int64{}
	for _, u := range ups {
		out = append(out, u.ID)
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
