package flows

import (
	"slices"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// cardFields are the four fields in the order cards show them.
var cardFields = []vn.Field{vn.FieldName, vn.FieldDOB, vn.FieldGender, vn.FieldID}

// liveWarnings are the warnings of the record's values as they stand now:
// recomputed from the fields, plus the import-time notices (duplicates,
// lost zeros) of the fields nobody has changed since.
func liveWarnings(rec Record, f Fields) []vn.Issue {
	_, warns := vn.Check(vn.Person{Name: f.Name, DOB: f.DOB, Gender: f.Gender, ID: f.ID, Phone: rec.Phone, IDRaw: rec.IDRaw})
	for _, w := range rec.Warnings {
		if fieldValue(f, w.Field) == fieldValue(rec.Orig, w.Field) && !slices.Contains(warns, w) {
			warns = append(warns, w)
		}
	}
	return warns
}

// fieldValue is one field as text, for comparing and for old → new lines.
func fieldValue(f Fields, field vn.Field) string {
	switch field {
	case vn.FieldName:
		return f.Name
	case vn.FieldDOB:
		return f.DOB.String()
	case vn.FieldGender:
		return string(f.Gender)
	case vn.FieldID:
		return f.ID.Number
	}
	return ""
}

// show renders one field for a person: the date with its precision, the
// gender in words, the ID masked unless full is set.
func show(l msg.Lang, f Fields, field vn.Field, full bool) string {
	switch field {
	case vn.FieldName:
		if f.Name == "" {
			return tr(l, "value.empty")
		}
		return msg.Esc(f.Name)
	case vn.FieldDOB:
		if f.DOB.IsZero() {
			return tr(l, "value.empty")
		}
		s := f.DOB.Display()
		switch f.DOB.Precision() {
		case vn.PrecYear:
			s += " " + tr(l, "prec.year")
		case vn.PrecMonth:
			s += " " + tr(l, "prec.month")
		}
		return s
	case vn.FieldGender:
		if f.Gender == vn.GenderUnknown {
			return tr(l, "value.empty")
		}
		return tr(l, "gender."+string(f.Gender))
	case vn.FieldID:
		if f.ID.Number == "" {
			return tr(l, "value.empty")
		}
		n := f.ID.Number
		if !full {
			n = vn.MaskID(n)
		}
		return msg.Esc(n)
	}
	return ""
}

// idLabel names the document kind, "CCCD", "CMND", "Hộ chiếu"….
func idLabel(l msg.Lang, k vn.IDKind) string {
	if k == vn.IDNone {
		return tr(l, "field.id")
	}
	return tr(l, "idkind."+string(k))
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

// recordBody renders a record's four fields with their warnings. The ID is
// shown in full only on the open record, where the person must check it.
func recordBody(l msg.Lang, rec Record, f Fields, full bool) string {
	warns := liveWarnings(rec, f)
	var b strings.Builder
	b.WriteString(tr(l, "card.name", msg.Raw(show(l, f, vn.FieldName, full))) + warnLine(l, warns, vn.FieldName) + "\n")
	dobWarn := warnLine(l, warns, vn.FieldDOB)
	b.WriteString(tr(l, "card.dob", msg.Raw(show(l, f, vn.FieldDOB, full))) + dobWarn)
	// A warning after the date would run into the gender: give it a line.
	sep := " · "
	if dobWarn != "" {
		sep = "\n"
	}
	b.WriteString(sep + tr(l, "card.gender", msg.Raw(show(l, f, vn.FieldGender, full))) + warnLine(l, warns, vn.FieldGender) + "\n")
	b.WriteString(msg.Esc(idLabel(l, f.ID.Kind)) + ": " + show(l, f, vn.FieldID, full) + warnLine(l, warns, vn.FieldID) + "\n")
	if f.ID.Number == "" && rec.IDRaw != "" {
		b.WriteString(tr(l, "card.idraw", rec.IDRaw) + "\n")
	}
	b.WriteString(tr(l, "card.problem", tr(l, "problem."+string(rec.Problem))))
	return b.String()
}

// changeLines renders old → new for each field that differs.
func changeLines(l msg.Lang, old, new Fields) (string, int) {
	var b strings.Builder
	n := 0
	for _, f := range cardFields {
		if fieldValue(old, f) == fieldValue(new, f) {
			continue
		}
		n++
		b.WriteString(tr(l, "change.line", tr(l, "field."+string(f)),
			msg.Raw(show(l, old, f, true)), msg.Raw(show(l, new, f, true))) + "\n")
	}
	return b.String(), n
}
