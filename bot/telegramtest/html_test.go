package telegramtest

import (
	"fmt"
	"html"
	"strings"
	"testing"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		in       string
		want     string // plain text
		wantEnts string // type:offset:length, space separated
		wantErr  string
	}{
		{in: "plain", want: "plain"},
		{in: "<b>Tổng</b> cộng", want: "Tổng cộng", wantEnts: "bold:0:4"},
		{in: "<B>x</B>", want: "x", wantEnts: "bold:0:1"},
		{in: "😀 <i>a</i>", want: "😀 a", wantEnts: "italic:3:1"},
		{in: "<b>a<i>b</i></b>", want: "ab", wantEnts: "bold:0:2 italic:1:1"},
		{in: "5 &lt; 6 &amp;&amp; 7 &gt; 6 &quot;q&quot; &#39;s&#x27;", want: `5 < 6 && 7 > 6 "q" 's'`},
		{in: html.EscapeString(`Tom & "Jerry" <3 'x'`), want: `Tom & "Jerry" <3 'x'`},
		{in: `<a href="https://e.com/?a=1&amp;b=2">link</a>`, want: "link", wantEnts: "text_link:0:4"},
		{in: `<a href='x'>q</a>`, want: "q", wantEnts: "text_link:0:1"},
		{in: `<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>`, want: "st", wantEnts: "spoiler:0:1 spoiler:1:1"},
		{in: `<pre><code class="language-go">x := 1</code></pre>`, want: "x := 1", wantEnts: "pre:0:6"},
		{in: `<blockquote expandable>q</blockquote>`, want: "q", wantEnts: "expandable_blockquote:0:1"},
		{in: `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, want: "👍", wantEnts: "custom_emoji:0:2"},
		{in: "<b></b>x", want: "x"},
		{in: "a < b", wantErr: `Unsupported start tag "" at byte offset 2`},
		{in: "a > b", wantErr: `unescaped ">" at byte offset 2`},
		{in: "Tom & Jerry", wantErr: `unescaped "&" at byte offset 4`},
		{in: "&nbsp;", wantErr: `unescaped "&"`},
		{in: "<br>", wantErr: `Unsupported start tag "br" at byte offset 0`},
		{in: "<b>x", wantErr: `Can't find end tag corresponding to start tag "b"`},
		{in: "x</b>", wantErr: "Unexpected end tag at byte offset 1"},
		{in: "<b><i>x</b></i>", wantErr: `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{in: "<b", wantErr: "Unclosed start tag at byte offset 0"},
		{in: `<a href="x&y">q</a>`, wantErr: `unescaped "&" in an attribute value`},
		{in: `<span>x</span>`, wantErr: `Tag "span" must have class "tg-spoiler"`},
	}
	for _, tt := range tests {
		got, ents, err := parseHTML(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseHTML(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		var es []string
		for _, e := range ents {
			es = append(es, fmt.Sprintf("%s:%d:%d", e.Type, e.Offset, e.Length))
		}
		if err != nil || got != tt.want || strings.Join(es, " ") != tt.wantEnts {
			t.Errorf("parseHTML(%q) = %q [%s], %v; want %q [%s]", tt.in, got, strings.Join(es, " "), err, tt.want, tt.wantEnts)
		}
	}
}
