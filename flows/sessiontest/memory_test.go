package sessiontest_test

import (
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sessiontest"
)

func TestMemoryFakeClock(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T, c sessiontest.Clock) flows.Sessions {
		return sessiontest.NewMemory(c.Now, sessiontest.Idle(c))
	})
}

// TestMemoryRealTime runs the real-time timelines on a store that reads the
// wall clock, as the Redis store's server does.
func TestMemoryRealTime(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T, c sessiontest.Clock) flows.Sessions {
		return sessiontest.NewMemory(c.Now, sessiontest.Idle(c))
	}, sessiontest.RealTime(100*time.Millisecond))
}
