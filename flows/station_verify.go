package flows

import (
	"bytes"
	"errors"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
)

// verify asks for the platform's verification list: the next file the
// member sends is read as one.
func (t *stationHandler) verify() error {
	t.c.Step = stepVerifyList
	t.say("station.verify.ask")
	return nil
}

// verifyUpload previews a verification list: what it would change, and
// what it cannot match. Nothing changes until [Cập nhật].
func (t *stationHandler) verifyUpload(doc *Document, rep *sheet.Report) error {
	if !IsVerification(rep) {
		t.say("station.verify.no_result", doc.Name)
		return nil
	}
	t.c.reset()
	rec, err := Reconcile(t.ctx, t.repo, t.actor(), t.member.CommuneID, doc.Name,
		bytes.NewReader(doc.Data), int64(len(doc.Data)), t.importOptions(), false)
	if err != nil {
		return t.refused(err)
	}
	summary := t.reconcileText(rec)
	if rec.Verified+rec.StillWrong == 0 {
		t.send(Out{Text: t.T("station.verify.nothing", doc.Name, rec.Rows) + "\n" + summary})
		return nil
	}
	u, err := t.repo.SaveUpload(t.ctx, t.actor(), Upload{CommuneID: t.member.CommuneID, Kind: KindVerification,
		FileName: doc.Name, Data: doc.Data}, t.app.Station.uploadTTL())
	if err != nil {
		return err
	}
	text := t.T("station.verify.head", doc.Name, rec.Rows) + "\n" + summary + "\n\n" + t.T("station.verify.ask_apply", localTime(u.ExpiresAt))
	t.send(Out{Text: text, Buttons: t.uploadButtons(u)})
	return nil
}

// reconcileText renders the counts of a reconciliation.
func (t *stationHandler) reconcileText(rec Reconciliation) string {
	var b strings.Builder
	b.WriteString(t.T("station.verify.verified", rec.Verified))
	b.WriteString("\n" + t.T("station.verify.still_wrong", rec.StillWrong))
	for _, name := range rec.WrongNames {
		b.WriteString("\n   · " + msg.Esc(name))
	}
	if more := rec.StillWrong - len(rec.WrongNames); more > 0 && len(rec.WrongNames) > 0 {
		b.WriteString("\n   " + t.T("station.verify.more", more))
	}
	if rec.Already > 0 {
		b.WriteString("\n" + t.T("station.verify.already", rec.Already))
	}
	if n := rec.Unmatched(); n > 0 {
		b.WriteString("\n" + t.T("station.verify.unmatched", n, rec.NoRecord, rec.Ambiguous, rec.Unknown))
	}
	if len(rec.UnknownTexts) > 0 {
		quoted := make([]string, len(rec.UnknownTexts))
		for i, s := range rec.UnknownTexts {
			if s == "" {
				quoted[i] = t.T("value.empty")
			} else {
				quoted[i] = "«" + msg.Esc(s) + "»"
			}
		}
		b.WriteString("\n" + t.T("station.verify.unknown_texts", msg.Raw(strings.Join(quoted, ", "))))
	}
	return b.String()
}

// verifyPress applies a previewed verification list: the file is read and
// matched again, the records' states set, all or nothing, and the file
// dropped.
func (t *stationHandler) verifyPress(arg string) error {
	u, ok, err := t.pendingUpload(arg, KindVerification)
	if !ok || err != nil {
		return err
	}
	rec, err := Reconcile(t.ctx, t.repo, t.actor(), t.member.CommuneID, u.FileName,
		bytes.NewReader(u.Data), int64(len(u.Data)), t.importOptions(), true)
	switch {
	case errors.Is(err, ErrNoResultColumn):
		t.say("station.verify.no_result", u.FileName)
	case sheet.IsRefusal(err):
		err = t.refused(err)
	case err != nil:
		return err
	default:
		if err := t.repo.FinishUpload(t.ctx, t.actor(), u.ID, rec.Import.ID); err != nil {
			return err
		}
		t.send(Out{Text: t.T("station.verify.done", rec.Changed) + "\n" + t.reconcileText(rec)})
		return nil
	}
	if err != nil {
		return err
	}
	_, err = t.repo.CancelUpload(t.ctx, t.actor(), u.ID)
	return err
}
