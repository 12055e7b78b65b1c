package flows

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"lamsach/flows/vn"
)

// coordState is what a coordinator's typed value needs to be understood:
// which village is being renamed and the name waiting for confirmation.
// Every other choice travels in the button data, so an old button still
// says exactly what it meant.
type coordState struct {
	Village int64  `json:"village,omitempty"` // the village being renamed; 0 while adding one
	Name    string `json:"name,omitempty"`    // the typed name, shown for confirmation
}

// The coordinator's steps.
const (
	stepVillageName    step = "c.vname"    // waiting for a village's (new) name
	stepVillageConfirm step = "c.vconfirm" // the name is shown with [Lưu]/[Huỷ]
)

// coordRepo is what the coordinator conversation needs from storage. Each
// method checks in its own queries that the actor is a coordinator of the
// commune (or the operator, which the clock's reminders act as).
type coordRepo interface {
	commonRepo
	// Members lists the commune's members.
	Members(ctx context.Context, actor Actor, communeID int64) ([]Member, error)
	CreateInvite(ctx context.Context, actor Actor, communeID int64, role Role, villages []int64, ttl time.Duration) (string, Invite, error)
	// OpenInvites lists the commune's invites neither used nor expired.
	OpenInvites(ctx context.Context, actor Actor, communeID int64) ([]Invite, error)
	// CancelInvite cancels an open invite of the commune.
	CancelInvite(ctx context.Context, actor Actor, communeID, id int64) (Invite, error)
	// RevokeMember deactivates a member of the actor's commune (never the
	// actor) and returns them as they were.
	RevokeMember(ctx context.Context, actor Actor, memberID int64) (Member, error)

	CreateVillage(ctx context.Context, actor Actor, communeID int64, name string) (Village, error)
	RenameVillage(ctx context.Context, actor Actor, villageID int64, name string) (Village, error)
	VillageUsage(ctx context.Context, actor Actor, villageID int64) (VillageUsage, error)
	// MergeVillage moves from's records, members and unused invites to into
	// and keeps from as merged; it returns what moved.
	MergeVillage(ctx context.Context, actor Actor, from, into int64) (VillageUsage, error)

	// UnassignedTexts counts the records without a village by the village
	// text their list wrote.
	UnassignedTexts(ctx context.Context, actor Actor, communeID int64) ([]VillageText, error)
	// AssignVillage gives the records without a village whose village text
	// is one of texts the village, and returns how many.
	AssignVillage(ctx context.Context, actor Actor, communeID int64, texts []string, villageID int64) (int, error)

	SetDeadline(ctx context.Context, actor Actor, communeID int64, t time.Time) error
	// CommuneCounts counts one commune's records per village and state.
	CommuneCounts(ctx context.Context, actor Actor, communeID int64) (map[int64]map[State]int, error)
	// Audit appends an entry that is not a change, such as a bulk view.
	Audit(ctx context.Context, actor Actor, e AuditEntry) (AuditEntry, error)
	// PassportMonth reads the station's daily reports of a month (/report).
	passportReader
}

// VillageUsage counts what hangs on a village: what a merge moves.
type VillageUsage struct {
	Records int // records of the village, in any state
	Members int // active members assigned to it
	Invites int // unused invites naming it
}

// VillageText is a village as an uploaded list wrote it, with how many
// records not yet assigned to a village carry that text.
type VillageText struct {
	Text  string
	Count int
}

// text takes a typed village name; anything else typed is not understood.
func (t *coordHandler) text() error {
	if t.c.Coord != nil && (t.c.Step == stepVillageName || t.c.Step == stepVillageConfirm) {
		return t.villageNameText(t.ev.Text)
	}
	return t.unknown()
}

// button handles a press on one of the coordinator's buttons. A press
// ends any typed step in progress; the draft name of a village is read
// first, for the buttons that confirm it.
func (t *coordHandler) button() error {
	p, ok := parsePress(t.ev.Data)
	if !ok {
		t.say("button.unknown")
		return nil
	}
	draft := t.c.Coord
	t.c.reset()
	switch p.Act {
	case "rvy", "vsy", "vmy", "ay", "x":
		// A yes or no to a question: the question is answered.
		t.unbutton()
	}
	switch p.Act {
	case "ir":
		return t.inviteRole(Role(p.Arg))
	case "iv":
		return t.makeInvite(RoleVillage, p.Rec)
	case "rv":
		return t.revokeAsk(p.Rec)
	case "rvy":
		return t.revokeDo(p.Rec)
	case "va":
		return t.villageAsk(0)
	case "vr":
		return t.villagePick("coord.village.pick_rename", "vrp")
	case "vrp":
		return t.villageAsk(p.Rec)
	case "vsy":
		return t.villageSave(draft, p.Rec)
	case "vm":
		return t.villagePick("coord.merge.pick_from", "vmf")
	case "vmf":
		return t.mergeInto(p.Rec)
	case "vmt":
		return t.mergeConfirm(p.Rec, p.Ver)
	case "vmy":
		return t.mergeDo(p.Rec, p.Ver)
	case "ag":
		return t.assignPick(p.Arg)
	case "av":
		return t.assignConfirm(p.Arg, p.Rec)
	case "ay":
		return t.assignDo(p.Arg, p.Rec)
	case "dl":
		return t.deadlineSet(p.Arg)
	case "ivx":
		return t.cancelInvite(p.Rec)
	case "x":
		t.say("coord.cancelled")
		return nil
	}
	t.say("button.unknown")
	return nil
}

// where repeats the question of a coordinator's typed step.
func (t *coordHandler) where() error {
	switch t.c.Step {
	case stepVillageName:
		return t.villageAsk(t.c.Coord.Village)
	case stepVillageConfirm:
		return t.villageConfirm(t.c.Coord.Village, t.c.Coord.Name)
	}
	t.c.reset()
	return t.whereIdle()
}

// coordFail answers a storage refusal on a coordinator's action: the thing
// pressed on is gone (merged, revoked, another commune's). Other errors are
// system failures for the engine.
func (t *coordHandler) coordFail(err error) error {
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) || errors.Is(err, ErrConflict) {
		t.say("coord.gone")
		return nil
	}
	return t.fail(err)
}

// cancelRow is the [Huỷ] button of a coordinator's confirmation.
func (t *coordHandler) cancelRow() []Button {
	return []Button{button(t.T("coord.btn.cancel"), "x", 0, 0, "")}
}

// villageButtons lists villages as buttons, two to a row, leaving out
// skip. Button data carries the village id in rec and extra in ver.
func villageButtons(vs []Village, act string, skip, extra int64, arg string) [][]Button {
	var rows [][]Button
	var row []Button
	for _, v := range vs {
		if v.ID == skip {
			continue
		}
		if len(rows)*2+len(row) >= maxButtons {
			break
		}
		row = append(row, button(v.Name, act, v.ID, extra, arg))
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// maxButtons keeps a keyboard inside Telegram's limit of 100 buttons,
// with room for a [Huỷ] row.
const maxButtons = 96

// villageOf finds a current village of the member's commune.
func (t *coordHandler) villageOf(id int64) (Village, bool, error) {
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return Village{}, false, err
	}
	for _, v := range vs {
		if v.ID == id {
			return v, true, nil
		}
	}
	return Village{}, false, nil
}

// capFirst upper-cases the first letter: "tổ công tác thôn" → "Tổ công tác thôn".
func capFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// maxText is how long a message may grow, in bytes: Telegram refuses
// more than 4096 characters, and Vietnamese text has more bytes than
// characters, so counting bytes keeps well inside.
const maxText = 3800

// fits reports whether line can still go into b.
func fits(b *strings.Builder, line string) bool { return b.Len()+len(line) < maxText }

// short cuts text from a spreadsheet to n characters for a list or a button.
func short(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// sortVillages orders villages as people count them: by name without
// diacritics, numbers by value, so "Tổ 2" comes before "Tổ 10".
func sortVillages(vs []Village) {
	slices.SortStableFunc(vs, func(a, b Village) int { return naturalCompare(vn.NameKey(a.Name), vn.NameKey(b.Name)) })
}

// naturalCompare compares two strings, runs of digits by their value.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		a, b = a[sa:], b[sb:]
	}
	return cmp.Compare(len(a), len(b))
}

// digitRun is the length of the ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// joinNames joins village names with ", ".
func joinNames(names []string) string { return strings.Join(names, ", ") }
