package flows

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
)

// ImportRepo is what storing an uploaded list needs from storage. The
// SQLite transaction implements it; the chat and the command line both go
// through ImportList with it, so they store a list the same way.
type ImportRepo interface {
	Villages(ctx context.Context, communeID int64) ([]Village, error)
	// ImportBySHA returns the commune's committed import of a list whose
	// file has this digest, or ErrNotFound.
	ImportBySHA(ctx context.Context, actor Actor, communeID int64, sha string) (Import, error)
	// CreateImport adds an import, not yet committed, and returns it with
	// its id.
	CreateImport(ctx context.Context, actor Actor, imp Import) (Import, error)
	CreateRecords(ctx context.Context, actor Actor, recs []Record) error
	// MarkDuplicates adds to the earlier record of each pair the warning
	// the later one got, naming the later row.
	MarkDuplicates(ctx context.Context, actor Actor, importID int64, pairs []sheet.DupPair) error
	// FinishImport marks the import committed with its record count.
	FinishImport(ctx context.Context, actor Actor, importID int64, rows int) error
	// Atomic runs fn so that what it writes is undone when it fails, even
	// inside a larger transaction.
	Atomic(ctx context.Context, fn func(ctx context.Context) error) error
}

// ImportOptions bound and tune the reading of an upload. The zero value is
// usable.
type ImportOptions struct {
	// Limits bound the file; zero fields take xlsx.DefaultLimits.
	Limits xlsx.Limits
	// Today judges dates of birth in the future; zero means now.
	Today time.Time
	// BatchSize is how many records are stored at a time (default 2000):
	// memory is bounded by a batch, not by the file.
	BatchSize int
	// MaxErrorRows caps the rows with errors kept for the error file
	// (default 5000).
	MaxErrorRows int
	// Sheet names the sheet to read (sheet.Options.Sheet); "" reads the
	// first with a header.
	Sheet string
}

func (o ImportOptions) sheet() sheet.Options {
	if o.BatchSize <= 0 {
		o.BatchSize = 2000
	}
	if o.MaxErrorRows <= 0 {
		o.MaxErrorRows = 5000
	}
	return sheet.Options{Limits: o.Limits, Today: o.Today, BatchSize: o.BatchSize, MaxErrorRows: o.MaxErrorRows, Sheet: o.Sheet}
}

// Errors of ImportList besides refusals (sheet.IsRefusal) and
// *SameFileError.
var (
	// ErrVerificationList means the file has a verification result column:
	// it is the platform's verification list, not a list to clean.
	ErrVerificationList = errors.New("the file is a verification list")
	// ErrNothingToImport means every row of the list has errors.
	ErrNothingToImport = errors.New("no readable rows to import")
)

// Preview is what Preflight found: the report of the file and how its
// readable rows would fall into the commune's villages.
type Preview struct {
	Report *sheet.Report
	// ByVillage counts the rows without errors per village they would be
	// matched to; key 0 counts those no village matches.
	ByVillage map[int64]int
}

// Preflight reads an upload and reports what it holds, storing nothing:
// the mapping, the counts, the rows with errors and the villages the rows
// would go to, which the person checks before [Nhập]. A file that cannot
// be read is refused (sheet.IsRefusal).
func Preflight(r io.ReaderAt, size int64, opt ImportOptions, villages []Village) (Preview, error) {
	m := newVillageMatcher(villages)
	pv := Preview{ByVillage: map[int64]int{}}
	rep, err := sheet.Read(r, size, opt.sheet(), func(rows []sheet.Row) error {
		for i := range rows {
			if len(rows[i].Errors) == 0 {
				pv.ByVillage[m.match(rows[i].Village)]++
			}
		}
		return nil
	})
	pv.Report = rep
	return pv, err
}

// IsVerification reports whether a read list is the platform's
// verification list: its header has a result column.
func IsVerification(rep *sheet.Report) bool {
	for _, c := range rep.Columns {
		if c.Field == sheet.FieldResult {
			return true
		}
	}
	return false
}

// ImportResult is what ImportList stored.
type ImportResult struct {
	Import Import
	Report *sheet.Report
	Stored int
	// ByVillage counts the stored records per village; key 0 counts the
	// records no village matched, which the coordinator assigns.
	ByVillage map[int64]int
}

// ImportList reads the list in r (size bytes, sent as name) and stores its
// readable rows as records of the commune, all or nothing: an imports row
// with the file's digest, headers and column mapping, then the records in
// batches, each matched to a village by name. Rows with errors are not
// stored; they are in the Report for the error file. The earlier row of
// each duplicate pair is marked too.
//
// A file the commune already imported is *SameFileError; a refused file is
// a sheet refusal; a verification list is ErrVerificationList.
func ImportList(ctx context.Context, repo ImportRepo, actor Actor, communeID int64, name string,
	r io.ReaderAt, size int64, opt ImportOptions) (ImportResult, error) {
	sum, err := digest(r, size)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import list: %w", err)
	}
	earlier, err := repo.ImportBySHA(ctx, actor, communeID, sum)
	switch {
	case err == nil:
		return ImportResult{}, &SameFileError{Earlier: earlier}
	case !errors.Is(err, ErrNotFound):
		return ImportResult{}, err
	}
	vs, err := repo.Villages(ctx, communeID)
	if err != nil {
		return ImportResult{}, err
	}
	villages := newVillageMatcher(vs)
	res := ImportResult{ByVillage: map[int64]int{}}
	err = repo.Atomic(ctx, func(ctx context.Context) error {
		so := opt.sheet()
		so.Header = func(rep *sheet.Report) error {
			if IsVerification(rep) {
				return ErrVerificationList
			}
			imp, err := repo.CreateImport(ctx, actor, Import{CommuneID: communeID, Kind: KindList,
				FileName: name, SHA256: sum, Headers: rep.HeaderPaths(), Columns: rep.Columns, MemberID: actor.MemberID})
			res.Import = imp
			return err
		}
		// Records keep the rows' cell and warning slices while they wait to
		// be stored after the batch function returned; sheet.Read gives
		// every batch fresh rows (stage.flush), so nothing overwrites them.
		pipe := newBatchStore(ctx, repo, actor, so.BatchSize)
		rep, err := sheet.Read(r, size, so, func(rows []sheet.Row) error {
			recs := pipe.buffer()
			for i := range rows {
				if len(rows[i].Errors) > 0 {
					continue
				}
				v := villages.match(rows[i].Village)
				recs = append(recs, recordFrom(&rows[i], communeID, res.Import.ID, v))
				res.ByVillage[v]++
			}
			res.Stored += len(recs)
			return pipe.send(recs)
		})
		// The store's own error explains a read it stopped.
		if serr := pipe.close(); serr != nil {
			err = serr
		}
		res.Report = rep
		if err != nil {
			return err
		}
		if res.Stored == 0 {
			return ErrNothingToImport
		}
		if err := repo.MarkDuplicates(ctx, actor, res.Import.ID, rep.Duplicates); err != nil {
			return err
		}
		res.Import.Rows, res.Import.Committed = res.Stored, true
		return repo.FinishImport(ctx, actor, res.Import.ID, res.Stored)
	})
	if err != nil {
		return res, err
	}
	return res, nil
}

// recordFrom makes a new record from a row without errors: the parsed
// values are both the current and the original ones, and the row's cells
// are kept to carry through to the exports.
func recordFrom(row *sheet.Row, communeID, importID, village int64) Record {
	p := row.Person
	f := Fields{Name: p.Name, DOB: p.DOB, Gender: p.Gender, ID: p.ID}
	warns := row.Warnings
	if row.IDIssue != nil {
		// Why the ID is malformed is what the village team must fix; it
		// travels with the record so the card can say it.
		warns = append(warns[:len(warns):len(warns)], *row.IDIssue)
	}
	return Record{
		CommuneID: communeID, VillageID: village, ImportID: importID, RowNum: row.Num, Code: row.Code,
		Fields: f, Orig: f, IDRaw: p.IDRaw, Phone: p.Phone, Problem: row.Problem, Warnings: warns,
		Original: row.Cells, VillageText: row.Village, NameKey: row.NameKey,
	}
}

// digestBytes is digest of a file in memory.
func digestBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// digest is the hex SHA-256 of the file, which recognises a list uploaded
// twice.
func digest(r io.ReaderAt, size int64) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
