package sheet

import (
	"fmt"
	"sort"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// textErrorRows is how many rows with errors Text lists; the rest are in
// the error file.
const textErrorRows = 5

// textDupPairs is how many duplicate pairs Text names.
const textDupPairs = 5

// Text renders the report for a person: short lines that fit a phone, in
// language l. ID numbers are masked (vn.MaskID) because the chat is kept
// outside Vietnam; the sample row shows only a name and a masked ID.
//
// Values from the file are HTML-escaped and there are no tags, so the text
// can be sent in HTML mode as it is; html.UnescapeString gives plain text
// for a terminal.
func (r *Report) Text(l msg.Lang) string {
	var b strings.Builder
	line := func(key string, args ...any) {
		b.WriteString(msg.T(l, key, args...))
		b.WriteByte('\n')
	}
	if r.Refusal != "" {
		re := &RefusedError{Reason: r.Refusal, Limits: r.limits, Err: sentinel(r.Refusal), Sheet: r.Sheet}
		line("sheet.report.refused", msg.Raw(msg.Esc(RefusalText(l, re))))
		return b.String()
	}
	line("sheet.report.sheet", r.Sheet, rowRange(r.HeaderRows))
	if r.HiddenSheet {
		line("sheet.report.hidden_sheet", r.Sheet)
	}
	if len(r.OtherSheets) > 0 {
		line("sheet.report.other_sheets", msg.Raw(sheetList(l, r.OtherSheets)))
	}
	r.writeColumns(l, line)
	line("sheet.report.rows", r.Rows.Total, msg.Raw(rowsText(l, r.Rows)))
	if r.Rows.Hidden > 0 {
		line("sheet.report.hidden_rows", r.Rows.Hidden)
	}
	if s := problemList(l, r.Problems); s != "" {
		line("sheet.report.problems", msg.Raw(s))
	}
	if s := warningList(l, r.Warnings); s != "" {
		line("sheet.report.warnings", msg.Raw(s))
	}
	if r.LostZeros.IDs+r.LostZeros.Phones > 0 {
		line("sheet.report.lost_zeros", msg.Raw(counts(l,
			count{"sheet.report.lost_ids", r.LostZeros.IDs}, count{"sheet.report.lost_phones", r.LostZeros.Phones})))
	}
	if d := r.Dates; d.DateCells+d.Serials+d.YearOnly+d.MonthOnly > 0 {
		line("sheet.report.dates", msg.Raw(counts(l, count{"sheet.report.date_cells", d.DateCells},
			count{"sheet.report.date_serials", d.Serials}, count{"sheet.report.date_year", d.YearOnly},
			count{"sheet.report.date_month", d.MonthOnly})))
	}
	if n := len(r.Duplicates) + r.DuplicatesOmitted; n > 0 {
		var pairs []string
		for _, p := range r.Duplicates[:min(len(r.Duplicates), textDupPairs)] {
			pairs = append(pairs, msg.T(l, "sheet.report.dup_pair", p.RowA, p.RowB))
		}
		if n > textDupPairs {
			pairs = append(pairs, "…")
		}
		line("sheet.report.dups", n, msg.Raw(strings.Join(pairs, ", ")))
	}
	if s := r.Sample; s != nil {
		id := msg.T(l, "sheet.report.no_id")
		if s.Person.ID.Number != "" {
			id = msg.Esc(vn.MaskID(s.Person.ID.Number))
		} else if s.Person.IDRaw != "" && !vn.IsNoIDPlaceholder(s.Person.IDRaw) {
			id = msg.Esc(vn.MaskID(s.Person.IDRaw))
		}
		line("sheet.report.sample", s.Num, s.Person.Name, msg.Raw(id))
	}
	r.writeErrors(l, line)
	return b.String()
}

// rowsText is "5 dòng đọc được, 3 dòng có lỗi; bỏ qua 3 dòng trống…":
// the readable rows always, the rows with errors and the rows skipped
// only when there are some, so a clean list's preview is not a row of
// zeros.
func rowsText(l msg.Lang, rows Counts) string {
	s := msg.T(l, "sheet.report.rows_ok", rows.OK)
	if rows.WithErrors > 0 {
		s += ", " + msg.T(l, "sheet.report.rows_errors", rows.WithErrors)
	}
	if rows.Skipped > 0 {
		s += "; " + msg.T(l, "sheet.report.rows_skipped", rows.Skipped)
	}
	return s
}

// count is a catalog key that takes a number, and the number.
type count struct {
	key string
	n   int
}

// counts renders counts ("1 số giấy tờ, 2 số điện thoại"), leaving out
// the zeros.
func counts(l msg.Lang, list ...count) string {
	var parts []string
	for _, c := range list {
		if c.n > 0 {
			parts = append(parts, msg.T(l, c.key, c.n))
		}
	}
	return strings.Join(parts, ", ")
}

// writeColumns lists the used columns, then the unused and missing ones.
func (r *Report) writeColumns(l msg.Lang, line func(string, ...any)) {
	line("sheet.report.columns")
	var unused []string
	for _, c := range r.Columns {
		switch {
		case c.Field != FieldNone:
			line("sheet.report.col", c.Col, c.Header, msg.Raw(fieldLabel(l, c.Field)))
		case c.Also != FieldNone:
			line("sheet.report.col_also", c.Col, c.Header, msg.Raw(fieldLabel(l, c.Also)))
		case c.Header != "":
			unused = append(unused, fmt.Sprintf("%s «%s»", c.Col, msg.Esc(c.Header)))
		}
	}
	if len(unused) > 0 {
		line("sheet.report.unused", msg.Raw(strings.Join(unused, ", ")))
	}
	if len(r.Missing) > 0 {
		var names []string
		for _, f := range r.Missing {
			names = append(names, fieldLabel(l, f))
		}
		line("sheet.report.missing", msg.Raw(strings.Join(names, ", ")))
	}
}

// writeErrors lists the first rows with errors, naming each cell.
func (r *Report) writeErrors(l msg.Lang, line func(string, ...any)) {
	if len(r.ErrorRows) == 0 {
		return
	}
	line("sheet.report.errors")
	for _, row := range r.ErrorRows[:min(len(r.ErrorRows), textErrorRows)] {
		line("sheet.report.error_row", row.Num, msg.Raw(errorText(l, row.Errors, true)))
	}
	if more := r.Rows.WithErrors - min(len(r.ErrorRows), textErrorRows); more > 0 {
		line("sheet.report.errors_more", more)
	}
}

// errorText renders a row's errors as "C12: reason; D12: reason", HTML
// when html is set, else plain.
func errorText(l msg.Lang, errs []CellError, html bool) string {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Cell + ": " + issueText(l, e.Issue)
	}
	s := strings.Join(parts, "; ")
	if !html {
		return plainText(s)
	}
	return s
}

// issueText renders an issue. msg.Issue passes Arg even to messages that
// take none, which fmt renders as "%!(EXTRA …)"; an issue without Arg is
// rendered by its key alone.
func issueText(l msg.Lang, is vn.Issue) string {
	if is.Arg == "" {
		return msg.T(l, "issue."+is.Code)
	}
	return msg.Issue(l, is)
}

// fieldLabel names a field in language l (HTML-safe: catalog text only).
func fieldLabel(l msg.Lang, f Field) string {
	return msg.T(l, "sheet.field."+string(f))
}

// problemList renders the counts per problem kind in the process's order.
func problemList(l msg.Lang, counts map[vn.Problem]int) string {
	var parts []string
	for _, p := range []vn.Problem{vn.ProblemMissingID, vn.ProblemBadIDFormat, vn.ProblemWrongInfo} {
		if n := counts[p]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", msg.T(l, "problem."+string(p)), n))
		}
	}
	return strings.Join(parts, "; ")
}

// warningList renders the counts per warning code, most frequent first.
func warningList(l msg.Lang, counts map[string]int) string {
	codes := make([]string, 0, len(counts))
	for c := range counts {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if counts[codes[i]] != counts[codes[j]] {
			return counts[codes[i]] > counts[codes[j]]
		}
		return codes[i] < codes[j]
	})
	parts := make([]string, len(codes))
	for i, c := range codes {
		label := c
		if msg.Has("sheet.warn." + c) {
			label = msg.T(l, "sheet.warn."+c)
		}
		parts[i] = fmt.Sprintf("%s %d", label, counts[c])
	}
	return strings.Join(parts, "; ")
}

// sheetList names sheets as «A», «B» (hidden), HTML-escaped.
func sheetList(l msg.Lang, sheets []SheetRef) string {
	parts := make([]string, len(sheets))
	for i, sh := range sheets {
		parts[i] = "«" + msg.Esc(sh.Name) + "»"
		if sh.Hidden {
			parts[i] += " " + msg.T(l, "sheet.report.hidden_mark")
		}
	}
	return strings.Join(parts, ", ")
}

// rowRange writes header rows as "7" or "7–8".
func rowRange(rows []int) string {
	switch len(rows) {
	case 0:
		return ""
	case 1:
		return fmt.Sprint(rows[0])
	}
	return fmt.Sprintf("%d–%d", rows[0], rows[len(rows)-1])
}

// sentinel returns the error of a reason code.
func sentinel(code string) error {
	for _, r := range reasons {
		if r.code == code {
			return r.err
		}
	}
	return ErrNoHeader
}
