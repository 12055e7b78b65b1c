package main

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"lamsach/flows"
	"lamsach/store"
)

// serverMetrics is what /metrics reports: the Go runtime and the process,
// the transport's counters (bot.Metrics), the database's figures read at
// each scrape, and how long imports and exports take.
type serverMetrics struct {
	reg      *prometheus.Registry
	imports  prometheus.Histogram
	exports  prometheus.Histogram
	handler  http.Handler
	database *storeCollector
}

// durationBuckets suit imports and exports: a handful of rows takes tens
// of milliseconds, a 100,000-row list a few seconds.
var durationBuckets = []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

func newServerMetrics(s *server) *serverMetrics {
	m := &serverMetrics{reg: prometheus.NewRegistry(),
		imports: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "lamsach_import_duration_seconds",
			Help:    "How long the update that imports a list (station list or verification list) takes, reading the file to commit.",
			Buckets: durationBuckets}),
		exports: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "lamsach_export_duration_seconds",
			Help:    "How long the update that writes a file for the station (import file, edit list, handover) takes, to commit.",
			Buckets: durationBuckets}),
		database: &storeCollector{db: s.db, now: s.now},
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		s.counts, m.database, m.imports, m.exports)
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: promLog{s}})
	return m
}

// promLog passes the metrics handler's errors (a database that did not
// answer a scrape) to the server's log.
type promLog struct{ s *server }

func (p promLog) Println(v ...any) { p.s.log.Warn("metrics", "err", v) }

func gauge(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, labels, nil)
}

var (
	descRecords  = gauge("lamsach_records", "Records by state, all communes.", "state")
	descMembers  = gauge("lamsach_members", "Active members.")
	descCommunes = gauge("lamsach_communes", "Communes.")
	descUpdates  = gauge("lamsach_updates_remembered", "Handled update ids still kept against duplicates, by outcome (ok, poison).", "outcome")
	descPending  = gauge("lamsach_outbox_pending", "Outgoing messages waiting to be sent (the outbox's depth).")
	descOldest   = gauge("lamsach_outbox_oldest_age_seconds", "Age of the oldest message waiting to be sent; 0 when none waits.")
	descDue      = gauge("lamsach_deletions_due", "Sent messages with personal data past their privacy window, not deleted yet.")
	descAnchor   = gauge("lamsach_audit_anchor_age_seconds", "Time since the last audit anchor was written to the anchor file; absent before the first.")
	descLag      = gauge("lamsach_audit_unanchored_entries", "Audit entries after the last anchor.")
)

// storeCollector reports the database's figures, read at each scrape.
type storeCollector struct {
	db  *store.DB
	now func() time.Time
}

// Describe sends the descriptions of what Collect reports.
func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRecords, descMembers, descCommunes, descUpdates,
		descPending, descOldest, descDue, descAnchor, descLag} {
		ch <- d
	}
}

// Collect reads the figures. A database that does not answer fails the
// scrape: a partial answer would look like a quiet bot.
func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	now := c.now()
	st, err := c.db.Stats(ctx, now)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descRecords, err)
		return
	}
	for state, n := range st.Records {
		ch <- prometheus.MustNewConstMetric(descRecords, prometheus.GaugeValue, float64(n), state)
	}
	for outcome, n := range st.Updates {
		ch <- prometheus.MustNewConstMetric(descUpdates, prometheus.GaugeValue, float64(n), outcome)
	}
	oldest := 0.0
	if !st.OutboxOldest.IsZero() {
		oldest = max(0, now.Sub(st.OutboxOldest).Seconds())
	}
	for d, v := range map[*prometheus.Desc]float64{descMembers: float64(st.Members), descCommunes: float64(st.Communes),
		descPending: float64(st.OutboxPending), descOldest: oldest, descDue: float64(st.DeletionsDue)} {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
	}
	at, seq, ok, err := c.db.LastAnchor()
	switch {
	case err != nil:
		ch <- prometheus.NewInvalidMetric(descAnchor, err)
	case ok:
		ch <- prometheus.MustNewConstMetric(descAnchor, prometheus.GaugeValue, max(0, now.Sub(at).Seconds()))
	}
	ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, float64(max(0, st.AuditSeq-seq)))
}

// timedStore is the flows.Store the engine writes through: it times the
// updates that import a list or write a file for the station, from the
// start of their transaction to its commit (what the person waits for).
type timedStore struct {
	store.Flows
	m *serverMetrics
}

// Update runs fn as store.Flows does and observes its duration when it
// committed an import or an export.
func (t timedStore) Update(ctx context.Context, fn func(ctx context.Context, r flows.Repo) error) error {
	var start time.Time
	var seen *timedRepo
	err := t.Flows.Update(ctx, func(ctx context.Context, r flows.Repo) error {
		start, seen = time.Now(), &timedRepo{Repo: r}
		return fn(ctx, seen)
	})
	if err != nil || seen == nil {
		return err
	}
	if seen.imported {
		t.m.imports.Observe(time.Since(start).Seconds())
	}
	if seen.exported {
		t.m.exports.Observe(time.Since(start).Seconds())
	}
	return nil
}

// timedRepo notes, on the way to the real Repo, that a transaction
// finished an import or wrote an export file.
type timedRepo struct {
	flows.Repo
	imported, exported bool
}

// FinishImport notes the import.
func (r *timedRepo) FinishImport(ctx context.Context, actor flows.Actor, importID int64, rows int) error {
	err := r.Repo.FinishImport(ctx, actor, importID, rows)
	r.imported = r.imported || err == nil
	return err
}

// Audit notes an export: every file written for the station is audited
// as one (flows.WriteExport, flows.WriteHandoverFile).
func (r *timedRepo) Audit(ctx context.Context, actor flows.Actor, e flows.AuditEntry) (flows.AuditEntry, error) {
	e, err := r.Repo.Audit(ctx, actor, e)
	r.exported = r.exported || (err == nil && e.Action == "export")
	return e, err
}
