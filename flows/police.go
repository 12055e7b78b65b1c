package flows

import (
	"context"
	"strings"
)

// ReturnOther is the return reason that needs a note.
const ReturnOther = "other"

// ReturnReasons are why the police send a record back to its village, as
// codes; the catalogs name them ("reason.typo"). "moved" and "deceased"
// share their texts with the village's not-found reasons.
var ReturnReasons = []string{"wrong_person", "typo", "not_in_db", "duplicate", "moved", "deceased", ReturnOther}

// stepReturnNote waits for the note of a return (policeState.Return is set).
const stepReturnNote step = "p.rnote"

// policeState is a police officer's conversation state beyond the shared
// record fields (RecordID, Version, Draft…): the return reason chosen while
// the note is asked for.
type policeState struct {
	Return string `json:"ret,omitempty"`
	// NoSign is the digest tag of the signing the officer declined, so
	// that question's [Ký] button no longer signs.
	NoSign string `json:"nosign,omitempty"`
}

// policeRepo is what the police conversation needs from storage. Each
// method checks in its own queries that the actor is an active police
// member of the commune (or the operator, except for signing).
type policeRepo interface {
	recordRepo
	// PoliceQueue returns up to limit reviewed records of the actor's
	// commune, oldest review first, skipping the ids in skip.
	PoliceQueue(ctx context.Context, actor Actor, skip []int64, limit int) ([]Record, error)
	// Recipients lists the commune's active members of role with a chat;
	// for villages, those of villageID.
	Recipients(ctx context.Context, actor Actor, communeID int64, role Role, villageID int64) ([]Member, error)
	// SignSummary counts and digests the confirmed records not yet signed.
	SignSummary(ctx context.Context, actor Actor, communeID int64) (SignSummary, error)
	// SignHandover signs them into the next handover if their digest is
	// digest (ErrConflict otherwise); Number 0 means nothing to sign.
	SignHandover(ctx context.Context, actor Actor, communeID int64, digest string) (Handover, []Record, error)
	// SharedIDs returns which of the records' ID numbers another record
	// of the commune also holds.
	SharedIDs(ctx context.Context, actor Actor, communeID int64, ids []int64) (map[int64]bool, error)
	// Handover reads a signed handover and its records.
	Handover(ctx context.Context, actor Actor, communeID int64, number int) (Handover, []Record, error)
}

// reviewCmd is /review: the next reviewed record, from the start of the
// queue.
func (t *policeHandler) reviewCmd() error {
	t.releaseLease()
	t.c.reset()
	return t.policeNext()
}

// button handles a press on one of the police buttons. Buttons about
// a record carry its version; a press on an older version, or on a record
// no longer waiting for the police, changes nothing.
func (t *policeHandler) button() error {
	p, ok := parsePress(t.ev.Data)
	if !ok {
		t.say("button.unknown")
		return nil
	}
	switch p.Act {
	case "pnext":
		t.releaseLease()
		t.c.reset()
		return t.policeNext()
	case "psum":
		return t.signSummary()
	case "psign":
		return t.signAsk(p)
	case "psgy":
		t.unbutton()
		return t.signDo(p)
	case "psgn":
		t.unbutton()
		t.c.Police = &policeState{NoSign: p.Arg}
		t.say("police.sign.cancelled")
		return nil
	}
	if p.Rec == 0 {
		t.say("button.unknown")
		return nil
	}
	rec, ok, err := t.pressedRecord(p)
	if !ok {
		return err
	}
	if held, err := t.holdLease(rec.ID); err != nil || !held {
		return err
	}
	if t.c.RecordID != rec.ID || t.c.Version != rec.Version {
		// A press on a card from before the officer moved on: take the
		// record up again, without a draft made for another version.
		t.releaseOthers(rec.ID)
		t.c = convo{Step: stepCard, RecordID: rec.ID, Version: rec.Version, Skipped: t.c.Skipped}
	}
	return t.policeAction(rec, p)
}

// text handles typed text: a value being asked for, QR text, or the
// note of a return.
func (t *policeHandler) text() error {
	text := strings.TrimSpace(t.ev.Text)
	rec, ok, err := t.typedRecord("police.text.idle", stepEdit, stepQR, stepCard, stepConfirm, stepReturnWhy, stepReturnNote)
	if !ok {
		return err
	}
	switch {
	case t.c.Step == stepEdit:
		return t.editValue(rec, text)
	case t.c.Step == stepReturnNote:
		return t.returnNote(rec, text)
	case t.c.Step == stepQR || strings.Count(text, "|") >= 4:
		return t.qrValue(rec, text)
	}
	t.useButtons()
	return nil
}
