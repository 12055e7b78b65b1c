package flows

import (
	"slices"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// liveWarnings are the warnings of the values f as they would be saved:
// recomputed from f, plus the notices only the import could make
// (duplicates in the list, restored zeros, a swapped day and month) about
// the fields that still hold their imported value. A stored warning that
// follows from the values (a CCCD that disagrees with the gender) is never
// carried over: it is recomputed, so it goes away once the value is right.
func liveWarnings(rec Record, f Fields) []vn.Issue {
	_, warns := vn.Check(f.Person(rec.IDRaw))
	_, derived := vn.Check(rec.Orig.Person(rec.IDRaw))
	for _, w := range rec.Warnings {
		if slices.Contains(derived, w) || slices.Contains(warns, w) {
			continue
		}
		if fieldValue(f, w.Field) == fieldValue(rec.Orig, w.Field) {
			warns = append(warns, w)
		}
	}
	return warns
}

// CheckWarnings are the warnings to store with a record whose fields were
// changed: those of its new values, and the import's notices about the
// fields that kept their imported value.
func CheckWarnings(rec Record) []vn.Issue { return liveWarnings(rec, rec.Fields) }

// fieldValue is one field as text, for comparing and for old → new lines.
func fieldValue(f Fields, field vn.Field) string {
	if s, ok := Spec(field); ok {
		return s.Text(f)
	}
	return ""
}

// warnLine renders the warnings about one field, or "".
func warnLine(l msg.Lang, warns []vn.Issue, field vn.Field) string {
	var parts []string
	for _, w := range warns {
		if w.Field == field {
			parts = append(parts, msg.Issue(l, w))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "  ⚠ " + strings.Join(parts, "; ")
}

// warnBlock renders warnings one line per field, each naming its field:
// "⚠ Họ tên: chỉ có một chữ".
func warnBlock(l msg.Lang, warns []vn.Issue, f Fields) string {
	var b strings.Builder
	for _, s := range CardSpecs() {
		var parts []string
		for _, w := range warns {
			if w.Field == s.Key {
				parts = append(parts, msg.Issue(l, w))
			}
		}
		if len(parts) > 0 {
			b.WriteString("\n⚠ " + msg.Esc(s.Label(l, f)) + ": " + strings.Join(parts, "; "))
		}
	}
	return b.String()
}

// recordBody renders a record's card fields with their warnings. The ID is
// shown in full only on the open record, where the person must check it.
func recordBody(l msg.Lang, rec Record, f Fields, full bool) string {
	warns := liveWarnings(rec, f)
	var b strings.Builder
	prevWarned := false
	for i, s := range CardSpecs() {
		if i > 0 {
			// An inline field continues the line before, unless a warning
			// would run into it.
			if s.Inline && !prevWarned {
				b.WriteString(" · ")
			} else {
				b.WriteString("\n")
			}
		}
		w := warnLine(l, warns, s.Key)
		b.WriteString(cardLine(l, s, f, full) + w)
		prevWarned = w != ""
	}
	b.WriteString("\n")
	b.WriteString(idRawLine(l, rec, f))
	b.WriteString(idLine(l, rec))
	b.WriteString(tr(l, "card.problem", tr(l, "problem."+string(rec.Problem))))
	return b.String()
}

// idRawLine shows the ID as the list had it, for a record still without a
// usable one, with why it is not usable ("letters in place of digits; did
// you mean 087089470133?"), so the village and the police see the problem
// plainly and the number it probably is. "" when the record has an ID.
func idRawLine(l msg.Lang, rec Record, f Fields) string {
	if f.ID.Number != "" || rec.IDRaw == "" {
		return ""
	}
	if res := vn.ParseID(rec.IDRaw, vn.CellText); res.Err != nil {
		return tr(l, "card.idraw_why", rec.IDRaw, msg.Raw(msg.Issue(l, *res.Err))) + "\n"
	}
	return tr(l, "card.idraw", rec.IDRaw) + "\n"
}

// cardLine is "Họ tên: <b>…</b>": the field's own card text when the
// catalog has one (card.<key>), else its label and value.
func cardLine(l msg.Lang, s FieldSpec, f Fields, full bool) string {
	if key := "card." + string(s.Key); msg.Has(key) {
		return tr(l, key, msg.Raw(s.Show(l, f, full)))
	}
	return msg.Esc(s.Label(l, f)) + ": " + s.Show(l, f, full)
}

// changeLines renders old → new for each card field that differs.
func changeLines(l msg.Lang, old, new Fields) (string, int) {
	var b strings.Builder
	n := 0
	for _, s := range CardSpecs() {
		if s.Text(old) == s.Text(new) {
			continue
		}
		n++
		b.WriteString(tr(l, "change.line", tr(l, "field."+string(s.Key)),
			msg.Raw(s.Show(l, old, true)), msg.Raw(s.Show(l, new, true))) + "\n")
	}
	return b.String(), n
}

// show renders one field for a person.
func show(l msg.Lang, f Fields, field vn.Field, full bool) string {
	if s, ok := Spec(field); ok {
		return s.Show(l, f, full)
	}
	return ""
}
