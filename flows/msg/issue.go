package msg

import "lamsach/flows/vn"

// Issue renders a validation issue in language l. Gender arguments are
// translated; other arguments are values and shown as they are.
func Issue(l Lang, is vn.Issue) string {
	arg := is.Arg
	switch arg {
	case string(vn.Male), string(vn.Female):
		arg = T(l, "gender."+arg)
	}
	return T(l, "issue."+is.Code, arg)
}

// IssueCount renders how many values an automatic change with issue code touched, for
// the summary of an import, a conversion or an export: "3 ID numbers had leading zeros
// restored: please check them." ok is false for a code that has no count text (only
// the changes lamsach makes by itself have one).
func IssueCount(l Lang, code string, n int) (text string, ok bool) {
	key := "count." + code
	if !Has(key) {
		return "", false
	}
	return T(l, key, n), true
}

// Issues renders several issues, joined by "; ".
func Issues(l Lang, list []vn.Issue) string {
	s := ""
	for i, is := range list {
		if i > 0 {
			s += "; "
		}
		s += Issue(l, is)
	}
	return s
}
