package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"lamsach/flows"
)

// RecordProblem is a record whose stored values the audit log does not
// explain. It names fields and entries, never values: values are personal
// data.
type RecordProblem struct {
	RecordID int64 // 0 for a problem of a whole import
	Field    string
	Seq      int64 // the entry concerned; 0 when none
	Detail   string
}

// maxRecordProblems is how many problems a replay lists; the rest are
// counted.
const maxRecordProblems = 50

// ReplayReport is the result of replaying the records' audit histories.
type ReplayReport struct {
	Records  int // records replayed
	Changes  int // record.update entries applied
	Problems []RecordProblem
	More     int // problems beyond those listed
}

func (r *ReplayReport) add(p RecordProblem) {
	r.Problems = addCapped(r.Problems, &r.More, p, maxRecordProblems)
}

// OK reports whether every record agrees with its history.
func (r ReplayReport) OK() bool { return len(r.Problems) == 0 && r.More == 0 }

// historyEntry is the part of an audit entry the replay needs.
type historyEntry struct {
	recordID, seq           int64
	action, field, old, new string
}

// ReplayRecords replays each record's audited changes (auditedFields) and
// reports every record whose stored values are not where its history leads:
// a record changed in the records table without an audit entry.
//
// What is covered: every field of auditedFields from its first audited
// change on, since each entry's old value must be the previous entry's new
// one and the last new value must be the stored one; the four personal
// fields and the review, confirmation, handover and export fields from the
// import on (the import's values are the orig_ columns, those fields start
// empty), and the state from its first value. Not covered: phone, code,
// problem and village as imported (no entry records them until they first
// change), and the orig_ columns of a field never changed, when changed
// together with the field. Also reported: a record with neither an import
// nor a record.create entry, a record removed while its history was not
// purged, and an import whose record count differs from its records.import
// entries. The audit entries are taken as they are: VerifyAudit checks them.
func (tx *Tx) ReplayRecords(ctx context.Context) (ReplayReport, error) {
	var rep ReplayReport
	if err := tx.replayHistories(ctx, &rep); err != nil {
		return rep, fmt.Errorf("replay records: %w", err)
	}
	if err := tx.checkImportCounts(ctx, &rep); err != nil {
		return rep, fmt.Errorf("replay records: %w", err)
	}
	return rep, nil
}

// replayHistories walks the records in id order beside their unpurged
// audit entries in (record, seq) order, a merge of two streams: memory
// holds one record's history at a time.
func (tx *Tx) replayHistories(ctx context.Context, rep *ReplayReport) error {
	recs, err := tx.query(ctx, recordSelect+` WHERE `+published+` ORDER BY r.id`)
	if err != nil {
		return err
	}
	defer recs.Close()
	ents, err := tx.query(ctx, `SELECT record_id, seq, action, field, old, new FROM audit
		WHERE record_id IS NOT NULL AND purged = 0 ORDER BY record_id, seq`)
	if err != nil {
		return err
	}
	defer ents.Close()
	next := newHistoryReader(ents)
	for recs.Next() {
		r, err := scanRecord(recs)
		if err != nil {
			return err
		}
		if err := next.orphansBefore(r.ID, rep); err != nil {
			return err
		}
		hist, err := next.historyOf(r.ID)
		if err != nil {
			return err
		}
		replayOne(&r, hist, rep)
		rep.Records++
	}
	if err := recs.Err(); err != nil {
		return err
	}
	return next.orphansBefore(1<<63-1, rep)
}

// historyReader reads audit entries grouped by record, one entry ahead.
type historyReader struct {
	rows    *sql.Rows
	peeked  *historyEntry
	done    bool
	history []historyEntry // reused between records
}

func newHistoryReader(rows *sql.Rows) *historyReader { return &historyReader{rows: rows} }

// peek returns the next entry without taking it; nil at the end.
func (h *historyReader) peek() (*historyEntry, error) {
	if h.peeked != nil || h.done {
		return h.peeked, nil
	}
	if !h.rows.Next() {
		h.done = true
		return nil, h.rows.Err()
	}
	var e historyEntry
	if err := h.rows.Scan(&e.recordID, &e.seq, &e.action, &e.field, &e.old, &e.new); err != nil {
		return nil, err
	}
	h.peeked = &e
	return h.peeked, nil
}

// historyOf takes the entries of record id.
func (h *historyReader) historyOf(id int64) ([]historyEntry, error) {
	h.history = h.history[:0]
	for {
		e, err := h.peek()
		if err != nil || e == nil || e.recordID != id {
			return h.history, err
		}
		h.history = append(h.history, *e)
		h.peeked = nil
	}
}

// orphansBefore takes the entries of records with ids below id: records
// that are gone although their history was not purged.
func (h *historyReader) orphansBefore(id int64, rep *ReplayReport) error {
	for {
		e, err := h.peek()
		if err != nil || e == nil || e.recordID >= id {
			return err
		}
		gone := e.recordID
		hist, err := h.historyOf(gone)
		if err != nil {
			return err
		}
		rep.add(RecordProblem{RecordID: gone, Seq: hist[len(hist)-1].seq,
			Detail: fmt.Sprintf("the record is gone but its history of %d entries was not purged: removed behind lamsach's back", len(hist))})
	}
}

// replayOne replays one record's history against its stored values.
func replayOne(r *flows.Record, hist []historyEntry, rep *ReplayReport) {
	start := recordStart{village: idText(r.VillageID)}
	villageSeen := false
	for _, e := range hist {
		switch {
		case e.action == actionCreate:
			start.state = e.new
		case e.action == actionUpdate && e.field == "village" && !villageSeen:
			start.village, villageSeen = e.old, true
		}
	}
	if r.ImportID == 0 && start.state == "" {
		rep.add(RecordProblem{RecordID: r.ID,
			Detail: "the record has no import and no " + actionCreate + " entry: added behind lamsach's back"})
	}
	want := make([]string, len(auditedFields))
	known := make([]bool, len(auditedFields))
	last := make([]int64, len(auditedFields))
	for i, f := range auditedFields {
		want[i], known[i] = f.initial(r, start)
	}
	for _, e := range hist {
		i := fieldIndex(e.field)
		if e.action != actionUpdate || i < 0 {
			continue
		}
		if known[i] && e.old != want[i] {
			rep.add(RecordProblem{RecordID: r.ID, Field: e.field, Seq: e.seq,
				Detail: "the entry's old value is not the value the history had reached: changed without an entry before it"})
		}
		want[i], known[i], last[i] = e.new, true, e.seq
		rep.Changes++
	}
	for i, f := range auditedFields {
		if !known[i] || f.value(r) == want[i] {
			continue
		}
		detail := "the stored value is not the one its last entry wrote: changed without an entry since"
		if last[i] == 0 {
			detail = "the stored value is not the one it was made with, and no entry changed it"
		}
		rep.add(RecordProblem{RecordID: r.ID, Field: f.name, Seq: last[i], Detail: detail})
	}
}

// fieldIndex is the place of an audit field name in auditedFields, or -1
// for a field the replay does not follow.
func fieldIndex(name string) int {
	for i, f := range auditedFields {
		if f.name == name {
			return i
		}
	}
	return -1
}

// checkImportCounts compares, per import, the records stored with the
// counts its unpurged records.import entries logged: a record added to or
// removed from an import shows even when its own history says nothing.
func (tx *Tx) checkImportCounts(ctx context.Context, rep *ReplayReport) error {
	stored := map[int64]int64{}
	type count struct{ id, n int64 }
	counts, err := queryAll(ctx, tx, func(s scanner) (c count, err error) { return c, s.Scan(&c.id, &c.n) },
		`SELECT import_id, count(*) FROM records r WHERE import_id IS NOT NULL AND `+published+` GROUP BY import_id`)
	if err != nil {
		return err
	}
	for _, c := range counts {
		stored[c.id] = c.n
	}
	type logged struct{ reason, n string }
	entries, err := queryAll(ctx, tx, func(s scanner) (l logged, err error) { return l, s.Scan(&l.reason, &l.n) },
		`SELECT reason, new FROM audit WHERE action = ? AND purged = 0`, actionImport)
	if err != nil {
		return err
	}
	want := map[int64]int64{}
	for _, l := range entries {
		id, err1 := strconv.ParseInt(strings.TrimPrefix(l.reason, importReason), 10, 64)
		n, err2 := strconv.ParseInt(l.n, 10, 64)
		if !strings.HasPrefix(l.reason, importReason) || err1 != nil || err2 != nil {
			continue // a batch made outside an import (no import id) has no records to count
		}
		want[id] += n
	}
	ids := slices.Sorted(maps.Keys(stored))
	for id := range want {
		if _, ok := stored[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if want[id] != stored[id] {
			rep.add(RecordProblem{Detail: fmt.Sprintf("import %d has %d records but its %s entries count %d",
				id, stored[id], actionImport, want[id])})
		}
	}
	return nil
}
