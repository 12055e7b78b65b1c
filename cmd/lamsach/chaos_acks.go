package main

import (
	"fmt"
	"maps"
	"slices"

	"lamsach/bot/telegramtest"
)

// countAcks counts the saves a person was told of: one at most per act (a
// second acknowledgement is a duplicate, counted as such). An
// acknowledgement is the act's when its update's outbox item records it,
// or when no item records it and the act's update had a reply given up
// on, which it may be. Any other unrecorded one among the act's replies is
// a second copy of an earlier act's, sent again after a crash: it comes
// after the person moved on when they were one reply behind (see
// judgeActs), and the act that queued it has counted it already.
func (r *chaosReport) countAcks(police bool, act chaosAct, seg []telegramtest.Message, recorded map[int]int64, rows []outboxRow) {
	if !act.tap() {
		return
	}
	dropped := slices.ContainsFunc(rows, func(o outboxRow) bool { return o.state == "dropped" })
	own, copied := false, false
	for _, m := range seg {
		if !isAck(m) {
			continue
		}
		if _, ok := recorded[m.ID]; ok || dropped {
			own = true
		} else {
			copied = true
		}
	}
	switch {
	case own && police:
		r.PoliceAcks++
		r.ackedRecord("confirmed", act)
	case own:
		r.VillageAcks++
		r.ackedRecord("reviewed", act)
	case copied:
		r.AckCopies++
	}
}

// ackedRecord notes that act's record was acknowledged as entering state.
func (r *chaosReport) ackedRecord(state string, act chaosAct) {
	if act.Record == 0 {
		return
	}
	if r.acked == nil {
		r.acked = map[string]map[int64]int64{}
	}
	if r.acked[state] == nil {
		r.acked[state] = map[int64]int64{}
	}
	r.acked[state][act.Record] = act.Update
}

// judgeEffects checks that each record was reviewed and confirmed at most
// once, and that no person was told of a save that did not happen: no
// more acknowledgements than saves, and each acknowledged record's save in
// the audit log (named in the notes when not).
func (r *chaosReport) judgeEffects(d *chaosDB) {
	for state, recs := range d.applied {
		for rec, n := range recs {
			if n > 1 {
				r.Twice++
				r.note(fmt.Sprintf("record %d entered %s %d times", rec, state, n))
			}
		}
	}
	r.Reviews, r.Confirms = len(d.applied["reviewed"]), len(d.applied["confirmed"])
	missing := 0
	for _, state := range []string{"reviewed", "confirmed"} {
		recs := r.acked[state]
		for _, rec := range slices.Sorted(maps.Keys(recs)) {
			if d.applied[state][rec] == 0 {
				missing++
				// Past the notes' limit too: the one problem to start from.
				r.Notes = append(r.Notes, fmt.Sprintf("update %d: record %d acknowledged as %s, not in the audit log",
					recs[rec], rec, state))
			}
		}
	}
	beyond := max(0, r.VillageAcks-r.Reviews) + max(0, r.PoliceAcks-r.Confirms)
	r.AckedUnsaved = max(missing, beyond)
}
