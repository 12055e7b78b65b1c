package sheet

import (
	"encoding/json"

	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// Report is what Read found in a file: where the list is, how its columns
// map to fields, and counts the person checks before the list is stored.
// It is plain data; Text renders it for people and encoding/json for
// machines.
type Report struct {
	Sheet string `json:"sheet,omitempty"`
	// HiddenSheet reports that the sheet read is hidden in Excel: chosen
	// because no visible sheet has a header, or asked for by name.
	HiddenSheet bool `json:"hidden_sheet,omitempty"`
	// OtherSheets are the other sheets with a header, in workbook order:
	// the list may be on one of them (read it with Options.Sheet).
	OtherSheets []SheetRef `json:"other_sheets,omitempty"`
	HeaderRows  []int      `json:"header_rows,omitempty"`
	// Columns are every column of the header, used or not.
	Columns []Column `json:"columns,omitempty"`
	// Missing are the fields no column holds, of those a list should have.
	Missing []Field `json:"missing,omitempty"`
	// Headers are the header rows' cells as uploaded, by column, for the
	// error file and for carrying columns through to exports.
	Headers [][]string `json:"header_cells,omitempty"`
	// HeaderMerges are the merged ranges within the header rows.
	HeaderMerges []string `json:"header_merges,omitempty"`

	Rows       Counts             `json:"rows"`
	Problems   map[vn.Problem]int `json:"problems,omitempty"`
	Warnings   map[string]int     `json:"warnings,omitempty"` // per issue code
	LostZeros  LostZeros          `json:"lost_zeros"`
	Dates      DateCounts         `json:"dates"`
	Duplicates []DupPair          `json:"duplicates,omitempty"`
	// DuplicatesOmitted counts the pairs past maxDupPairs, left out of
	// Duplicates; their later rows still carry the warning.
	DuplicatesOmitted int `json:"duplicates_omitted,omitempty"`

	// Sample is the first row without errors (and without warnings, when
	// there is one), to show the mapping at work.
	Sample *Row `json:"sample,omitempty"`
	// ErrorRows are the rows with errors, up to Options.MaxErrorRows;
	// ErrorRowsOmitted counts the rest.
	ErrorRows        []Row `json:"error_rows,omitempty"`
	ErrorRowsOmitted int   `json:"error_rows_omitted,omitempty"`

	// Refusal is the reason code when the file was refused (see Reason).
	Refusal string `json:"refusal,omitempty"`

	sampleWarned bool        // Sample has warnings: a later clean row replaces it
	limits       xlsx.Limits // in force, for the refusal's text
	errorBytes   int         // parsedCost of ErrorRows
}

// maxDupPairs bounds Report.Duplicates: a list that is one record copied a
// million times must not cost a pair per row in memory.
const maxDupPairs = 100_000

// maxErrorBytes bounds the memory of Report.ErrorRows besides
// Options.MaxErrorRows.
const maxErrorBytes = 16 << 20

// addDuplicate records a pair, or counts it once Duplicates is full.
func (r *Report) addDuplicate(p DupPair) {
	if len(r.Duplicates) < maxDupPairs {
		r.Duplicates = append(r.Duplicates, p)
	} else {
		r.DuplicatesOmitted++
	}
}

// SheetRef names a sheet of the workbook.
type SheetRef struct {
	Name   string `json:"name"`
	Hidden bool   `json:"hidden,omitempty"`
}

// Counts counts the rows under the header.
type Counts struct {
	Total      int `json:"total"`       // data rows read (not skipped)
	Skipped    int `json:"skipped"`     // blank-ish rows, totals, signatures, repeated headers
	OK         int `json:"ok"`          // rows without errors
	WithErrors int `json:"with_errors"` // rows with an unusable cell (name, date, gender, or any cell's error)
	// Hidden counts the data rows (of Total) hidden in Excel: read like
	// the others, but the station may not know they are there.
	Hidden int `json:"hidden"`
}

// LostZeros counts numbers a numeric cell had stripped of a leading zero,
// which Read restored with a warning.
type LostZeros struct {
	IDs    int `json:"ids"`
	Phones int `json:"phones"`
}

// DateCounts counts how dates of birth arrived and how precise they are.
type DateCounts struct {
	DateCells int `json:"date_cells"` // cells formatted as dates (serials or ISO)
	Serials   int `json:"serials"`    // plain numbers read as Excel serial dates
	YearOnly  int `json:"year_only"`
	MonthOnly int `json:"month_only"`
}

// DupPair is two rows of one file that look like the same ID or the same
// person; RowA is the earlier row.
type DupPair struct {
	Kind string `json:"kind"` // CodeDupID or CodeDupPerson
	RowA int    `json:"row_a"`
	RowB int    `json:"row_b"`
}

// HeaderPaths returns each column's header as a template's carry rules
// match it ("group / column" under a two-row header): the Headers of an
// ExportRow made from this upload.
func (r *Report) HeaderPaths() []string {
	out := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		out[i] = c.Path
		if out[i] == "" {
			out[i] = c.Header
		}
	}
	return out
}

// count adds a read row to the counts.
func (r *Report) count(row *Row, maxErrorRows int) {
	r.Rows.Total++
	r.Problems[row.Problem]++
	for _, w := range row.Warnings {
		r.Warnings[w.Code]++
		switch w.Code {
		case vn.CodeLostLeadingZero:
			r.LostZeros.IDs++
		case vn.CodePhoneLostZero:
			r.LostZeros.Phones++
		}
	}
	switch row.Person.DOB.Precision() {
	case vn.PrecYear:
		r.Dates.YearOnly++
	case vn.PrecMonth:
		r.Dates.MonthOnly++
	}
	if len(row.Errors) > 0 {
		r.Rows.WithErrors++
		if cost := parsedCost(row); len(r.ErrorRows) < maxErrorRows && r.errorBytes+cost <= maxErrorBytes {
			r.ErrorRows = append(r.ErrorRows, *row)
			r.errorBytes += cost
		} else {
			r.ErrorRowsOmitted++
		}
		return
	}
	r.Rows.OK++
	if r.Sample == nil || (r.sampleWarned && len(row.Warnings) == 0) {
		s := *row
		r.Sample, r.sampleWarned = &s, len(row.Warnings) > 0
	}
}

// rowJSON is a Row as JSON: the date in its storage form, the original
// cells left out (they are the upload itself).
type rowJSON struct {
	Num       int         `json:"row"`
	Name      string      `json:"name,omitempty"`
	DOB       string      `json:"dob,omitempty"`
	Gender    vn.Gender   `json:"gender,omitempty"`
	ID        string      `json:"id,omitempty"`
	IDKind    vn.IDKind   `json:"id_kind,omitempty"`
	IDRaw     string      `json:"id_raw,omitempty"`
	IDIssue   *vn.Issue   `json:"id_issue,omitempty"`
	Phone     string      `json:"phone,omitempty"`
	Village   string      `json:"village,omitempty"`
	Address   string      `json:"address,omitempty"`
	Code      string      `json:"code,omitempty"`
	Insurance string      `json:"insurance,omitempty"`
	Result    string      `json:"result,omitempty"`
	Problem   vn.Problem  `json:"problem"`
	Warnings  []vn.Issue  `json:"warnings,omitempty"`
	Errors    []CellError `json:"errors,omitempty"`
}

// MarshalJSON writes the row flat, with the date as "1990-05-12".
func (r Row) MarshalJSON() ([]byte, error) {
	p := r.Person
	return json.Marshal(rowJSON{
		Num: r.Num, Name: p.Name, DOB: p.DOB.String(), Gender: p.Gender,
		ID: p.ID.Number, IDKind: p.ID.Kind, IDRaw: p.IDRaw, IDIssue: r.IDIssue, Phone: p.Phone,
		Village: r.Village, Address: r.Address, Code: r.Code, Insurance: r.Insurance, Result: r.Result,
		Problem: r.Problem, Warnings: r.Warnings, Errors: r.Errors,
	})
}
