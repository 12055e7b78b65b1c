package flows

import (
	"errors"
	"strings"
	"time"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// policeNext opens the commune's next reviewed record, oldest review
// first, skipping records put off or opened by a colleague.
func (t *policeHandler) policeNext() error {
	candidates, err := t.repo.PoliceQueue(t.ctx, t.actor(), t.c.Skipped, 20)
	if err != nil {
		return t.fail(err)
	}
	for _, rec := range candidates {
		holder, err := t.app.Sessions.Lease(t.ctx, rec.ID, t.member.ID, t.app.leaseTTL())
		if err != nil {
			return err
		}
		if holder == t.member.ID {
			t.c = convo{Step: stepCard, RecordID: rec.ID, Version: rec.Version, Skipped: t.c.Skipped}
			return t.policeCard(rec, "")
		}
	}
	next := [][]Button{{{Text: t.T("btn.next"), Data: "pnext:0:0"}}}
	switch {
	case len(t.c.Skipped) > 0:
		// The button starts the queue again, put-off records included.
		t.c.Skipped = nil
		t.send(Out{Text: t.T("next.only_skipped"), Buttons: next})
		return nil
	case len(candidates) > 0:
		t.send(Out{Text: t.T("police.review.all_taken"), Buttons: next})
		return nil
	}
	counts, err := t.repo.Counts(t.ctx, t.actor())
	if err != nil {
		return t.fail(err)
	}
	confirmed := 0
	for _, byState := range counts {
		confirmed += byState[StateConfirmed]
	}
	if confirmed == 0 {
		t.say("police.review.done")
		return nil
	}
	t.send(Out{Text: t.T("police.review.done") + "\n" + t.T("police.review.sign_hint", confirmed),
		Buttons: [][]Button{{{Text: t.T("police.btn.sign"), Data: "psum:0:0"}}}})
	return nil
}

// policeCard shows a reviewed record for checking against the population
// database: each field, old → new where the village changed it (or the
// officer's draft does), the full ID, the warnings, the review's outcome,
// who reviewed it and when.
func (t *policeHandler) policeCard(rec Record, prefix string) error {
	counts, err := t.repo.Counts(t.ctx, t.actor())
	if err != nil {
		return t.fail(err)
	}
	waiting := 0
	for _, byState := range counts {
		waiting += byState[StateReviewed]
	}
	village, err := t.villageName(rec.VillageID)
	if err != nil {
		return err
	}
	reviewer, err := t.reviewerName(rec.ReviewedBy)
	if err != nil {
		return err
	}
	f := t.c.Draft.apply(rec.Fields)
	twins, err := t.twins(rec, f)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(prefix + t.T("police.card.head", village, waiting) + "\n")
	b.WriteString(policeFields(t.lang, rec, f))
	b.WriteString(twinLines(t.lang, twins))
	b.WriteString("\n" + t.T("police.card.reviewed", t.outcome(rec.Outcome), reviewer, t.moment(rec.ReviewedAt)))
	if rec.Note != "" {
		b.WriteString("\n" + t.T("police.card.note", rec.Note))
	}
	if rec.ReturnReason != "" {
		b.WriteString("\n" + t.T("police.card.returned_before", t.T("reason."+rec.ReturnReason), rec.ReturnNote))
	}
	if t.c.Draft.changed() {
		b.WriteString("\n" + t.T("card.draft"))
	}
	ok := t.T("police.btn.confirm")
	if rec.Outcome == OutcomeNotFound {
		ok = t.T(notFoundKey("police.btn.confirm_not_found", rec.Note))
	}
	if t.c.Draft.changed() {
		ok = t.T("btn.review_changes")
	}
	id, v := rec.ID, rec.Version
	t.send(Out{Text: b.String(), Personal: true, Buttons: [][]Button{
		{button(ok, "pok", id, v, "")},
		{button(t.T("police.btn.edit"), "pedit", id, v, ""), button(t.T("police.btn.return"), "pret", id, v, "")},
		{button(t.T("btn.later"), "plater", id, v, "")},
	}})
	return nil
}

// policeFields renders the four fields: old → new for each one that
// differs from the imported value, the value alone otherwise, each with
// its warnings; the ID in full, because the officer checks it.
func policeFields(l msg.Lang, rec Record, f Fields) string {
	warns := liveWarnings(rec, f)
	var b strings.Builder
	for _, s := range CardSpecs() {
		field, label := s.Key, s.Label(l, f)
		if s.Text(rec.Orig) != s.Text(f) {
			b.WriteString(tr(l, "change.line", label, msg.Raw(s.Show(l, rec.Orig, true)), msg.Raw(s.Show(l, f, true))))
		} else {
			value := s.Show(l, f, true)
			if field == vn.FieldID && f.ID.Number != "" {
				// Tapping a <code> value copies it: the officer pastes
				// the number into the population database's search.
				value = "<code>" + value + "</code>"
			}
			b.WriteString(tr(l, "police.card.line", label, msg.Raw(value)))
		}
		b.WriteString(warnLine(l, warns, field) + "\n")
	}
	b.WriteString(idRawLine(l, rec, f))
	b.WriteString(idLine(l, rec))
	b.WriteString(tr(l, "card.problem", tr(l, "problem."+string(rec.Problem))))
	return b.String()
}

// moment shows a time as people in Vietnam read it: "27/11/2026 09:00".
func (t *turn) moment(tm time.Time) string {
	if tm.IsZero() {
		return t.T("police.unknown")
	}
	return tm.In(t.zone()).Format("02/01/2006 15:04")
}

// outcome names a review outcome.
func (t *policeHandler) outcome(o Outcome) string {
	if o == OutcomeNone {
		return t.T("police.unknown")
	}
	return t.T("police.outcome." + string(o))
}

// memberName names a member for a message, "someone" when unknown.
func (t *turn) memberName(id int64) (string, error) {
	m, err := t.repo.Member(t.ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && m.Name == "") {
		return t.T("someone"), nil
	}
	return m.Name, err
}

// reviewerName names the village member who reviewed a record.
func (t *policeHandler) reviewerName(id int64) (string, error) {
	if id == 0 {
		return t.T("police.unknown"), nil
	}
	return t.memberName(id)
}

// policeAction performs a card button on the open record.
func (t *policeHandler) policeAction(rec Record, p press) error {
	if done, err := t.editAction(rec, p); done {
		return err
	}
	switch p.Act {
	case "pok":
		if t.c.Draft.changed() {
			return t.confirmCard(rec, nil)
		}
		return t.policeConfirm(rec)
	case "pokd":
		return t.confirmTwin(rec)
	case "pedit", "more":
		t.c.Step = stepCard
		return t.editMenu(rec)
	case "save":
		return t.policeConfirm(rec)
	case "back":
		t.c.Step, t.c.Police = stepCard, nil
		return t.policeCard(rec, "")
	case "drop":
		t.c.Draft, t.c.Step = nil, stepCard
		return t.policeCard(rec, t.T("draft.dropped")+"\n\n")
	case "pret":
		return t.askReturn(rec)
	case "prr":
		return t.returnReason(rec, p.Arg)
	case "prs":
		return t.returnNote(rec, "")
	case "plater":
		t.releaseLease()
		t.c.Skipped = append(t.c.Skipped, rec.ID)
		t.c.Step, t.c.RecordID, t.c.Draft, t.c.Police = stepIdle, 0, nil, nil
		return t.policeNext()
	}
	t.say("button.unknown")
	return nil
}

// editMenu offers the fields to correct and the QR paste.
func (t *policeHandler) editMenu(rec Record) error {
	rows := append(t.editButtons(rec), []Button{button(t.T("btn.back"), "back", rec.ID, rec.Version, "")})
	t.send(Out{Text: t.T("police.edit.pick"), Buttons: rows})
	return nil
}

// policeConfirm confirms the open record, with the officer's draft as a
// correction when there is one, then opens the next record.
func (t *policeHandler) policeConfirm(rec Record) error {
	if rec.Outcome != OutcomeNotFound && !t.draftRecord(rec).IDReady() {
		return t.askID(rec)
	}
	twins, err := t.twins(rec, t.c.Draft.apply(rec.Fields))
	if err != nil {
		return err
	}
	if len(twins) > 0 {
		return t.askTwin(rec, twins)
	}
	return t.confirmTwin(rec)
}

// askTwin asks for the second tap that confirms a record whose ID number
// another record holds, naming that record.
func (t *policeHandler) askTwin(rec Record, twins []Twin) error {
	id, v := rec.ID, rec.Version
	t.send(Out{Text: t.T("twin.confirm") + twinLines(t.lang, twins), Personal: true, Buttons: [][]Button{
		{button(t.T("twin.btn.confirm"), "pokd", id, v, "")},
		{button(t.T("police.btn.return"), "pret", id, v, ""), button(t.T("btn.later"), "plater", id, v, "")},
	}})
	return nil
}

// confirmTwin confirms the open record: after policeConfirm's checks, or
// from the explicit second tap for a shared ID number.
func (t *policeHandler) confirmTwin(rec Record) error {
	if rec.Outcome != OutcomeNotFound && !t.draftRecord(rec).IDReady() {
		return t.askID(rec)
	}
	f := t.c.Draft.apply(rec.Fields)
	noID := t.c.Draft != nil && t.c.Draft.NoID
	corrected := !SameFields(f, rec.Fields) || (noID && !rec.NoID)
	ch := Change{Record: rec.ID, Version: t.c.Version, Action: ActConfirm, Fields: &f, Source: SourcePolice, NoID: noID}
	if corrected && t.c.Draft.FromQR {
		ch.Reason = string(SourceQR)
	}
	if _, err := t.repo.ChangeRecord(t.ctx, t.actor(), ch); err != nil {
		return t.policeConflict(rec.ID, err)
	}
	t.releaseLease()
	t.c = convo{Skipped: t.c.Skipped}
	switch {
	case corrected:
		t.say("police.confirmed.corrected")
	case rec.Outcome == OutcomeNotFound:
		t.say(notFoundKey("police.confirmed.not_found", rec.Note))
	default:
		t.say("police.confirmed")
	}
	return t.policeNext()
}

// policeConflict answers a failed write: a record changed meanwhile gets
// its current card (or the news that it moved on); nothing was saved.
func (t *policeHandler) policeConflict(id int64, err error) error {
	if !errors.Is(err, ErrConflict) {
		return t.fail(err)
	}
	cur, err := t.repo.Record(t.ctx, t.actor(), id)
	if err != nil {
		return t.fail(err)
	}
	t.c.Draft, t.c.Police = nil, nil
	return t.stale(cur)
}

// notFoundKey is the catalog key of a not-found record's confirmation for
// the reason the village gave (key + ".deceased"), so the police button
// and answer say what is confirmed; key itself when the note names none.
// The note starts with the reason's text in the reviewer's language.
func notFoundKey(key, note string) string {
	for _, r := range notFoundReasons {
		for _, l := range []msg.Lang{msg.VI, msg.EN} {
			if strings.HasPrefix(strings.ToLower(note), strings.ToLower(msg.T(l, "reason."+r))) {
				return key + "." + r
			}
		}
	}
	return key
}
