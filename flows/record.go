package flows

import (
	"time"

	"lamsach/flows/vn"
)

// State is where a record is in its life (DESIGN.md §2).
type State string

// The states of a record.
const (
	StateImported   State = "imported"
	StateAssigned   State = "assigned"
	StateReviewed   State = "reviewed"
	StateReturned   State = "returned"
	StateConfirmed  State = "confirmed"
	StateSigned     State = "signed"
	StateExported   State = "exported"
	StateEntered    State = "entered"
	StateVerified   State = "verified"
	StateStillWrong State = "still_wrong"
)

// Outcome is what the village review found.
type Outcome string

// The review outcomes.
const (
	OutcomeNone      Outcome = ""
	OutcomeCorrected Outcome = "corrected"
	OutcomeUnchanged Outcome = "unchanged"
	OutcomeNotFound  Outcome = "not_found"
)

// Record is one person's vaccination record being cleaned.
type Record struct {
	ID        int64
	CommuneID int64
	VillageID int64  // 0 while unassigned
	ImportID  int64  // the upload it came from; 0 when made by hand
	RowNum    int    // its row in the uploaded sheet
	Code      string // the platform's record code, when the list had one

	Fields        // current values
	Orig   Fields // values as imported, for the old → new of the edit list
	IDRaw  string // the ID text as received, kept for bad_id_format records
	// NoID says a village member or the police stated that the person has
	// no ID number (a child, or never issued): the import file gets an
	// empty ID cell. A number typed later clears it.
	NoID bool

	Problem  vn.Problem
	Warnings []vn.Issue
	State    State
	Outcome  Outcome
	Note     string // the review's note (why not found, …)

	ReturnReason string // police's reason code when returned
	ReturnNote   string

	ReviewedBy  int64
	ReviewedAt  time.Time
	ConfirmedBy int64
	ConfirmedAt time.Time
	HandoverID  int64
	ExportID    int64

	// Original holds the uploaded row's cells, in the upload's column order
	// (the headers are kept with the import), so exports can carry through
	// the columns lamsach does not edit.
	Original []string
	// VillageText is the village as the upload wrote it, kept so records
	// whose village matched none of the commune's can be assigned in groups.
	VillageText string
	// NameKey is vn.NameKey(Name), the search key. The store fills it when
	// it reads a record and computes it when it writes one; an importer
	// that already has it may set it on a new record to save the work.
	NameKey string

	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IDReady reports whether the record's ID may go to the platform as it
// is: a number that parsed (CCCD, CMND, an 8-digit document, a passport),
// or the stated fact that the person has none. A missing or malformed
// number must be fixed first: the platform's import file exists for
// exactly these people (Official Letter 2262, step 4).
func (r Record) IDReady() bool {
	return r.NoID || (r.Fields.ID.Kind != vn.IDNone && vn.PlatformID(r.Fields.ID.Number).OK())
}

// Twin is another record holding the same ID number, as a card may name
// it: the name (masked when shown), the village and where it is.
type Twin struct {
	ID      int64
	Name    string
	Village string
	State   State
}

// Source says where a change came from, for the audit log.
type Source string

// The sources of a change.
const (
	SourceChat   Source = "chat"
	SourceQR     Source = "qr"
	SourceSheet  Source = "sheet"
	SourcePolice Source = "police"
	SourceCLI    Source = "cli"
	SourceSystem Source = "system"
)

// AuditEntry is one event of the append-only audit log.
type AuditEntry struct {
	Seq       int64
	At        time.Time
	MemberID  int64
	Role      Role
	CommuneID int64
	RecordID  int64  // 0 when the event is not about one record
	Action    string // e.g. "record.update", "commune.create", "export"
	Field     string
	Old       string
	New       string
	Source    Source
	Reason    string
	Prev      string // digest of the previous entry (hex)
	Digest    string // digest of this entry including Prev (hex)
}
