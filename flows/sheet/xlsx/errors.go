package xlsx

import "errors"

// Errors returned by Open and Rows. Each names one reason a file is refused,
// so callers can answer the person with errors.Is and a fitting message.
var (
	// ErrEmpty means the file has no bytes.
	ErrEmpty = errors.New("xlsx: empty file")
	// ErrXLS means the file is an old binary Excel workbook (BIFF in OLE2).
	ErrXLS = errors.New("xlsx: old .xls workbook")
	// ErrEncrypted means the file is a password-protected workbook.
	ErrEncrypted = errors.New("xlsx: password-protected workbook")
	// ErrODS means the file is an OpenDocument spreadsheet.
	ErrODS = errors.New("xlsx: OpenDocument spreadsheet")
	// ErrCSV means the file is plain delimited text.
	ErrCSV = errors.New("xlsx: delimited text, not a workbook")
	// ErrNotXLSX means the file is neither .xlsx nor one of the kinds above.
	ErrNotXLSX = errors.New("xlsx: not an .xlsx workbook")
	// ErrTooLarge means the file is larger than Limits.MaxFileBytes.
	ErrTooLarge = errors.New("xlsx: file too large")
	// ErrZipBomb means a part inflates past Limits.MaxUncompressedBytes.
	ErrZipBomb = errors.New("xlsx: uncompressed size over limit")
	// ErrTooManyRows means a non-empty row lies past Limits.MaxRows.
	ErrTooManyRows = errors.New("xlsx: too many rows")
	// ErrTooManyCols means a non-empty cell lies past Limits.MaxCols.
	ErrTooManyCols = errors.New("xlsx: too many columns")
	// ErrRowTooLong means one row holds more text than Limits.MaxRowBytes.
	ErrRowTooLong = errors.New("xlsx: row too long")
	// ErrTooManyStrings means the shared string table is over its limits.
	ErrTooManyStrings = errors.New("xlsx: too many shared strings")
	// ErrCorrupt means the zip or XML structure is malformed.
	ErrCorrupt = errors.New("xlsx: corrupt workbook")
)

// Limits bounds the work and memory one workbook may cost. A zero or
// negative field takes its value from DefaultLimits, so Limits{} is usable.
type Limits struct {
	// MaxFileBytes bounds the size of the file itself.
	MaxFileBytes int64
	// MaxUncompressedBytes bounds the inflated size of any one part and of
	// all parts read from one Book together (a sheet read twice counts
	// twice). It is counted while inflating; a header that honestly declares
	// more is refused before inflating, and one that lies changes nothing.
	MaxUncompressedBytes int64
	// MaxRows bounds the row number of any non-empty row.
	MaxRows int
	// MaxCols bounds the column count: a non-empty cell must have a 0-based
	// column below it.
	MaxCols int
	// MaxSharedStrings bounds the number of shared strings.
	MaxSharedStrings int
	// MaxSharedStringBytes bounds the decoded text of all shared strings,
	// which is the one table held in memory for the life of a Book.
	MaxSharedStringBytes int64
	// MaxRowBytes bounds the text of one row, and so the memory a row
	// costs: real rows hold a few kilobytes.
	MaxRowBytes int
}

// DefaultLimits returns limits that admit lists of about two million cells
// while keeping memory near 150 MB.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:         50 << 20,
		MaxUncompressedBytes: 500 << 20,
		MaxRows:              1_000_000,
		MaxCols:              200,
		MaxSharedStrings:     2_000_000,
		MaxSharedStringBytes: 64 << 20,
		MaxRowBytes:          1 << 20,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxUncompressedBytes <= 0 {
		l.MaxUncompressedBytes = d.MaxUncompressedBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCols <= 0 {
		l.MaxCols = d.MaxCols
	}
	if l.MaxSharedStrings <= 0 {
		l.MaxSharedStrings = d.MaxSharedStrings
	}
	if l.MaxSharedStringBytes <= 0 {
		l.MaxSharedStringBytes = d.MaxSharedStringBytes
	}
	if l.MaxRowBytes <= 0 {
		l.MaxRowBytes = d.MaxRowBytes
	}
	return l
}
