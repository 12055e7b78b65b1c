package sheet

import (
	"strings"
	"testing"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// TestReportSampleWithPlaceholder: the preview's example row never shows a
// "no ID" placeholder of the list ("không có", "-") masked as if it were a
// number ("kh****có"); it says the row has no ID number.
func TestReportSampleWithPlaceholder(t *testing.T) {
	for _, raw := range []string{"không có", "chưa có", "-", "0"} {
		r := &Report{Sheet: "DS", HeaderRows: []int{1},
			Sample: &Row{Num: 2, Person: vn.Person{Name: "Nguyễn Văn An", IDRaw: raw}}}
		text := r.Text(msg.VI)
		if !strings.Contains(text, "Ví dụ dòng 2: Nguyễn Văn An, chưa có số giấy tờ") {
			t.Errorf("%q: %s", raw, text)
		}
	}
	r := &Report{Sheet: "DS", HeaderRows: []int{1},
		Sample: &Row{Num: 2, Person: vn.Person{Name: "Nguyễn Văn An", IDRaw: "8.7084E+10"}}}
	if text := r.Text(msg.VI); !strings.Contains(text, "Ví dụ dòng 2: Nguyễn Văn An, "+msg.Esc(vn.MaskID("8.7084E+10"))) {
		t.Errorf("a malformed ID is shown masked as received: %s", text)
	}
}
