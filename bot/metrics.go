package bot

import (
	"errors"
	"sync/atomic"

	tg "github.com/go-telegram/bot"
	"github.com/prometheus/client_golang/prometheus"

	"lamsach/flows"
)

// Metrics counts what the transport does. The counters are the one source
// of truth: Metrics is a prometheus.Collector that reports them as they
// are at each scrape, and tests read them directly. The zero value is
// ready; the Poller or Webhook and the Sender of one bot share one (their
// configs take it).
type Metrics struct {
	UpdatesHandled    atomic.Int64 // updates Handle committed
	TransientRetries  atomic.Int64 // failed attempts that meet a transient fault and wait to go again
	SetAsidePanic     atomic.Int64 // updates set aside after panics
	SetAsideError     atomic.Int64 // …after errors that are not transient
	SetAsideTransient atomic.Int64 // …after a transient fault outlasted Telegram's 24 hours

	// What became of outbox items.
	Sent        atomic.Int64 // delivered
	Retried     atomic.Int64 // put back to try again (429, 5xx, network)
	Dropped     atomic.Int64 // given up (4xx, uncertain, too many attempts)
	Unreachable atomic.Int64 // to a chat that blocked the bot
	Expired     atomic.Int64 // not sent within the privacy window

	// What Telegram answered to the calls that send, by result.
	CallOK, Call429, Call4xx, Call5xx, CallNetwork atomic.Int64

	// Messages with personal data whose privacy window ended.
	Deleted atomic.Int64 // deleted
	Gone    atomic.Int64 // Telegram could not delete them: gone already, or past 48 hours
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

// countCall counts the answer to one call that sends, by its result.
// Errors that never reached Telegram (a file that could not be read) are
// not calls and count nowhere.
func (m *Metrics) countCall(err error, trace *callTrace) {
	var tooMany *tg.TooManyRequestsError
	var unreadable *fileError
	switch status := trace.statusCode(); {
	case errors.As(err, &unreadable):
	case err == nil:
		m.CallOK.Add(1)
	case errors.As(err, &tooMany), status == 429:
		m.Call429.Add(1)
	case status >= 500:
		m.Call5xx.Add(1)
	case status >= 400, errors.Is(err, tg.ErrorBadRequest), errors.Is(err, tg.ErrorForbidden),
		errors.Is(err, tg.ErrorUnauthorized), errors.Is(err, tg.ErrorNotFound), errors.Is(err, tg.ErrorConflict):
		m.Call4xx.Add(1)
	default:
		// No answer, or none that could be read.
		m.CallNetwork.Add(1)
	}
}

// series is one reported value of Metrics: a description, its label value
// (none when the description has no label) and the counter.
type series struct {
	desc  *prometheus.Desc
	label string
	value *atomic.Int64
}

func counterDesc(name, help string, label ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, label, nil)
}

var (
	descHandled = counterDesc("lamsach_updates_handled_total", "Telegram updates handled and committed.")
	descAside   = counterDesc("lamsach_updates_set_aside_total",
		"Updates set aside after failing, by the class of their failure (panic, error, transient).", "class")
	descRetries = counterDesc("lamsach_update_transient_retries_total",
		"Update attempts that met a transient fault (database busy, Redis down) and wait to go again.")
	descItems = counterDesc("lamsach_outbox_items_total",
		"What became of outgoing messages: sent, retry, dropped, unreachable (the chat blocked the bot), expired (not sent within the privacy window).", "outcome")
	descCalls = counterDesc("lamsach_sends_total",
		"Bot API calls that send or edit a message, by Telegram's answer: ok, 429, 4xx, 5xx, network (no readable answer).", "result")
	descDeletions = counterDesc("lamsach_deletions_total",
		"Messages with personal data deleted after the privacy window: deleted, or gone (removed already, or past Telegram's 48 hours).", "result")
)

// all lists every series Metrics reports.
func (m *Metrics) all() []series {
	return []series{
		{descHandled, "", &m.UpdatesHandled},
		{descAside, flows.FaultPanic, &m.SetAsidePanic},
		{descAside, flows.FaultError, &m.SetAsideError},
		{descAside, flows.FaultTransient, &m.SetAsideTransient},
		{descRetries, "", &m.TransientRetries},
		{descItems, "sent", &m.Sent},
		{descItems, "retry", &m.Retried},
		{descItems, "dropped", &m.Dropped},
		{descItems, "unreachable", &m.Unreachable},
		{descItems, "expired", &m.Expired},
		{descCalls, "ok", &m.CallOK},
		{descCalls, "429", &m.Call429},
		{descCalls, "4xx", &m.Call4xx},
		{descCalls, "5xx", &m.Call5xx},
		{descCalls, "network", &m.CallNetwork},
		{descDeletions, "deleted", &m.Deleted},
		{descDeletions, "gone", &m.Gone},
	}
}

// Describe sends the descriptions of the metrics Collect reports.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	seen := map[*prometheus.Desc]bool{}
	for _, s := range m.all() {
		if !seen[s.desc] {
			seen[s.desc] = true
			ch <- s.desc
		}
	}
}

// Collect reports every counter as it is now.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	for _, s := range m.all() {
		var labels []string
		if s.label != "" {
			labels = []string{s.label}
		}
		ch <- prometheus.MustNewConstMetric(s.desc, prometheus.CounterValue, float64(s.value.Load()), labels...)
	}
}
