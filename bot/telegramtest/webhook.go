package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// webhook is the webhook set with setWebhook.
type webhook struct {
	url            string
	secret         string
	maxConnections int
	allowed        []string
	lastErrorDate  time.Time
	lastError      string
}

var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

type wireWebhookInfo struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

func (s *Server) setWebhook(r *request) (any, *APIError) {
	raw := r.p.str("url")
	if raw == "" { // Telegram treats an empty URL as deleteWebhook
		return s.deleteWebhook(r)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, badRequest("bad webhook: invalid webhook URL specified")
	}
	secret := r.p.str("secret_token")
	if secret != "" && !secretToken.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	w := &webhook{url: raw, secret: secret, maxConnections: 40}
	if n, ok := r.p.int("max_connections"); ok && n >= 1 && n <= 100 {
		w.maxConnections = n
	}
	if a := r.p.str("allowed_updates"); a != "" {
		if err := json.Unmarshal([]byte(a), &w.allowed); err != nil {
			return nil, badRequest("can't parse allowed_updates JSON array")
		}
		s.allowed = w.allowed
	}
	if r.p.bool("drop_pending_updates") {
		s.queue = nil
	}
	s.webhook = w
	if s.poll != nil {
		close(s.poll) // a running getUpdates answers 409
		s.poll = nil
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(r *request) (any, *APIError) {
	if r.p.bool("drop_pending_updates") {
		s.queue = nil
	}
	s.webhook = nil
	s.notifyLocked()
	return true, nil
}

func (s *Server) getWebhookInfo(*request) (any, *APIError) {
	info := wireWebhookInfo{PendingUpdateCount: len(s.queue)}
	if w := s.webhook; w != nil {
		info.URL, info.MaxConnections, info.AllowedUpdates = w.url, w.maxConnections, w.allowed
		info.LastErrorMessage = w.lastError
		if !w.lastErrorDate.IsZero() {
			info.LastErrorDate = unixDate(w.lastErrorDate)
		}
	}
	return info, nil
}

// DeliverWebhook posts the pending updates, oldest first and one at a time,
// to the URL set with setWebhook, with the secret in
// X-Telegram-Bot-Api-Secret-Token. An update is confirmed when its POST
// answers 2xx; on any other answer delivery stops, getWebhookInfo reports
// the error and the update stays pending, to be retried by the next call.
// It returns how many updates were delivered.
func (s *Server) DeliverWebhook(ctx context.Context) (int, error) {
	delivered := 0
	for {
		s.mu.Lock()
		w := s.webhook
		if w == nil {
			s.mu.Unlock()
			return delivered, fmt.Errorf("telegramtest: no webhook set")
		}
		s.collectLocked(1) // drop updates allowed_updates excludes
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return delivered, nil
		}
		u := s.queue[0]
		s.mu.Unlock()

		err := postUpdate(ctx, w, u.body)

		s.mu.Lock()
		if err != nil {
			w.lastErrorDate, w.lastError = s.clock(), err.Error()
			s.mu.Unlock()
			return delivered, err
		}
		s.confirmLocked(u.id + 1)
		s.mu.Unlock()
		delivered++
	}
}

func postUpdate(ctx context.Context, w *webhook, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if w.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", w.secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("Connection refused: %w", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("Wrong response from the webhook: %s", resp.Status)
	}
	return nil
}
