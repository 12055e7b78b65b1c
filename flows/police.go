package flows

// policeState is a police officer's conversation state.
type policeState struct{}

// policeRepo is what the police conversation needs from storage.
type policeRepo interface{}

// police handles a police officer's events.
func (t *turn) police() error { return t.unknown() }
