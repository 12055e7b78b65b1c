package flows

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// nextCmd is /next: the next record, from the start of the queue.
func (t *villageHandler) nextCmd() error {
	t.releaseLease()
	t.c.reset()
	return t.next()
}

// next opens the next record of the member's villages: returned ones first,
// then by upload order, skipping records put off or opened by someone else.
//
// It reads a few candidates first, enough for the others of a village
// working at once, and more only when all of those are taken: reading
// whole records is most of what a /next costs.
func (t *villageHandler) next() error {
	seen := 0
	for _, limit := range []int{5, 20} {
		candidates, err := t.repo.Queue(t.ctx, t.actor(), t.c.Skipped, limit)
		if err != nil {
			return err
		}
		for _, rec := range candidates[seen:] {
			holder, err := t.app.Sessions.Lease(t.ctx, rec.ID, t.member.ID, t.app.leaseTTL())
			if err != nil {
				return err
			}
			if holder == t.member.ID {
				return t.openCard(rec)
			}
		}
		if len(candidates) < limit {
			break
		}
		seen = len(candidates)
	}
	if len(t.c.Skipped) > 0 {
		t.c.Skipped = nil
		t.send(Out{Text: t.T("next.only_skipped"), Buttons: [][]Button{{{Text: t.T("btn.next"), Data: "next:0:0"}}}})
		return nil
	}
	t.say("next.done")
	return nil
}

// open opens a record by id, as from a /find result, if nobody else has it.
func (t *villageHandler) open(id int64) error {
	rec, err := t.repo.Record(t.ctx, t.actor(), id)
	if err != nil {
		return t.fail(err)
	}
	if !t.rules.open(rec.State) {
		t.send(Out{Text: t.T("card.done", t.T("state."+string(rec.State))) + "\n\n" + recordBody(t.lang, rec, rec.Fields, false), Personal: true})
		return nil
	}
	if held, err := t.takeLease(rec.ID); err != nil || !held {
		return err
	}
	t.releaseOthers(rec.ID)
	return t.openCard(rec)
}

// maxNote bounds a typed note (why a person is not found, why a record goes
// back): a card must stay readable on a phone.
const maxNote = 500

// noteTooLong answers a note over maxNote with its length and the limit,
// and keeps the question open; the note is never cut silently.
func (t *turn) noteTooLong(note string) bool {
	n := utf8.RuneCountInString(note)
	if n <= maxNote {
		return false
	}
	t.say("note.too_long", n, maxNote)
	return true
}

// useButtons answers text typed where a button is expected: on the
// confirmation card, which buttons; elsewhere, to use the card's.
func (t *turn) useButtons() {
	if t.c.Step == stepConfirm {
		t.say("text.use_confirm_buttons")
		return
	}
	t.say("text.use_buttons")
}

// openCard shows a record's card and makes it the open record.
func (t *villageHandler) openCard(rec Record) error {
	t.c = convo{Step: stepCard, RecordID: rec.ID, Version: rec.Version, Skipped: t.c.Skipped}
	return t.showCard(rec, "")
}

// showCard sends the record card with the open draft applied.
func (t *villageHandler) showCard(rec Record, prefix string) error {
	head, err := t.cardHead(rec)
	if err != nil {
		return err
	}
	f := t.c.Draft.apply(rec.Fields)
	text := prefix + head + "\n" + recordBody(t.lang, rec, f, true)
	if rec.State == StateReturned {
		text += "\n" + t.T("card.returned", t.T("reason."+rec.ReturnReason), rec.ReturnNote)
	}
	if t.c.Draft.changed() {
		text += "\n" + t.T("card.draft")
	}
	t.send(Out{Text: text, Buttons: t.cardButtons(rec), Personal: true})
	return nil
}

// cardHead is "Hồ sơ 12/40 · Thôn Đông".
func (t *villageHandler) cardHead(rec Record) (string, error) {
	counts, err := t.repo.Counts(t.ctx, t.actor())
	if err != nil {
		return "", err
	}
	total, open := 0, 0
	for _, byState := range counts {
		for s, n := range byState {
			total += n
			if t.rules.open(s) {
				open += n
			}
		}
	}
	village, err := t.villageName(rec.VillageID)
	if err != nil {
		return "", err
	}
	// Records put off in this sitting are not done, but come before this
	// one: without them every card after a "later" would say the same.
	return t.T("card.head", min(total-open+1+len(t.c.Skipped), total), total, village), nil
}

// villageName names a village of the member's commune.
func (t *turn) villageName(id int64) (string, error) {
	if id == 0 {
		return t.T("village.none"), nil
	}
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return "", err
	}
	for _, v := range vs {
		if v.ID == id {
			return v.Name, nil
		}
	}
	return t.T("village.none"), nil
}

// cardButtons are the actions on an open record.
func (t *villageHandler) cardButtons(rec Record) [][]Button {
	id, v := rec.ID, rec.Version
	ok := t.T("btn.all_right")
	if t.c.Draft.changed() {
		ok = t.T("btn.review_changes")
	}
	rows := [][]Button{{button(ok, "ok", id, v, "")}}
	rows = append(rows, t.editButtons(rec)...)
	return append(rows, []Button{button(t.T("btn.not_found"), "nf", id, v, ""), button(t.T("btn.later"), "later", id, v, "")})
}

// editButtons offer each card field to correct, two to a row, and the QR
// paste that fills them all.
func (t *editor) editButtons(rec Record) [][]Button {
	specs := slices.Clone(CardSpecs())
	slices.SortStableFunc(specs, func(a, b FieldSpec) int { return a.EditRank - b.EditRank })
	var rows [][]Button
	for i, s := range specs {
		b := button(t.T("btn.edit_"+string(s.Key)), "ed", rec.ID, rec.Version, string(s.Key))
		if i%2 == 0 {
			rows = append(rows, []Button{b})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	return append(rows, []Button{button(t.T("btn.qr"), "qr", rec.ID, rec.Version, "")})
}

// button handles a press on one of the review's buttons.
func (t *villageHandler) button() error {
	p, ok := parsePress(t.ev.Data)
	if !ok {
		t.say("button.unknown")
		return nil
	}
	switch p.Act {
	case "next":
		t.releaseLease()
		t.c.reset()
		return t.next()
	case "open":
		return t.open(p.Rec)
	}
	rec, ok, err := t.pressedRecord(p)
	if !ok {
		return err
	}
	if t.c.RecordID != rec.ID {
		// A press on a card from before the person moved on: take the
		// record up again, if nobody else has it.
		if held, err := t.takeLease(rec.ID); err != nil || !held {
			return err
		}
		t.releaseOthers(rec.ID)
		t.c = convo{Step: stepCard, RecordID: rec.ID, Version: rec.Version, Skipped: t.c.Skipped}
	} else if held, err := t.holdLease(rec.ID); err != nil || !held {
		return err
	}
	return t.reviewAction(rec, p)
}

// stale answers a press on a card whose record has changed since: the
// current card when the record is still open to the person's role, else
// what became of it.
func (t *editor) stale(rec Record) error {
	if !t.rules.open(rec.State) {
		if t.c.RecordID == rec.ID {
			t.releaseLease()
			t.c.reset()
		}
		t.send(Out{Text: t.T("card.stale_done", t.T("state."+string(rec.State))),
			Buttons: [][]Button{{{Text: t.T("btn.next"), Data: t.rules.next}}}})
		return nil
	}
	t.c = convo{Step: stepCard, RecordID: rec.ID, Version: rec.Version, Skipped: t.c.Skipped}
	return t.rules.card(rec, t.T("card.stale")+"\n\n")
}

// reviewAction performs a card button on the open record.
func (t *villageHandler) reviewAction(rec Record, p press) error {
	if done, err := t.editAction(rec, p); done {
		return err
	}
	switch p.Act {
	case "ok":
		if t.c.Draft.changed() {
			return t.confirmCard(rec, nil)
		}
		if !rec.IDReady() {
			return t.askID(rec)
		}
		return t.saveReview(rec, OutcomeUnchanged, "")
	case "nf":
		t.c.Step = stepNotFound
		t.send(Out{Text: t.T("ask.not_found"), Buttons: t.notFoundButtons(rec)})
		return nil
	case "nfr":
		if !slices.Contains(notFoundReasons, p.Arg) {
			t.say("button.unknown")
			return nil
		}
		t.c.Step, t.c.Reason = stepNote, p.Arg
		t.send(Out{Text: t.T("ask.note"), Buttons: [][]Button{{button(t.T("btn.skip_note"), "nfs", rec.ID, rec.Version, "")}}})
		return nil
	case "nfs":
		if t.c.Reason == "" {
			return t.showCard(rec, "")
		}
		return t.saveReview(rec, OutcomeNotFound, t.T("reason."+t.c.Reason))
	case "later":
		t.releaseLease()
		t.c.Skipped = append(t.c.Skipped, rec.ID)
		t.c.Step, t.c.RecordID, t.c.Draft = stepIdle, 0, nil
		return t.next()
	case "save":
		return t.saveDraft(rec)
	case "more", "back":
		t.c.Step = stepCard
		return t.showCard(rec, "")
	case "drop":
		t.c.Draft, t.c.Step = nil, stepCard
		return t.showCard(rec, t.T("draft.dropped")+"\n\n")
	}
	t.say("button.unknown")
	return nil
}

// notFoundReasons are why a person cannot be found in the village.
var notFoundReasons = []string{"moved", "deceased", "unknown"}

func (t *villageHandler) notFoundButtons(rec Record) [][]Button {
	var row []Button
	for _, r := range notFoundReasons {
		row = append(row, button(t.T("reason."+r), "nfr", rec.ID, rec.Version, r))
	}
	return [][]Button{row, {button(t.T("btn.back"), "back", rec.ID, rec.Version, "")}}
}

func (t *editor) backButton(rec Record) [][]Button {
	return [][]Button{{button(t.T("btn.back"), "back", rec.ID, rec.Version, "")}}
}

// text handles typed text: a value being asked for, or QR text.
func (t *villageHandler) text() error {
	text := strings.TrimSpace(t.ev.Text)
	rec, ok, err := t.typedRecord("text.idle_village", stepEdit, stepQR, stepNote, stepCard, stepConfirm, stepNotFound)
	if !ok {
		return err
	}
	switch {
	case t.c.Step == stepEdit:
		return t.editValue(rec, text)
	case t.c.Step == stepQR || strings.Count(text, "|") >= 4:
		return t.qrValue(rec, text)
	case t.c.Step == stepNote:
		if t.noteTooLong(text) {
			return nil
		}
		return t.saveReview(rec, OutcomeNotFound, t.T("reason."+t.c.Reason)+": "+text)
	}
	t.useButtons()
	return nil
}

// progress shows the member's villages' counts.
func (t *villageHandler) progress() error {
	counts, err := t.repo.Counts(t.ctx, t.actor())
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.T("progress.head"))
	ids := make([]int64, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		name, err := t.villageName(id)
		if err != nil {
			return err
		}
		byState := counts[id]
		open := byState[StateAssigned] + byState[StateReturned] + byState[StateImported]
		total := 0
		for _, n := range byState {
			total += n
		}
		b.WriteString("\n" + t.T("progress.line", name, total-open, total, byState[StateReturned]))
	}
	if len(ids) == 0 {
		b.WriteString("\n" + t.T("progress.empty"))
	}
	t.send(Out{Text: b.String()})
	return nil
}
