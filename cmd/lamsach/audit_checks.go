package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"lamsach/store"
)

// verification is what audit verify found: each check's report, and one
// summary per check that failed, for the closing error line.
type verification struct {
	chain       store.AuditReport
	anchors     store.AnchorReport
	head        *store.SignedHead
	headProblem *store.AnchorProblem
	records     store.ReplayReport
	current     store.SignedHead // the signed head now, when the chain holds
	failed      []string
}

// runChecks runs every check of audit verify on db.
func runChecks(ctx context.Context, db *store.DB, head *store.SignedHead) (*verification, error) {
	v := &verification{head: head}
	err := db.View(ctx, func(tx *store.Tx) (err error) {
		if v.chain, err = tx.VerifyAudit(ctx); err != nil {
			return err
		}
		v.records, err = tx.ReplayRecords(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if v.anchors, err = db.CheckAnchors(ctx); err != nil {
		return nil, err
	}
	if head != nil {
		if v.headProblem, err = db.CheckHead(ctx, *head); err != nil {
			return nil, err
		}
	}
	if v.chain.OK && v.chain.Entries > 0 {
		if v.current, err = db.Head(ctx); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// print writes the report, one line per check and one per problem.
func (v *verification) print(e *env) {
	w := e.stdout
	c := v.chain
	switch {
	case c.OK:
		fmt.Fprintf(w, "audit log intact: %d entries, keyed from seq %d (key %s)\n", c.Entries, c.KeyedFrom, c.KeyID)
	case c.Problem == store.AuditUnkeyed:
		fmt.Fprintf(w, "audit log not keyed (%d entries): %s\n", c.Entries, c.Detail)
		v.fail("audit log not keyed")
	default:
		fmt.Fprintf(w, "audit log damaged at seq %d: %s (%s); %d entries before it are intact\n", c.BadSeq, c.Problem, c.Detail, c.Entries)
		v.fail(fmt.Sprintf("audit log damaged at seq %d: %s", c.BadSeq, c.Problem))
	}
	v.printAnchors(e)
	if v.head != nil {
		if p := v.headProblem; p != nil {
			fmt.Fprintf(w, "head %d: %s: %s\n", v.head.Seq, p.Kind, p.Detail)
			v.fail(fmt.Sprintf("the head given (seq %d) does not hold", v.head.Seq))
		} else {
			fmt.Fprintf(w, "head %d: holds\n", v.head.Seq)
		}
	}
	r := v.records
	if n := len(r.Problems) + r.More; n > 0 {
		fmt.Fprintf(w, "records: %d checked, %d problems:\n", r.Records, n)
		for _, p := range r.Problems {
			fmt.Fprintf(w, "  %s\n", recordProblem(p))
		}
		more(w, r.More)
		v.fail(fmt.Sprintf("%d record problems: values the audit log does not explain", n))
	} else {
		fmt.Fprintf(w, "records: %d agree with their audit history (%d changes replayed)\n", r.Records, r.Changes)
	}
	if v.current.Seq > 0 {
		fmt.Fprintf(w, "head: %s\n", v.current)
	}
}

func (v *verification) printAnchors(e *env) {
	w, a := e.stdout, v.anchors
	n := len(a.Problems) + a.More
	switch {
	case !a.Found:
		fmt.Fprintf(w, "anchors: none yet (no file %s): the bot writes one every few minutes and after each export and handover\n", a.File)
	case n == 0:
		fmt.Fprintf(w, "anchors: %d in %s hold; the latest is seq %d of %s\n", a.Anchors, a.File, a.Last.Seq, showTime(a.LastAt))
	default:
		fmt.Fprintf(w, "anchors: %d problems in %s:\n", n, a.File)
		for _, p := range a.Problems {
			fmt.Fprintf(w, "  line %d", p.Line)
			if !p.At.IsZero() {
				fmt.Fprintf(w, " (%s)", showTime(p.At))
			}
			if p.Seq > 0 {
				fmt.Fprintf(w, ", seq %d", p.Seq)
			}
			fmt.Fprintf(w, ": %s: %s\n", p.Kind, p.Detail)
		}
		more(w, a.More)
		v.fail(fmt.Sprintf("%d anchors do not hold", n))
	}
}

func (v *verification) fail(s string) { v.failed = append(v.failed, s) }

// recordProblem is one line naming a record problem: ids, a field name and
// a seq, never a value.
func recordProblem(p store.RecordProblem) string {
	var parts []string
	if p.RecordID != 0 {
		parts = append(parts, fmt.Sprintf("record %d", p.RecordID))
	}
	if p.Field != "" {
		parts = append(parts, "field "+p.Field)
	}
	if p.Seq != 0 {
		parts = append(parts, fmt.Sprintf("entry %d", p.Seq))
	}
	if len(parts) == 0 {
		return p.Detail
	}
	return strings.Join(parts, ", ") + ": " + p.Detail
}

// more says how many problems were not listed.
func more(w io.Writer, n int) {
	if n > 0 {
		fmt.Fprintf(w, "  … and %d more\n", n)
	}
}
