package telegramtest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// request is one Bot API call being served.
type request struct {
	ctx       context.Context
	method    string // canonical name, e.g. "sendMessage"
	p         params
	at        time.Time
	chatID    int64  // parsed chat_id, 0 when absent
	windowKey string // where a 429 answer opens a retry_after window
	early     bool   // made while an earlier retry_after window was open
}

// method describes one Bot API method the fake serves.
type method struct {
	name string
	fn   func(s *Server, r *request) (any, *APIError) // runs with s.mu held
	send bool                                         // counts against message rate limits
	chat bool                                         // addressed to a chat: refused when blocked
}

var methods = map[string]method{}

func init() {
	for _, m := range []method{
		{name: "getUpdates"},
		{name: "getMe", fn: (*Server).getMe},
		{name: "sendMessage", fn: (*Server).sendMessage, send: true, chat: true},
		{name: "editMessageText", fn: (*Server).editMessageText, chat: true},
		{name: "editMessageReplyMarkup", fn: (*Server).editMessageReplyMarkup, chat: true},
		{name: "deleteMessage", fn: (*Server).deleteMessage, chat: true},
		{name: "answerCallbackQuery", fn: (*Server).answerCallbackQuery},
		{name: "sendChatAction", fn: (*Server).sendChatAction, chat: true},
		{name: "sendDocument", fn: (*Server).sendDocument, send: true, chat: true},
		{name: "sendPhoto", fn: (*Server).sendPhoto, send: true, chat: true},
		{name: "getFile", fn: (*Server).getFile},
		{name: "setMyCommands", fn: (*Server).setMyCommands},
		{name: "getMyCommands", fn: (*Server).getMyCommands},
		{name: "deleteMyCommands", fn: (*Server).deleteMyCommands},
		{name: "setWebhook", fn: (*Server).setWebhook},
		{name: "deleteWebhook", fn: (*Server).deleteWebhook},
		{name: "getWebhookInfo", fn: (*Server).getWebhookInfo},
	} {
		methods[strings.ToLower(m.name)] = m
	}
}

// Attempt is one API call as the server saw it, accepted or rejected.
type Attempt struct {
	At         time.Time
	Method     string
	ChatID     int64 // 0 when the call names no chat
	MessageID  int   // the message sent, edited or deleted, when known
	OK         bool
	ErrorCode  int
	RetryAfter int  // seconds, on a 429 answer
	Early      bool // made before an earlier 429's retry_after elapsed
}

// call runs the fault injection, limits and the method itself, and records
// the attempt.
func (s *Server) call(r *request, m method) (any, *APIError) {
	r.windowKey = "method:" + m.name
	if m.chat && r.chatID != 0 {
		r.windowKey = "chat:" + strconv.FormatInt(r.chatID, 10)
	}
	if h := s.hookFor(m.name); h != nil {
		if e := h(r.ctx, Call{Method: m.name, ChatID: r.chatID, Params: r.p.copyValues(), At: s.clock()}); e != nil {
			s.mu.Lock()
			defer s.mu.Unlock()
			r.at = s.clock()
			s.recordLocked(r, nil, e)
			return nil, e
		}
	}
	if m.fn == nil {
		return s.getUpdates(r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Reading the clock under the lock keeps the rate limiter's times in order.
	r.at = s.clock()
	result, e := s.runLocked(r, m)
	s.recordLocked(r, result, e)
	return result, e
}

func (s *Server) runLocked(r *request, m method) (any, *APIError) {
	if e := s.precheckLocked(r, m); e != nil {
		return nil, e
	}
	if !m.send {
		return m.fn(s, r)
	}
	v := s.limits.check(r.chatID, r.at)
	if v != nil && s.enforce {
		s.violateLocked(r, v.rule, v.retryAfter)
		r.windowKey = v.window
		return nil, tooManyRequests(v.retryAfter)
	}
	result, e := m.fn(s, r)
	if e == nil {
		if v != nil {
			s.violateLocked(r, v.rule, v.retryAfter)
		}
		s.limits.consume(r.chatID, r.at)
	}
	return result, e
}

// precheckLocked applies injected failures, open retry_after windows and
// blocks, in that order.
func (s *Server) precheckLocked(r *request, m method) *APIError {
	if q := s.failures[m.name]; len(q) > 0 {
		s.failures[m.name] = q[1:]
		return q[0]
	}
	if wait := s.windowLocked(r, m); wait > 0 {
		r.early = true
		s.violateLocked(r, RuleRetryAfter, wait)
		if s.enforce {
			return tooManyRequests(wait)
		}
	}
	if m.chat && s.blocked[r.chatID] {
		return errBlocked
	}
	return nil
}

// recordLocked logs the attempt (getUpdates excepted) and opens a
// retry_after window after a 429.
func (s *Server) recordLocked(r *request, result any, e *APIError) {
	if e != nil && e.Code == http.StatusTooManyRequests && e.RetryAfter > 0 {
		until := r.at.Add(time.Duration(e.RetryAfter) * time.Second)
		if until.After(s.windows[r.windowKey]) {
			s.windows[r.windowKey] = until
		}
	}
	if r.method == "getUpdates" {
		return
	}
	a := Attempt{At: r.at, Method: r.method, ChatID: r.chatID, OK: e == nil, Early: r.early}
	a.MessageID, _ = r.p.int("message_id")
	if w, ok := result.(*wireMessage); ok {
		a.MessageID = w.MessageID
	}
	if e != nil {
		a.ErrorCode, a.RetryAfter = e.Code, e.RetryAfter
	}
	s.attempts = append(s.attempts, a)
	s.notifyLocked()
}

// AllSent returns every API call made so far except getUpdates, accepted or
// rejected, in arrival order.
func (s *Server) AllSent() []Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Attempt(nil), s.attempts...)
}

func (s *Server) getMe(*request) (any, *APIError) { return botUser(), nil }
