package flows

import (
	"strings"
	"unicode/utf8"

	"lamsach/flows/msg"
)

// A record whose ID number another record of the commune also holds may be
// the same person twice, or a typo: the people who check it are told
// before they save or confirm, and the officer confirms such a record only
// with a second, explicit tap.

// twins reads the other records holding f's ID number.
func (t *editor) twins(rec Record, f Fields) ([]Twin, error) {
	if f.ID.Number == "" {
		return nil, nil
	}
	return t.repo.SameID(t.ctx, t.actor(), f.ID.Number, rec.ID)
}

// twinLines names the records sharing the number: masked name, village and
// state, one line each.
func twinLines(l msg.Lang, twins []Twin) string {
	if len(twins) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n" + tr(l, "twin.head"))
	for _, tw := range twins {
		village := tw.Village
		if village == "" {
			village = tr(l, "village.none")
		}
		b.WriteString("\n" + tr(l, "twin.line", maskName(tw.Name), village, tr(l, "state."+string(tw.State))))
	}
	return b.String()
}

// maskName shows a name by its family name and initials, "Nguyễn V. A.":
// enough for the person checking to recognise a record, not a full name
// given to someone outside its village.
func maskName(name string) string {
	words := strings.Fields(name)
	for i := 1; i < len(words); i++ {
		r, _ := utf8.DecodeRuneInString(words[i])
		words[i] = string(r) + "."
	}
	return strings.Join(words, " ")
}
