package vn

import "strings"

// maxExponent bounds the exponent of a numeric cell value. Identity numbers, phones and
// date serials have at most 12 digits; a larger exponent is not one of them, and
// refusing it keeps a hostile "1E999999999" from allocating a billion zeros.
const maxExponent = 30

// expandNumber reads a spreadsheet's numeric cell value ("87084000999",
// "8.7084000999E10", "32874.5") exactly, without float64 rounding. It returns the
// integer part as digits without leading zeros ("0" for zero) and whether a non-zero
// fraction was present. ok is false for anything that is not a non-negative decimal.
func expandNumber(s string) (digits string, fraction bool, ok bool) {
	s = strings.TrimPrefix(s, "+")
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e := strings.TrimPrefix(s[i+1:], "+")
		neg := strings.HasPrefix(e, "-")
		e = strings.TrimPrefix(e, "-")
		if !allDigits(e) || len(e) > 3 {
			return "", false, false
		}
		for _, c := range e {
			exp = exp*10 + int(c-'0')
		}
		if neg {
			exp = -exp
		}
		if exp > maxExponent || exp < -maxExponent {
			return "", false, false
		}
	}
	intPart, fracPart, _ := strings.Cut(mant, ".")
	if intPart == "" || !allDigits(intPart) || (fracPart != "" && !allDigits(fracPart)) {
		return "", false, false
	}
	all := intPart + fracPart
	point := len(intPart) + exp
	var i, f string
	switch {
	case point <= 0:
		i, f = "", all
	case point >= len(all):
		i = all + strings.Repeat("0", point-len(all))
	default:
		i, f = all[:point], all[point:]
	}
	i = strings.TrimLeft(i, "0")
	if i == "" {
		i = "0"
	}
	return i, strings.Trim(f, "0") != "", true
}
