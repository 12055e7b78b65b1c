package flows

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxTextUnits is the longest message text Telegram accepts, counted the
// way it counts: the text after HTML parsing (tags removed, character
// references decoded), in UTF-16 code units.
const MaxTextUnits = 4096

// MaxCaptionUnits is the same limit for the caption of a file or photo.
const MaxCaptionUnits = 1024

// Fit returns outs with every text too long for Telegram split, at line
// boundaries, into messages it accepts; nothing is ever cut off. The
// buttons stay on the last part; each part is valid HTML on its own (tags
// open at a cut are closed and opened again in the next part). An edit
// keeps its first part and sends the rest as new messages; a caption too
// long for a file goes before it as messages. The Engine calls Fit on
// everything it enqueues, so every conversation gets it.
func Fit(outs []Out) []Out {
	for i, o := range outs {
		parts := fit(o)
		if len(parts) == 1 {
			continue
		}
		res := append(make([]Out, 0, len(outs)+len(parts)), outs[:i]...)
		res = append(res, parts...)
		return append(res, Fit(outs[i+1:])...)
	}
	return outs
}

func fit(o Out) []Out {
	switch o.Kind {
	case OutSend, OutEdit:
		texts := splitHTML(o.Text, MaxTextUnits)
		if len(texts) <= 1 {
			return []Out{o}
		}
		parts := make([]Out, len(texts))
		for i, text := range texts {
			parts[i] = Out{Kind: OutSend, ChatID: o.ChatID, Text: text, Personal: o.Personal}
		}
		if o.Kind == OutEdit {
			parts[0].Kind, parts[0].MessageID = OutEdit, o.MessageID
		}
		parts[len(parts)-1].Buttons = o.Buttons
		return parts
	case OutFile, OutPhoto:
		if len(o.Text) <= MaxCaptionUnits || htmlUnits(o.Text) <= MaxCaptionUnits {
			return []Out{o}
		}
		parts := fit(Out{Kind: OutSend, ChatID: o.ChatID, Text: o.Text, Personal: o.Personal})
		o.Text = ""
		return append(parts, o)
	}
	return []Out{o}
}

// htmlToken is a piece of Telegram HTML: a tag, a character reference or
// one character.
type htmlToken struct {
	raw   string
	units int    // UTF-16 units it shows: 0 for a tag
	open  string // the name of a start tag
	close string // the name of an end tag
}

func (t htmlToken) space() bool { return t.units > 0 && strings.TrimSpace(t.raw) == "" }

// tokenize cuts s into tokens. What is not a well-formed tag or reference
// stays text, counted as it is written (which can only over-count).
func tokenize(s string) []htmlToken {
	toks := make([]htmlToken, 0, len(s))
	for i := 0; i < len(s); {
		t := htmlToken{}
		switch s[i] {
		case '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				t.raw = s[i : i+end+1]
				name := tagName(t.raw)
				if strings.HasPrefix(t.raw, "</") {
					t.close = name
				} else {
					t.open = name
				}
			}
		case '&':
			if n, units := refAt(s[i:]); n > 0 {
				t.raw, t.units = s[i:i+n], units
			}
		}
		if t.raw == "" {
			r, n := utf8.DecodeRuneInString(s[i:])
			t.raw, t.units = s[i:i+n], max(1, utf16.RuneLen(r))
		}
		toks = append(toks, t)
		i += len(t.raw)
	}
	return toks
}

// tagName is the lower-case name of a tag "<a href=…>" or "</a>".
func tagName(tag string) string {
	name := strings.TrimPrefix(strings.TrimPrefix(tag, "<"), "/")
	if i := strings.IndexFunc(name, func(r rune) bool { return r == '>' || r == '/' || unicode.IsSpace(r) }); i >= 0 {
		name = name[:i]
	}
	return strings.ToLower(name)
}

// refAt returns the length of the character reference at the start of s
// (&lt; &gt; &amp; &quot; or numeric) and the UTF-16 units of what it
// stands for, or 0, 0 when s does not start with one.
func refAt(s string) (n, units int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	ref := s[:end+1]
	text := html.UnescapeString(ref)
	if text == ref {
		return 0, 0
	}
	return len(ref), len(utf16.Encode([]rune(text)))
}

// htmlUnits is the length of s as Telegram counts it.
func htmlUnits(s string) int {
	n := 0
	for _, t := range tokenize(s) {
		n += t.units
	}
	return n
}

// splitHTML cuts s into parts of at most limit units: at line ends where
// it can, else at a space, else between characters, never inside a tag or
// a reference. A text within the limit comes back whole.
func splitHTML(s string, limit int) []string {
	if len(s) <= limit {
		// A UTF-16 unit takes at least one byte of UTF-8: no count needed.
		return []string{s}
	}
	toks := tokenize(s)
	if unitsOf(toks) <= limit {
		return []string{s}
	}
	sp := &splitter{limit: limit}
	start := 0
	for i, t := range toks {
		if t.raw == "\n" {
			sp.line(toks[start:i])
			start = i + 1
		}
	}
	sp.line(toks[start:])
	sp.flush()
	return sp.parts
}

func unitsOf(toks []htmlToken) int {
	n := 0
	for _, t := range toks {
		n += t.units
	}
	return n
}

// splitter packs lines into parts.
type splitter struct {
	limit   int
	parts   []string
	b       strings.Builder
	units   int         // shown by b
	started bool        // a line was written into b
	visible bool        // b shows more than white space
	stack   []htmlToken // start tags open at the end of b
}

// line adds one line, in the current part when it fits there.
func (sp *splitter) line(line []htmlToken) {
	n := unitsOf(line)
	switch {
	case sp.started && sp.units+1+n <= sp.limit:
		sp.write(htmlToken{raw: "\n", units: 1})
		sp.writeAll(line)
		return
	case sp.started:
		sp.flush()
	}
	for i, chunk := range cutLong(line, sp.limit) {
		if i > 0 {
			sp.flush()
		}
		sp.writeAll(chunk)
	}
	sp.started = true
}

func (sp *splitter) writeAll(toks []htmlToken) {
	for _, t := range toks {
		sp.write(t)
	}
}

func (sp *splitter) write(t htmlToken) {
	sp.b.WriteString(t.raw)
	sp.units += t.units
	sp.visible = sp.visible || (t.units > 0 && !t.space())
	switch {
	case t.open != "":
		sp.stack = append(sp.stack, t)
	case t.close != "":
		for i := len(sp.stack) - 1; i >= 0; i-- {
			if sp.stack[i].open == t.close {
				sp.stack = append(sp.stack[:i], sp.stack[i+1:]...)
				break
			}
		}
	}
}

// flush ends the current part, closing the tags still open, and starts
// the next with those tags opened again. A part that would show nothing
// is left out: Telegram refuses empty messages.
func (sp *splitter) flush() {
	if sp.visible {
		for i := len(sp.stack) - 1; i >= 0; i-- {
			sp.b.WriteString("</" + sp.stack[i].open + ">")
		}
		sp.parts = append(sp.parts, sp.b.String())
	}
	sp.b.Reset()
	sp.units, sp.started, sp.visible = 0, false, false
	for _, t := range sp.stack {
		sp.b.WriteString(t.raw)
	}
}

// cutLong cuts a line longer than limit into chunks that fit, after the
// last space of each where there is one.
func cutLong(line []htmlToken, limit int) [][]htmlToken {
	var chunks [][]htmlToken
	start, units, afterSpace := 0, 0, -1
	for i, t := range line {
		if units+t.units > limit && i > start {
			cut := i
			if afterSpace > start {
				cut = afterSpace
			}
			chunks = append(chunks, line[start:cut])
			start, afterSpace = cut, -1
			units = unitsOf(line[cut:i])
		}
		units += t.units
		if t.space() {
			afterSpace = i + 1
		}
	}
	return append(chunks, line[start:])
}
