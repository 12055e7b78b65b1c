package bot

import (
	"errors"
	"fmt"
	"testing"

	tg "github.com/go-telegram/bot"
	"github.com/prometheus/client_golang/prometheus"
)

// TestCountCall: each answer of Telegram lands in its result, and a file
// that could not be read (no call made) in none.
func TestCountCall(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		want   string // "" for none
	}{
		{"ok", nil, 200, "ok"},
		{"429", &tg.TooManyRequestsError{Message: "Too Many Requests", RetryAfter: 3}, 429, "429"},
		{"403 blocked", fmt.Errorf("send: %w", tg.ErrorForbidden), 403, "4xx"},
		{"400", fmt.Errorf("send: %w", tg.ErrorBadRequest), 400, "4xx"},
		{"413 from a proxy", errors.New("unexpected response"), 413, "4xx"},
		{"500", errors.New("internal server error"), 500, "5xx"},
		{"502 html page", errors.New("invalid character '<'"), 502, "5xx"},
		{"no answer", errors.New("connection reset"), 0, "network"},
		{"unreadable file", &fileError{errors.New("blob gone")}, 0, ""},
	}
	for _, tc := range tests {
		var m Metrics
		m.countCall(tc.err, &callTrace{status: tc.status})
		got := map[string]int64{"ok": m.CallOK.Load(), "429": m.Call429.Load(), "4xx": m.Call4xx.Load(),
			"5xx": m.Call5xx.Load(), "network": m.CallNetwork.Load()}
		for result, n := range got {
			if want := int64(map[bool]int{true: 1}[result == tc.want]); n != want {
				t.Errorf("%s: %s counted %d, want %d", tc.name, result, n, want)
			}
		}
	}
}

// TestMetricsCollector: Metrics registers with a pedantic registry (its
// descriptions match what it collects) and reports the counters' values.
func TestMetricsCollector(t *testing.T) {
	var m Metrics
	m.UpdatesHandled.Add(3)
	m.SetAsidePanic.Add(1)
	m.Call429.Add(2)
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(&m); err != nil {
		t.Fatal(err)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, s := range f.GetMetric() {
			key := f.GetName()
			for _, l := range s.GetLabel() {
				key += "{" + l.GetName() + "=" + l.GetValue() + "}"
			}
			got[key] = s.GetCounter().GetValue()
		}
	}
	for key, want := range map[string]float64{"lamsach_updates_handled_total": 3, "lamsach_updates_set_aside_total{class=panic}": 1,
		"lamsach_updates_set_aside_total{class=error}": 0, "lamsach_sends_total{result=429}": 2, "lamsach_deletions_total{result=deleted}": 0} {
		if v, ok := got[key]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", key, v, ok, want)
		}
	}
	if len(got) != len(m.all()) {
		t.Errorf("%d series gathered, want %d", len(got), len(m.all()))
	}
}
