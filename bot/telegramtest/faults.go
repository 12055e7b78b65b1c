package telegramtest

import (
	"context"
	"strings"
	"time"
)

// Call describes an API call for a hook.
type Call struct {
	Method string // canonical name, e.g. "sendMessage"
	ChatID int64  // 0 when the call names no chat
	Params map[string]string
	At     time.Time
}

// HookFunc inspects a call before the server handles it. Returning an
// *APIError answers the call with it; returning nil lets the call proceed.
// A hook may block (for example until ctx, the request's context, is done)
// to simulate a slow server; it runs without the server's lock held.
type HookFunc func(ctx context.Context, c Call) *APIError

// FailNext makes the next n calls of method fail with code, worded as
// Telegram words it: 429 "Too Many Requests: retry after N" with retry_after,
// 403 "Forbidden: bot was blocked by the user", 500 JSON, 502 an nginx HTML
// page (not JSON). Method names are case-insensitive.
func (s *Server) FailNext(method string, n int, code int, retryAfter int) {
	s.FailNextWith(method, n, defaultError(code, retryAfter))
}

// FailNextWith makes the next n calls of method fail with e.
func (s *Server) FailNextWith(method string, n int, e *APIError) {
	name := canonical(method)
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[name] = append(s.failures[name], e)
	}
}

// Block simulates the person (or group) chatID blocking the bot: every send,
// edit, delete or chat action addressed to the chat answers 403
// "Forbidden: bot was blocked by the user".
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// Unblock undoes Block.
func (s *Server) Unblock(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.blocked, chatID)
}

// Hook installs fn for method ("*" for every method), replacing an earlier
// hook; a nil fn removes it. A method's own hook takes precedence over "*".
func (s *Server) Hook(method string, fn HookFunc) {
	name := method
	if method != "*" {
		name = canonical(method)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if fn == nil {
		delete(s.hooks, name)
		return
	}
	s.hooks[name] = fn
}

func (s *Server) hookFor(method string) HookFunc {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.hooks[method]; ok {
		return h
	}
	return s.hooks["*"]
}

// canonical returns the served method's own spelling of name.
func canonical(name string) string {
	if m, ok := methods[strings.ToLower(name)]; ok {
		return m.name
	}
	return name
}
