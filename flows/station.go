package flows

// stationState is a health-station member's conversation state.
type stationState struct{}

// stationRepo is what the station conversation needs from storage.
type stationRepo interface{}

// station handles a health-station member's events.
func (t *turn) station() error { return t.unknown() }
