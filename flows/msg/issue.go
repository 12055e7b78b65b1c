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
