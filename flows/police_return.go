package flows

import (
	"slices"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// reshow repeats an officer's own steps, for /where: the return's
// questions, or the card.
func (t *policeHandler) reshow(rec Record) error {
	switch {
	case t.c.Step == stepReturnNote && t.c.Police != nil:
		return t.returnReason(rec, t.c.Police.Return)
	case t.c.Step == stepReturnWhy || t.c.Step == stepReturnNote:
		return t.askReturn(rec)
	}
	return t.policeCard(rec, t.T("where.card")+"\n\n")
}

// askReturn asks why the record goes back to the village.
func (t *policeHandler) askReturn(rec Record) error {
	t.c.Step, t.c.Police = stepReturnWhy, nil
	var rows [][]Button
	for i := 0; i < len(ReturnReasons); i += 2 {
		var row []Button
		for _, r := range ReturnReasons[i:min(i+2, len(ReturnReasons))] {
			row = append(row, button(t.T("reason."+r), "prr", rec.ID, rec.Version, r))
		}
		rows = append(rows, row)
	}
	rows = append(rows, []Button{button(t.T("btn.back"), "back", rec.ID, rec.Version, "")})
	t.send(Out{Text: t.T("police.ask.reason"), Buttons: rows})
	return nil
}

// returnReason takes the reason and asks for the note: optional, except
// for "other", which says nothing by itself.
func (t *policeHandler) returnReason(rec Record, reason string) error {
	if !slices.Contains(ReturnReasons, reason) {
		t.say("button.unknown")
		return nil
	}
	t.c.Step, t.c.Police = stepReturnNote, &policeState{Return: reason}
	back := button(t.T("btn.back"), "pret", rec.ID, rec.Version, "")
	if reason == ReturnOther {
		t.send(Out{Text: t.T("police.ask.note_required"), Buttons: [][]Button{{back}}})
		return nil
	}
	t.send(Out{Text: t.T("police.ask.note", t.T("reason."+reason)), Buttons: [][]Button{
		{button(t.T("btn.skip_note"), "prs", rec.ID, rec.Version, "")}, {back}}})
	return nil
}

// returnNote returns the record with the chosen reason and note ("" when
// skipped), tells the village's members, and opens the next record.
func (t *policeHandler) returnNote(rec Record, note string) error {
	if t.c.Step != stepReturnNote || t.c.Police == nil {
		return t.askReturn(rec)
	}
	reason := t.c.Police.Return
	if t.noteTooLong(note) {
		return nil
	}
	if reason == ReturnOther && note == "" {
		return t.returnReason(rec, reason)
	}
	saved, err := t.repo.ChangeRecord(t.ctx, t.actor(), Change{Record: rec.ID, Version: t.c.Version, Action: ActReturn,
		ReturnReason: reason, Note: note, Source: SourcePolice, Reason: reason})
	if err != nil {
		return t.policeConflict(rec.ID, err)
	}
	told, err := t.tellVillage(saved)
	if err != nil {
		return err
	}
	village, err := t.villageName(saved.VillageID)
	if err != nil {
		return err
	}
	t.releaseLease()
	t.c = convo{Skipped: t.c.Skipped}
	if told == 0 {
		t.say("police.returned.nobody", village)
	} else {
		t.say("police.returned", village, told)
	}
	return t.policeNext()
}

// tellVillage tells the active members of the returned record's village,
// each in their language, which record came back and why; the record is
// named with its ID masked. It returns how many were told.
func (t *policeHandler) tellVillage(rec Record) (int, error) {
	ms, err := t.repo.Recipients(t.ctx, t.actor(), rec.CommuneID, RoleVillage, rec.VillageID)
	if err != nil {
		return 0, err
	}
	told := 0
	for _, m := range ms {
		if m.Unreachable {
			continue
		}
		l := msg.ParseLang(m.Lang)
		name, reason := msg.Raw(show(l, rec.Fields, vn.FieldName, false)), tr(l, "reason."+rec.ReturnReason)
		text := tr(l, "police.told.village_noid", name, reason)
		if rec.Fields.ID.Number != "" {
			text = tr(l, "police.told.village", name, msg.Raw(show(l, rec.Fields, vn.FieldID, false)), reason)
		}
		if rec.ReturnNote != "" {
			text += "\n" + tr(l, "police.told.note", rec.ReturnNote)
		}
		// Moved away or deceased: nothing to fix, only to look at again.
		next := "police.told.next"
		if rec.ReturnReason == "moved" || rec.ReturnReason == "deceased" {
			next = "police.told.next_check"
		}
		t.to(m, Out{Text: text + "\n" + tr(l, next), Personal: true})
		told++
	}
	return told, nil
}
