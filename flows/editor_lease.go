package flows

import (
	"errors"
	"slices"
)

// The open record is leased to the person working on it, so two people do
// not correct the same card at once. These are the editor's lease steps
// and the two ways an action reaches the open record: a card's button and
// typed text.

// pressedRecord reads the record a card's button is about; the card the
// button was on is done with. ok is false when the record cannot be read or
// has changed since the card was sent; the person has then been told.
func (t *editor) pressedRecord(p press) (rec Record, ok bool, err error) {
	t.unbutton()
	rec, err = t.repo.Record(t.ctx, t.actor(), p.Rec)
	if err != nil {
		return rec, false, t.fail(err)
	}
	if rec.Version != p.Ver || !t.rules.open(rec.State) {
		return rec, false, t.stale(rec)
	}
	return rec, true, nil
}

// typedRecord reads the open record for text typed at one of steps, the
// role's steps that take text, and renews its lease. At any other step it
// answers with idle, the role's hint. ok is false then, and when the record
// cannot be read, has changed since its card, or someone else holds it;
// the person has then been told.
func (t *editor) typedRecord(idle string, steps ...step) (rec Record, ok bool, err error) {
	if !slices.Contains(steps, t.c.Step) {
		t.say(idle)
		return rec, false, nil
	}
	rec, err = t.repo.Record(t.ctx, t.actor(), t.c.RecordID)
	if err != nil {
		t.c.reset()
		return rec, false, t.fail(err)
	}
	if rec.Version != t.c.Version || !t.rules.open(rec.State) {
		return rec, false, t.stale(rec)
	}
	held, err := t.holdLease(rec.ID)
	return rec, err == nil && held, err
}

// leasedBy tells the person who is working on the record.
func (t *editor) leasedBy(holder int64) error {
	who, err := t.repo.Member(t.ctx, holder)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	name := who.Name
	if name == "" {
		name = t.T("someone")
	}
	t.send(Out{Text: t.T("lease.taken", name), Buttons: [][]Button{{{Text: t.T("btn.next"), Data: t.rules.next}}}})
	return nil
}

// holdLease renews the person's lease of the open record before anything
// they do to it is saved. When the lease ran out and someone else took the
// record meanwhile, their work wins: the person is told who has it, the
// draft is dropped and nothing is saved.
func (t *editor) holdLease(recordID int64) (bool, error) {
	held, err := t.takeLease(recordID)
	if err == nil && !held {
		t.c.reset()
	}
	return held, err
}

// takeLease leases the record to the person, or renews their lease,
// unless someone else holds it: then the person is told who, and held is
// false.
func (t *editor) takeLease(recordID int64) (held bool, err error) {
	holder, err := t.app.Sessions.Lease(t.ctx, recordID, t.member.ID, t.app.leaseTTL())
	if err != nil {
		return false, err
	}
	if holder != t.member.ID {
		return false, t.leasedBy(holder)
	}
	return true, nil
}

// releaseOthers gives up the lease of the record open before this one.
func (t *editor) releaseOthers(keep int64) {
	if t.c.RecordID != 0 && t.c.RecordID != keep {
		t.releaseLease()
	}
}

// releaseLease gives up the lease of the open record.
func (t *editor) releaseLease() {
	if t.c.RecordID == 0 || t.member.ID == 0 {
		return
	}
	// A failed release only keeps the record reserved until its lease
	// expires; it is not worth failing the person's action for.
	_ = t.app.Sessions.Release(t.ctx, t.c.RecordID, t.member.ID)
}
