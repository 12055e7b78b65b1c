package flows

import (
	"context"
	"fmt"
	"slices"

	"lamsach/flows/vn"
)

// A station often sends its list again: it fixed a note, added a few
// people, or exported the list anew from the platform. Every row of such a
// list is compared with the records the commune already has, so that only
// the people it does not have are imported, and what the list now says
// differently is shown to the station to apply or skip.
//
// A row is the record that has its ID number, now or as imported (when
// several have it, those with its name). A row without an ID, or with an
// ID no record has, is the record imported without an ID that has its name
// key and date of birth, now or as imported: a record that came with an ID
// is never taken for a row without one, since the same person listed twice
// (once with the ID, once without) is exactly what the import warns about.
// When several records fit, rows and records pair up (comparer.pick).

// RecordKey is what finds a record of the commune when a list is sent
// again: its ID number, name key and date of birth now and as imported.
type RecordKey struct {
	ID           int64
	IDNumber     string // now
	OrigIDNumber string // as imported; "" when it came without a usable ID
	NameKey      string // vn.NameKey of the name now
	OrigName     string // the name as imported when it is not the name now (its key is computed here)
	DOB, OrigDOB string // vn.Date.String()
}

// KnownRecord is a record of the commune as a row of a list sent again is
// compared with it.
type KnownRecord struct {
	ID, Version int64
	State       State
	VillageID   int64
	VillageText string // the village as the list that made it wrote it
	Fields      Fields // now
	Orig        Fields // as imported
	NameKey     string // vn.NameKey(Fields.Name)
}

// nameKeys are the keys of the record's name now and as imported.
func (k KnownRecord) nameKeys() (now, orig string) {
	if k.Orig.Name == k.Fields.Name {
		return k.NameKey, k.NameKey
	}
	return k.NameKey, vn.NameKey(k.Orig.Name)
}

// ResendRepo is what comparing a list with the commune's records needs
// from storage.
type ResendRepo interface {
	// EachRecordKey calls fn with the keys of every record of the commune.
	// fn must not use the repository: the records are still being read.
	EachRecordKey(ctx context.Context, actor Actor, communeID int64, fn func(RecordKey) error) error
	// KnownRecords returns those of the records with these ids that belong
	// to the commune, in any order.
	KnownRecords(ctx context.Context, actor Actor, communeID int64, ids []int64) ([]KnownRecord, error)
}

// Resend is how a list compares with the records the commune already
// has, counted over its readable rows.
type Resend struct {
	New       int // rows no record matches: these are imported
	Same      int // rows identical to the record they match
	Differ    int // rows that match one record and say something else
	Amendable int // of Differ: a person field differs and the record is not yet confirmed
	Locked    int // of Differ: the police already confirmed the record; never changed
	Ambiguous int // rows that match several records: neither imported nor applied
	Shared    int // rows that match the same record as another row: neither imported nor applied
	// ByField counts the differing rows per person field; Village those
	// whose village differs (shown, never applied).
	ByField map[vn.Field]int
	Village int
	// Examples are the first differing rows; AmbiguousRows the first rows
	// matching several records; SharedRows the first pairs of rows
	// matching one record.
	Examples      []Difference
	AmbiguousRows []int
	SharedRows    [][2]int
}

// Known reports whether any row matched a record: the list, or part of
// it, was sent before.
func (r *Resend) Known() bool { return r.Same+r.Differ+r.Ambiguous+r.Shared > 0 }

// Difference is a row of the list that says something else than the
// record it matched.
type Difference struct {
	Row     int
	Record  KnownRecord
	Fields  Fields     // the record's fields with the list's values where they differ
	Changed []vn.Field // the person fields that differ, in FieldSpecs' order
	Village int64      // the village the list names, when it differs; else 0
	Locked  bool       // the police already confirmed the record
}

// Amendment is a correction a list sent again makes to one record: the
// record, at the version it had when the list was imported, gets the
// list's values of the fields that differ (Fields is the whole set after
// the correction).
type Amendment struct {
	Record  int64
	Version int64
	RowNum  int
	Fields  Fields
}

// Bounds of what a comparison keeps to show.
const (
	maxExamples     = 20
	maxConflictRows = 10
)

// matchKind is what a row of a list sent again is.
type matchKind uint8

const (
	rowNew matchKind = iota
	rowSame
	rowDiffers
	rowAmbiguous
)

// verdict is one row's comparison.
type verdict struct {
	kind   matchKind
	known  KnownRecord
	diff   diffSet
	fields Fields
}

// amendable reports whether the row's correction can be applied.
func (v verdict) amendable(role Role) bool {
	return v.kind == rowDiffers && v.diff.person() && Can(role, ActAmend, v.known.State)
}

// diffSet holds which fields differ: bit i for FieldSpecs[i], and
// villageBit for the village.
type diffSet uint32

const villageBit diffSet = 1 << 31

func (d diffSet) person() bool { return d&^villageBit != 0 }

// fields lists the person fields in d, in FieldSpecs' order.
func (d diffSet) fields() []vn.Field {
	var out []vn.Field
	for i, s := range FieldSpecs {
		if d&(1<<i) != 0 {
			out = append(out, s.Key)
		}
	}
	return out
}

// differences compares a row with the record it matched, field by field
// (FieldSpecs): a value differs when it is neither what the record holds
// now nor what it was imported with, so a village's correction the list
// does not know about is no difference. An empty value in the list is no
// difference either: a missing column or a blank cell never erases what
// the record has. It returns the record's fields with the list's values
// where they differ.
func differences(row Fields, k KnownRecord) (diffSet, Fields, error) {
	var d diffSet
	out := k.Fields
	for i, s := range FieldSpecs {
		v := s.Values(row)
		if isEmpty(v) || slices.Equal(v, s.Values(k.Fields)) || slices.Equal(v, s.Values(k.Orig)) {
			continue
		}
		if err := s.Load(&out, v); err != nil {
			return 0, out, fmt.Errorf("copy %s: %w", s.Key, err)
		}
		d |= 1 << i
	}
	return d, out, nil
}

// isEmpty reports whether a field's stored values are all empty.
func isEmpty(v []string) bool {
	for _, s := range v {
		if s != "" {
			return false
		}
	}
	return true
}

// villageDiffers reports whether the row names another village than the
// record's: only a village the row's text matches, and only when that text
// is not the one the record was imported with (the coordinator may have
// assigned it since).
func villageDiffers(row *Record, k KnownRecord) bool {
	return row.VillageID != 0 && row.VillageID != k.VillageID && row.VillageText != k.VillageText
}

func init() {
	if len(FieldSpecs) >= 31 {
		panic("resend: diffSet has room for 31 person fields")
	}
}

// AmendBatch is a list whose corrections wait for the station's decision.
type AmendBatch struct {
	UploadID int64
	FileName string
	Count    int
}
