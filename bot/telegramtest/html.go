package telegramtest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// htmlEntityTypes maps Telegram's supported HTML tags to entity types; ""
// marks tags handled specially.
var htmlEntityTypes = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"tg-spoiler": "spoiler", "span": "spoiler",
	"a": "text_link", "tg-emoji": "custom_emoji",
	"code": "code", "pre": "pre", "blockquote": "blockquote",
}

// openTag is a start tag waiting for its end tag.
type openTag struct {
	name  string
	start int // UTF-16 offset of its content
	ent   entity
}

// htmlParser turns Telegram HTML into plain text and entities.
type htmlParser struct {
	src   string
	out   strings.Builder
	units int // UTF-16 length of out
	stack []openTag
	ents  []entity
}

// parseHTML validates text in Telegram's HTML parse mode and returns what the
// person sees plus its entities. Errors are the part after "can't parse
// entities: ". Unlike Telegram, a bare "&" or ">" is an error (see package doc).
func parseHTML(src string) (string, []entity, error) {
	p := &htmlParser{src: src}
	for i := 0; i < len(src); {
		var err error
		switch src[i] {
		case '&':
			i, err = p.entityRef(i)
		case '>':
			err = fmt.Errorf("unescaped \">\" at byte offset %d; escape it as \"&gt;\"", i)
		case '<':
			i, err = p.tag(i)
		default:
			r, w := utf8.DecodeRuneInString(src[i:])
			p.write(r)
			i += w
		}
		if err != nil {
			return "", nil, err
		}
	}
	if n := len(p.stack); n > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", p.stack[n-1].name)
	}
	// Telegram lists entities by offset, outer ones first.
	slices.SortStableFunc(p.ents, func(a, b entity) int {
		return cmp.Or(cmp.Compare(a.Offset, b.Offset), cmp.Compare(b.Length, a.Length))
	})
	return p.out.String(), p.ents, nil
}

func (p *htmlParser) write(r rune) {
	p.out.WriteRune(r)
	p.units += utf16.RuneLen(r)
}

// entityRef decodes &lt; &gt; &amp; &quot; or a numeric reference at i.
func (p *htmlParser) entityRef(i int) (int, error) {
	r, n := decodeRef(p.src[i:])
	if n == 0 {
		return 0, fmt.Errorf("unescaped \"&\" at byte offset %d; escape it as \"&amp;\"", i)
	}
	p.write(r)
	return i + n, nil
}

// decodeRef returns the rune a character reference at the start of s stands
// for and its length, or 0 when s does not start with a supported one.
func decodeRef(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	switch name := s[1:end]; name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	default:
		if name[0] != '#' {
			return 0, 0
		}
		base, digits := 10, name[1:]
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			base, digits = 16, digits[1:]
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil || v == 0 || !utf8.ValidRune(rune(v)) {
			return 0, 0
		}
		return rune(v), end + 1
	}
}

// tag parses the start or end tag at i and returns the offset after it.
func (p *htmlParser) tag(i int) (int, error) {
	j := i + 1
	end := j < len(p.src) && p.src[j] == '/'
	if end {
		j++
	}
	k := j
	for k < len(p.src) && (isAlnum(p.src[k]) || p.src[k] == '-') {
		k++
	}
	name := strings.ToLower(p.src[j:k])
	if end {
		return p.endTag(i, name, k)
	}
	if _, ok := htmlEntityTypes[name]; !ok {
		return 0, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, i)
	}
	attrs, next, err := p.attributes(i, k)
	if err != nil {
		return 0, err
	}
	ent, err := p.startEntity(i, name, attrs)
	if err != nil {
		return 0, err
	}
	p.stack = append(p.stack, openTag{name: name, start: p.units, ent: ent})
	return next, nil
}

func (p *htmlParser) endTag(i int, name string, k int) (int, error) {
	for k < len(p.src) && p.src[k] == ' ' {
		k++
	}
	if k >= len(p.src) || p.src[k] != '>' {
		return 0, fmt.Errorf("Unclosed end tag at byte offset %d", i)
	}
	n := len(p.stack)
	if n == 0 {
		return 0, fmt.Errorf("Unexpected end tag at byte offset %d", i)
	}
	top := p.stack[n-1]
	if name != "" && name != top.name {
		return 0, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
	}
	p.stack = p.stack[:n-1]
	if top.ent.Type != "" && p.units > top.start {
		top.ent.Offset, top.ent.Length = top.start, p.units-top.start
		p.ents = append(p.ents, top.ent)
	}
	return k + 1, nil
}

// attributes parses name="value" pairs from k up to ">" of the tag at i.
func (p *htmlParser) attributes(i, k int) (map[string]string, int, error) {
	attrs := map[string]string{}
	s := p.src
	for {
		for k < len(s) && strings.IndexByte(" \t\r\n", s[k]) >= 0 {
			k++
		}
		if k >= len(s) {
			return nil, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		if s[k] == '>' {
			return attrs, k + 1, nil
		}
		start := k
		for k < len(s) && (isAlnum(s[k]) || s[k] == '-' || s[k] == '_') {
			k++
		}
		if k == start {
			return nil, 0, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", p.src[i+1:start], i)
		}
		name := strings.ToLower(s[start:k])
		if k >= len(s) || s[k] != '=' {
			attrs[name] = ""
			continue
		}
		k++
		value, next, err := p.attrValue(i, k)
		if err != nil {
			return nil, 0, err
		}
		attrs[name], k = value, next
	}
}

// attrValue decodes a quoted or bare attribute value starting at k.
func (p *htmlParser) attrValue(i, k int) (string, int, error) {
	s := p.src
	var quote byte
	if k < len(s) && (s[k] == '"' || s[k] == '\'') {
		quote = s[k]
		k++
	}
	var b strings.Builder
	for ; k < len(s); k++ {
		c := s[k]
		switch {
		case quote != 0 && c == quote:
			return b.String(), k + 1, nil
		case quote == 0 && (c == ' ' || c == '>'):
			return b.String(), k, nil
		case c == '<' || c == '>':
			return "", 0, fmt.Errorf("unescaped \"%c\" in an attribute value at byte offset %d", c, k)
		case c == '&':
			r, n := decodeRef(s[k:])
			if n == 0 {
				return "", 0, fmt.Errorf("unescaped \"&\" in an attribute value at byte offset %d", k)
			}
			b.WriteRune(r)
			k += n - 1
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
}

// startEntity checks a start tag's attributes and returns the entity it opens.
func (p *htmlParser) startEntity(i int, name string, attrs map[string]string) (entity, error) {
	e := entity{Type: htmlEntityTypes[name]}
	switch name {
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return e, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", i)
		}
	case "a":
		e.URL = attrs["href"]
		if e.URL == "" {
			e.Type = "" // Telegram keeps the text and drops the link
		}
	case "tg-emoji":
		if e.EmojiID = attrs["emoji-id"]; e.EmojiID == "" {
			return e, fmt.Errorf("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset %d", i)
		}
	case "blockquote":
		if _, ok := attrs["expandable"]; ok {
			e.Type = "expandable_blockquote"
		}
	case "code":
		// <pre><code class="language-x"> gives the pre its language.
		if n := len(p.stack); n > 0 && p.stack[n-1].name == "pre" {
			if lang, ok := strings.CutPrefix(attrs["class"], "language-"); ok {
				p.stack[n-1].ent.Language = lang
				e.Type = ""
			}
		}
	}
	return e, nil
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// utf16Len counts s in UTF-16 code units, as Telegram measures text.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
