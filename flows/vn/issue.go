// Package vn holds the pure rules for Vietnamese personal data: identity numbers, names,
// dates of birth, gender, phone numbers and the text of the QR code on chip CCCD cards.
//
// Nothing here talks to people. A value that is wrong or suspicious comes back as an
// Issue with a stable Code; another package turns the code into a sentence in the
// person's language. An Issue is never a Go error in the system sense: a bad date is a
// normal answer, not a failure.
package vn

import (
	"cmp"
	"slices"
)

// Field names a person's data field.
type Field string

// The fields of a person's basic information (the four of Official Letter 2262, plus phone).
const (
	FieldID     Field = "id"
	FieldName   Field = "name"
	FieldDOB    Field = "dob"
	FieldGender Field = "gender"
	FieldPhone  Field = "phone"
)

// Issue is one thing wrong (error) or suspicious (warning) about a value. Code is stable
// and is the key of a message in the text catalogs (another package renders it in
// Vietnamese/English); Arg is a detail for the message (e.g. the suggested value, the
// year found in the CCCD).
type Issue struct {
	Code  string `json:"code"`
	Field Field  `json:"field,omitempty"`
	Arg   string `json:"arg,omitempty"`
}

// Error returns an English fallback such as "id: lost_leading_zero (087084000999)", for
// logs and tests; people see the catalog text instead.
func (i Issue) Error() string {
	s := i.Code
	if i.Field != "" {
		s = string(i.Field) + ": " + s
	}
	if i.Arg != "" {
		s += " (" + i.Arg + ")"
	}
	return s
}

// Issue codes. Each is the key of a catalog message; the comment says what Arg holds.
// Errors make a value unusable; warnings are shown to a person who confirms or fixes.
const (
	CodeIDLength        = "id_length"         // error; Arg: the digit count
	CodeIDScientific    = "id_scientific"     // error: "8.7084E+10" typed or in a text cell
	CodeIDFormat        = "id_format"         // error: not digits nor a passport number
	CodeIDLookalike     = "id_lookalike"      // error: letters for digits ("08708947O133"); Arg: the digit form
	CodeIDMissing       = "id_missing"        // no ID number at all (PlatformID's reason for IDStatusNone)
	CodeLostLeadingZero = "lost_leading_zero" // warning; Arg: the number with its zeros restored
	CodeCCCDProvince    = "cccd_province"     // warning; Arg: the unknown 3-digit prefix
	CodeCCCDGender      = "cccd_gender"       // warning; Arg: the gender the CCCD implies
	CodeCCCDYear        = "cccd_year"         // warning; Arg: the 4-digit year the CCCD implies

	CodeDateFormat       = "date_format"         // error: not a date form we know
	CodeDateTwoDigitYear = "date_two_digit_year" // error: "15/05/20", the century is unknown
	CodeDateInvalid      = "date_invalid"        // error: no such day, e.g. 31/02/1990
	CodeDateFuture       = "date_future"         // error
	CodeDateBefore1900   = "date_before_1900"    // error
	CodeDateSwapped      = "date_swapped"        // warning; Arg: the date as read, dd/mm/yyyy
	CodeDatePlaceholder  = "date_placeholder"    // warning; Arg: the year
	CodeDateYearFilled   = "date_year_filled"    // notice: a year-only date written as 01/01/yyyy; Arg: that date
	CodeDateMonthFilled  = "date_month_filled"   // notice: a month/year date written as 01/mm/yyyy; Arg: that date

	CodeGenderFormat = "gender_format" // error

	CodePhoneFormat    = "phone_format"     // error
	CodePhoneLostZero  = "phone_lost_zero"  // warning; Arg: the number with its 0 restored
	CodePhoneOldPrefix = "phone_old_prefix" // warning; Arg: the number after the 2018 renumbering

	CodeNameEmpty          = "name_empty"           // error
	CodeNameTooLong        = "name_too_long"        // error; Arg: the limit
	CodeNameLegacyEncoding = "name_legacy_encoding" // error: TCVN3/VNI or mis-decoded UTF-8
	CodeNameNoDiacritics   = "name_no_diacritics"   // warning
	CodeNameSymbols        = "name_symbols"         // warning
	CodeNameSingleWord     = "name_single_word"     // warning
	CodeNameMisplacedTone  = "name_misplaced_tone"  // warning; Arg: the first suspicious word

	CodeQRFormat = "qr_format" // error: not the text of a CCCD QR code
	CodeQRID     = "qr_id"     // error: the first field is not a 12-digit CCCD
	CodeQROldID  = "qr_old_id" // warning: the old CMND field is not 9 or 12 digits
)

// Source tells where a value came from; spreadsheets' numeric cells lose leading zeros
// and may hold numbers in exponent form, so the parsers need to know.
type Source int

// The sources of a value.
const (
	// Typed is text a person typed in chat.
	Typed Source = iota
	// CellText is a spreadsheet text cell (or a CSV field).
	CellText
	// CellNumber is the raw numeric cell value as stored in the xlsx XML, e.g.
	// "87084000999", "8.7084000999E10" or "32874".
	CellNumber
)

// issue builds an Issue; a helper so call sites stay one line.
func issue(code string, f Field, arg string) *Issue {
	return &Issue{Code: code, Field: f, Arg: arg}
}

// sortIssues returns the issues without duplicates, ordered by field, then code, then
// arg, so that the same record always shows its warnings in the same order.
func sortIssues(in []Issue) []Issue {
	if len(in) == 0 {
		return nil
	}
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b Issue) int {
		return cmp.Or(cmp.Compare(a.Field, b.Field), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Arg, b.Arg))
	})
	return slices.Compact(out)
}
