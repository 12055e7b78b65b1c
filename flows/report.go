package flows

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"lamsach/flows/msg"
)

// reportStates are the states in a record's order of life: the report's
// columns and the chart's stacking order, waiting work first.
var reportStates = []State{StateImported, StateAssigned, StateReturned, StateReviewed, StateConfirmed,
	StateSigned, StateExported, StateEntered, StateVerified, StateStillWrong}

// reportRow is one village's line of the report.
type reportRow struct {
	Name   string
	Counts map[State]int
	Total  int
}

// reportRows orders the counts by village name, the records without a
// village last, leaving out villages with no records.
func reportRows(counts map[int64]map[State]int, vs []Village, none string) []reportRow {
	var rows []reportRow
	add := func(name string, byState map[State]int) {
		r := reportRow{Name: name, Counts: byState}
		for _, n := range byState {
			r.Total += n
		}
		if r.Total > 0 {
			rows = append(rows, r)
		}
	}
	seen := map[int64]bool{0: true}
	for _, v := range vs {
		seen[v.ID] = true
		add(v.Name, counts[v.ID])
	}
	// A village merged or gone while its records were counted: rare, and
	// still better shown than dropped.
	for _, id := range slices.Sorted(maps.Keys(counts)) {
		if !seen[id] {
			add(fmt.Sprintf("#%d", id), counts[id])
		}
	}
	add(none, counts[0])
	return rows
}

// reportRepo is what /report reads.
type reportRepo interface {
	CommuneCounts(ctx context.Context, actor Actor, communeID int64) (map[int64]map[State]int, error)
	Audit(ctx context.Context, actor Actor, e AuditEntry) (AuditEntry, error)
	passportReader // the days of step 5 reported and missed
}

// report is /report for the station.
func (t *stationHandler) report() error { return t.showReport(t.repo, "") }

// report is /report for the coordinator, who also hears how to assign the
// records without a village.
func (t *coordHandler) report() error { return t.showReport(t.repo, "report.assign") }

// showReport shows the commune's progress: counts per village and state as
// compact text, then the same as a chart; unassigned names the hint shown
// when some records have no village. The station's daily reports of
// vaccine passports this month (step 5) come with both. The bulk view is
// written to the audit log.
func (t *turn) showReport(r reportRepo, unassigned string) error {
	counts, err := r.CommuneCounts(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.fail(err)
	}
	c, err := t.repo.Commune(t.ctx, t.member.CommuneID)
	if err != nil {
		return err
	}
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return err
	}
	sortVillages(vs)
	pm, err := t.passportMonthOf(r, c, monthStart(t.now, t.zone()))
	if err != nil {
		return t.fail(err)
	}
	rows := reportRows(counts, vs, t.T("report.none"))
	total, byState := sumRows(rows)
	if total == 0 {
		t.send(Out{Text: t.T("report.empty") + "\n" + t.passportLines(pm)})
		return nil
	}
	waiting := byState[StateImported] + byState[StateAssigned] + byState[StateReturned]
	if _, err := r.Audit(t.ctx, t.actor(), AuditEntry{CommuneID: c.ID, Action: "report", Source: SourceChat,
		Reason: fmt.Sprintf("%d records, %d villages", total, len(rows))}); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.T("report.head", c.Name, t.when(t.now)))
	if !c.Deadline.IsZero() {
		b.WriteString("\n" + t.T("report.deadline", t.date(c.Deadline), t.left(c.Deadline)))
	}
	done := total - waiting
	b.WriteString("\n" + t.T("report.total", total, done, done*100/total))
	b.WriteString("\n" + t.passportLines(pm))
	t.villageLines(&b, rows)
	if counts[0] != nil && unassigned != "" {
		b.WriteString("\n" + t.T(unassigned))
	}
	t.send(Out{Text: b.String()})
	png, err := reportChart(t.lang, rows, t.T("report.chart_title", c.Name, t.date(t.now)), pm)
	if err != nil {
		return fmt.Errorf("report chart: %w", err)
	}
	t.send(Out{Kind: OutPhoto, Text: t.T("report.caption"), File: &File{Name: "tien-do.png", Data: png}})
	return nil
}

// sumRows counts the records of all rows, in all and by state.
func sumRows(rows []reportRow) (total int, byState map[State]int) {
	byState = map[State]int{}
	for _, r := range rows {
		total += r.Total
		for s, n := range r.Counts {
			byState[s] += n
		}
	}
	return total, byState
}

// villageLines writes a line a village, its count by state, for as many
// villages as fit one message; the rest are counted in a last line.
func (t *turn) villageLines(b *strings.Builder, rows []reportRow) {
	for i, r := range rows {
		if !fits(b, r.Name) {
			b.WriteString("\n" + t.T("report.more", len(rows)-i))
			return
		}
		var parts []string
		for _, s := range reportStates {
			if n := r.Counts[s]; n > 0 {
				parts = append(parts, t.T("report.part", t.T("report.state."+string(s)), n))
			}
		}
		b.WriteString("\n" + t.T("report.line", r.Name, r.Total, msg.Raw(strings.Join(parts, " · "))))
	}
}
