package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanText normalises any text cell or chat text: invalid UTF-8 becomes U+FFFD, every
// kind of space (NBSP included) becomes a plain space, zero-width and other invisible
// format characters (U+200B..U+200D, U+FEFF, U+2060, soft hyphen, bidi marks) and
// control characters are removed, Ð/ð (Icelandic eth, left by bad conversions) become
// Đ/đ, the result is NFC, trimmed, and runs of spaces are collapsed to one.
//
// Phones and some files produce NFD; without NFC the same name would have two spellings
// in bytes and never match.
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// Map before NFC: a zero-width character between a letter and its combining mark
	// would otherwise block the composition.
	s = strings.Map(cleanRune, s)
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanRune maps one rune for CleanText; -1 drops it.
func cleanRune(r rune) rune {
	switch {
	case r == 'Ð':
		return 'Đ'
	case r == 'ð':
		return 'đ'
	case unicode.IsSpace(r):
		return ' '
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cc, r):
		return -1
	}
	return r
}

// apostrophes are the marks Excel users type before a number to keep it as text
// ('0906331568); phones and word processors turn the ASCII one into a typographic one.
const apostrophes = "'’‘`ʼ"

// cleanNumber is the one cleaning every number column gets, ID numbers and phone
// numbers alike, whether typed or read from a cell. It returns two forms:
//   - spaced: without spaces (NBSP included), invisible characters and the leading
//     apostrophe, but with dots, commas and dashes, because in "8.7084E+10" or
//     "9.06331568E8" the dot is a decimal point;
//   - compact: spaced without the separators people group digits with (dots, dashes,
//     any rune in extra) and without a float tail such as ".0" that a program prints
//     after a whole number ("87084000999.0" is 87084000999, not 870840009990).
func cleanNumber(s, extra string) (spaced, compact string) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	spaced = strings.TrimLeft(strings.Map(dropSpace, s), apostrophes)
	return spaced, stripSeparators(dropFloatTail(spaced), extra)
}

// dropFloatTail removes a decimal point followed by one or two zeros at the end of a
// number written with no other dot or comma. Digit groups are three digits long, so a
// one- or two-digit tail is never a group: it is how a program printed a whole number
// it held as a float.
func dropFloatTail(s string) string {
	i := strings.LastIndexAny(s, ".,")
	tail := s[i+1:]
	if i <= 0 || strings.ContainsAny(s[:i], ".,") || tail == "" || len(tail) > 2 || strings.Trim(tail, "0") != "" {
		return s
	}
	return s[:i]
}

// dropSpace removes every space and invisible character; used where dots still count.
func dropSpace(r rune) rune {
	if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r) {
		return -1
	}
	return r
}

// stripSeparators removes the characters people put inside numbers to make them
// readable: every space, zero-width and control character, dots, dashes (ASCII and
// typographic) and any rune in extra.
func stripSeparators(s string, extra string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cc, r):
			return -1
		case r == '.', r == '-', r == '\u2010', r == '\u2011', r == '\u2012', r == '\u2013', r == '\u2014', r == '\u2212':
			return -1
		case strings.ContainsRune(extra, r):
			return -1
		}
		return r
	}, s)
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
