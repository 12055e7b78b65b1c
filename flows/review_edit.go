package flows

import (
	"errors"
	"slices"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// editAction performs the card buttons the village and the police share:
// a field to correct, a choice for it, the QR paste, "no ID number". done
// is false for any other button, which is the role's own.
func (t *editor) editAction(rec Record, p press) (done bool, err error) {
	switch p.Act {
	case "noid":
		return true, t.setNoID(rec)
	case "ed":
		return true, t.askField(rec, vn.Field(p.Arg))
	case "g":
		return true, t.setChoice(rec, p.Arg)
	case "qr":
		t.c.Step = stepQR
		t.send(Out{Text: t.T("ask.qr"), Buttons: t.backButton(rec)})
		return true, nil
	}
	return false, nil
}

// askField asks for a new value of one field: by buttons when the field
// has choices, else as text.
func (t *editor) askField(rec Record, f vn.Field) error {
	s, ok := Spec(f)
	if !ok || !s.Card {
		t.say("button.unknown")
		return nil
	}
	t.c.Step, t.c.Field = stepEdit, f
	if len(s.Choices) > 0 {
		var row []Button
		for _, c := range s.Choices {
			row = append(row, button(t.T(string(f)+"."+c), "g", rec.ID, rec.Version, c))
		}
		t.send(Out{Text: t.T("ask." + string(f)), Buttons: [][]Button{row, {button(t.T("btn.back"), "back", rec.ID, rec.Version, "")}}})
		return nil
	}
	t.send(Out{Text: t.T("ask."+string(f), msg.Raw(s.Show(t.lang, t.c.Draft.apply(rec.Fields), true))), Buttons: t.backButton(rec)})
	return nil
}

// editValue validates a typed value for the field being edited. A value
// that fails gets the reason and the same question again; nothing changes.
func (t *editor) editValue(rec Record, text string) error {
	s, ok := Spec(t.c.Field)
	if !ok || !s.Card {
		t.c.Step = stepCard
		return t.rules.card(rec, "")
	}
	f := t.c.Draft.apply(rec.Fields)
	notices, bad := s.Parse(&f, text, t.now)
	if bad != nil {
		return t.retry(rec, *bad)
	}
	if t.c.Draft == nil {
		t.c.Draft = &draft{}
	}
	t.c.Draft.put(s, f)
	if s.Key == vn.FieldID {
		t.c.Draft.NoID = false
	}
	return t.confirmCard(rec, notices)
}

// setChoice takes a value from the buttons of the field being edited.
func (t *editor) setChoice(rec Record, value string) error {
	s, ok := Spec(t.c.Field)
	if !ok || !slices.Contains(s.Choices, value) {
		t.say("button.unknown")
		return nil
	}
	return t.editValue(rec, value)
}

// retry answers a value that failed validation: why, with an example, and
// the same question.
func (t *editor) retry(rec Record, is vn.Issue) error {
	t.send(Out{Text: t.T("edit.invalid", msg.Issue(t.lang, is)) + "\n" + t.T("ask."+string(t.c.Field)+".again"),
		Buttons: t.backButton(rec)})
	return nil
}

// qrValue reads pasted CCCD QR text into the draft: every field the QR
// code carries at once.
func (t *editor) qrValue(rec Record, text string) error {
	r := vn.ParseQR(text, t.now)
	if r.Err != nil {
		t.c.Step = stepQR
		t.send(Out{Text: t.T("edit.invalid", msg.Issue(t.lang, *r.Err)) + "\n" + t.T("ask.qr.again"), Buttons: t.backButton(rec)})
		return nil
	}
	d := &draft{FromQR: true}
	f := rec.Fields
	for _, s := range FieldSpecs {
		if s.FromQR != nil {
			s.FromQR(&f, r.QR)
			d.put(s, f)
		}
	}
	t.c.Draft = d
	return t.confirmCard(rec, r.Warnings)
}

// confirmCard shows old → new for every changed field, the warnings of the
// new values, and asks to save.
func (t *editor) confirmCard(rec Record, notices []vn.Issue) error {
	newFields := t.c.Draft.apply(rec.Fields)
	lines, n := changeLines(t.lang, rec.Fields, newFields)
	if l := t.noIDLine(rec); l != "" {
		lines, n = lines+l, n+1
	}
	if n == 0 {
		t.c.Step, t.c.Draft = stepCard, nil
		return t.rules.card(rec, t.T("confirm.nochange")+"\n\n")
	}
	t.c.Step = stepConfirm
	text := t.T("confirm.head") + "\n" + strings.TrimSuffix(lines, "\n")
	// Only the card's fields: the others are not edited here.
	var warns []vn.Issue
	for _, w := range append(notices, liveWarnings(rec, newFields)...) {
		if s, ok := Spec(w.Field); ok && s.Card {
			warns = append(warns, w)
		}
	}
	text += warnBlock(t.lang, dedupe(warns), newFields)
	if newFields.ID.Number != rec.Fields.ID.Number {
		twins, err := t.twins(rec, newFields)
		if err != nil {
			return err
		}
		text += twinLines(t.lang, twins)
	}
	t.send(Out{Text: text, Personal: true, Buttons: [][]Button{
		{button(t.T(t.rules.saveKey), "save", rec.ID, rec.Version, "")},
		{button(t.T("btn.more"), "more", rec.ID, rec.Version, ""), button(t.T("btn.drop"), "drop", rec.ID, rec.Version, "")},
	}})
	return nil
}

func dedupe(in []vn.Issue) []vn.Issue {
	var out []vn.Issue
	seen := map[vn.Issue]bool{}
	for _, is := range in {
		if !seen[is] {
			seen[is] = true
			out = append(out, is)
		}
	}
	return out
}

// saveDraft saves the draft as the review's correction.
func (t *villageHandler) saveDraft(rec Record) error {
	if !t.c.Draft.changed() {
		t.c.Step = stepCard
		return t.showCard(rec, "")
	}
	if !t.draftRecord(rec).IDReady() {
		return t.askID(rec)
	}
	if SameFields(t.c.Draft.apply(rec.Fields), rec.Fields) && !t.c.Draft.NoID {
		return t.saveReview(rec, OutcomeUnchanged, "")
	}
	return t.saveReview(rec, OutcomeCorrected, "")
}

// saveReview writes the review's outcome at the version the card showed,
// with the draft's fields, then opens the next record.
func (t *villageHandler) saveReview(rec Record, outcome Outcome, note string) error {
	src := SourceChat
	if t.c.Draft != nil && t.c.Draft.FromQR {
		src = SourceQR
	}
	f := t.c.Draft.apply(rec.Fields)
	ch := Change{Record: rec.ID, Version: t.c.Version, Action: ActReview, Fields: &f,
		Outcome: outcome, Note: note, Source: src, Reason: note, NoID: t.c.Draft != nil && t.c.Draft.NoID}
	if _, err := t.repo.ChangeRecord(t.ctx, t.actor(), ch); err != nil {
		if errors.Is(err, ErrIDNeeded) {
			return t.askID(rec)
		}
		if errors.Is(err, ErrConflict) {
			cur, err := t.repo.Record(t.ctx, t.actor(), rec.ID)
			if err != nil {
				return t.fail(err)
			}
			t.c.Draft = nil
			return t.stale(cur)
		}
		return t.fail(err)
	}
	t.releaseLease()
	t.c = convo{Skipped: t.c.Skipped}
	t.say("saved." + string(outcome))
	return t.next()
}

// where tells the person what they are doing: the question of the step
// they are at, or the open record's card again.
func (t *editor) where() error {
	switch t.c.Step {
	case stepIdle:
		return t.whereIdle()
	case stepEdit:
		t.say("where.edit", t.T("field."+string(t.c.Field)))
		return nil
	}
	if t.c.RecordID == 0 {
		return t.whereIdle()
	}
	rec, err := t.repo.Record(t.ctx, t.actor(), t.c.RecordID)
	if err != nil {
		t.c.reset()
		return t.fail(err)
	}
	if rec.Version != t.c.Version {
		return t.stale(rec)
	}
	switch t.c.Step {
	case stepConfirm:
		return t.confirmCard(rec, nil)
	case stepQR:
		t.send(Out{Text: t.T("where.qr") + "\n" + t.T("ask.qr"), Buttons: t.backButton(rec)})
		return nil
	}
	return t.rules.reshow(rec)
}

// cancel abandons the open record: the draft is dropped and the record
// is free for others at once.
func (t *editor) cancel() error {
	if t.c.Step == stepIdle && t.c.RecordID == 0 {
		t.say("cancel.nothing")
		return nil
	}
	t.releaseLease()
	t.c.reset()
	t.say("cancel.done")
	return nil
}

// reshow repeats a village member's own steps, for /where: the not-found
// question, or the card.
func (t *villageHandler) reshow(rec Record) error {
	switch t.c.Step {
	case stepNotFound, stepNote:
		t.send(Out{Text: t.T("where.not_found"), Buttons: t.notFoundButtons(rec)})
		t.c.Step = stepNotFound
		return nil
	}
	return t.showCard(rec, t.T("where.card")+"\n\n")
}
