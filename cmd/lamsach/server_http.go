package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// health answers 200 when the database (and Redis, when used) answer.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		s.log.Warn("health: database", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	if s.redis != nil {
		if err := s.redis.Ping(ctx); err != nil {
			s.log.Warn("health: redis", "err", err)
			http.Error(w, "redis unavailable", http.StatusServiceUnavailable)
			return
		}
	}
	fmt.Fprintln(w, "ok")
}

// metrics writes counts in the Prometheus text format.
func (s *server) metrics(w http.ResponseWriter, r *http.Request) {
	st, err := s.db.Stats(r.Context())
	if err != nil {
		s.log.Warn("metrics", "err", err)
		http.Error(w, "stats unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	gauge := func(name, help, label string, m map[string]int) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "%s{%s=%q} %d\n", name, label, k, m[k])
		}
	}
	gauge("lamsach_records", "Records by state.", "state", st.Records)
	gauge("lamsach_outbox", "Outgoing messages by state.", "state", st.Outbox)
	gauge("lamsach_updates", "Handled Telegram updates by outcome.", "outcome", st.Updates)
	fmt.Fprintf(w, "# HELP lamsach_members Active members.\n# TYPE lamsach_members gauge\nlamsach_members %d\n", st.Members)
	fmt.Fprintf(w, "# HELP lamsach_communes Communes.\n# TYPE lamsach_communes gauge\nlamsach_communes %d\n", st.Communes)
	for _, c := range s.counts.Counts() {
		if c.Help != "" {
			fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", c.Name, c.Help, c.Name)
		}
		if c.Label == "" {
			fmt.Fprintf(w, "%s %d\n", c.Name, c.Value)
		} else {
			fmt.Fprintf(w, "%s{%s=%q} %d\n", c.Name, c.Label, c.Is, c.Value)
		}
	}
}
