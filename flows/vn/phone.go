package vn

import "strings"

// PhoneResult is the outcome of ParsePhone. Number is the canonical form: digits only,
// starting with 0. When Err is set, Number is empty.
type PhoneResult struct {
	Number   string
	Err      *Issue
	Warnings []Issue
}

// oldMobilePrefixes is the 2018 renumbering of 11-digit mobile numbers (Ministry of
// Information and Communications, in force from 15 September 2018): the old 4-digit
// prefix → the new 3-digit one, the remaining 7 digits unchanged.
var oldMobilePrefixes = map[string]string{
	// Viettel
	"0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036",
	"0167": "037", "0168": "038", "0169": "039",
	// MobiFone
	"0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
	// VinaPhone
	"0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
	// Vietnamobile
	"0186": "056", "0188": "058",
	// Gmobile
	"0199": "059",
}

// ParsePhone reads a Vietnamese phone number after the cleaning every number column
// gets (cleanNumber, the same as for ID numbers: a leading apostrophe, spaces, dots and
// dashes go), and parentheses around an area code. An international prefix (+84, 0084,
// 84) becomes 0. Accepted: 10-digit mobiles starting 03, 05, 07, 08 or 09, and 11-digit
// landlines starting 02. A number that lost its leading 0 in a numeric cell
// ("906331568") gets it back with the warning phone_lost_zero. An 11-digit mobile with
// a pre-2018 prefix is kept as received (it may be what the platform holds) with the
// warning phone_old_prefix whose Arg is the current number. Empty input and the
// placeholders that say "none" (IsNoIDPlaceholder: "-", "0", "không có") give no number
// and no error: a phone is optional.
func ParsePhone(s string, src Source) PhoneResult {
	spaced, d := cleanNumber(s, "()")
	if isNoIDPlaceholder(s, d) {
		return PhoneResult{}
	}
	if src == CellNumber && !allDigits(spaced) {
		// Before the dots go: in "9.06331568E8" the dot is a decimal point.
		if digits, frac, ok := expandNumber(strings.ReplaceAll(spaced, ",", ".")); ok && !frac {
			d = digits
		}
	}
	switch {
	case strings.HasPrefix(d, "+84"):
		d = "0" + d[3:]
	case strings.HasPrefix(d, "0084"):
		d = "0" + d[4:]
	case strings.HasPrefix(d, "84") && (len(d) == 11 || len(d) == 12):
		d = "0" + d[2:]
	}
	if !allDigits(d) {
		return failPhone()
	}
	var warns []Issue
	if d[0] != '0' && (len(d) == 9 || len(d) == 10) {
		d = "0" + d
		warns = append(warns, Issue{Code: CodePhoneLostZero, Field: FieldPhone, Arg: d})
	}
	switch {
	case len(d) == 10 && strings.ContainsRune("35789", rune(d[1])):
	case len(d) == 11 && d[1] == '2':
	case len(d) == 11 && oldMobilePrefixes[d[:4]] != "":
		warns = append(warns, Issue{Code: CodePhoneOldPrefix, Field: FieldPhone, Arg: oldMobilePrefixes[d[:4]] + d[4:]})
	default:
		return failPhone()
	}
	return PhoneResult{Number: d, Warnings: sortIssues(warns)}
}

// failPhone returns the error result.
func failPhone() PhoneResult {
	return PhoneResult{Err: issue(CodePhoneFormat, FieldPhone, "")}
}
