package flows

import (
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// assignGroup is the records without a village whose list wrote the same
// village, ignoring case, diacritics and spacing: "Thôn Đông", "thon dong"
// and "THÔN  ĐÔNG" are one group.
type assignGroup struct {
	Key   string   // vn.NameKey of the texts
	Label string   // the most common spelling, as written
	Texts []string // every spelling, for the store
	Count int
}

// tag names a group in button data: a short hash of its key, since the
// text itself could overflow Telegram's 64 bytes. The group is looked up
// again on every press, so a press on an old list finds what is left.
func (g assignGroup) tag() string {
	h := fnv.New32a()
	h.Write([]byte(g.Key))
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

// assignGroups groups the unassigned records' village texts, largest first.
func (t *coordHandler) assignGroups() ([]assignGroup, error) {
	texts, err := t.repo.UnassignedTexts(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return nil, err
	}
	var groups []assignGroup
	at := map[string]int{}
	for _, vt := range texts { // largest first, so the label is the most common spelling
		k := vn.NameKey(vt.Text)
		i, ok := at[k]
		if !ok {
			i, at[k] = len(groups), len(groups)
			groups = append(groups, assignGroup{Key: k, Label: vn.CleanText(vt.Text)})
		}
		groups[i].Texts = append(groups[i].Texts, vt.Text)
		groups[i].Count += vt.Count
	}
	slices.SortStableFunc(groups, func(a, b assignGroup) int { return b.Count - a.Count })
	return groups, nil
}

// findGroup finds the group a button names; false when it is gone.
func (t *coordHandler) findGroup(tag string) (assignGroup, bool, error) {
	groups, err := t.assignGroups()
	if err != nil {
		return assignGroup{}, false, err
	}
	for _, g := range groups {
		if g.tag() == tag {
			return g, true, nil
		}
	}
	t.say("coord.assign.gone")
	return assignGroup{}, false, nil
}

// groupLabel is how a group is shown: its text, cut to fit a button, or
// a word for "no village".
func (t *coordHandler) groupLabel(g assignGroup) string {
	if g.Label == "" {
		return t.T("coord.assign.blank")
	}
	return short(g.Label, 40)
}

// maxGroups is how many groups /assign lists: the rest come after the
// first ones are assigned.
const maxGroups = 20

// assign lists the records without a village, grouped by what their list
// wrote, with a button per group.
func (t *coordHandler) assign() error {
	groups, err := t.assignGroups()
	if err != nil {
		return t.coordFail(err)
	}
	if len(groups) == 0 {
		t.say("coord.assign.none")
		return nil
	}
	total := 0
	for _, g := range groups {
		total += g.Count
	}
	var b strings.Builder
	b.WriteString(t.T("coord.assign.head", total))
	var rows [][]Button
	for i, g := range groups {
		if i == maxGroups {
			b.WriteString("\n" + t.T("coord.assign.more", len(groups)-maxGroups))
			break
		}
		b.WriteString("\n" + t.T("coord.assign.line", i+1, t.groupLabel(g), g.Count))
		rows = append(rows, []Button{button(strconv.Itoa(i+1)+". "+t.groupLabel(g)+" ("+strconv.Itoa(g.Count)+")", "ag", 0, 0, g.tag())})
	}
	t.send(Out{Text: b.String(), Buttons: rows})
	return nil
}

// assignPick asks which village a group goes to; the villages whose name
// matches the group's text come first, marked.
func (t *coordHandler) assignPick(tag string) error {
	g, ok, err := t.findGroup(tag)
	if !ok || err != nil {
		return err
	}
	vs, ok, err := t.someVillages("coord.assign.no_villages")
	if !ok {
		return err
	}
	var likely, rest []Village
	for _, v := range vs {
		if likelyVillage(g.Key, v.Name) {
			v.Name = "⭐ " + v.Name
			likely = append(likely, v)
		} else {
			rest = append(rest, v)
		}
	}
	rows := villageButtons(append(likely, rest...), "av", 0, 0, tag)
	t.send(Out{Text: t.T("coord.assign.pick", t.groupLabel(g), g.Count), Buttons: append(rows, t.cancelRow())})
	return nil
}

// likelyVillage reports whether a village is probably what a list meant:
// one name's words contain the other's ("dong" and "Thôn Đông", or "thon
// dong xa tan phu" and "Thôn Đông").
func likelyVillage(groupKey, village string) bool {
	vk := vn.NameKey(village)
	if groupKey == "" || vk == "" {
		return false
	}
	return strings.Contains(" "+vk+" ", " "+groupKey+" ") || strings.Contains(" "+groupKey+" ", " "+vk+" ")
}

// groupAndVillage finds the group and the village an assignment button
// names. It answers, and returns false, when either is gone.
func (t *coordHandler) groupAndVillage(tag string, village int64) (assignGroup, Village, bool, error) {
	g, ok, err := t.findGroup(tag)
	if !ok || err != nil {
		return g, Village{}, false, err
	}
	v, ok, err := t.villageOf(village)
	if err != nil {
		return g, v, false, err
	}
	if !ok {
		t.say("coord.gone")
		return g, v, false, nil
	}
	return g, v, true, nil
}

// assignConfirm shows what the assignment does and asks to confirm.
func (t *coordHandler) assignConfirm(tag string, village int64) error {
	g, v, ok, err := t.groupAndVillage(tag, village)
	if !ok {
		return err
	}
	t.send(Out{Text: t.T("coord.assign.confirm", g.Count, t.groupLabel(g), v.Name),
		Buttons: [][]Button{{button(t.T("coord.btn.assign"), "ay", village, 0, tag)}, t.cancelRow()}})
	return nil
}

// assignDo assigns the group and tells the village's members they have
// new records to review.
func (t *coordHandler) assignDo(tag string, village int64) error {
	g, v, ok, err := t.groupAndVillage(tag, village)
	if !ok {
		return err
	}
	n, err := t.repo.AssignVillage(t.ctx, t.actor(), t.member.CommuneID, g.Texts, village)
	if err != nil {
		return t.coordFail(err)
	}
	text := t.T("coord.assign.done", n, v.Name)
	if left, err := t.assignGroups(); err != nil {
		return err
	} else if len(left) > 0 {
		rest := 0
		for _, g := range left {
			rest += g.Count
		}
		text += "\n" + t.T("coord.assign.left", rest)
	}
	t.send(Out{Text: text})
	ms, err := t.repo.Members(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.coordFail(err)
	}
	for _, m := range ms {
		if m.Role == RoleVillage && slices.Contains(m.Villages, village) {
			t.to(m, Out{Text: tr(msg.ParseLang(m.Lang), "coord.assign.told", n, v.Name)})
		}
	}
	return nil
}
