package flows

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
)

// visible parses s as Telegram HTML with encoding/xml, an independent
// parser (strict: every tag closed, only &lt; &gt; &amp; &quot; and
// numeric references), and returns the text a person sees.
func visible(s string) (string, error) {
	d := xml.NewDecoder(strings.NewReader("<m>" + s + "</m>"))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
}

func units(s string) int { return len(utf16.Encode([]rune(s))) }

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// checkParts checks that every part is valid on its own, within limit,
// and that together they show what src shows (cuts lose only white space).
func checkParts(t *testing.T, name, src string, parts []string, limit int) {
	t.Helper()
	want, err := visible(src)
	if err != nil {
		t.Fatalf("%s: the input is not valid HTML: %v", name, err)
	}
	var all strings.Builder
	for i, p := range parts {
		v, err := visible(p)
		if err != nil {
			t.Fatalf("%s: part %d is not valid HTML on its own: %v\n%s", name, i, err, p)
		}
		if n := units(v); n > limit {
			t.Errorf("%s: part %d shows %d UTF-16 units, over %d", name, i, n, limit)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s: part %d shows nothing", name, i)
		}
		all.WriteString(v)
	}
	if noSpace(all.String()) != noSpace(want) {
		t.Errorf("%s: the parts together do not show what the text shows", name)
	}
}

func TestSplitHTML(t *testing.T) {
	line := func(i int) string { return fmt.Sprintf("%d. <b>Thôn Đông &amp; Tây %d</b>: 12 hồ sơ", i, i) }
	var lines []string
	for i := range 400 {
		lines = append(lines, line(i))
	}
	long := strings.Join(lines, "\n")
	tests := []struct {
		name, text string
		limit      int
		wantParts  int // 0: more than one, any number
	}{
		{"short text stays whole", "Xin chào <b>An</b> &amp; Bình", 4096, 1},
		{"exactly the limit", strings.Repeat("a", 4096), 4096, 1},
		{"one over the limit", strings.Repeat("a", 4097), 4096, 2},
		{"village list", long, 4096, 0},
		{"a tag across lines", "<b>" + strings.Repeat("dòng đậm\n", 1000) + "</b>\nhết", 4096, 0},
		{"nested tags and a link", `<i><a href="https://t.me/x?a=1&amp;b=2">` + strings.Repeat("liên kết ", 800) + "</a></i>", 4096, 0},
		{"references count one", strings.Repeat("&lt;&amp;&gt;&quot;&#39;\n", 1000), 4096, 0},
		{"emoji count two", strings.Repeat("😀", 3000), 4096, 2},
		{"a line without spaces", strings.Repeat("x", 9000), 4096, 3},
		{"small limit", "một hai ba bốn năm sáu bảy tám chín mười", 10, 0},
	}
	for _, tc := range tests {
		parts := splitHTML(tc.text, tc.limit)
		if tc.wantParts != 0 && len(parts) != tc.wantParts {
			t.Errorf("%s: %d parts, want %d", tc.name, len(parts), tc.wantParts)
		}
		if tc.wantParts == 0 && len(parts) < 2 {
			t.Errorf("%s: %d parts, want several", tc.name, len(parts))
		}
		checkParts(t, tc.name, tc.text, parts, tc.limit)
	}
	// Cut at line ends: each part of the list is whole lines.
	for i, p := range splitHTML(long, 4096) {
		for _, l := range strings.Split(p, "\n") {
			if !strings.HasSuffix(l, "hồ sơ") {
				t.Errorf("village list part %d has a cut line %q", i, l)
			}
		}
	}
	if got := splitHTML("a b c d", 3); strings.Join(got, "|") != "a |b |c d" {
		t.Errorf("splitHTML(a b c d, 3) = %q, want cuts after spaces", got)
	}
}

func TestFit(t *testing.T) {
	buttons := [][]Button{{{Text: "Thêm", Data: "va"}}}
	long := strings.Repeat("Thôn Đông: 12 hồ sơ, 3 thành viên\n", 300)
	short := Out{Kind: OutSend, ChatID: 7, Text: "ngắn", Buttons: buttons}
	outs := Fit([]Out{short, {Kind: OutSend, ChatID: 7, Text: long, Buttons: buttons, Personal: true}, short})
	if len(outs) < 5 || outs[0].Text != "ngắn" || outs[len(outs)-1].Text != "ngắn" {
		t.Fatalf("Fit kept %d messages, want the short ones around the parts of the long one", len(outs))
	}
	parts := outs[1 : len(outs)-1]
	for i, p := range parts {
		last := i == len(parts)-1
		if (len(p.Buttons) > 0) != last || !p.Personal || p.ChatID != 7 || p.Kind != OutSend {
			t.Errorf("part %d of %d = %+v, want personal, chat 7, buttons only on the last", i, len(parts), p)
		}
	}
	edit := Fit([]Out{{Kind: OutEdit, ChatID: 7, MessageID: 42, Text: long, Buttons: buttons}})
	if edit[0].Kind != OutEdit || edit[0].MessageID != 42 || len(edit[0].Buttons) != 0 {
		t.Errorf("edit part 0 = %+v, want the edit of message 42, without buttons", edit[0])
	}
	if e := edit[len(edit)-1]; e.Kind != OutSend || len(e.Buttons) == 0 {
		t.Errorf("edit's last part = %+v, want a new message with the buttons", e)
	}
	file := Fit([]Out{{Kind: OutFile, ChatID: 7, Text: strings.Repeat("chú thích ", 200), File: &File{Name: "a.xlsx", Data: []byte("x")}, Buttons: buttons}})
	if len(file) != 2 || file[0].Kind != OutSend || file[1].Kind != OutFile || file[1].Text != "" || len(file[1].Buttons) == 0 {
		t.Errorf("file with a long caption = %+v, want the caption as a message, then the file with the buttons", file)
	}
	if in := []Out{short}; &Fit(in)[0] != &in[0] {
		t.Error("Fit copied messages that needed no split")
	}
}

// FuzzSplitHTML: any text is split without a panic into parts within the
// limit; a valid text into valid parts showing the same text.
func FuzzSplitHTML(f *testing.F) {
	for _, s := range []string{"<b>a\nb</b>", "a &amp; b\n&#128512;", `<a href="x">l i n k</a>`, "<pre>x\ny\nz</pre>", "&&<<", "x\n\n\ny"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = 2 + abs(limit)%40 // any one character fits
		parts := splitHTML(s, limit)
		for i, p := range parts {
			if n := htmlUnits(p); n > limit && len(parts) > 1 {
				t.Fatalf("part %d of %q is %d units, over %d", i, s, n, limit)
			}
		}
		if _, err := visible(s); err != nil || units(s) > 1<<12 {
			return
		}
		if len(parts) > 1 {
			checkParts(t, "fuzz", s, parts, limit)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
