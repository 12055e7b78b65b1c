package telegramtest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	botID       = 7000001
	botUsername = "lamsach_test_bot"
	fakeToken   = "7000001:AAHfakeTokenForLamsachTests-0000000"
)

// Server is a fake Telegram Bot API server. It is safe for concurrent use.
type Server struct {
	hs       *httptest.Server
	listener net.Listener // nil: a new loopback listener
	tokens   []string     // accepted bot tokens; the first is Token()
	anyToken bool         // accept every token of Telegram's form
	control  http.Handler // the control API (control.go)
	now      func() time.Time
	enforce  bool
	done     chan struct{}
	once     sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change

	nextUpdateID int64
	queue        []*update // unconfirmed updates in update_id order
	totalUpdates int
	allowed      []string      // allowed_updates of the last getUpdates that set it
	poll         chan struct{} // closed to terminate the running getUpdates

	chats     map[int64]*chat
	files     map[string]*file // by file_id
	paths     map[string]*file // by file_path
	nextFile  int
	people    map[int64]wireUser // the people User made, by user id
	callbacks map[string]*callback
	nextQuery int64
	commands  map[commandKey][]Command
	webhook   *webhook

	failures map[string][]*APIError
	blocked  map[int64]bool
	hooks    map[string]HookFunc

	limits     limiter
	windows    map[string]time.Time // retry_after windows by chat or method
	attempts   []Attempt
	violations []Violation
}

// Option configures a Server.
type Option func(*Server)

// WithClock makes the server read time from now instead of time.Now: message
// dates, rate limits, retry_after windows and callback ages follow it. now is
// called with the server's lock held, so it must not call the Server.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithRateLimits makes the server answer 429 to sends over Telegram's limits
// and to calls made before an earlier retry_after elapsed. Without it such
// calls succeed but are still recorded in Violations.
func WithRateLimits() Option {
	return func(s *Server) { s.enforce = true }
}

// WithListener makes the server accept connections on l (for a standalone
// fake at a fixed address) instead of on a new loopback port.
func WithListener(l net.Listener) Option {
	return func(s *Server) { s.listener = l }
}

// WithTokens makes the server accept exactly these bot tokens instead of
// its built-in test token; Token returns the first. They all reach the
// same fake bot.
func WithTokens(tokens ...string) Option {
	return func(s *Server) {
		if len(tokens) > 0 {
			s.tokens = append([]string(nil), tokens...)
		}
	}
}

// WithAnyToken makes the server accept every token of Telegram's form
// (digits, a colon, then letters, digits, "_" or "-"), so any bot can be
// pointed at it with the token it already has. All reach the same fake bot.
func WithAnyToken() Option {
	return func(s *Server) { s.anyToken = true }
}

// New starts a fake Bot API server. Call Close when done.
func New(opts ...Option) *Server {
	s := &Server{
		now:          time.Now,
		done:         make(chan struct{}),
		changed:      make(chan struct{}),
		nextUpdateID: 100001,
		chats:        map[int64]*chat{},
		files:        map[string]*file{},
		paths:        map[string]*file{},
		people:       map[int64]wireUser{},
		callbacks:    map[string]*callback{},
		nextQuery:    4300000000000000001,
		commands:     map[commandKey][]Command{},
		failures:     map[string][]*APIError{},
		blocked:      map[int64]bool{},
		hooks:        map[string]HookFunc{},
		limits:       newLimiter(),
		windows:      map[string]time.Time{},
	}
	s.tokens = []string{fakeToken}
	for _, o := range opts {
		o(s)
	}
	s.control = s.controlMux()
	s.hs = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if s.listener != nil {
		s.hs.Listener.Close()
		s.hs.Listener = s.listener
	}
	s.hs.Start()
	return s
}

// URL returns the server's base URL, for bot.WithServerURL.
func (s *Server) URL() string { return s.hs.URL }

// Token returns a bot token the server accepts: the built-in test token,
// or the first one given to WithTokens.
func (s *Server) Token() string { return s.tokens[0] }

// tokenForm is the shape of a Telegram bot token.
var tokenForm = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{1,100}$`)

// accepts reports whether token may call the Bot API.
func (s *Server) accepts(token string) bool {
	if s.anyToken {
		return tokenForm.MatchString(token)
	}
	return slices.Contains(s.tokens, token)
}

// Username returns the bot's username (without "@"), as getMe reports it.
func (s *Server) Username() string { return botUsername }

// Close releases running long polls and shuts the server down.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.done)
		s.hs.Close()
	})
}

// clock returns the current time of the server's clock.
func (s *Server) clock() time.Time { return s.now() }

// notifyLocked wakes everyone waiting for a state change.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch path := r.URL.Path; {
	case strings.HasPrefix(path, "/file/bot"):
		s.serveFile(w, r, strings.TrimPrefix(path, "/file/bot"))
	case strings.HasPrefix(path, "/bot"):
		s.serveMethod(w, r, strings.TrimPrefix(path, "/bot"))
	case path == "/control" || strings.HasPrefix(path, controlPrefix):
		s.control.ServeHTTP(w, r)
	default:
		writeError(w, errNotFound)
	}
}

func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request, rest string) {
	token, name, ok := strings.Cut(rest, "/")
	if !ok {
		writeError(w, errNotFound)
		return
	}
	if !s.accepts(token) {
		writeError(w, errUnauthorized)
		return
	}
	m, ok := methods[strings.ToLower(name)]
	if !ok {
		writeError(w, errNotFound)
		return
	}
	p, apiErr := readParams(w, r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	req := &request{ctx: r.Context(), method: m.name, p: p}
	req.chatID, _ = p.int64("chat_id")
	result, apiErr := s.call(req, m)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	writeResult(w, result)
}
