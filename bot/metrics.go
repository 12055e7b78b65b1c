package bot

import (
	"sync/atomic"

	"lamsach/flows"
)

// Metrics counts what the transport does, for the metrics endpoint. The
// zero value is ready; the Poller or Webhook and the Sender of one bot
// share one (their configs take it).
type Metrics struct {
	UpdatesHandled    atomic.Int64 // updates Handle committed
	TransientRetries  atomic.Int64 // failed attempts that meet a transient fault and wait to go again
	SetAsidePanic     atomic.Int64 // updates set aside after panics
	SetAsideError     atomic.Int64 // …after errors that are not transient
	SetAsideTransient atomic.Int64 // …after a transient fault outlasted Telegram's 24 hours
	Sent              atomic.Int64 // outbox items delivered
	Retried           atomic.Int64 // outbox items put back to try again (429, 5xx, network)
	Dropped           atomic.Int64 // outbox items given up (4xx, uncertain, too many attempts)
	Unreachable       atomic.Int64 // outbox items to a chat that blocked the bot
	Expired           atomic.Int64 // outbox items not sent within the privacy window
}

func (m *Metrics) setAside(class string) {
	switch class {
	case flows.FaultPanic:
		m.SetAsidePanic.Add(1)
	case flows.FaultTransient:
		m.SetAsideTransient.Add(1)
	default:
		m.SetAsideError.Add(1)
	}
}

// Count is one counter of Metrics as it is exported: a metric name, one
// label and its value.
type Count struct {
	Name, Help string
	Label, Is  string // the label's name and value; empty for none
	Value      int64
}

// Counts returns every counter, grouped by metric name.
func (m *Metrics) Counts() []Count {
	const (
		updates = "lamsach_transport_updates_total"
		aside   = "lamsach_transport_updates_set_aside_total"
		sends   = "lamsach_transport_sends_total"
	)
	return []Count{
		{updates, "Telegram updates committed.", "", "", m.UpdatesHandled.Load()},
		{"lamsach_transport_transient_retries_total", "Update attempts that met a transient fault and were tried again.", "", "", m.TransientRetries.Load()},
		{aside, "Updates set aside, by the class of their failure.", "class", flows.FaultPanic, m.SetAsidePanic.Load()},
		{aside, "", "class", flows.FaultError, m.SetAsideError.Load()},
		{aside, "", "class", flows.FaultTransient, m.SetAsideTransient.Load()},
		{sends, "Outgoing messages by the result of a send.", "result", "sent", m.Sent.Load()},
		{sends, "", "result", "retry", m.Retried.Load()},
		{sends, "", "result", "dropped", m.Dropped.Load()},
		{sends, "", "result", "unreachable", m.Unreachable.Load()},
		{sends, "", "result", "expired", m.Expired.Load()},
	}
}
