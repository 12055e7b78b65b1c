package flows

import (
	"context"
	"errors"

	"lamsach/flows/msg"
)

// AmendRepo is what applying the corrections of a list sent again needs
// from storage.
type AmendRepo interface {
	// Amendments returns the corrections of an import still waiting for
	// the station's decision, in the list's row order.
	Amendments(ctx context.Context, actor Actor, importID int64) ([]Amendment, error)
	// EndAmendments drops them once applied or skipped and returns how
	// many there were.
	EndAmendments(ctx context.Context, actor Actor, importID int64) (int, error)
	// AmendmentsWaiting lists the actor's uploads whose corrections wait.
	AmendmentsWaiting(ctx context.Context, actor Actor) ([]AmendBatch, error)
	Record(ctx context.Context, actor Actor, id int64) (Record, error)
	ChangeRecord(ctx context.Context, actor Actor, ch Change) (Record, error)
}

// AmendResult is what applying a list's corrections did.
type AmendResult struct {
	Applied int
	// SentBack counts per village the corrected records that had been
	// reviewed: they go back to the village to be checked again.
	SentBack map[int64]int
	Locked   int // confirmed by the police since the list came: not changed
	Changed  int // changed by someone since the list came: not changed
}

// ApplyAmendments applies a list's corrections: one ActAmend per record,
// at the version the record had when the list was imported, audited with
// the sheet as source and reason (the list's name). A record confirmed
// since, changed since or gone is left as it is and counted: the station
// saw the record as it was, and a correction never lands on something it
// did not see.
func ApplyAmendments(ctx context.Context, repo AmendRepo, actor Actor, ams []Amendment, reason string) (AmendResult, error) {
	res := AmendResult{SentBack: map[int64]int{}}
	for _, a := range ams {
		old, err := repo.Record(ctx, actor, a.Record)
		switch {
		case errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden):
			res.Changed++
			continue
		case err != nil:
			return res, err
		case !Can(actor.Role, ActAmend, old.State):
			res.Locked++
			continue
		case old.Version != a.Version:
			res.Changed++
			continue
		}
		fields := a.Fields
		_, err = repo.ChangeRecord(ctx, actor, Change{Record: a.Record, Version: a.Version, Action: ActAmend,
			Fields: &fields, Source: SourceSheet, Reason: reason})
		if errors.Is(err, ErrConflict) {
			res.Changed++
			continue
		}
		if err != nil {
			return res, err
		}
		res.Applied++
		if old.State == StateReviewed {
			res.SentBack[old.VillageID]++
		}
	}
	return res, nil
}

// amendPress applies, or with apply unset skips, the corrections an
// imported list brought; arg is the upload's id.
func (t *stationHandler) amendPress(arg string, apply bool) error {
	u, ok, err := t.importedUpload(arg)
	if !ok || err != nil {
		return err
	}
	ams, err := t.repo.Amendments(t.ctx, t.actor(), u.ImportID)
	if err != nil {
		return err
	}
	if len(ams) == 0 {
		t.say("resend.none", u.FileName)
		return nil
	}
	if !apply {
		n, err := t.repo.EndAmendments(t.ctx, t.actor(), u.ImportID)
		if err != nil {
			return err
		}
		t.say("resend.skipped", n, u.FileName)
		return nil
	}
	res, err := ApplyAmendments(t.ctx, t.repo, t.actor(), ams, u.FileName)
	if err != nil {
		return err
	}
	if _, err := t.repo.EndAmendments(t.ctx, t.actor(), u.ImportID); err != nil {
		return err
	}
	t.send(Out{Text: t.amendedText(u, res)})
	return t.tellSentBack(res.SentBack)
}

// importedUpload loads the upload an amendment button names. It answers,
// and returns false, when the upload is unknown, of another commune, or
// was never imported.
func (t *stationHandler) importedUpload(arg string) (Upload, bool, error) {
	u, ok, err := t.pressedUpload(arg, t.repo.Upload)
	if !ok {
		return u, false, err
	}
	if u.Status != UploadImported || u.ImportID == 0 {
		t.say("button.unknown")
		return Upload{}, false, nil
	}
	return u, true, nil
}

// tellSentBack tells the village members whose reviewed records a
// correction sent back to them.
func (t *stationHandler) tellSentBack(byVillage map[int64]int) error {
	if len(byVillage) == 0 {
		return nil
	}
	people, err := t.repo.ImportRecipients(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return err
	}
	for _, m := range people {
		if m.Role != RoleVillage {
			continue
		}
		n := 0
		for _, v := range m.Villages {
			n += byVillage[v]
		}
		if n > 0 {
			t.to(m, Out{Text: tr(msg.ParseLang(m.Lang), "resend.notify.village", n)})
		}
	}
	return nil
}
