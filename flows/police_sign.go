package flows

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
)

// pending shows, per village, how many reviewed records wait for the
// police and how many confirmed ones wait to be signed.
func (t *policeHandler) pending() error {
	counts, err := t.repo.Counts(t.ctx, t.actor())
	if err != nil {
		return t.fail(err)
	}
	lines, err := t.perVillage(func(id int64, name string) (string, bool) {
		r, c := counts[id][StateReviewed], counts[id][StateConfirmed]
		return t.T("police.pending.line", name, r, c), r+c > 0
	})
	if err != nil {
		return err
	}
	reviewed, confirmed := 0, 0
	for _, byState := range counts {
		reviewed += byState[StateReviewed]
		confirmed += byState[StateConfirmed]
	}
	if reviewed+confirmed == 0 {
		t.say("police.pending.empty")
		return nil
	}
	var buttons []Button
	if reviewed > 0 {
		buttons = append(buttons, Button{Text: t.T("police.btn.review"), Data: "pnext:0:0"})
	}
	if confirmed > 0 {
		buttons = append(buttons, Button{Text: t.T("police.btn.sign"), Data: "psum:0:0"})
	}
	text := t.T("police.pending.head") + "\n" + strings.Join(lines, "\n") + "\n" + t.T("police.pending.total", reviewed, confirmed)
	t.send(Out{Text: text, Buttons: [][]Button{buttons}})
	return nil
}

// perVillage renders one line per village of the commune, by name, then
// one for records without a village; line makes a village's line from its
// id and name and says whether to show it.
func (t *policeHandler) perVillage(line func(id int64, name string) (string, bool)) ([]string, error) {
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(vs)+1)
	names := map[int64]string{0: t.T("village.none")}
	for _, v := range vs {
		ids = append(ids, v.ID)
		names[v.ID] = v.Name
	}
	ids = append(ids, 0)
	var out []string
	for _, id := range ids {
		if text, ok := line(id, names[id]); ok {
			out = append(out, text)
		}
	}
	return out, nil
}

// signSummary shows how many confirmed records are not yet signed, per
// village, with the button that signs them.
func (t *policeHandler) signSummary() error {
	s, err := t.repo.SignSummary(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.fail(err)
	}
	return t.showSummary(s, "")
}

// showSummary renders a SignSummary; the sign button carries the count
// and the start of the digest, so the confirmation and the signing can
// tell whether the set is still the one shown.
func (t *policeHandler) showSummary(s SignSummary, prefix string) error {
	if s.Count == 0 {
		t.send(Out{Text: prefix + t.T("police.sign.none")})
		return nil
	}
	lines, err := t.perVillage(func(id int64, name string) (string, bool) {
		return t.T("police.sign.line", name, s.ByVillage[id]), s.ByVillage[id] > 0
	})
	if err != nil {
		return err
	}
	text := prefix + t.T("police.sign.head", s.Count) + "\n" + strings.Join(lines, "\n")
	t.send(Out{Text: text, Buttons: [][]Button{{button(t.T("police.btn.sign"), "psign", 0, int64(s.Count), digestTag(s.Digest))}}})
	return nil
}

// digestTag is the part of a digest a button carries: 16 hex digits (64
// bits) tell two sets apart and keep the data within Telegram's 64 bytes.
func digestTag(d string) string { return d[:min(16, len(d))] }

// current reads the summary again and checks that it is the set the
// pressed button was made for. When it is not, the officer is shown the
// set as it is now and nothing is signed.
func (t *policeHandler) current(p press) (SignSummary, bool, error) {
	s, err := t.repo.SignSummary(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return s, false, err
	}
	if s.Count == 0 {
		t.say("police.sign.gone")
		return s, false, nil
	}
	if int64(s.Count) != p.Ver || digestTag(s.Digest) != p.Arg {
		return s, false, t.showSummary(s, t.T("police.sign.changed")+"\n\n")
	}
	return s, true, nil
}

// signAsk asks the officer to confirm the signing, with the count.
func (t *policeHandler) signAsk(p press) error {
	s, ok, err := t.current(p)
	if err != nil || !ok {
		return t.signFail(err)
	}
	tag := digestTag(s.Digest)
	t.c.Police = nil // asked again: a decline before no longer holds
	t.send(Out{Text: t.T("police.sign.ask", s.Count), Buttons: [][]Button{
		{button(t.T("police.btn.sign_yes", s.Count), "psgy", 0, int64(s.Count), tag)},
		{button(t.T("police.btn.sign_no"), "psgn", 0, 0, tag)},
	}})
	return nil
}

// signDo signs the handover, sends its spreadsheet to the officer and
// tells the station.
func (t *policeHandler) signDo(p press) error {
	if t.c.Police != nil && t.c.Police.NoSign != "" && t.c.Police.NoSign == p.Arg {
		t.say("police.sign.declined")
		return nil
	}
	s, ok, err := t.current(p)
	if err != nil || !ok {
		return t.signFail(err)
	}
	h, recs, err := t.repo.SignHandover(t.ctx, t.actor(), t.member.CommuneID, s.Digest)
	if errors.Is(err, ErrConflict) {
		return t.signSummary()
	}
	if err != nil {
		return t.signFail(err)
	}
	if h.Number == 0 {
		t.say("police.sign.gone")
		return nil
	}
	commune, err := t.repo.Commune(t.ctx, t.member.CommuneID)
	if err != nil {
		return err
	}
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return err
	}
	shared, err := t.repo.SharedIDs(t.ctx, t.actor(), t.member.CommuneID, recordIDs(recs))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := sheet.WriteHandover(&buf, HandoverSheet(h, commune.Name, t.member.Name, vs, recs, shared)); err != nil {
		return err
	}
	station, err := t.repo.Recipients(t.ctx, t.actor(), t.member.CommuneID, RoleStation, 0)
	if err != nil {
		return err
	}
	told := 0
	for _, m := range station {
		if !m.Unreachable {
			t.to(m, Out{Text: tr(msg.ParseLang(m.Lang), "police.told.station", h.Number, h.RecordCount)})
			told++
		}
	}
	news := t.T("police.signed.told")
	if told == 0 {
		news = t.T("police.signed.nobody")
	}
	t.send(Out{Text: t.T("police.signed", h.Number, h.RecordCount, h.Digest) + "\n" + news})
	t.send(Out{Kind: OutFile, Text: t.T("police.file.caption", h.Number), Personal: true,
		File: &File{Name: "bien-ban-ban-giao-" + strconv.Itoa(h.Number) + ".xlsx", Data: buf.Bytes()}})
	return nil
}

// signFail turns a storage error of the signing into the person's answer.
func (t *policeHandler) signFail(err error) error {
	if err == nil {
		return nil
	}
	return t.fail(err)
}
