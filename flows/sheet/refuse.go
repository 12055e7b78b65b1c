package sheet

import (
	"errors"
	"fmt"
	"html"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
)

// Refusals of Read besides the xlsx ones, which Read returns wrapped.
var (
	// ErrNoHeader means no sheet has a header row with a name column and
	// at least one more known column.
	ErrNoHeader = errors.New("sheet: no header row with a name column")
	// ErrLegacyEncoding means the text is in the TCVN3 or VNI encoding (or
	// UTF-8 read with the wrong code page) and must be saved as Unicode.
	ErrLegacyEncoding = errors.New("sheet: text in a legacy Vietnamese encoding")
	// ErrNoRows means the header was found but no data row follows it.
	ErrNoRows = errors.New("sheet: no data rows under the header")
	// ErrNoSheet means the workbook has no sheet of the name asked for
	// (Options.Sheet).
	ErrNoSheet = errors.New("sheet: no sheet of that name")
)

// RefusedError is how Read refuses a file: Reason is a stable code for
// logs and the Report, Err the sentinel (errors.Is works through it), and
// Limits the bounds in force, so the answer can name the one exceeded.
type RefusedError struct {
	Reason string
	Limits xlsx.Limits
	Err    error
	// Sheet is the sheet asked for, for the answer to ErrNoSheet.
	Sheet string
}

// Error names the reason and the cause, for logs.
func (e *RefusedError) Error() string {
	return "sheet: file refused (" + e.Reason + "): " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *RefusedError) Unwrap() error { return e.Err }

// sheetName is the sheet asked for, "" when e is nil.
func (e *RefusedError) sheetName() string {
	if e == nil {
		return ""
	}
	return e.Sheet
}

// reasons maps each sentinel to the stable reason code that is also the key
// of its catalog message, "sheet.refuse.<code>".
var reasons = []struct {
	err  error
	code string
}{
	{xlsx.ErrEmpty, "empty"},
	{xlsx.ErrXLS, "xls"},
	{xlsx.ErrEncrypted, "encrypted"},
	{xlsx.ErrODS, "ods"},
	{xlsx.ErrCSV, "csv"},
	{xlsx.ErrTooLarge, "too_large"},
	{xlsx.ErrZipBomb, "zip_bomb"},
	{xlsx.ErrTooManyRows, "too_many_rows"},
	{xlsx.ErrTooManyCols, "too_many_cols"},
	{xlsx.ErrTooManyStrings, "too_many_strings"},
	{xlsx.ErrRowTooLong, "row_too_long"},
	{xlsx.ErrCorrupt, "corrupt"},
	{xlsx.ErrNotXLSX, "not_xlsx"},
	{ErrNoHeader, "no_header"},
	{ErrLegacyEncoding, "legacy_encoding"},
	{ErrNoRows, "no_rows"},
	{ErrNoSheet, "no_sheet"},
}

// Reason returns the stable code of a refusal ("xls", "zip_bomb", …), or
// "" when err is not one.
func Reason(err error) string {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.code
		}
	}
	return ""
}

// refuse wraps a refusal cause, or returns a system error unchanged.
func refuse(err error, lim xlsx.Limits) error {
	code := Reason(err)
	if code == "" {
		return err
	}
	return &RefusedError{Reason: code, Limits: effectiveLimits(lim), Err: err}
}

// IsRefusal reports whether err is a refusal of the file (the person's
// answer is RefusalText) rather than a failure of the system.
func IsRefusal(err error) bool { return Reason(err) != "" }

// RefusalText returns the one specific sentence that tells the person why
// the file was refused and what to send instead, in plain text (no HTML).
// A limit is stated with its value. An error that is not a refusal gets
// the generic apology.
func RefusalText(l msg.Lang, err error) string {
	code := Reason(err)
	if code == "" {
		return plain(l, "sheet.refuse.unknown")
	}
	lim := xlsx.DefaultLimits()
	var re *RefusedError
	if errors.As(err, &re) {
		lim = effectiveLimits(re.Limits)
	}
	switch code {
	case "too_large":
		return plain(l, "sheet.refuse.too_large", fmt.Sprint(lim.MaxFileBytes>>20))
	case "zip_bomb":
		return plain(l, "sheet.refuse.zip_bomb", fmt.Sprint(lim.MaxUncompressedBytes>>20))
	case "too_many_rows":
		return plain(l, "sheet.refuse.too_many_rows", groupDigits(l, lim.MaxRows))
	case "too_many_cols":
		return plain(l, "sheet.refuse.too_many_cols", fmt.Sprint(lim.MaxCols))
	case "row_too_long":
		return plain(l, "sheet.refuse.row_too_long", fmt.Sprint(max(1, lim.MaxRowBytes>>20)))
	case "no_header":
		return plain(l, "sheet.refuse.no_header")
	case "no_sheet":
		return plain(l, "sheet.refuse.no_sheet", re.sheetName())
	}
	return plain(l, "sheet.refuse."+code)
}

// plain renders a catalog message as plain text: the catalogs produce HTML
// for the chat, while files and the terminal need the characters themselves.
func plain(l msg.Lang, key string, args ...any) string {
	return plainText(msg.T(l, key, args...))
}

// plainText undoes the catalogs' HTML escaping (they use no tags).
func plainText(s string) string { return html.UnescapeString(s) }

// effectiveLimits fills the zero fields of l as xlsx.Open does, so a
// refusal can state the limit that was in force.
func effectiveLimits(l xlsx.Limits) xlsx.Limits {
	d := xlsx.DefaultLimits()
	pick64 := func(v, def int64) int64 {
		if v <= 0 {
			return def
		}
		return v
	}
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	return xlsx.Limits{
		MaxFileBytes:         pick64(l.MaxFileBytes, d.MaxFileBytes),
		MaxUncompressedBytes: pick64(l.MaxUncompressedBytes, d.MaxUncompressedBytes),
		MaxRows:              pick(l.MaxRows, d.MaxRows),
		MaxCols:              pick(l.MaxCols, d.MaxCols),
		MaxSharedStrings:     pick(l.MaxSharedStrings, d.MaxSharedStrings),
		MaxSharedStringBytes: pick64(l.MaxSharedStringBytes, d.MaxSharedStringBytes),
		MaxRowBytes:          pick(l.MaxRowBytes, d.MaxRowBytes),
	}
}

// groupDigits writes n with a thousands separator: "." in Vietnamese,
// "," in English.
func groupDigits(l msg.Lang, n int) string {
	sep := "."
	if l == msg.EN {
		sep = ","
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
