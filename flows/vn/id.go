package vn

import (
	"regexp"
	"strconv"
	"strings"
)

// IDKind is the kind of identity document a number belongs to.
type IDKind string

// The identity document kinds the platform's import template accepts ("8/9/12 digits")
// plus passports.
const (
	IDNone            IDKind = ""                 // no number
	IDCCCD            IDKind = "cccd"             // 12 digits starting with 0: citizen ID / personal ID number
	IDCMND9           IDKind = "cmnd9"            // 9 digits: old identity card
	IDCMND12          IDKind = "cmnd12"           // 12 digits not starting with 0
	IDDoc8            IDKind = "doc8"             // 8 digits: probably military or police ID; valid but unusual
	IDPassportVN      IDKind = "passport_vn"      // one letter and 7 digits, e.g. C1234567
	IDPassportForeign IDKind = "passport_foreign" // 6–12 letters and digits with at least one letter
)

// ID is an identity number in its canonical form (digits only, or an upper-case
// passport number) and its kind.
type ID struct {
	Number string
	Kind   IDKind
}

// IDResult is the outcome of ParseID. When Err is set, ID is the zero ID.
type IDResult struct {
	ID       ID
	Err      *Issue
	Warnings []Issue
}

// sciDisplay matches a number as a spreadsheet displays a long value, "8.7084E+10" or,
// in a Vietnamese locale, "8,7084E+10". The exponent sign is required: Excel always
// shows it, and without it foreign passport numbers such as "123E45" would match.
var sciDisplay = regexp.MustCompile(`^[0-9]([.,][0-9]+)?[eE][+-][0-9]{1,2}$`)

// ParseID reads an identity number after the cleaning every number column gets
// (cleanNumber): spaces (NBSP included), dots and dashes are removed, a leading
// apostrophe (Excel's "keep as text" mark) too. Empty input and the placeholders of
// IsNoIDPlaceholder (a lone dash, "0", "không có") give Kind IDNone and no error: a
// missing ID is a problem kind, not a parse error.
//
// A spreadsheet's numeric cell drops leading zeros. An 11-digit number is read as a
// CCCD that lost its 0; from a numeric cell, a 10-digit number whose restored prefix is
// 001–008 is a CCCD that lost two (Hà Nội's 001 and its neighbours) and an 8-digit
// number a CMND that lost its 0 (Hà Nội's and others' CMNDs start with 0). The
// restoration is never silent: it comes with a lost_leading_zero warning that shows the
// restored number.
//
// A 9- or 12-character number with letters that look like digits ("08708947O133") is
// the error id_lookalike whose Arg is the digit form: it is a mistyped CMND or CCCD,
// never a foreign passport (see digitLookalikes).
func ParseID(s string, src Source) IDResult {
	spaced, compact := cleanNumber(s, "")
	if isNoIDPlaceholder(s, compact) {
		return IDResult{}
	}
	// Exponent form first: its dot is significant and must not be stripped.
	if src == CellNumber && !allDigits(spaced) {
		if digits, frac, ok := expandNumber(strings.ReplaceAll(spaced, ",", ".")); ok {
			if frac {
				return IDResult{Err: issue(CodeIDFormat, FieldID, "")}
			}
			return classifyDigits(digits, src)
		}
	}
	if sciDisplay.MatchString(spaced) {
		return IDResult{Err: issue(CodeIDScientific, FieldID, "")}
	}
	if allDigits(compact) {
		return classifyDigits(compact, src)
	}
	if digits, ok := lookalikeDigits(compact); ok {
		return IDResult{Err: issue(CodeIDLookalike, FieldID, digits)}
	}
	return parsePassport(compact)
}

// classifyDigits decides the kind of an all-digit number.
func classifyDigits(d string, src Source) IDResult {
	switch n := len(d); {
	case n == 12 && d[0] == '0':
		return cccd(d, nil)
	case n == 12:
		return IDResult{ID: ID{Number: d, Kind: IDCMND12}}
	case n == 11 && d[0] != '0':
		return cccd("0"+d, &Issue{Code: CodeLostLeadingZero, Field: FieldID, Arg: "0" + d})
	case n == 10 && d[0] != '0' && src == CellNumber && knownProvince("00"+d[:1]):
		return cccd("00"+d, &Issue{Code: CodeLostLeadingZero, Field: FieldID, Arg: "00" + d})
	case n == 9:
		return IDResult{ID: ID{Number: d, Kind: IDCMND9}}
	case n == 8 && d[0] != '0' && src == CellNumber:
		return IDResult{
			ID:       ID{Number: "0" + d, Kind: IDCMND9},
			Warnings: []Issue{{Code: CodeLostLeadingZero, Field: FieldID, Arg: "0" + d}},
		}
	case n == 8:
		return IDResult{ID: ID{Number: d, Kind: IDDoc8}}
	default:
		return IDResult{Err: issue(CodeIDLength, FieldID, strconv.Itoa(n))}
	}
}

// cccd builds the result for a 12-digit CCCD, with the notice of a restored zero if any
// and a warning for a province prefix outside the known 63.
func cccd(number string, restored *Issue) IDResult {
	r := IDResult{ID: ID{Number: number, Kind: IDCCCD}}
	if restored != nil {
		r.Warnings = append(r.Warnings, *restored)
	}
	if !knownProvince(number[:3]) {
		r.Warnings = append(r.Warnings, Issue{Code: CodeCCCDProvince, Field: FieldID, Arg: number[:3]})
	}
	r.Warnings = sortIssues(r.Warnings)
	return r
}

// knownProvince reports whether code is one of the 63 CCCD province codes.
func knownProvince(code string) bool {
	_, ok := provinces[code]
	return ok
}

// parsePassport reads a passport number: Vietnamese (one letter and 7 digits) or
// foreign (6–12 ASCII letters and digits with at least one letter). Both are upper-cased:
// passports print upper case and people type lower case on phones.
func parsePassport(s string) IDResult {
	u := strings.ToUpper(s)
	letters := 0
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
		default:
			return IDResult{Err: issue(CodeIDFormat, FieldID, "")}
		}
	}
	switch {
	case len(u) == 8 && letters == 1 && u[0] >= 'A' && u[0] <= 'Z':
		return IDResult{ID: ID{Number: u, Kind: IDPassportVN}}
	case len(u) >= 6 && len(u) <= 12 && letters > 0:
		return IDResult{ID: ID{Number: u, Kind: IDPassportForeign}}
	}
	return IDResult{Err: issue(CodeIDFormat, FieldID, "")}
}

// MaskID hides the middle of an identity number for chat lists, because Telegram keeps
// messages outside Vietnam (DOMAIN §7). It shows at most the first 3 and the last 3
// characters and always masks at least 3, enough for a person to recognise their own
// number but not to use it: "087084000999" → "087******999", "012345678" → "012***678",
// "C1234567" → "C1****67" (7–8 characters show 2+2, 5–6 show 1+1, 4 or fewer none).
func MaskID(number string) string {
	r := []rune(number)
	keep := min(3, (len(r)-3)/2)
	if keep < 0 {
		keep = 0
	}
	out := make([]rune, len(r))
	for i := range r {
		if i < keep || i >= len(r)-keep {
			out[i] = r[i]
		} else {
			out[i] = '*'
		}
	}
	return string(out)
}
