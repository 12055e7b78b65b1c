package flows

// coordState is a coordinator's conversation state.
type coordState struct{}

// coordRepo is what the coordinator conversation needs from storage.
type coordRepo interface{}

// coordinator handles a coordinator's events.
func (t *turn) coordinator() error { return t.unknown() }

// tick handles the clock: daily reminders.
func (t *turn) tick() error { return nil }
