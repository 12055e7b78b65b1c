package vn

import (
	"strings"
	"unicode/utf8"
)

// noIDWords are what people put in an ID cell to say there is none, folded by NameKey
// ("Không có" → "khong co", "CHƯA CẤP" → "chua cap"). They mean "missing", not
// "malformed": the record belongs to the missing_id kind and the platform's import file
// gets an empty cell, never the word.
var noIDWords = map[string]bool{
	// không (có), chưa (có): "none", "not yet"; ko, k, kc, kg are how they are abbreviated.
	"khong": true, "khong co": true, "chua co": true, "chua": true, "ko": true, "k": true,
	"kc": true, "kg": true, "ko co": true, "k co": true, "kg co": true, "khg co": true,
	// chưa cấp, chưa làm, đang làm: not issued yet; trẻ em, chưa đủ tuổi: a child.
	"chua cap": true, "chua lam": true, "dang lam": true, "tre em": true, "chua du tuoi": true,
	// không rõ, chưa rõ, không xác định (kxđ): unknown.
	"khong ro": true, "chua ro": true, "khong xac dinh": true, "kxd": true,
	"x": true, "n/a": true, "na": true, "none": true, "null": true,
}

// noIDDocWords may follow a no-ID word ("chưa có CCCD", "không có số CMND"); they are
// dropped from the end before the lookup. Folded by NameKey.
var noIDDocWords = []string{"so", "cccd", "cmnd", "cmt", "cmnd/cccd", "cccd/cmnd", "cmt/cccd", "giay to"}

// noIDMarks are, with zeros and their look-alikes ("000000000", "OOO"), the
// characters a cell holding only them says "nothing here"; dashes and dots are already
// gone in the compact form.
const noIDMarks = "/\\_?*…"

// isNoIDMark reports whether r is one of the characters of an all-marks placeholder.
func isNoIDMark(r rune) bool {
	return r == '0' || digitLookalikes[r] == '0' || strings.ContainsRune(noIDMarks, r)
}

// IsNoIDPlaceholder reports whether s, an ID cell or typed ID, says that the person has
// no ID number: empty or blank, only marks such as dashes, dots, slashes, question
// marks or zeros, the letter O typed for them included ("-", "0", "000000000", "...",
// "?"), or a word that means none (noIDWords: "không có",
// "chưa có", "ko", "k", "x", "N/A", optionally followed by a document name: "chưa có
// CCCD"). It is the one list of such placeholders: ParseID reads them as no number
// (IDNone, no error), and whatever writes an ID for the platform writes an empty cell
// for them.
func IsNoIDPlaceholder(s string) bool {
	_, compact := cleanNumber(s, "")
	return isNoIDPlaceholder(s, compact)
}

// isNoIDPlaceholder is IsNoIDPlaceholder given the compact form of s.
func isNoIDPlaceholder(s, compact string) bool {
	if strings.TrimFunc(compact, isNoIDMark) == "" {
		return true
	}
	// Short-cut: every placeholder word is short; an ID-length value is not folded.
	if utf8.RuneCountInString(s) > 40 {
		return false
	}
	key := strings.Trim(NameKey(s), " .,!:;"+apostrophes)
	for !noIDWords[key] {
		// Drop one trailing document word and look again: "khong co so cmnd" →
		// "khong co so" → "khong co".
		cut := false
		for _, doc := range noIDDocWords {
			if k, ok := strings.CutSuffix(key, " "+doc); ok {
				key, cut = k, true
				break
			}
		}
		if !cut {
			return false
		}
	}
	return true
}

// digitLookalikes maps the characters written in place of a digit that nobody can tell
// from it on paper or in common fonts, from typewriter habits (l for 1, O for 0) or from
// text pasted from other scripts. It is the one table of look-alikes; an ID written with
// them is an error offering the digit form (id_lookalike), never a passport.
//
// Every letter whose upper case is an ASCII letter of the table is in it too (small i,
// dotless ı): passport numbers are stored upper-cased, and "0i00…" must not pass as a
// passport whose stored form "0I00…" would then be refused.
//
// Deliberately absent, because they are real letters of passport numbers and look
// different in print, so a guess would offer a number nobody wrote: B (8), S (5),
// Z (2), G (6), g and q (9), T (7), A (4), D and Q (0), L (1).
var digitLookalikes = map[rune]byte{
	'O': '0', 'o': '0', // Latin capital and small O
	'О': '0', 'о': '0', // Cyrillic capital and small O (U+041E, U+043E)
	'Ο': '0', 'ο': '0', // Greek capital and small omicron (U+039F, U+03BF)
	'I': '1', 'l': '1', // Latin capital i and small L, the typewriter's 1
	'i': '1', 'ı': '1', // Latin small i and dotless i, upper-cased to I
	'І': '1', 'і': '1', // Cyrillic Byelorussian-Ukrainian I (U+0406, U+0456)
	'Ι': '1', 'ι': '1', // Greek capital and small iota (U+0399, U+03B9)
}

// lookalikeDigits returns the digit form of a CMND (9 characters) or CCCD (12) written
// with look-alikes, e.g. "08708947O133" → "087089470133", and whether s is one: every
// character a digit or in digitLookalikes, at least one look-alike. Other lengths are
// not read this way: an 8-character "O1234567" has the shape of a Vietnamese passport
// (one letter and 7 digits).
func lookalikeDigits(s string) (string, bool) {
	n := utf8.RuneCountInString(s)
	if n != 9 && n != 12 {
		return "", false
	}
	digits := make([]byte, 0, n)
	found := false
	for _, r := range s {
		switch d, ok := digitLookalikes[r]; {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case ok:
			digits = append(digits, d)
			found = true
		default:
			return "", false
		}
	}
	return string(digits), found
}
