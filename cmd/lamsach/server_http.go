package main

import (
	"context"
	"fmt"
	"net/http"
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
