package sessiontest

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Memory is the simplest correct flows.Sessions: maps behind a mutex,
// expiry compared with an injected clock. Running the suite on it, with
// both clocks, checks that the suite asks only for what the contract
// promises; conversation tests that are not about storage use it too.
type Memory struct {
	mu       sync.Mutex
	now      func() time.Time
	idle     time.Duration
	sessions map[int64]entry
	leases   map[int64]entry
	seen     map[int64]entry
}

type entry struct {
	state   []byte
	member  int64
	expires time.Time
}

// NewMemory returns an empty Memory reading the time from now, with
// conversation states expiring after idle.
func NewMemory(now func() time.Time, idle time.Duration) *Memory {
	return &Memory{
		now: now, idle: idle,
		sessions: map[int64]entry{}, leases: map[int64]entry{}, seen: map[int64]entry{},
	}
}

var errTTL = errors.New("ttl must be positive")

// live returns the entry of key in m when it has not expired.
func (s *Memory) live(m map[int64]entry, key int64) (entry, bool) {
	e, ok := m[key]
	if !ok || !s.now().Before(e.expires) {
		return entry{}, false
	}
	return e, true
}

// Get implements flows.Sessions.
func (s *Memory) Get(_ context.Context, user int64) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.live(s.sessions, user)
	if !ok {
		return nil, nil
	}
	return append([]byte{}, e.state...), nil
}

// Put implements flows.Sessions.
func (s *Memory) Put(_ context.Context, user int64, state []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[user] = entry{state: append([]byte{}, state...), expires: s.now().Add(s.idle)}
	return nil
}

// Drop implements flows.Sessions.
func (s *Memory) Drop(_ context.Context, user int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, user)
	return nil
}

// Lease implements flows.Sessions.
func (s *Memory) Lease(_ context.Context, rec, member int64, ttl time.Duration) (int64, error) {
	if ttl <= 0 {
		return 0, errTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.live(s.leases, rec); ok && e.member != member {
		return e.member, nil
	}
	s.leases[rec] = entry{member: member, expires: s.now().Add(ttl)}
	return member, nil
}

// Release implements flows.Sessions.
func (s *Memory) Release(_ context.Context, rec, member int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.leases[rec]; ok && e.member == member {
		delete(s.leases, rec)
	}
	return nil
}

// Seen implements flows.Sessions.
func (s *Memory) Seen(_ context.Context, update int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.live(s.seen, update)
	return ok, nil
}

// MarkSeen implements flows.Sessions.
func (s *Memory) MarkSeen(_ context.Context, update int64, ttl time.Duration) error {
	if ttl <= 0 {
		return errTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[update] = entry{expires: s.now().Add(ttl)}
	return nil
}
