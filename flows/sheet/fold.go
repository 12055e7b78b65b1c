package sheet

import (
	"strings"
	"unicode"

	"lamsach/flows/vn"
)

// fold returns the matching form of a header or label: cleaned (NFC, no
// invisible characters), lower case, without tone and vowel marks, đ→d, and
// every run of punctuation or space turned into one space. "Ngày/tháng/năm
// sinh" and "NGAY THANG NAM SINH" both fold to "ngay thang nam sinh".
func fold(s string) string {
	s = vn.NameKey(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// foldHeader folds a header cell after removing its parenthesised remarks
// and asterisks: the template writes "Giới tính (*)\n(0:nam, 1:nữ)" and
// "Số CMT/CCCD\n(Loại 8/9/12 số)", and only the words before the remarks
// name the column. A header that is nothing but a remark keeps its text.
func foldHeader(s string) string {
	if f := fold(stripRemarks(s)); f != "" {
		return f
	}
	return fold(s)
}

// stripRemarks removes "(…)" parts (an unclosed "(" to the end) and "*".
func stripRemarks(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth > 0 || r == '*':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasPrefixWord reports whether s starts with the words of p: p itself or
// p followed by a space.
func hasPrefixWord(s, p string) bool {
	return s == p || strings.HasPrefix(s, p+" ")
}

// hasWords reports whether the words of p occur together inside s.
func hasWords(s, p string) bool {
	return strings.Contains(" "+s+" ", " "+p+" ")
}
