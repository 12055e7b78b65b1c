package flows

import (
	"errors"
	"time"

	"lamsach/flows/sheet"
)

// UploadKind says what an uploaded spreadsheet is: the station's list of
// records to clean, or the platform's verification list.
type UploadKind string

// The kinds of uploads.
const (
	KindList         UploadKind = "list"
	KindVerification UploadKind = "verification"
)

// UploadStatus is where a kept upload is: waiting for the person's
// confirmation, or how it ended. An ended upload keeps only this row, never
// the file, so a late press on its button is answered precisely.
type UploadStatus string

// The statuses of an upload.
const (
	UploadPending   UploadStatus = "pending"
	UploadImported  UploadStatus = "imported"
	UploadCancelled UploadStatus = "cancelled"
	UploadExpired   UploadStatus = "expired"
)

// Upload is a file a station member sent, kept while the preview waits for
// [Nhập] or [Huỷ]. Data is set only while it is pending.
type Upload struct {
	ID        int64
	CommuneID int64
	MemberID  int64
	Kind      UploadKind
	FileName  string
	// Sheet is the sheet the station chose in the preview; "" the first
	// with a header.
	Sheet     string
	Data      []byte
	Status    UploadStatus
	ImportID  int64 // the import it became, once imported
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Import is an uploaded spreadsheet as stored: where it came from, how its
// columns were read, and how many records it gave.
type Import struct {
	ID        int64
	CommuneID int64
	Kind      UploadKind
	FileName  string
	SHA256    string // hex digest of the file's bytes
	// Headers are the header paths of the upload's columns
	// (sheet.Report.HeaderPaths), so exports can carry its columns through.
	Headers []string
	// Columns are the mapping the person saw before committing.
	Columns   []sheet.Column
	MemberID  int64 // 0 for the operator
	Rows      int
	Committed bool
	CreatedAt time.Time
}

// ExportKind is which file of the station's an export is.
type ExportKind string

// The kinds of exports: the platform's import file (records without an ID
// or with a malformed one) and the edit list (wrong information).
const (
	ExportImport ExportKind = "import"
	ExportEdit   ExportKind = "edit"
)

// ExportKinds are the export kinds in the order they are offered.
var ExportKinds = []ExportKind{ExportImport, ExportEdit}

// Export is a numbered batch of records the station downloaded, which it
// later marks as entered on the platform.
type Export struct {
	ID        int64
	CommuneID int64
	Kind      ExportKind
	Number    int // per commune: what "/entered <batch>" names
	MemberID  int64
	Count     int
	CreatedAt time.Time
	EnteredBy int64
	EnteredAt time.Time // zero while not entered
	// Held are the records this kind's file would have taken but could
	// not (Takes), left signed and named to the station; CreateExport
	// fills it, it is not stored.
	Held []Record
}

// Takes reports whether the kind's file may hold rec: the platform's
// import file only an ID the platform accepts, or none stated (Official
// Letter 2262, step 4); the edit list any.
func (k ExportKind) Takes(rec Record) bool { return k != ExportImport || rec.IDReady() }

// ExportItem is one record of an export batch with what its file row needs
// besides the record: the columns of the upload it came from, its handover
// and officer, and its village's name.
type ExportItem struct {
	Record   Record
	Headers  []string       // the upload's header paths; shared by its records
	Columns  []sheet.Column // the upload's column mapping; shared too
	Handover int            // the handover number, 0 when none
	Officer  string
	Village  string
	// Shared: another record of the commune holds the same ID number.
	Shared bool
}

// VerifyKey is how a row of the platform's verification list is matched to
// a record: by platform code, else ID number, else name key and date of
// birth.
type VerifyKey struct {
	Code    string
	ID      string
	NameKey string
	DOB     string // vn.Date.String()
}

// VerifyMatch is the record a verification row matched. RecordID is 0 when
// none did; Ambiguous is set when several did and none was taken.
type VerifyMatch struct {
	RecordID  int64
	State     State
	Ambiguous bool
}

// VerifyChange sets one record's state from the verification list.
type VerifyChange struct {
	RecordID int64
	State    State // StateVerified or StateStillWrong
}

// Errors of the station's use cases, for the situations people are told
// about in their own words.
var (
	// ErrAlreadyEntered means an export batch was already marked entered.
	ErrAlreadyEntered = errors.New("export batch already entered")
	// ErrNothingToExport means no signed record waits for this file.
	ErrNothingToExport = errors.New("nothing to export")
)

// SameFileError refuses a file that the commune already imported.
type SameFileError struct{ Earlier Import }

// Error names the earlier import.
func (e *SameFileError) Error() string { return "file already imported" }
