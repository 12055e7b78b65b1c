package xlsx

import (
	"bytes"
	"unicode/utf8"
)

// nextAttr splits the first attribute off raw start-tag attribute text. The
// name keeps any prefix ("r:id"); the value is still escaped. Malformed text
// ends the iteration rather than failing: attributes we do not need should
// not make a file unreadable.
func nextAttr(a []byte) (name, val, rest []byte, ok bool) {
	i := 0
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	start := i
	for i < len(a) && a[i] != '=' && !isSpace(a[i]) {
		i++
	}
	name = a[start:i]
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	if len(name) == 0 || i >= len(a) || a[i] != '=' {
		return nil, nil, nil, false
	}
	i++
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	if i >= len(a) || (a[i] != '"' && a[i] != '\'') {
		return nil, nil, nil, false
	}
	q := a[i]
	j := bytes.IndexByte(a[i+1:], q)
	if j < 0 {
		return nil, nil, nil, false
	}
	return name, a[i+1 : i+1+j], a[i+2+j:], true
}

// attr returns the escaped value of the attribute with the given local name.
func attr(a []byte, local string) ([]byte, bool) {
	for {
		name, val, rest, ok := nextAttr(a)
		if !ok {
			return nil, false
		}
		if string(localName(name)) == local {
			return val, true
		}
		a = rest
	}
}

// attrString returns an attribute value unescaped, or "" if absent.
func attrString(a []byte, local string) string {
	v, ok := attr(a, local)
	if !ok {
		return ""
	}
	return string(appendUnescaped(nil, v))
}

// appendUnescaped appends XML text with entity and character references
// decoded and line ends normalised as an XML parser would. Unknown entities
// stay literal: a DTD could define them, but expanding DTD entities is how
// entity bombs work.
func appendUnescaped(dst, src []byte) []byte {
	if bytes.IndexByte(src, '&') < 0 && bytes.IndexByte(src, '\r') < 0 {
		return append(dst, src...)
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch c {
		case '\r':
			dst = append(dst, '\n')
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			continue
		case '&':
			if r, n := entity(src[i:]); n > 0 {
				dst = utf8.AppendRune(dst, r)
				i += n
				continue
			}
		}
		dst = append(dst, c)
		i++
	}
	return dst
}

// entity decodes the reference at the start of b ("&amp;", "&#10;",
// "&#x1F600;") and returns its rune and length, or n == 0 if b does not start
// with a reference we decode.
func entity(b []byte) (r rune, n int) {
	end := bytes.IndexByte(b[:min(len(b), 12)], ';')
	if end < 2 {
		return 0, 0
	}
	name := b[1:end]
	switch string(name) {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0
	}
	var v int64
	digits := name[1:]
	base := int64(10)
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return 0, 0
	}
	for _, d := range digits {
		h := hexVal(d)
		if h < 0 || int64(h) >= base {
			return 0, 0
		}
		v = v*base + int64(h)
	}
	if v == 0 || v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
		return utf8.RuneError, end + 1
	}
	return rune(v), end + 1
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// appendDecodedX appends s with the OOXML "_xHHHH_" escapes decoded. Excel
// writes characters that XML 1.0 cannot hold (control characters, a literal
// "_x000D_" is "_x005F_x000D_") this way in shared and inline strings.
func appendDecodedX(dst, s []byte) []byte {
	for {
		i := bytes.Index(s, []byte("_x"))
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		r, ok := escapedUnit(s)
		if !ok {
			dst = append(dst, '_')
			s = s[1:]
			continue
		}
		s = s[7:]
		if r >= 0xD800 && r <= 0xDBFF {
			if lo, ok := escapedUnit(s); ok && lo >= 0xDC00 && lo <= 0xDFFF {
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				s = s[7:]
			}
		}
		if r >= 0xD800 && r <= 0xDFFF {
			r = utf8.RuneError
		}
		dst = utf8.AppendRune(dst, r)
	}
}

// escapedUnit decodes one "_xHHHH_" at the start of s.
func escapedUnit(s []byte) (rune, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	var r rune
	for _, c := range s[2:6] {
		h := hexVal(c)
		if h < 0 {
			return 0, false
		}
		r = r<<4 | rune(h)
	}
	return r, true
}

// parseRef parses a cell reference such as "AB12" into a 0-based column and
// 1-based row. Column letters are capped at three (Excel's last is XFD) and
// row digits at nine, so the result cannot overflow.
func parseRef(b []byte) (col, row int, ok bool) {
	i := 0
	for i < len(b) && i < 4 {
		c := b[i] | 0x20 // lower-case ASCII letters
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		i++
	}
	if i == 0 || i > 3 {
		return 0, 0, false
	}
	row, ok = parseUint(b[i:])
	if !ok || row == 0 {
		return 0, 0, false
	}
	return col - 1, row, true
}

// parseUint parses up to nine decimal digits.
func parseUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// colName returns the letters of a 0-based column index ("A", "AA").
func colName(col int) string {
	var b [4]byte
	i := len(b)
	for col++; col > 0; col = (col - 1) / 26 {
		i--
		b[i] = byte('A' + (col-1)%26)
	}
	return string(b[i:])
}
