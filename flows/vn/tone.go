package vn

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tone placement. A Vietnamese syllable is onset + vowel cluster + coda, and its one tone
// mark sits on a vowel of the cluster fixed by orthography. Two styles are in use: the
// old puts the tone of an open oa/oe/uy on the first vowel (hòa, khỏe, thúy), the new on
// the second (hoà, khoẻ, thuý). A syllable is flagged only when its tone is on a vowel
// that neither style allows, or it has two tones, or a tone on a consonant ("baỏ",
// "lựơng", "qúa"). Words that do not parse as a Vietnamese syllable (minority-language
// and foreign names: "Ksor", "H'Hen", "Byă") are never flagged: the check must not
// nag about correct names.

// onsets are the initial consonants, longest first so that "ngh" wins over "ng".
var onsets = []string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

// codas are the final consonants.
var codas = map[string]bool{"c": true, "ch": true, "m": true, "n": true, "ng": true, "nh": true, "p": true, "t": true}

// openClusters are the vowel clusters of syllables without a final consonant, with the
// positions (0-based, in the cluster) where a tone may go in either style.
var openClusters = map[string][]int{
	"a": {0}, "ă": {0}, "â": {0}, "e": {0}, "ê": {0}, "i": {0}, "o": {0}, "ô": {0}, "ơ": {0}, "u": {0}, "ư": {0}, "y": {0},
	"ai": {0}, "ao": {0}, "au": {0}, "ay": {0}, "âu": {0}, "ây": {0}, "eo": {0}, "êu": {0},
	"ia": {0}, "iu": {0}, "oi": {0}, "ôi": {0}, "ơi": {0}, "ua": {0}, "ưa": {0}, "ui": {0}, "ưi": {0}, "ưu": {0},
	"oa": {0, 1}, "oe": {0, 1}, "uy": {0, 1},
	"uê": {1}, "uơ": {1},
	"oai": {1}, "oay": {1}, "oeo": {1}, "uya": {1}, "uyu": {1}, "uây": {1},
	"iêu": {1}, "yêu": {1}, "uôi": {1}, "ươi": {1}, "ươu": {1},
}

// closedClusters are the vowel clusters before a final consonant; the tone goes on the
// last vowel in both styles (and on either o of "oo", as in "soóc").
var closedClusters = map[string][]int{
	"a": {0}, "ă": {0}, "â": {0}, "e": {0}, "ê": {0}, "i": {0}, "o": {0}, "ô": {0}, "ơ": {0}, "u": {0}, "ư": {0}, "y": {0},
	"iê": {1}, "yê": {1}, "uô": {1}, "ươ": {1}, "oa": {1}, "oă": {1}, "oe": {1}, "uâ": {1}, "uy": {1}, "uê": {1},
	"oo": {0, 1}, "uyê": {2},
}

// plainOpen and plainClosed are the clusters with their quality marks removed, to tell
// whether a word typed without diacritics ("Nguyen") looks Vietnamese.
var plainOpen, plainClosed = stripClusters(openClusters), stripClusters(closedClusters)

// stripClusters returns the cluster table keyed by clusters without quality marks.
func stripClusters(m map[string][]int) map[string][]int {
	out := make(map[string][]int, len(m))
	for k, v := range m {
		out[strings.NewReplacer("ă", "a", "â", "a", "ê", "e", "ô", "o", "ơ", "o", "ư", "u").Replace(k)] = v
	}
	return out
}

// vowels are the vowel letters, with their quality marks.
const vowels = "aăâeêioôơuưy"

// letter is one letter of a word: its base with any quality mark, and its tone marks.
type letter struct {
	base  rune
	tones int
}

// qualities composes a vowel with its quality mark (circumflex, breve, horn).
var qualities = map[[2]rune]rune{
	{'a', '\u0302'}: 'â', {'e', '\u0302'}: 'ê', {'o', '\u0302'}: 'ô',
	{'a', '\u0306'}: 'ă', {'o', '\u031B'}: 'ơ', {'u', '\u031B'}: 'ư',
}

// splitLetters breaks a word into Vietnamese letters; ok is false if the word holds
// anything else (a letter or mark Vietnamese does not use).
func splitLetters(word string) (out []letter, ok bool) {
	for _, r := range norm.NFD.String(strings.ToLower(word)) {
		switch r {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323': // huyền, sắc, ngã, hỏi, nặng
			if len(out) == 0 {
				return nil, false
			}
			out[len(out)-1].tones++
		case '\u0302', '\u0306', '\u031B':
			if len(out) == 0 {
				return nil, false
			}
			q, ok := qualities[[2]rune{out[len(out)-1].base, r}]
			if !ok {
				return nil, false
			}
			out[len(out)-1].base = q
		default:
			if r != 'đ' && (r < 'a' || r > 'z' || r == 'f' || r == 'j' || r == 'w' || r == 'z') {
				return nil, false
			}
			out = append(out, letter{base: r})
		}
	}
	return out, len(out) > 0
}

// parseSyllable finds the vowel cluster of a syllable and where its tone may go. ok is
// false if the letters are not onset + known cluster + coda.
func parseSyllable(ls []letter, open, closed map[string][]int) (start, end int, allowed []int, ok bool) {
	var b strings.Builder
	for _, l := range ls {
		b.WriteRune(l.base)
	}
	s := []rune(b.String())
	isVowel := func(i int) bool { return i < len(s) && strings.ContainsRune(vowels, s[i]) }
	for _, o := range onsets {
		n := len([]rune(o))
		if len(s) >= n && string(s[:n]) == o {
			// "gi" and "qu" are onsets only before another vowel: "gì", "gìn" have i as vowel.
			if (o == "gi" || o == "qu") && !isVowel(n) {
				continue
			}
			start = n
			break
		}
	}
	end = start
	for isVowel(end) {
		end++
	}
	cluster, coda := string(s[start:end]), string(s[end:])
	if coda == "" {
		allowed, ok = open[cluster]
	} else if codas[coda] {
		allowed, ok = closed[cluster]
	}
	return start, end, allowed, ok
}

// misplacedTone reports whether a word is a Vietnamese syllable whose tone mark is
// where no style puts it.
func misplacedTone(word string) bool {
	ls, ok := splitLetters(word)
	if !ok {
		return false
	}
	start, end, allowed, ok := parseSyllable(ls, openClusters, closedClusters)
	if !ok {
		return false
	}
	total, at := 0, -1
	for i, l := range ls {
		total += l.tones
		if l.tones > 0 {
			at = i
		}
	}
	switch {
	case total == 0:
		return false
	case total > 1, at < start, at >= end:
		return true
	}
	for _, a := range allowed {
		if at-start == a {
			return false
		}
	}
	return true
}

// plainVietnamese reports whether an ASCII word could be a Vietnamese syllable with its
// diacritics left out ("nguyen", "thi"), unlike "john" or "ksor".
func plainVietnamese(word string) bool {
	for _, r := range word {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	ls, ok := splitLetters(word)
	if !ok {
		return false
	}
	_, _, _, ok = parseSyllable(ls, plainOpen, plainClosed)
	return ok
}
