package bot

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// ChatHash is the keyed hash that stands for a chat (or user) id in logs:
// HMAC-SHA256 of the decimal id under key, truncated to 8 bytes (16 hex
// digits). Operators can match log lines of one chat, and with the key
// find the chat of a line, but the logs alone do not reveal who wrote.
func ChatHash(key []byte, id int64) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strconv.FormatInt(id, 10)))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// randomKey is the hash key when none is configured: chats still hash
// consistently within one run.
func randomKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // crypto/rand.Read never fails on supported platforms
	return k
}

// discardLogger is the logger of a component configured without one.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// redactHandler replaces the bot token in every message and string
// attribute. The token is part of every Bot API URL and Go's url.Error
// prints the URL, so this is the last line of defence behind the error
// descriptions in errors.go, which never include URLs in the first place.
type redactHandler struct {
	inner slog.Handler
	token string
}

func newRedactHandler(inner slog.Handler, token string) slog.Handler {
	if token == "" {
		return inner
	}
	return &redactHandler{inner: inner, token: token}
}

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h *redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = h.attr(a)
	}
	return &redactHandler{inner: h.inner.WithAttrs(clean), token: h.token}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{inner: h.inner.WithGroup(name), token: h.token}
}

func (h *redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.redact(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, x := range g {
			clean[i] = h.attr(x)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.redact(err.Error()))
		}
		return slog.String(a.Key, h.redact(v.String()))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func (h *redactHandler) redact(s string) string {
	return strings.ReplaceAll(s, h.token, "<token>")
}
