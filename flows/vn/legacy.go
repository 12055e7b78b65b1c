package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Legacy encodings. Before Unicode, Vietnamese files used font encodings: TCVN3
// (.VnTime fonts, one byte per letter: "Nguyễn Văn An" is stored as the bytes that
// Latin-1 shows as "NguyÔn V¨n An") and VNI (a base letter followed by a byte for its
// marks: "Nguyeãn Vaên An"). Read as Latin-1 or cp1252 they turn into garbage that no
// later step can repair reliably; the person must resave the file as Unicode. UTF-8
// read as cp1252 ("Nguyá»…n") is the third case and can be repaired.

// vietLatin1 are the Latin-1 letters that real Vietnamese Unicode text uses.
const vietLatin1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"

// legacySymbols are Latin-1 symbols that TCVN3 uses for letters (¨ is ă, µ is à, ¸ is
// á, ­ the soft hyphen is ư...) and the cp1252 extras that garbage shows. Between
// letters none of them occurs in a real name.
const legacySymbols = "¡¢£¤¥¦§¨©ª¬®¯°±²³´µ¶·¸¹º¼½¾¿×÷ŒœŠšŽžŸƒˆ˜†‡‰‹›€™\uFFFD"

// legacyThreshold is the score from which text is taken as legacy. One sure sign scores
// 3; a sign that a foreign name could also show ("Raúl", "Noël") scores 2, so a name
// needs two of those.
const legacyThreshold = 3

// IsLegacyEncoded reports whether s looks like Vietnamese text in the TCVN3 or VNI
// encoding (or UTF-8) read as Latin-1/cp1252, or holds characters that could not be
// decoded (U+FFFD between letters). It scores characters and pairs that never occur in
// real Vietnamese Unicode: TCVN3 symbols between letters, an upper-case accented letter
// after a lower-case one ("NguyÔn"), a VNI mark after a vowel ("Vaên", "Haø"). Text
// holding a letter only Unicode has (ă, đ, ơ, ư, ĩ, ũ, ạ…ỹ) or a combining mark is never
// legacy. To judge a whole file, join a sample of its cells with spaces and call this
// once: short cells carry little evidence.
func IsLegacyEncoded(s string) bool {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if _, ok := RepairMojibake(s); ok {
		return true
	}
	rs := []rune(s)
	score := 0
	for i, r := range rs {
		if isVietExtended(r) || unicode.Is(unicode.Mn, r) {
			return false
		}
		var p, n rune
		if i > 0 {
			p = rs[i-1]
		}
		if i+1 < len(rs) {
			n = rs[i+1]
		}
		score += legacyWeight(p, r, n)
	}
	return score >= legacyThreshold
}

// legacyWeight scores one rune r between p and n (0 at the ends).
func legacyWeight(p, r, n rune) int {
	switch {
	case r == '\u00AD': // TCVN3 ư; also a real soft hyphen, hence weaker
		if unicode.IsLetter(p) && unicode.IsLetter(n) {
			return 2
		}
	case r == '«': // TCVN3 ô ("Ng«", "C«ng"); also an opening quote, never after a letter
		if unicode.IsLetter(p) {
			return 3
		}
	case r == '»': // TCVN3 ằ ("H»ng"); also a closing quote, never before a letter
		if unicode.IsLetter(p) && unicode.IsLetter(n) {
			return 3
		}
	case strings.ContainsRune(legacySymbols, r):
		if unicode.IsLetter(p) || unicode.IsLetter(n) {
			return 3
		}
	case isLatin1Letter(r) && unicode.IsUpper(r) && unicode.IsLower(p):
		return 3 // TCVN3 "ViÖt", "NguyÔn"
	case isLatin1Letter(r) && !strings.ContainsRune(vietLatin1, r) && r != 'Ð' && r != 'ð':
		if isASCIIVowel(p) || isLatin1Letter(p) {
			return 2 // VNI "Haø", "Noäi"
		}
	case strings.ContainsRune(vietLatin1, r):
		// VNI "Vaên", "Nguyeãn", "Voõ": Vietnamese has no clusters ae, ee or a vowel
		// doubled (but for the rare "oo" of "soóc").
		if strings.ContainsRune("aeAE", p) || unicode.ToLower(p) == baseLetter(r) ||
			isLatin1Letter(p) && !strings.ContainsRune(vietLatin1, p) {
			return 2
		}
	}
	return 0
}

// isLatin1Letter reports whether r is a letter of the Latin-1 supplement (À–ÿ).
func isLatin1Letter(r rune) bool {
	return r >= 0xC0 && r <= 0xFF && r != '×' && r != '÷'
}

// baseLetter returns the lower-case ASCII letter under an accented Latin-1 letter.
func baseLetter(r rune) rune {
	d := []rune(norm.NFD.String(string(unicode.ToLower(r))))
	return d[0]
}

// isASCIIVowel reports whether r is an unaccented vowel letter.
func isASCIIVowel(r rune) bool {
	return strings.ContainsRune("aeiouyAEIOUY", r)
}

// isVietExtended reports whether r is a Vietnamese letter outside Latin-1, which a
// Latin-1/cp1252 decoding can never produce.
func isVietExtended(r rune) bool {
	return strings.ContainsRune("ĂăĐđĨĩŨũƠơƯư", r) || r >= 0x1EA0 && r <= 0x1EF9
}

// RepairMojibake undoes UTF-8 text that was decoded as cp1252 or Latin-1
// ("Nguyá»…n VÄƒn A" → "Nguyễn Văn A"): it turns the text back into those bytes and
// decodes them as UTF-8. It reports false, and returns s unchanged, unless every
// character maps back to a byte, the bytes are valid UTF-8, and the result holds a
// Vietnamese letter. Real text almost never passes all three.
func RepairMojibake(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	high := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case r <= 0xFF:
			// Latin-1, including the C1 controls that a Latin-1 decoder gives for the
			// bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
			b = append(b, byte(r))
			high = true
		default:
			c, ok := charmap.Windows1252.EncodeRune(r)
			if !ok {
				return s, false
			}
			b = append(b, c)
			high = true
		}
	}
	if !high || !utf8.Valid(b) {
		return s, false
	}
	out := string(b)
	if strings.IndexFunc(out, func(r rune) bool { return isVietExtended(r) || strings.ContainsRune(vietLatin1, r) }) < 0 {
		return s, false
	}
	return out, true
}
