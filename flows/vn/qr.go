package vn

import (
	"strings"
	"time"
)

// QR is the data printed in the QR code on a chip CCCD card.
type QR struct {
	ID      string // the 12-digit CCCD
	OldID   string // the old CMND, 9 or 12 digits, or ""
	Name    string // display form, as ParseName gives it
	DOB     Date
	Gender  Gender
	Address string // permanent address as of the issue date, so with old unit names
	Issued  Date   // zero when missing
}

// QRResult is the outcome of ParseQR. When Err is set, QR is zero.
type QRResult struct {
	QR       QR
	Err      *Issue
	Warnings []Issue
}

// ParseQR reads the text of a CCCD card's QR code, which a phone's camera app shows
// and a field worker can paste into chat without photographing the card:
//
//	CCCD|old CMND (may be empty)|Full name|DOB ddmmyyyy|Nam or Nữ|Permanent address|issue date ddmmyyyy
//
// It is tolerant: 6 or more fields (no issue date, extra trailing fields), a BOM,
// surrounding whitespace, and UTF-8 that arrived as cp1252/Latin-1 mojibake. Errors:
// qr_format when the text is not QR-like, qr_id when the first field is not a 12-digit
// CCCD, and the name, date and gender errors of the field parsers. The card's own data
// is what the population database holds, so a 01/01 DOB is not warned as a
// placeholder; an unreadable issue date is dropped, as it is not one of the four
// fields. The CCCD cross-checks are warnings, as for any record.
func ParseQR(s string, today time.Time) QRResult {
	// Only ASCII whitespace before the repair: in mojibake a trailing NBSP or U+0085 is
	// the second byte of a letter ("Hà" arrives as "HÃ\u00a0").
	s = strings.Trim(strings.TrimPrefix(strings.Trim(s, asciiSpace), "\uFEFF"), asciiSpace)
	if fixed, ok := RepairMojibake(s); ok {
		s = fixed
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\uFEFF"))
	f := strings.Split(s, "|")
	if len(f) < 6 {
		return failQR(CodeQRFormat, "")
	}
	for i := range f {
		f[i] = CleanText(f[i])
	}
	var warns []Issue
	id := f[0]
	if !allDigits(stripSeparators(id, "")) {
		return failQR(CodeQRFormat, "") // not a card's QR: its first field is a number
	}
	pid := ParseID(id, Typed)
	if pid.ID.Kind != IDCCCD || pid.ID.Number != id {
		return failQR(CodeQRID, FieldID)
	}
	warns = append(warns, pid.Warnings...)

	old := stripSeparators(f[1], "")
	if old != "" && !(allDigits(old) && (len(old) == 9 || len(old) == 12)) {
		warns = append(warns, Issue{Code: CodeQROldID, Field: FieldID})
		old = ""
	}
	name := ParseName(f[2])
	if name.Err != nil {
		return QRResult{Err: name.Err}
	}
	warns = append(warns, name.Warnings...)
	dob := parseQRDate(f[3], today)
	if dob.Err != nil {
		return QRResult{Err: dob.Err}
	}
	warns = append(warns, dob.Warnings...)
	gender, gerr := ParseGender(f[4])
	if gerr != nil {
		return QRResult{Err: gerr}
	}
	var issued Date
	if len(f) > 6 {
		if r := parseQRDate(f[6], today); r.Err == nil {
			issued = r.Date
		}
	}
	warns = append(warns, CheckCCCD(id, gender, dob.Date)...)
	return QRResult{
		QR: QR{
			ID: id, OldID: old, Name: name.Name, DOB: dob.Date, Gender: gender,
			Address: f[5], Issued: issued,
		},
		Warnings: sortIssues(warns),
	}
}

// asciiSpace is the whitespace around pasted text.
const asciiSpace = " \t\r\n\v\f"

// parseQRDate reads a QR date: ddmmyyyy only when it is 8 digits (never yyyymmdd, which
// ParseDate would try), other forms as ParseDate reads them, without the placeholder
// warning.
func parseQRDate(s string, today time.Time) DateResult {
	var r DateResult
	if len(s) == 8 && allDigits(s) {
		r = dmy(s[:2], s[2:4], s[4:], today)
	} else {
		r = ParseDate(s, Typed, today)
	}
	var keep []Issue
	for _, w := range r.Warnings {
		if w.Code != CodeDatePlaceholder {
			keep = append(keep, w)
		}
	}
	r.Warnings = keep
	return r
}

// failQR returns an error result.
func failQR(code string, f Field) QRResult {
	return QRResult{Err: issue(code, f, "")}
}
