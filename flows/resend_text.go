package flows

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// What a station reads about a list sent again. A list of 100,000 rows
// can differ in thousands: the counts come first and at most maxExamples
// rows follow, so every message stays well under Telegram's 4,096
// characters.

// listLimit bounds the rows of a list of differences, in characters:
// Telegram counts UTF-16 units, one per Vietnamese letter, and the lines
// after the rows (what was left aside, the question) take at most a
// thousand.
const listLimit = 3000

// previewText is the preview of a list: the report, the comparison with
// the records the commune has, the villages the new records go to and
// what [Nhập] does. nothing says there is nothing to import or correct.
func (t *stationHandler) previewText(name string, pv Preview, vs []Village, u Upload, nothing bool) string {
	rs := &pv.Resend
	block := resendBlock(t.lang, rs)
	var b strings.Builder
	b.WriteString(t.T("station.preview.head", name) + "\n")
	b.WriteString(clip(pv.Report.Text(t.lang), previewLimit-len(block)))
	if block != "" {
		b.WriteString(block + "\n")
	}
	if !rs.Known() || rs.New > 0 {
		b.WriteString(t.T("station.preview.villages", msg.Raw(villageSummary(t.lang, vs, pv.ByVillage))) + "\n")
	}
	b.WriteString("\n")
	errs := ""
	if n := pv.Report.Rows.WithErrors; n > 0 {
		errs = t.T("station.preview.errs", n)
	}
	switch {
	case nothing:
		b.WriteString(t.T("resend.preview.nothing"))
	case !rs.Known():
		b.WriteString(t.T("station.preview.ask", pv.Report.Rows.OK, msg.Raw(errs), localTime(u.ExpiresAt)))
	case rs.New == 0:
		b.WriteString(t.T("resend.preview.ask_amend", rs.Amendable, localTime(u.ExpiresAt)))
	default:
		b.WriteString(t.T("resend.preview.ask", rs.New, msg.Raw(errs), localTime(u.ExpiresAt)))
	}
	return b.String()
}

// resendBlock is the preview's comparison, counts only; "" for a list
// with no row the commune has.
func resendBlock(l msg.Lang, r *Resend) string {
	if !r.Known() {
		return ""
	}
	var b strings.Builder
	b.WriteString(tr(l, "resend.preview.head"))
	line := func(key string, args ...any) { b.WriteString("\n" + tr(l, key, args...)) }
	if r.New > 0 {
		line("resend.preview.new", r.New)
	} else {
		line("resend.preview.no_new")
	}
	if r.Same > 0 {
		line("resend.preview.same", r.Same)
	}
	if r.Differ > 0 {
		line("resend.preview.differ", r.Differ, msg.Raw(fieldCounts(l, r)))
		if r.Locked > 0 {
			line("resend.preview.locked", r.Locked)
		}
	}
	conflicts(l, r, line)
	return b.String()
}

// conflicts writes the rows that are neither imported nor applied.
func conflicts(l msg.Lang, r *Resend, line func(key string, args ...any)) {
	if r.Ambiguous > 0 {
		line("resend.preview.ambiguous", r.Ambiguous, rowList(r.AmbiguousRows, r.Ambiguous))
	}
	if r.Shared > 0 {
		pairs := make([]string, len(r.SharedRows))
		for i, p := range r.SharedRows {
			pairs[i] = tr(l, "resend.pair", p[0], p[1])
		}
		if r.Shared > 2*len(r.SharedRows) {
			pairs = append(pairs, "…")
		}
		line("resend.preview.shared", r.Shared, strings.Join(pairs, "; "))
	}
}

// fieldCounts is "Họ tên 1 · Thôn 2": the differing rows per field.
func fieldCounts(l msg.Lang, r *Resend) string {
	var parts []string
	for _, s := range FieldSpecs {
		if n := r.ByField[s.Key]; n > 0 {
			parts = append(parts, tr(l, "field."+string(s.Key))+" "+strconv.Itoa(n))
		}
	}
	if r.Village > 0 {
		parts = append(parts, tr(l, "resend.field.village")+" "+strconv.Itoa(r.Village))
	}
	return strings.Join(parts, " · ")
}

// rowList is "9, 15, …": the rows shown and a mark when there are more.
func rowList(rows []int, total int) string {
	parts := make([]string, len(rows))
	for i, n := range rows {
		parts[i] = strconv.Itoa(n)
	}
	if total > len(rows) {
		parts = append(parts, "…")
	}
	return strings.Join(parts, ", ")
}

// differencesOut lists, after an import, the rows that differ from the
// records they matched (old → new per field, the record's state), the
// rows left aside, and offers to apply the corrections kept or skip them.
func (t *stationHandler) differencesOut(u Upload, res ImportResult, vs []Village) Out {
	rs := &res.Resend
	var b strings.Builder
	b.WriteString(t.T("resend.list.head", u.FileName, rs.Differ))
	shown := 0
	size := utf8.RuneCountInString(b.String())
	for _, d := range rs.Examples {
		line := "\n" + t.differenceText(d, vs)
		if size += utf8.RuneCountInString(line); size > listLimit {
			break
		}
		b.WriteString(line)
		shown++
	}
	if more := rs.Differ - shown; more > 0 {
		b.WriteString("\n" + t.T("resend.list.more", more))
	}
	if rs.Village > 0 {
		b.WriteString("\n" + t.T("resend.list.village_note"))
	}
	conflicts(t.lang, rs, func(key string, args ...any) { b.WriteString("\n" + t.T(key, args...)) })
	b.WriteString("\n\n")
	if res.Pending == 0 {
		b.WriteString(t.T("resend.list.none"))
		return Out{Text: b.String(), Personal: true}
	}
	b.WriteString(t.T("resend.list.ask", res.Pending))
	id := strconv.FormatInt(u.ID, 10)
	return Out{Text: b.String(), Personal: true, Buttons: [][]Button{{
		button(t.T("resend.btn.apply", res.Pending), "amd", 0, 0, id),
		button(t.T("resend.btn.skip"), "ams", 0, 0, id)}}}
}

// differenceText is one differing row: which record, then each field old
// → new. ID numbers stay masked.
func (t *stationHandler) differenceText(d Difference, vs []Village) string {
	k := d.Record
	idSpec, _ := Spec(vn.FieldID)
	who := []string{orEmptyValue(t.lang, msg.Esc(k.Fields.Name)),
		idLabel(t.lang, k.Fields.ID.Kind) + " " + idSpec.Show(t.lang, k.Fields, false),
		msg.Esc(villageName(t.lang, vs, k.VillageID)), t.T("state." + string(k.State))}
	var b strings.Builder
	b.WriteString(t.T("resend.list.row", d.Row, msg.Raw(strings.Join(who, " · "))))
	for _, f := range d.Changed {
		s, _ := Spec(f)
		b.WriteString("\n" + t.T("resend.list.field", t.T("field."+string(f)),
			msg.Raw(s.Show(t.lang, k.Fields, false)), msg.Raw(s.Show(t.lang, d.Fields, false))))
	}
	if d.Village != 0 {
		b.WriteString("\n" + t.T("resend.list.village", villageName(t.lang, vs, k.VillageID), villageName(t.lang, vs, d.Village)))
	}
	if d.Locked {
		b.WriteString("\n" + t.T("resend.list.locked"))
	}
	return b.String()
}

// villageName is a village's name, or "no village".
func villageName(l msg.Lang, vs []Village, id int64) string {
	for _, v := range vs {
		if v.ID == id {
			return v.Name
		}
	}
	return tr(l, "resend.village_none")
}

// amendedText reports what applying the corrections did.
func (t *stationHandler) amendedText(u Upload, res AmendResult) string {
	lines := []string{t.T("resend.applied", res.Applied, u.FileName)}
	back := 0
	for _, n := range res.SentBack {
		back += n
	}
	if back > 0 {
		lines = append(lines, t.T("resend.applied.back", back))
	}
	if res.Locked > 0 {
		lines = append(lines, t.T("resend.applied.locked", res.Locked))
	}
	if res.Changed > 0 {
		lines = append(lines, t.T("resend.applied.changed", res.Changed))
	}
	return strings.Join(lines, "\n")
}
