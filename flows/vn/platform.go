package vn

// IDStatus says whether an ID may go into the platform's import file.
type IDStatus string

// The statuses. "none" and "malformed" are told apart because they are fixed
// differently: a person with no number goes to the platform with an empty ID cell once
// someone has said so; a malformed number must be typed again.
const (
	IDStatusOK        IDStatus = "ok"        // a valid number, in ID
	IDStatusNone      IDStatus = "none"      // no number at all: empty, or a placeholder such as "không có"
	IDStatusMalformed IDStatus = "malformed" // something was written, but not a number the platform can take
)

// IDCheck is the verdict of PlatformID.
type IDCheck struct {
	Status IDStatus
	// ID is the number to write, in canonical form ("087 084 000 999" gives
	// "087084000999"); the zero ID unless Status is IDStatusOK.
	ID ID
	// Issue says why the ID cannot be written: id_missing for IDStatusNone; for
	// IDStatusMalformed the parse error (id_scientific, id_length, id_lookalike with
	// the digit form, id_format) or lost_leading_zero with the restored number. Nil
	// when Status is IDStatusOK.
	Issue *Issue
}

// OK reports whether the ID may be written as c.ID.
func (c IDCheck) OK() bool { return c.Status == IDStatusOK }

// PlatformID says whether an ID text, as a record holds it, may be written into the
// platform's import file ("Số CMT/CCCD (Loại 8/9/12 số)"), and if not, why. Accepted
// (DOMAIN §2): a CCCD or 12-digit CMND, a 9-digit CMND, an 8-digit document, a
// Vietnamese or foreign passport number. Warnings that are not reasons to refuse (an
// unknown CCCD province, a CCCD that disagrees with the gender) do not change the
// verdict: only the police check is authoritative.
//
// text is the number a person typed, pasted from the QR or confirmed on a card, or,
// while no one has, the ID text as received. The text is read as typed text, never as
// a numeric cell, so nothing is guessed:
//   - "", "-", "không có", "0": IDStatusNone (id_missing);
//   - "8.7084E+10": IDStatusMalformed (id_scientific): the digits are lost;
//   - "87084000999": IDStatusMalformed (lost_leading_zero, Arg "087084000999"): the
//     restored number is only a proposal until a person confirms it, after which the
//     record holds "087084000999";
//   - "08708947O133": IDStatusMalformed (id_lookalike, Arg "087089470133");
//   - "087084000999", "012345678", "C1234567": IDStatusOK.
func PlatformID(text string) IDCheck {
	if IsNoIDPlaceholder(text) {
		return IDCheck{Status: IDStatusNone, Issue: issue(CodeIDMissing, FieldID, "")}
	}
	r := ParseID(text, Typed)
	if r.Err != nil {
		return IDCheck{Status: IDStatusMalformed, Issue: r.Err}
	}
	for _, w := range r.Warnings {
		if w.Code == CodeLostLeadingZero {
			return IDCheck{Status: IDStatusMalformed, Issue: &w}
		}
	}
	return IDCheck{Status: IDStatusOK, ID: r.ID}
}
