package flows

import (
	"errors"
	"slices"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// askField asks for a new value of one field.
func (t *turn) askField(rec Record, f vn.Field) error {
	switch f {
	case vn.FieldName, vn.FieldDOB, vn.FieldID:
	case vn.FieldGender:
		t.c.Step, t.c.Field = stepEdit, f
		t.send(Out{Text: t.T("ask.gender"), Buttons: [][]Button{
			{button(t.T("gender.male"), "g", rec.ID, rec.Version, string(vn.Male)),
				button(t.T("gender.female"), "g", rec.ID, rec.Version, string(vn.Female))},
			{button(t.T("btn.back"), "back", rec.ID, rec.Version, "")},
		}})
		return nil
	default:
		t.say("button.unknown")
		return nil
	}
	t.c.Step, t.c.Field = stepEdit, f
	t.send(Out{Text: t.T("ask."+string(f), msg.Raw(show(t.lang, t.c.Draft.apply(rec.Fields), f, true))), Buttons: backButton(t, rec)})
	return nil
}

// editValue validates a typed value for the field being edited. A value
// that fails gets the reason and the same question again; nothing changes.
func (t *turn) editValue(rec Record, text string) error {
	d := t.c.Draft
	if d == nil {
		d = &draft{}
	}
	var notices []vn.Issue
	switch t.c.Field {
	case vn.FieldName:
		r := vn.ParseName(text)
		if r.Err != nil {
			return t.retry(rec, *r.Err)
		}
		d.Name = r.Name
	case vn.FieldDOB:
		r := vn.ParseDate(text, vn.Typed, t.now)
		if r.Err != nil {
			return t.retry(rec, *r.Err)
		}
		if r.Date.IsZero() {
			return t.retry(rec, vn.Issue{Code: vn.CodeDateFormat, Field: vn.FieldDOB})
		}
		d.DOB, notices = r.Date.String(), r.Warnings
	case vn.FieldGender:
		g, is := vn.ParseGender(text)
		if is != nil || g == vn.GenderUnknown {
			return t.retry(rec, vn.Issue{Code: vn.CodeGenderFormat, Field: vn.FieldGender})
		}
		d.Gender = g
	case vn.FieldID:
		r := vn.ParseID(text, vn.Typed)
		if r.Err != nil {
			return t.retry(rec, *r.Err)
		}
		if r.ID.Kind == vn.IDNone {
			return t.retry(rec, vn.Issue{Code: vn.CodeIDFormat, Field: vn.FieldID})
		}
		d.ID, d.IDKind, notices = r.ID.Number, r.ID.Kind, r.Warnings
	default:
		t.c.Step = stepCard
		return t.showCard(rec, "")
	}
	d.mark(t.c.Field)
	t.c.Draft = d
	return t.confirmCard(rec, notices)
}

// setGender takes the gender from its buttons.
func (t *turn) setGender(rec Record, g vn.Gender) error {
	if g != vn.Male && g != vn.Female {
		t.say("button.unknown")
		return nil
	}
	if t.c.Draft == nil {
		t.c.Draft = &draft{}
	}
	t.c.Draft.Gender = g
	t.c.Draft.mark(vn.FieldGender)
	return t.confirmCard(rec, nil)
}

// retry answers a value that failed validation: why, with an example, and
// the same question.
func (t *turn) retry(rec Record, is vn.Issue) error {
	t.send(Out{Text: t.T("edit.invalid", msg.Issue(t.lang, is)) + "\n" + t.T("ask."+string(t.c.Field)+".again"),
		Buttons: backButton(t, rec)})
	return nil
}

// qrValue reads pasted CCCD QR text into the draft: all four fields at once.
func (t *turn) qrValue(rec Record, text string) error {
	r := vn.ParseQR(text, t.now)
	if r.Err != nil {
		t.c.Step = stepQR
		t.send(Out{Text: t.T("edit.invalid", msg.Issue(t.lang, *r.Err)) + "\n" + t.T("ask.qr.again"), Buttons: backButton(t, rec)})
		return nil
	}
	d := &draft{Name: r.QR.Name, DOB: r.QR.DOB.String(), Gender: r.QR.Gender, ID: r.QR.ID, IDKind: vn.IDCCCD, FromQR: true}
	d.Set = []vn.Field{vn.FieldName, vn.FieldDOB, vn.FieldGender, vn.FieldID}
	t.c.Draft = d
	return t.confirmCard(rec, r.Warnings)
}

// confirmCard shows old → new for every changed field, the warnings of the
// new values, and asks to save.
func (t *turn) confirmCard(rec Record, notices []vn.Issue) error {
	newFields := t.c.Draft.apply(rec.Fields)
	lines, n := changeLines(t.lang, rec.Fields, newFields)
	if n == 0 {
		t.c.Step, t.c.Draft = stepCard, nil
		return t.showCard(rec, t.T("confirm.nochange")+"\n\n")
	}
	t.c.Step = stepConfirm
	text := t.T("confirm.head") + "\n" + lines
	// Only the four fields being confirmed: the phone is not edited here.
	var warns []vn.Issue
	for _, w := range append(notices, liveWarnings(rec, newFields)...) {
		if slices.Contains(cardFields, w.Field) {
			warns = append(warns, w)
		}
	}
	if len(warns) > 0 {
		text += "\n⚠ " + msg.Issues(t.lang, dedupe(warns))
	}
	t.send(Out{Text: text, Personal: true, Buttons: [][]Button{
		{button(t.T("btn.save"), "save", rec.ID, rec.Version, "")},
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

// saveDraft saves the draft as the review's correction; for the police it
// confirms the record with the correction.
func (t *turn) saveDraft(rec Record) error {
	if t.member.Role == RolePolice {
		return t.policeConfirm(rec)
	}
	if t.c.Draft == nil || len(t.c.Draft.Set) == 0 {
		t.c.Step = stepCard
		return t.showCard(rec, "")
	}
	newFields := t.c.Draft.apply(rec.Fields)
	if _, n := changeLines(t.lang, rec.Fields, newFields); n == 0 {
		return t.saveReview(rec, OutcomeUnchanged, "")
	}
	rec.Fields = newFields
	return t.saveReview(rec, OutcomeCorrected, "")
}

// saveReview writes the review's outcome at the version the card showed,
// then opens the next record.
func (t *turn) saveReview(rec Record, outcome Outcome, note string) error {
	src := SourceChat
	if t.c.Draft != nil && t.c.Draft.FromQR {
		src = SourceQR
	}
	rec.Version = t.c.Version
	rec.State, rec.Outcome, rec.Note = StateReviewed, outcome, note
	rec.ReviewedBy, rec.ReviewedAt = t.member.ID, t.now
	_, rec.Warnings = vn.Check(vn.Person{Name: rec.Name, DOB: rec.DOB, Gender: rec.Gender, ID: rec.Fields.ID, Phone: rec.Phone, IDRaw: rec.IDRaw})
	if _, err := t.repo.UpdateRecord(t.ctx, t.actor(), rec, src, note); err != nil {
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

// reshow repeats the open step's message, for /where.
func (t *turn) reshow() error {
	if t.c.RecordID == 0 {
		t.say("where.idle", msg.Raw(t.T("help."+string(t.member.Role))))
		return nil
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
		t.send(Out{Text: t.T("where.qr") + "\n" + t.T("ask.qr"), Buttons: backButton(t, rec)})
		return nil
	case stepNotFound, stepNote:
		t.send(Out{Text: t.T("where.not_found"), Buttons: notFoundButtons(t, rec)})
		t.c.Step = stepNotFound
		return nil
	case stepReturnWhy, stepReturnNote:
		return t.policeReshow(rec)
	}
	return t.showCard(rec, t.T("where.card")+"\n\n")
}
