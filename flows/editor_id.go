package flows

import (
	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// A record whose ID is missing or malformed cannot be marked right, nor
// confirmed, as it is (Record.IDReady): the editor asks for the number
// first, with two ways out: a valid number (typed or from the QR text) or
// the statement that the person has none.

// draftRecord is the record as the open draft would save it.
func (t *editor) draftRecord(rec Record) Record {
	rec.Fields = t.c.Draft.apply(rec.Fields)
	switch {
	case t.c.Draft != nil && t.c.Draft.NoID:
		rec.NoID, rec.Fields.ID = true, vn.ID{}
	case rec.Fields.ID.Number != "":
		rec.NoID = false
	}
	return rec
}

// askID explains why the record needs its ID before it is marked right,
// and offers the ways to give it.
func (t *editor) askID(rec Record) error {
	t.c.Step = stepCard
	why := t.T("id.needed.missing")
	if rec.IDRaw != "" {
		why = t.T("id.needed.malformed", rec.IDRaw)
	}
	id, v := rec.ID, rec.Version
	t.send(Out{Text: why + "\n" + t.T("id.needed.ask"), Personal: true, Buttons: [][]Button{
		{button(t.T("btn.edit_id"), "ed", id, v, "id"), button(t.T("btn.qr"), "qr", id, v, "")},
		{button(t.T("btn.no_id"), "noid", id, v, "")},
		{button(t.T("btn.back"), "back", id, v, "")},
	}})
	return nil
}

// setNoID records in the draft that the person has no ID number and shows
// what will be saved.
func (t *editor) setNoID(rec Record) error {
	if t.c.Draft == nil {
		t.c.Draft = &draft{}
	}
	t.c.Draft.NoID = true
	return t.confirmCard(rec, nil)
}

// noIDLine is the confirmation card's line for the statement, or "".
func (t *editor) noIDLine(rec Record) string {
	if t.c.Draft == nil || !t.c.Draft.NoID || rec.NoID {
		return ""
	}
	return t.T("change.no_id") + "\n"
}

// idLine is what a card says about a record's ID beyond its value: that
// the person has none, or that a valid number is still needed.
func idLine(l msg.Lang, rec Record) string {
	switch {
	case rec.NoID:
		return tr(l, "card.no_id") + "\n"
	case !rec.IDReady() && rec.Outcome != OutcomeNotFound:
		return tr(l, "card.id_needed") + "\n"
	}
	return ""
}
