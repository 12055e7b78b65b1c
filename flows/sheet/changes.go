package sheet

import (
	"strings"

	"lamsach/flows/vn"
)

// Change is one value lamsach changed on its own in a row it writes to
// the import file, so the station can check it: where it was, what it was
// and what was written.
type Change struct {
	Cell  string `json:"cell"` // the uploaded cell, "E12"
	Field Field  `json:"field"`
	Kind  string `json:"kind"` // one of the Change… kinds
	Old   string `json:"old"`
	New   string `json:"new"`
	// year is set for a ChangeFirstDay of a date known only to the year,
	// written as 01/01: the note says "ngày 01 tháng 01", not "ngày 01".
	year bool
}

// The kinds of automatic change; the catalogs name them
// ("sheet.change.zeros").
const (
	// ChangeZeros: a leading zero a numeric cell dropped, restored (an ID
	// number or a phone number).
	ChangeZeros = "zeros"
	// ChangeIDFormat: an ID number written without the spaces, dots, dashes
	// or apostrophe it came with, or out of the exponent form.
	ChangeIDFormat = "id_format"
	// ChangeSwapped: a date that only made sense month first, written day
	// first.
	ChangeSwapped = "date_swapped"
	// ChangeFirstDay: a date of birth known only to the year or month,
	// written as 01/01/yyyy or 01/mm/yyyy as the platform's import asks.
	ChangeFirstDay = "first_day"
	// ChangeEth: Ð (the Icelandic eth that bad conversions leave) written
	// as Đ.
	ChangeEth = "eth"
)

// ChangeKinds lists the kinds in the order summaries show them.
var ChangeKinds = []string{ChangeZeros, ChangeIDFormat, ChangeSwapped, ChangeFirstDay, ChangeEth}

// ImportChanges lists the automatic changes between a row as uploaded and
// what the import file in the layout of tpl holds for it (ExportRowOf):
// restored zeros, reformatted ID numbers, swapped days and months, the
// first day written for a partial date, and Ð written as Đ. Cleaning that
// leaves the value the same to a reader (spaces, Unicode forms, letter
// case, date formats) is not a change.
func (rep *Report) ImportChanges(r *Row, tpl Template) []Change {
	var out []Change
	add := func(f Field, kind, written string) {
		col, ok := rep.column(f)
		if !ok || col >= len(r.Cells) {
			return
		}
		out = append(out, Change{Cell: cellRef(col, r.Num), Field: f, Kind: kind, Old: strings.TrimSpace(r.Cells[col]), New: written})
	}
	p := &r.Person
	if id := p.ID.Number; id != "" && id != p.IDRaw {
		kind := ChangeIDFormat
		if hasIssue(r.Warnings, vn.CodeLostLeadingZero) {
			kind = ChangeZeros
		}
		add(FieldID, kind, id)
	}
	if hasIssue(r.Warnings, vn.CodePhoneLostZero) {
		add(FieldPhone, ChangeZeros, p.Phone)
	}
	if hasIssue(r.Warnings, vn.CodeDateSwapped) {
		add(FieldDOB, ChangeSwapped, writtenDate(p.DOB, tpl))
	} else if prec := p.DOB.Precision(); (prec == vn.PrecYear || prec == vn.PrecMonth) && tpl.PartialDates != PartialAsIs {
		add(FieldDOB, ChangeFirstDay, writtenDate(p.DOB, tpl))
		out[len(out)-1].year = prec == vn.PrecYear
	}
	for _, f := range []struct {
		field   Field
		written string
	}{{FieldName, p.Name}, {FieldVillage, r.Village}, {FieldAddress, r.Address}} {
		if col, ok := rep.column(f.field); ok && col < len(r.Cells) && strings.ContainsAny(r.Cells[col], "Ðð") {
			add(f.field, ChangeEth, f.written)
		}
	}
	return out
}

// hasIssue reports whether list holds an issue with code.
func hasIssue(list []vn.Issue, code string) bool {
	for _, is := range list {
		if is.Code == code {
			return true
		}
	}
	return false
}
