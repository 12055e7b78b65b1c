package vn

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameRunes is the longest name accepted. Real names are far shorter; a longer cell
// is a pasted address or a whole row.
const MaxNameRunes = 100

// NameResult is the outcome of ParseName: Name is the display form, Key the search key.
// When Err is set, Name and Key are empty.
type NameResult struct {
	Name     string
	Key      string
	Err      *Issue
	Warnings []Issue
}

// ParseName reads a full name. The text is cleaned (CleanText: NFC, invisible
// characters and NBSP removed, Ð→Đ, spaces collapsed) and each word title-cased
// ("NGUYỄN VĂN AN" → "Nguyễn Văn An"); the tone placement is never changed, so "hòa"
// stays "Hòa" and "hoà" stays "Hoà". Errors: name_empty, name_too_long, and
// name_legacy_encoding for text in TCVN3/VNI or UTF-8 read with the wrong code page,
// which must be fixed at the source file. Warnings: name_no_diacritics,
// name_symbols, name_single_word, name_misplaced_tone. Check repeats these warnings
// for a stored name, since they follow from the name alone.
func ParseName(s string) NameResult {
	// Before cleaning: TCVN3 writes ư as a soft hyphen, which CleanText would remove.
	if IsLegacyEncoded(s) {
		return NameResult{Err: issue(CodeNameLegacyEncoding, FieldName, "")}
	}
	clean := CleanText(s)
	if clean == "" {
		return NameResult{Err: issue(CodeNameEmpty, FieldName, "")}
	}
	if utf8.RuneCountInString(clean) > MaxNameRunes {
		return NameResult{Err: issue(CodeNameTooLong, FieldName, strconv.Itoa(MaxNameRunes))}
	}
	name := titleCase(clean)
	// Again on the result: cleaning can join a stray character to a letter, and the
	// name must read the same when parsed a second time.
	if IsLegacyEncoded(name) {
		return NameResult{Err: issue(CodeNameLegacyEncoding, FieldName, "")}
	}
	key := NameKey(name)
	if key == "" {
		// Only combining marks: nothing a person could read as a name.
		return NameResult{Err: issue(CodeNameEmpty, FieldName, "")}
	}
	return NameResult{Name: name, Key: key, Warnings: nameWarnings(name)}
}

// nameWarnings returns the warnings for a cleaned, title-cased name.
func nameWarnings(name string) []Issue {
	var out []Issue
	add := func(code, arg string) { out = append(out, Issue{Code: code, Field: FieldName, Arg: arg}) }
	words := strings.Fields(name)
	if len(words) == 1 {
		add(CodeNameSingleWord, "")
	}
	if strings.IndexFunc(name, isNameSymbol) >= 0 {
		add(CodeNameSymbols, "")
	}
	if len(words) > 1 && allPlain(words) {
		add(CodeNameNoDiacritics, "")
	}
	for _, w := range words {
		if syllables := strings.FieldsFunc(w, isNameJoiner); anyFunc(syllables, misplacedTone) {
			add(CodeNameMisplacedTone, w)
			break
		}
	}
	return sortIssues(out)
}

// allPlain reports whether every word is a Vietnamese-looking syllable typed without
// diacritics: "Nguyen Van An" is flagged, "John Smith" is not.
func allPlain(words []string) bool {
	for _, w := range words {
		if !plainVietnamese(w) {
			return false
		}
	}
	return true
}

// anyFunc reports whether f holds for some element of s.
func anyFunc(s []string, f func(string) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}

// isNameJoiner reports whether r joins parts of one name word: apostrophe (Ê Đê and
// Jarai names such as "H'Hen") and hyphen.
func isNameJoiner(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '-'
}

// isNameSymbol reports whether r has no place in a name: anything but letters, their
// combining marks, spaces and the joiners.
func isNameSymbol(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsMark(r) && r != ' ' && !isNameJoiner(r)
}

// titleCase upper-cases the first letter of each word (and of each part after an
// apostrophe or hyphen, "H'Hen") and lower-cases the rest. Case mapping never moves a
// tone mark, so both tone styles survive as typed.
func titleCase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	start := true
	for _, r := range s {
		switch {
		case r == ' ' || isNameJoiner(r):
			start = true
		case start && unicode.IsLetter(r):
			r = unicode.ToTitle(r)
			start = false
		case unicode.IsLetter(r):
			r = unicode.ToLower(r)
		case !unicode.IsMark(r):
			start = false
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// NameKey returns the search key of a name: cleaned as CleanText does, lower case,
// combining marks stripped (tones and vowel qualities), đ→d (Đ does not decompose),
// apostrophe variants unified, spaces collapsed: "Đặng" → "dang", and "hòa" and "hoà"
// share one key. Use it only to match and search, never to store or show a name.
func NameKey(s string) string {
	if k, ok := asciiKey(s); ok {
		return k
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// Vietnamese letters decompose to ASCII plus marks, so once the marks
	// are dropped a Vietnamese name is ASCII and needs no recomposition;
	// other scripts (Hangul decomposes to jamo) get the NFC pass.
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading spaces and collapses runs
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cc, r) && !unicode.IsSpace(r):
			continue
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r == 'đ' || r == 'Đ' || r == 'ð' || r == 'Ð':
			r = 'd'
		case r == '’' || r == 'ʼ':
			r = '\''
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
		space = false
	}
	k := strings.TrimSuffix(b.String(), " ")
	for i := 0; i < len(k); i++ {
		if k[i] >= utf8.RuneSelf {
			return norm.NFC.String(k)
		}
	}
	return k
}

// asciiKey is NameKey for the common case of plain ASCII letters and single
// spaces (names typed without diacritics, search words): lower case, with
// no Unicode tables touched. ok is false for anything else.
func asciiKey(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '\'', c == '-', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			upper = true
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return "", false
		}
	}
	if upper {
		return strings.ToLower(s), true
	}
	return s, true
}
