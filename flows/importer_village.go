package flows

import (
	"strings"

	"lamsach/flows/vn"
)

// villagePrefixes are the words that name the kind of a village rather than
// the village: lists write "Đông" for "Thôn Đông", "Tổ 2" for "Tổ dân phố
// 2". Folded (vn.NameKey), longest first so "to dan pho" wins over "to".
var villagePrefixes = []string{
	"to dan pho", "khu dan cu", "khu pho", "tdp", "kdc", "thon", "xom", "ban", "buon", "lang",
	"ap", "khom", "khoi", "khu", "kp", "doi", "phum", "soc", "to",
}

// villageMatcher finds the commune's village an uploaded list means. It
// matches by name key ("Thôn 1" and "thon 1" agree), then, when exactly one
// village fits, without the kind word and leading zeros ("Đông" is "Thôn
// Đông", "Tổ 02" is "Tổ dân phố 2"). A text two villages could mean stays
// unassigned: the coordinator decides, which is better than a guess.
type villageMatcher struct {
	exact map[string]int64
	bare  map[string]int64 // -1: more than one village has this bare key
	memo  map[string]int64 // texts already matched; lists repeat few texts
}

func newVillageMatcher(vs []Village) *villageMatcher {
	m := &villageMatcher{exact: map[string]int64{}, bare: map[string]int64{}, memo: map[string]int64{}}
	for _, v := range vs {
		m.exact[villageKey(v.Name)] = v.ID
		b := bareKey(v.Name)
		if b == "" {
			continue
		}
		if id, ok := m.bare[b]; ok && id != v.ID {
			m.bare[b] = -1
		} else {
			m.bare[b] = v.ID
		}
	}
	return m
}

// match returns the village text means, or 0.
func (m *villageMatcher) match(text string) int64 {
	if text == "" {
		return 0
	}
	if id, ok := m.memo[text]; ok {
		return id
	}
	id, ok := m.exact[villageKey(text)]
	if !ok {
		if b := bareKey(text); b != "" {
			id = max(m.bare[b], 0)
		}
	}
	m.memo[text] = id
	return id
}

// villageKey is a village name's key with numbers read as numbers, so
// "Thôn 01" and "Thôn 1" agree.
func villageKey(s string) string {
	words := strings.Fields(keyWords(s))
	for i, w := range words {
		words[i] = trimZeros(w)
	}
	return strings.Join(words, " ")
}

// bareKey is villageKey without the leading kind word.
func bareKey(s string) string {
	k := villageKey(s)
	for _, p := range villagePrefixes {
		if rest, ok := strings.CutPrefix(k, p+" "); ok {
			return rest
		}
	}
	return k
}

// keyWords folds s (vn.NameKey) and turns punctuation into spaces:
// "Thôn Đông," and "Thôn-Đông" are "thon dong".
func keyWords(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == ' ' {
			return r
		}
		return ' '
	}, vn.NameKey(s))
}

// trimZeros drops the leading zeros of a number ("02" → "2"); other words
// are returned as they are.
func trimZeros(w string) string {
	for _, r := range w {
		if r < '0' || r > '9' {
			return w
		}
	}
	if t := strings.TrimLeft(w, "0"); t != "" {
		return t
	}
	return "0"
}
