package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// chaosReport holds a run's figures and the problems found.
type chaosReport struct {
	Seed            uint64
	KillCopiesOK    bool           // see chaosConfig
	Rounds          map[string]int // by fault kind
	Village, Police int
	Sessions        string
	Elapsed         time.Duration
	Settled         time.Duration // the wait after the last round

	Updates, Handled, Answered int
	Losses                     map[string]int // acts lost, by cause
	LossesAfter                map[string]int // acts lost, by the fault before them
	Doubles                    int            // acts shown more replies than they queued
	DoublesAfter               map[string]int
	Replies, Delivered         int
	Undelivered                int            // still queued at the end
	DropReasons                map[string]int // replies given up on, by reason
	Copies                     int            // second copies of a message among those
	Reported                   int            // dropped as uncertain, not in the chat, the person told
	OutOfOrder                 int
	Reviews, Confirms          int // records reviewed and confirmed, in the audit log
	VillageAcks, PoliceAcks    int // acknowledgements of those saves the people saw
	AckCopies                  int // acts shown an acknowledgement only as a second copy of another act's
	Twice                      int // records that entered the same state twice
	AckedUnsaved               int // acknowledgements beyond the saves made

	Restart       []time.Duration
	Recovery      map[string]time.Duration // longest, by fault kind
	Unrecovered   map[string]int           // faults after which some earlier act was never answered, by kind
	SlowestAnswer time.Duration
	Early         int            // calls made before a 429's retry_after elapsed
	Violations    map[string]int // Telegram limits broken, by rule (retry_after ones included)
	Integrity     string
	AuditOK       bool
	Audit         string
	Notes         []string // the first problems, to start an investigation from
	NoteLimit     int      // how many problems Notes keeps

	events []chaosEvent
	start  time.Time
	acked  map[string]map[int64]int64 // state → record acknowledged as entering it → the update of the act
}

func newChaosReport(c *chaos) *chaosReport {
	r := &chaosReport{Seed: c.cfg.Seed, KillCopiesOK: c.cfg.KillCopiesOK, NoteLimit: cmp.Or(c.cfg.Problems, 12), Rounds: map[string]int{}, Sessions: "sqlite",
		Losses: map[string]int{}, LossesAfter: map[string]int{}, DoublesAfter: map[string]int{},
		DropReasons: map[string]int{}, Recovery: map[string]time.Duration{}, Unrecovered: map[string]int{},
		Violations: map[string]int{},
		events:     c.events}
	if c.redis != nil {
		r.Sessions = "redis"
	}
	for _, p := range c.people {
		if p.police {
			r.Police++
		} else {
			r.Village++
		}
		if len(p.acts) > 0 && (r.start.IsZero() || p.acts[0].Sent.Before(r.start)) {
			r.start = p.acts[0].Sent
		}
	}
	for _, ev := range c.events {
		r.Rounds[ev.Kind]++
	}
	return r
}

// faultBefore names the fault that most likely explains a problem with
// act: for an answered act the last fault to begin before its answer came;
// for one never answered the first fault still on when it was made.
func (r *chaosReport) faultBefore(act chaosAct) string {
	kind := "none"
	for _, ev := range r.events {
		switch {
		case act.Answered.IsZero() && !ev.End.Before(act.Sent):
			return ev.Kind
		case !act.Answered.IsZero() && !ev.At.After(act.Answered):
			kind = ev.Kind
		}
	}
	return kind
}

// lose counts act as lost for cause, with detail for the notes.
func (r *chaosReport) lose(act chaosAct, cause, detail string) {
	r.Losses[cause]++
	after := r.faultBefore(act)
	r.LossesAfter[after]++
	r.note(fmt.Sprintf("update %d (%s at +%.1fs, after %s): %s %s", act.Update, act.Kind, r.since(act.Sent), after, cause, detail))
}

// double counts act as answered more than once.
func (r *chaosReport) double(act chaosAct, detail string) {
	r.doubleAfter(act, r.faultBefore(act), detail)
}

// doubleCopy counts act as shown a second copy of a reply. Only a kill
// between Telegram's answer and the outbox's record makes one, so it is
// put down to a kill made after the act, when there was one, even if
// another fault began later, before the answer came; or to the last kill
// before the act, when a shorter fault came between that kill and the act
// (the copy of an earlier reply, shown among this act's).
func (r *chaosReport) doubleCopy(act chaosAct, detail string) {
	after := r.faultBefore(act)
	for _, ev := range r.events {
		if ev.Kind == "kill" && (ev.At.After(act.Sent) || act.Answered.IsZero() || !ev.At.After(act.Answered)) {
			after = "kill"
			break
		}
	}
	r.doubleAfter(act, after, detail)
}

func (r *chaosReport) doubleAfter(act chaosAct, after, detail string) {
	r.Doubles++
	r.DoublesAfter[after]++
	r.note(fmt.Sprintf("update %d (%s at +%.1fs, after %s): %s", act.Update, act.Kind, r.since(act.Sent), after, detail))
}

func (r *chaosReport) since(t time.Time) float64 { return t.Sub(r.start).Seconds() }

// note keeps the first problems for the printout.
func (r *chaosReport) note(s string) {
	if len(r.Notes) < r.NoteLimit {
		r.Notes = append(r.Notes, s)
	}
}

func (r *chaosReport) lost() int    { return sum(r.Losses) }
func (r *chaosReport) doubled() int { return r.Doubles + r.Twice }

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// byKind lists counts as "kill 21, redis 1", in the kinds' order.
func byKind[V comparable](m map[string]V, show func(V) string) string {
	var parts []string
	for _, k := range append(append([]string{}, chaosKinds...), "none") {
		if v, ok := m[k]; ok {
			parts = append(parts, k+" "+show(v))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(chaosKinds, k) && k != "none" {
			parts = append(parts, k+" "+show(m[k]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func itoa(n int) string { return fmt.Sprint(n) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// print writes the figures.
func (r *chaosReport) print(w io.Writer) {
	p := func(label, format string, args ...any) {
		fmt.Fprintf(w, "%-34s %s\n", label, fmt.Sprintf(format, args...))
	}
	fmt.Fprintf(w, "\nlamsach chaos: seed %d, village members %d, police officers %d, sessions in %s, %s\n",
		r.Seed, r.Village, r.Police, r.Sessions, r.Elapsed.Round(time.Second))
	p("Rounds", "%d (%s)", sum(r.Rounds), byKind(r.Rounds, itoa))
	p("Updates sent by the people", "%d", r.Updates)
	p("  handled exactly once", "%d", r.Handled)
	p("  set aside / never handled", "%d / %d", r.Losses["set aside"], r.Losses["never handled"])
	p("Actions answered exactly once", "%d of %d", r.Answered, r.Updates)
	p("Replies queued for them", "%d", r.Replies)
	p("  delivered", "%d", r.Delivered)
	p("  dropped / still queued", "%d (%s) / %d", sum(r.DropReasons), byReason(r.DropReasons), r.Undelivered)
	p("  dropped, the person told it may be missing", "%d", r.Reported)
	p("  second copies in chats", "%d", r.Copies)
	p("  out of order", "%d", r.OutOfOrder)
	p("Saves in the audit log", "%d reviews, %d confirmations; %d applied twice", r.Reviews, r.Confirms, r.Twice)
	p("  acknowledgements seen", "%d reviews, %d confirmations; %d more only as second copies", r.VillageAcks, r.PoliceAcks, r.AckCopies)
	p("LOSSES", "%d (by cause: %s; by the fault before: %s)", r.lost(), byReason(r.Losses), byKind(r.LossesAfter, itoa))
	p("DUPLICATES", "%d (actions shown extra replies %d, with %d second copies; saves applied twice %d; by the fault before: %s)",
		r.doubled(), r.Doubles, r.Copies, r.Twice, byKind(r.DoublesAfter, itoa))
	if len(r.Restart) > 0 {
		var total, most time.Duration
		for _, d := range r.Restart {
			total += d
			most = max(most, d)
		}
		p("Restart after SIGKILL", "mean %s, max %s", secs(total/time.Duration(len(r.Restart))), secs(most))
	}
	// Recovery: from a fault's end until every action made before it was
	// answered.
	p("Recovery after the fault, max", "%s", byKind(r.Recovery, secs))
	if len(r.Unrecovered) > 0 {
		p("  faults never recovered from", "%s", byKind(r.Unrecovered, itoa))
	}
	p("Slowest answer", "%s; waited for the last ones %s", secs(r.SlowestAnswer), secs(r.Settled))
	p("Calls before retry_after", "%d", r.Early)
	p("Telegram limits broken", "%d (%s)", sum(r.Violations), byReason(r.Violations))
	p("PRAGMA integrity_check", "%s", r.Integrity)
	p("lamsach audit verify", "%s", r.Audit)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  problem: %s\n", n)
	}
	if err := r.verdict(); err != nil {
		fmt.Fprintf(w, "Verdict: FAIL (%v)\n", err)
	} else {
		fmt.Fprintln(w, "Verdict: PASS")
	}
}

func byReason(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// verdict is nil only when nothing was lost, doubled, reordered or
// damaged.
func (r *chaosReport) verdict() error {
	var bad []string
	if n := r.lost(); n > 0 {
		bad = append(bad, fmt.Sprintf("%d actions lost", n))
	}
	n := r.doubled()
	if r.KillCopiesOK {
		n -= r.DoublesAfter["kill"]
	}
	if n > 0 {
		bad = append(bad, fmt.Sprintf("%d duplicates", n))
	}
	if r.OutOfOrder > 0 {
		bad = append(bad, fmt.Sprintf("%d replies out of order", r.OutOfOrder))
	}
	if r.AckedUnsaved > 0 {
		bad = append(bad, fmt.Sprintf("%d saves acknowledged but not in the audit log", r.AckedUnsaved))
	}
	if r.Integrity != "ok" {
		bad = append(bad, "integrity check: "+r.Integrity)
	}
	if !r.AuditOK {
		bad = append(bad, "audit verify: "+r.Audit)
	}
	if r.Updates == 0 {
		bad = append(bad, "the people made no updates")
	}
	if len(bad) == 0 {
		return nil
	}
	return errors.New(strings.Join(bad, "; "))
}
