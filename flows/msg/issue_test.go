package msg

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"lamsach/flows/vn"
)

// issueCodes reads the issue codes declared in flows/vn, so a code added there without
// texts fails here.
func issueCodes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "vn", "issue.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`Code\w+\s*=\s*"([a-z0-9_]+)"`).FindAllStringSubmatch(string(src), -1) {
		out = append(out, m[1])
	}
	if len(out) < 20 {
		t.Fatalf("found only %d issue codes; has issue.go changed shape?", len(out))
	}
	return out
}

// TestEveryIssueRenders renders every issue code with an argument in both languages:
// each has its own text and no formatting residue.
func TestEveryIssueRenders(t *testing.T) {
	for _, code := range issueCodes(t) {
		for _, l := range []Lang{VI, EN} {
			if _, ok := catalogs[l]["issue."+code]; !ok {
				t.Errorf("issue %q has no %s text", code, l)
			}
			got := Issue(l, vn.Issue{Code: code, Field: vn.FieldID, Arg: "087089470133"})
			if strings.Contains(got, "%!") || strings.HasPrefix(got, "issue.") {
				t.Errorf("Issue(%s, %s) = %q", l, code, got)
			}
		}
	}
}

// TestIssueWording pins the texts whose exact words matter: they must say what was
// written, and offer the digit form of a look-alike ID.
func TestIssueWording(t *testing.T) {
	tests := []struct {
		l    Lang
		is   vn.Issue
		want []string
	}{
		{VI, vn.Issue{Code: vn.CodeDateYearFilled, Arg: "01/01/1990"}, []string{"ngày 01 tháng 01", "01/01/1990"}},
		{EN, vn.Issue{Code: vn.CodeDateYearFilled, Arg: "01/01/1990"}, []string{"1 January", "01/01/1990"}},
		{VI, vn.Issue{Code: vn.CodeDateMonthFilled, Arg: "01/05/1990"}, []string{"ngày 01 của tháng", "01/05/1990"}},
		{EN, vn.Issue{Code: vn.CodeDateMonthFilled, Arg: "01/05/1990"}, []string{"day 01", "01/05/1990"}},
		{VI, vn.Issue{Code: vn.CodeDatePlaceholder, Arg: "1990"}, []string{"ngày 01 tháng 01 năm 1990"}},
		{EN, vn.Issue{Code: vn.CodeDatePlaceholder, Arg: "1990"}, []string{"1 January 1990"}},
		{VI, vn.Issue{Code: vn.CodeIDLookalike, Arg: "087089470133"}, []string{"có phải là 087089470133 không?"}},
		{EN, vn.Issue{Code: vn.CodeIDLookalike, Arg: "087089470133"}, []string{"did you mean 087089470133?"}},
		{VI, vn.Issue{Code: vn.CodeLostLeadingZero, Arg: "087084000999"}, []string{"thêm lại số 0 thì là 087084000999"}},
		{EN, vn.Issue{Code: vn.CodeLostLeadingZero, Arg: "087084000999"}, []string{"put back it is 087084000999"}},
		{VI, vn.Issue{Code: vn.CodeIDMissing}, []string{"chưa có số giấy tờ"}},
		{EN, vn.Issue{Code: vn.CodeIDMissing}, []string{"no ID number"}},
	}
	for _, tt := range tests {
		got := Issue(tt.l, tt.is)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("Issue(%s, %s) = %q, want it to contain %q", tt.l, tt.is.Code, got, w)
			}
		}
	}
}

func TestIssueCount(t *testing.T) {
	tests := []struct {
		l    Lang
		code string
		n    int
		want string
	}{
		{EN, vn.CodeLostLeadingZero, 3, "3 ID number(s) had leading zeros restored: please check them."},
		{VI, vn.CodeLostLeadingZero, 3, "3 số giấy tờ bị mất số 0 ở đầu và đã được thêm lại: hãy kiểm tra các số này."},
		{VI, vn.CodeDateYearFilled, 2, "2 ngày sinh chỉ có năm: đã ghi là ngày 01 tháng 01 của năm đó, hãy kiểm tra."},
		{EN, vn.CodeDateYearFilled, 2, "2 date(s) of birth had only the year: written as 1 January (01/01) of that year; please check them."},
	}
	for _, tt := range tests {
		got, ok := IssueCount(tt.l, tt.code, tt.n)
		if !ok || got != tt.want {
			t.Errorf("IssueCount(%s, %s, %d) = %q, %v, want %q", tt.l, tt.code, tt.n, got, ok, tt.want)
		}
	}
	if got, ok := IssueCount(VI, vn.CodeNameEmpty, 1); ok || got != "" {
		t.Errorf("IssueCount(name_empty) = %q, %v, want no count text", got, ok)
	}
	// Every count text belongs to an issue code and takes exactly the count.
	codes := map[string]bool{}
	for _, c := range issueCodes(t) {
		codes[c] = true
	}
	for k, v := range vi {
		code, ok := strings.CutPrefix(k, "count.")
		if !ok {
			continue
		}
		if !codes[code] {
			t.Errorf("count text %q names no issue code", k)
		}
		if verbs(v) != "d" {
			t.Errorf("count text %q has verbs %q, want one %%d", k, verbs(v))
		}
	}
}
