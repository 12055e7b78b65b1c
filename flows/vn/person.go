package vn

import "strconv"

// Problem is the kind of wrong record, as Official Letter 2262 sorts them. The kind
// decides how the health station fixes the record on the platform: the first two by
// Excel import, the third by editing on the platform.
type Problem string

// The problem kinds.
const (
	ProblemMissingID   Problem = "missing_id"    // (a) no CCCD/CMND number
	ProblemBadIDFormat Problem = "bad_id_format" // (b) a number in a wrong format
	ProblemWrongInfo   Problem = "wrong_info"    // (c) wrong basic personal information
)

// Person is one record's data after parsing.
type Person struct {
	Name   string
	DOB    Date
	Gender Gender
	ID     ID
	Phone  string
	// IDRaw is the ID as received, kept for bad_id_format records: the person fixing
	// the record needs to see what was wrong.
	IDRaw string
}

// Check returns the record's problem kind and its warnings.
//
// The kind: no ID at all (IDRaw empty, or a placeholder such as "-" or "không có":
// IsNoIDPlaceholder) is missing_id; an ID received that did not parse (ID.Kind
// is IDNone) is bad_id_format; otherwise wrong_info.
//
// The warnings are every warning that follows from the stored values, so a record
// loaded from storage shows the same warnings as when it was entered: the CCCD's
// province, gender and year cross-checks (CheckCCCD), the name warnings of ParseName,
// the 01/01 placeholder DOB and the pre-2018 phone prefix. Notices about converting
// the input (lost_leading_zero, phone_lost_zero, date_swapped) are not here: they exist
// only when parsing. Warnings come deduplicated and sorted by field, then code.
func Check(p Person) (Problem, []Issue) {
	kind := ProblemWrongInfo
	if p.ID.Kind == IDNone {
		kind = ProblemBadIDFormat
		if IsNoIDPlaceholder(p.IDRaw) {
			kind = ProblemMissingID
		}
	}
	var warns []Issue
	if p.ID.Kind == IDCCCD {
		warns = append(warns, ParseID(p.ID.Number, Typed).Warnings...)
		warns = append(warns, CheckCCCD(p.ID.Number, p.Gender, p.DOB)...)
	}
	if p.Name != "" {
		warns = append(warns, ParseName(p.Name).Warnings...)
	}
	if p.DOB.Day == 1 && p.DOB.Month == 1 {
		warns = append(warns, Issue{Code: CodeDatePlaceholder, Field: FieldDOB, Arg: strconv.Itoa(p.DOB.Year)})
	}
	if p.Phone != "" {
		warns = append(warns, ParsePhone(p.Phone, Typed).Warnings...)
	}
	return kind, sortIssues(warns)
}
