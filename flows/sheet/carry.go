package sheet

import (
	"sort"
	"strings"
)

// carryPlan maps the template's carry columns to the columns of one upload.
type carryPlan []int // per template column: the uploaded column, or -1

// planCarry matches each template column's Carry names against an
// upload's header paths. A name matches a header that folds to it (the
// whole "group / column" path or the column alone), or, for names of two
// words or more, a header that starts with its words ("Ngày tiêm" matches
// "Ngày tiêm dạng dd/mm/yyyy"). All candidate pairs are ranked, longest
// name first, exact before prefix, then template order and upload order,
// and taken greedily: "Tên vắc xin mũi 2" goes to dose 2 before the plain
// "Tên vắc xin" of dose 1 can claim it, and two plain "Ngày tiêm" columns
// go to dose 1 and dose 2 in order.
func planCarry(cols []TemplateColumn, headers []string) carryPlan {
	type cand struct {
		tcol, ucol, length int
		exact              bool
	}
	var cands []cand
	paths := make([]string, len(headers))
	subs := make([]string, len(headers))
	for i, h := range headers {
		paths[i] = foldHeader(h)
		sub := h
		if j := strings.LastIndex(h, " / "); j >= 0 {
			sub = h[j+3:]
		}
		subs[i] = foldHeader(sub)
	}
	for t, c := range cols {
		for _, name := range c.Carry {
			s := foldHeader(name)
			multi := strings.Contains(s, " ")
			for u := range headers {
				switch {
				case paths[u] == s || subs[u] == s:
					cands = append(cands, cand{t, u, len(s), true})
				case multi && (hasPrefixWord(paths[u], s) || hasPrefixWord(subs[u], s)):
					cands = append(cands, cand{t, u, len(s), false})
				}
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.length != b.length {
			return a.length > b.length
		}
		if a.exact != b.exact {
			return a.exact
		}
		if a.tcol != b.tcol {
			return a.tcol < b.tcol
		}
		return a.ucol < b.ucol
	})
	plan := make(carryPlan, len(cols))
	for i := range plan {
		plan[i] = -1
	}
	used := make([]bool, len(headers))
	for _, c := range cands {
		if plan[c.tcol] == -1 && !used[c.ucol] {
			plan[c.tcol], used[c.ucol] = c.ucol, true
		}
	}
	return plan
}
