package xlsx

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

const hexDigits = "0123456789ABCDEF"

// appendEscaped appends s as XML text that Excel reads back as s. Besides
// the XML metacharacters, that means: characters XML 1.0 cannot hold
// (controls other than tab and line feed, U+FFFE, U+FFFF) become Excel's
// "_xHHHH_" escapes; a carriage return too, since XML parsers turn it into a
// line feed; a literal "_xHHHH_" is protected as "_x005F_xHHHH_"; and bytes
// that are not UTF-8 become U+FFFD.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c >= 0x20 && c != '<' && c != '>' && c != '&' && c != '_':
				i++
				continue
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '&':
				esc = "&amp;"
			case c == '_':
				if _, ok := escapedUnit([]byte(s[i:min(len(s), i+7)])); !ok {
					i++
					continue
				}
				esc = "_x005F_"
			case c == '\t' || c == '\n':
				i++
				continue
			}
			b = append(b, s[last:i]...)
			if esc == "" {
				b = appendUnit(b, rune(c))
			} else {
				b = append(b, esc...)
			}
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r != utf8.RuneError || size != 1) && r != 0xFFFE && r != 0xFFFF {
			i += size
			continue
		}
		b = append(b, s[last:i]...)
		if r == utf8.RuneError {
			b = append(b, "\uFFFD"...)
		} else {
			b = appendUnit(b, r)
		}
		i += size
		last = i
	}
	return append(b, s[last:]...)
}

// appendUnit appends the "_xHHHH_" escape of a 16-bit code unit.
func appendUnit(b []byte, r rune) []byte {
	return append(b, '_', 'x', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15], '_')
}

// escapeAttr escapes a checked sheet name for an attribute or element.
func escapeAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// needsQuotePrefix reports whether Excel would read s, typed into a cell, as
// a formula or a signed number.
func needsQuotePrefix(s string) bool {
	switch s[0] {
	case '=', '+', '-', '@':
		return true
	}
	return false
}

// needsPreserve reports whether s has leading or trailing white space, which
// XML consumers drop unless told xml:space="preserve".
func needsPreserve(s string) bool {
	return isSpace(s[0]) || isSpace(s[len(s)-1])
}

// isExactNumber reports whether s is a plain decimal ("-12", "3.25",
// "1.5E3") with at most 15 significant digits, the precision of an Excel
// number. Longer digit strings are IDs and must stay text.
func isExactNumber(s string) bool {
	i, digits, lead := 0, 0, true
	if i < len(s) && s[i] == '-' {
		i++
	}
	mant := func() {
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if lead && s[i] == '0' {
				continue
			}
			lead = false
			digits++
		}
	}
	start := i
	mant()
	intPart := i - start
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		mant()
		if intPart == 0 && i == fs {
			return false
		}
	} else if intPart == 0 {
		return false
	}
	if intPart > 1 && s[start] == '0' {
		return false // "0123" is a code, not a number
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9' && i-es < 3; i++ {
		}
		if i == es {
			return false
		}
	}
	if i != len(s) || digits > 15 {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0)
}

// checkSheetName applies Excel's sheet name rules.
func checkSheetName(name string, taken []string) error {
	if name == "" {
		return errors.New("xlsx: empty sheet name")
	}
	if !utf8.ValidString(name) {
		return fmt.Errorf("xlsx: sheet name %q is not UTF-8", name)
	}
	if n := len(utf16.Encode([]rune(name))); n > 31 {
		return fmt.Errorf("xlsx: sheet name %q longer than 31 characters", name)
	}
	if strings.ContainsAny(name, `:\/?*[]`) || strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0xFFFE || r == 0xFFFF }) >= 0 {
		return fmt.Errorf("xlsx: sheet name %q has a forbidden character", name)
	}
	if name[0] == '\'' || name[len(name)-1] == '\'' {
		return fmt.Errorf("xlsx: sheet name %q starts or ends with an apostrophe", name)
	}
	if strings.EqualFold(name, "History") {
		return errors.New(`xlsx: sheet name "History" is reserved by Excel`)
	}
	for _, t := range taken {
		if strings.EqualFold(t, name) {
			return fmt.Errorf("xlsx: duplicate sheet name %q", name)
		}
	}
	return nil
}

// validRange reports whether s is a range of two cell references ("K7:R7")
// within Excel's grid, top-left first.
func validRange(s string) bool {
	a, z, ok := strings.Cut(s, ":")
	if !ok {
		return false
	}
	c1, r1, ok1 := parseRef([]byte(a))
	c2, r2, ok2 := parseRef([]byte(z))
	return ok1 && ok2 && c1 <= c2 && r1 <= r2 && c2 < maxSheetCols && r2 <= maxSheetRows
}
