package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lamsach/flows"
)

// scrape fetches /metrics over HTTP.
func scrape(t *testing.T, addr string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d, %v:\n%s", resp.StatusCode, err, body)
	}
	return string(body)
}

// metric returns the value of one series ("name" or `name{label="v"}`)
// in a scrape, failing the test when it is absent.
func metric(t *testing.T, body, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("/metrics lacks %s", series)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatalf("%s = %q: %v", series, m[1], err)
	}
	return v
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestE2EMetrics scrapes /metrics from a running bot (polling, with
// --listen): every series an operator alerts on is there, and handled
// updates, Telegram's answers, an import and an anchor move them.
func TestE2EMetrics(t *testing.T) {
	addr := freeAddr(t)
	r := newRigWith(t, "sqlite", func(c *serverConfig) { c.Listen = addr })
	waitHTTP(t, "http://"+addr+"/healthz")
	body := scrape(t, addr)
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "process_resident_memory_bytes",
		"lamsach_updates_handled_total", `lamsach_updates_set_aside_total{class="panic"}`, `lamsach_updates_set_aside_total{class="error"}`,
		"lamsach_update_transient_retries_total", "lamsach_outbox_pending", "lamsach_outbox_oldest_age_seconds",
		`lamsach_sends_total{result="ok"}`, `lamsach_sends_total{result="429"}`, `lamsach_sends_total{result="4xx"}`,
		`lamsach_sends_total{result="5xx"}`, `lamsach_outbox_items_total{outcome="dropped"}`,
		"lamsach_deletions_due", `lamsach_deletions_total{result="deleted"}`,
		"lamsach_import_duration_seconds_count", "lamsach_export_duration_seconds_count",
		"lamsach_audit_unanchored_entries", "lamsach_communes"} {
		metric(t, body, name)
	}
	if strings.Contains(body, "lamsach_audit_anchor_age_seconds ") {
		t.Errorf("an anchor age before any anchor:\n%s", body)
	}
	handled := metric(t, body, "lamsach_updates_handled_total")

	st := r.join(201, "Trạm", flows.RoleStation)
	// Telegram answers one reply 429 and one 500: both are sent again.
	for _, code := range []int{429, 500} {
		r.tg.FailNext("sendMessage", 1, code, 1)
		r.act(st, "không làm dở", func() { st.Command("where", "") })
	}
	// A 400 drops its reply; the next one arrives.
	r.tg.FailNext("sendMessage", 1, 400, 0)
	st.Command("where", "")
	r.act(st, "Gửi tệp .xlsx", func() { st.Command("help", "") })
	list, err := os.ReadFile(fixtures + "station-list.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	preview := r.act(st, "bản xem trước", func() {
		st.SendDocument("danh-sach.xlsx", list, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	})
	r.press(st, preview, "📥 Nhập", "Đã nhập")
	if _, err := r.srv.db.Anchor(context.Background()); err != nil {
		t.Fatal(err)
	}

	body = scrape(t, addr)
	// join, 3 × /where, /help, the document, the press: 7 updates.
	if got := metric(t, body, "lamsach_updates_handled_total"); got < handled+7 {
		t.Errorf("lamsach_updates_handled_total %v → %v after 7 updates", handled, got)
	}
	for series, least := range map[string]float64{`lamsach_sends_total{result="429"}`: 1, `lamsach_sends_total{result="5xx"}`: 1,
		`lamsach_sends_total{result="4xx"}`: 1, `lamsach_sends_total{result="ok"}`: 4, `lamsach_outbox_items_total{outcome="dropped"}`: 1,
		"lamsach_import_duration_seconds_count": 1} {
		if got := metric(t, body, series); got < least {
			t.Errorf("%s = %v, want at least %v", series, got, least)
		}
	}
	if got := metric(t, body, "lamsach_audit_unanchored_entries"); got != 0 {
		t.Errorf("lamsach_audit_unanchored_entries = %v right after an anchor", got)
	}
	if age := metric(t, body, "lamsach_audit_anchor_age_seconds"); age < 0 || age > 60 {
		t.Errorf("lamsach_audit_anchor_age_seconds = %v right after an anchor", age)
	}
	if got := metric(t, body, `lamsach_records{state="imported"}`) + metric(t, body, `lamsach_records{state="assigned"}`); got != 5 {
		t.Errorf("%v records imported or assigned, want the fixture's 5", got)
	}
}

// TestTimedStore: the export histogram counts a committed transaction that
// wrote an export, and neither one that failed nor one that wrote none.
func TestTimedStore(t *testing.T) {
	r := newRig(t, "sqlite")
	ts := timedStore{r.srv.engine.Store.(timedStore).Flows, r.srv.metrics}
	export := func(ctx context.Context, repo flows.Repo) error {
		_, err := repo.Audit(ctx, flows.Operator, flows.AuditEntry{CommuneID: r.commune.ID, Action: "export", Field: "count", New: "0"})
		return err
	}
	failed := errors.New("failed after the export")
	for _, fn := range []func(context.Context, flows.Repo) error{
		export,
		func(ctx context.Context, repo flows.Repo) error { export(ctx, repo); return failed },
		func(ctx context.Context, repo flows.Repo) error {
			_, err := repo.Audit(ctx, flows.Operator, flows.AuditEntry{CommuneID: r.commune.ID, Action: "report"})
			return err
		},
	} {
		if err := ts.Update(context.Background(), fn); err != nil && !errors.Is(err, failed) {
			t.Fatal(err)
		}
	}
	if got := histogramCount(t, r.srv.metrics); got != 1 {
		t.Errorf("export histogram counted %d transactions, want the one committed export", got)
	}
}

// histogramCount reads the export histogram's sample count.
func histogramCount(t *testing.T, m *serverMetrics) uint64 {
	t.Helper()
	families, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == "lamsach_export_duration_seconds" {
			return f.GetMetric()[0].GetHistogram().GetSampleCount()
		}
	}
	t.Fatal("no lamsach_export_duration_seconds")
	return 0
}
