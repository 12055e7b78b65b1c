package flows

import (
	"errors"
	"slices"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// villages lists the commune's villages with their records and members,
// and offers to add, rename and merge.
func (t *coordHandler) villages() error {
	_, vs, err := t.villageNames()
	if err != nil {
		return err
	}
	counts, err := t.repo.CommuneCounts(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	ms, err := t.repo.Members(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	people := map[int64]int{}
	for _, m := range ms {
		for _, v := range m.Villages {
			if m.Active {
				people[v]++
			}
		}
	}
	var b strings.Builder
	if len(vs) == 0 {
		b.WriteString(t.T("coord.villages.none"))
	} else {
		b.WriteString(t.T("coord.villages.head", len(vs)))
	}
	for i, v := range vs {
		n := 0
		for _, c := range counts[v.ID] {
			n += c
		}
		b.WriteString("\n" + t.T("coord.villages.line", i+1, v.Name, n, people[v.ID]))
	}
	row := []Button{button(t.T("coord.btn.add"), "va", 0, 0, "")}
	if len(vs) > 0 {
		row = append(row, button(t.T("coord.btn.rename"), "vr", 0, 0, ""))
	}
	if len(vs) > 1 {
		row = append(row, button(t.T("coord.btn.merge"), "vm", 0, 0, ""))
	}
	t.send(Out{Text: b.String(), Buttons: [][]Button{row}})
	return nil
}

// villagePick offers the commune's villages as buttons for act.
func (t *coordHandler) villagePick(key, act string) error {
	_, vs, err := t.villageNames()
	if err != nil {
		return err
	}
	rows := villageButtons(vs, act, 0, 0, "")
	if len(rows) == 0 {
		t.say("coord.villages.none")
		return nil
	}
	t.send(Out{Text: t.T(key), Buttons: append(rows, t.cancelRow())})
	return nil
}

// villageAsk asks for the name of a new village (id 0) or the new name of
// village id, and waits for it.
func (t *coordHandler) villageAsk(id int64) error {
	text := t.T("coord.village.ask_name")
	if id != 0 {
		v, ok, err := t.villageOf(id)
		if err != nil {
			return err
		}
		if !ok {
			t.say("coord.gone")
			return nil
		}
		text = t.T("coord.village.ask_rename", v.Name)
	}
	t.c.Step, t.c.Coord = stepVillageName, &coordState{Village: id}
	t.send(Out{Text: text, Buttons: [][]Button{t.cancelRow()}})
	return nil
}

// villageNameText checks a typed village name. A name that will not do
// gets the reason and the same question; a good one is shown for
// confirmation, nothing saved yet.
func (t *coordHandler) villageNameText(text string) error {
	id := t.c.Coord.Village
	name, problem := vn.CheckPlaceName(text)
	hint := ""
	switch problem {
	case vn.PlaceNameNoLetter, vn.PlaceNameCommand:
		hint = t.T("coord.village.bad_name")
	case vn.PlaceNameTooLong:
		hint = t.T("coord.village.long_name", vn.MaxPlaceNameRunes)
	}
	if hint == "" {
		_, vs, err := t.villageNames()
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.ID != id && vn.NameKey(v.Name) == vn.NameKey(name) {
				hint = t.T("coord.village.exists", v.Name)
			}
		}
	}
	if hint != "" {
		t.c.Step = stepVillageName
		t.send(Out{Text: hint + "\n" + t.T("coord.village.again"), Buttons: [][]Button{t.cancelRow()}})
		return nil
	}
	return t.villageConfirm(id, name)
}

// villageConfirm shows the village name to save with [Lưu]/[Huỷ].
func (t *coordHandler) villageConfirm(id int64, name string) error {
	text := t.T("coord.village.confirm_add", name)
	if id != 0 {
		v, ok, err := t.villageOf(id)
		if err != nil {
			return err
		}
		if !ok {
			t.c.reset()
			t.say("coord.gone")
			return nil
		}
		text = t.T("coord.village.confirm_rename", v.Name, name)
	}
	t.c.Step, t.c.Coord = stepVillageConfirm, &coordState{Village: id, Name: name}
	t.send(Out{Text: text, Buttons: [][]Button{{button(t.T("coord.btn.save"), "vsy", id, 0, "")}, t.cancelRow()}})
	return nil
}

// villageSave saves the confirmed name: a new village, or a rename.
func (t *coordHandler) villageSave(draft *coordState, id int64) error {
	if draft == nil || draft.Name == "" || draft.Village != id {
		// The draft went with /cancel, another command, or a newer draft.
		t.say("button.unknown")
		return nil
	}
	if id == 0 {
		v, err := t.repo.CreateVillage(t.ctx, t.actor(), t.member.CommuneID, draft.Name)
		if errors.Is(err, ErrExists) {
			return t.villageTaken(draft)
		}
		if err != nil {
			return t.coordFail(err)
		}
		t.say("coord.village.added", v.Name, "/invite thôn "+v.Name)
		return nil
	}
	old, ok, err := t.villageOf(id)
	if err != nil {
		return err
	}
	if !ok {
		t.say("coord.gone")
		return nil
	}
	v, err := t.repo.RenameVillage(t.ctx, t.actor(), id, draft.Name)
	if errors.Is(err, ErrExists) {
		return t.villageTaken(draft)
	}
	if err != nil {
		return t.coordFail(err)
	}
	t.say("coord.village.renamed", old.Name, v.Name)
	return nil
}

// villageTaken answers a name another village took since it was typed.
func (t *coordHandler) villageTaken(draft *coordState) error {
	t.c.Step, t.c.Coord = stepVillageName, &coordState{Village: draft.Village}
	t.send(Out{Text: t.T("coord.village.exists", draft.Name) + "\n" + t.T("coord.village.again"),
		Buttons: [][]Button{t.cancelRow()}})
	return nil
}

// mergeInto asks which village from joins.
func (t *coordHandler) mergeInto(from int64) error {
	v, ok, err := t.villageOf(from)
	if err != nil {
		return err
	}
	if !ok {
		t.say("coord.gone")
		return nil
	}
	_, vs, err := t.villageNames()
	if err != nil {
		return err
	}
	// Data: rec is the village that stays (into), ver the one that goes.
	rows := villageButtons(vs, "vmt", from, from, "")
	if len(rows) == 0 {
		t.say("coord.merge.alone")
		return nil
	}
	t.send(Out{Text: t.T("coord.merge.pick_into", v.Name), Buttons: append(rows, t.cancelRow())})
	return nil
}

// mergeConfirm shows what the merge moves and asks to confirm.
func (t *coordHandler) mergeConfirm(into, from int64) error {
	src, dst, ok, err := t.mergePair(into, from)
	if !ok || err != nil {
		return err
	}
	u, err := t.repo.VillageUsage(t.ctx, t.actor(), from)
	if err != nil {
		return t.coordFail(err)
	}
	t.send(Out{Text: t.T("coord.merge.confirm", src.Name, dst.Name, u.Records, u.Members, u.Invites),
		Buttons: [][]Button{{button(t.T("coord.btn.merge_yes"), "vmy", into, from, "")}, t.cancelRow()}})
	return nil
}

// mergeDo merges and tells the members of the village that went.
func (t *coordHandler) mergeDo(into, from int64) error {
	src, dst, ok, err := t.mergePair(into, from)
	if !ok || err != nil {
		return err
	}
	ms, err := t.repo.Members(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	u, err := t.repo.MergeVillage(t.ctx, t.actor(), from, into)
	if err != nil {
		return t.coordFail(err)
	}
	t.say("coord.merge.done", src.Name, dst.Name, u.Records, u.Members, u.Invites)
	for _, m := range ms {
		if m.Role == RoleVillage && slices.Contains(m.Villages, from) {
			t.to(m, Out{Text: tr(msg.ParseLang(m.Lang), "coord.merge.told", src.Name, dst.Name, dst.Name)})
		}
	}
	return nil
}

// mergePair looks up the two villages of a merge; ok is false (and the
// person told why) when they are the same or one is gone.
func (t *coordHandler) mergePair(into, from int64) (src, dst Village, ok bool, err error) {
	if into == from {
		t.say("coord.merge.self")
		return src, dst, false, nil
	}
	src, ok1, err := t.villageOf(from)
	if err != nil {
		return src, dst, false, err
	}
	dst, ok2, err := t.villageOf(into)
	if err != nil {
		return src, dst, false, err
	}
	if !ok1 || !ok2 {
		t.say("coord.gone")
		return src, dst, false, nil
	}
	return src, dst, true, nil
}
