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
	// ResendRepo compares the list with the records the commune has.
	ResendRepo
	// SaveAmendments keeps the corrections of an import's rows that
	// differ from their records, until the station applies or skips them.
	SaveAmendments(ctx context.Context, actor Actor, importID int64, ams []Amendment) error
	// DropAmendments drops the import's corrections of these records and
	// returns how many there were.
	DropAmendments(ctx context.Context, actor Actor, importID int64, records []int64) (int, error)
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
	// Amend keeps the corrections a list sent again makes to records
	// already there (SaveAmendments), for the station to apply or skip;
	// without it they are only counted.
	Amend bool
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
	// ErrNothingNew means every readable row of the list is a record the
	// commune already has, and none brings a correction to keep.
	ErrNothingNew = errors.New("every readable row is already imported")
)

// Preview is what Preflight found: the report of the file and how its
// readable rows would fall into the commune's villages.
type Preview struct {
	Report *sheet.Report
	// ByVillage counts the rows that would be imported per village they
	// would be matched to; key 0 counts those no village matches.
	ByVillage map[int64]int
	// Resend compares the rows with the records the commune already has
	// (PreviewList only).
	Resend Resend
}

// Preflight reads an upload and reports what it holds, storing nothing:
// the mapping, the counts, the rows with errors and the villages the rows
// would go to, which the person checks before [Nhập]. A file that cannot
// be read is refused (sheet.IsRefusal).
func Preflight(r io.ReaderAt, size int64, opt ImportOptions, villages []Village) (Preview, error) {
	return preview(context.Background(), r, size, opt, 0, villages, nil)
}

// PreviewRepo is what the preview of a list needs from storage.
type PreviewRepo interface {
	Villages(ctx context.Context, communeID int64) ([]Village, error)
	ResendRepo
}

// PreviewList is Preflight for a list of the commune: it also compares
// each readable row with the records the commune already has (Resend), and
// ByVillage counts only the rows that would be imported. A verification
// list is not compared.
func PreviewList(ctx context.Context, repo PreviewRepo, actor Actor, communeID int64, r io.ReaderAt, size int64,
	opt ImportOptions) (Preview, error) {
	vs, err := repo.Villages(ctx, communeID)
	if err != nil {
		return Preview{}, err
	}
	return preview(ctx, r, size, opt, communeID, vs, newComparer(repo, actor, communeID))
}

// preview reads the list; with cmp set it compares the rows too.
func preview(ctx context.Context, r io.ReaderAt, size int64, opt ImportOptions, communeID int64, villages []Village,
	cmp *comparer) (Preview, error) {
	m := newVillageMatcher(villages)
	pv := Preview{ByVillage: map[int64]int{}}
	so := opt.sheet()
	so.Header = func(rep *sheet.Report) error {
		if IsVerification(rep) {
			cmp = nil
		}
		return nil
	}
	// The comparison runs on the batch store's goroutine, overlapping the
	// reading of the next rows, as in ImportList.
	pipe := newBatchStore(ctx, so.BatchSize, func(ctx context.Context, recs []Record) error {
		var vs []verdict
		if cmp != nil {
			var err error
			if vs, err = cmp.compare(ctx, recs); err != nil {
				return err
			}
		}
		for i := range recs {
			if vs == nil || vs[i].kind == rowNew {
				pv.ByVillage[recs[i].VillageID]++
			}
		}
		return nil
	})
	rep, err := sheet.Read(r, size, so, func(rows []sheet.Row) error {
		recs := pipe.buffer()
		for i := range rows {
			if len(rows[i].Errors) == 0 {
				recs = append(recs, recordFrom(&rows[i], communeID, 0, m.match(rows[i].Village)))
			}
		}
		return pipe.send(recs)
	})
	if serr := pipe.close(); serr != nil {
		err = serr
	}
	if cmp != nil {
		cmp.finish()
		pv.Resend = cmp.res
	}
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
	// Resend compares the list with the records the commune had before;
	// Pending counts the corrections kept for the station (ImportOptions.Amend).
	Resend  Resend
	Pending int
}

// ImportList reads the list in r (size bytes, sent as name) and stores its
// readable rows as records of the commune, all or nothing: an imports row
// with the file's digest, headers and column mapping, then the records in
// batches, each matched to a village by name. Rows with errors are not
// stored; they are in the Report for the error file. The earlier row of
// each duplicate pair is marked too.
//
// Rows that are records the commune already has (Resend) are not stored
// again: only the new ones are. With opt.Amend, the corrections that rows
// bring to records not yet confirmed are kept for the station to apply or
// skip (Pending); a record that two rows match gets none.
//
// A file the commune already imported is *SameFileError; a refused file is
// a sheet refusal; a verification list is ErrVerificationList; a list
// whose rows are all known and bring nothing to keep is ErrNothingNew.
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
	cmp := newComparer(repo, actor, communeID)
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
		pipe := newBatchStore(ctx, so.BatchSize, func(ctx context.Context, recs []Record) error {
			return res.keep(ctx, repo, actor, cmp, recs, opt.Amend)
		})
		rep, err := sheet.Read(r, size, so, func(rows []sheet.Row) error {
			recs := pipe.buffer()
			for i := range rows {
				if len(rows[i].Errors) == 0 {
					recs = append(recs, recordFrom(&rows[i], communeID, res.Import.ID, villages.match(rows[i].Village)))
				}
			}
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
		return res.finish(ctx, repo, actor, cmp)
	})
	return res, err
}

// keep stores one batch of readable rows, on the batch store's goroutine:
// the new ones as records, and the corrections the others bring when amend
// is set.
func (res *ImportResult) keep(ctx context.Context, repo ImportRepo, actor Actor, cmp *comparer, recs []Record, amend bool) error {
	verdicts, err := cmp.compare(ctx, recs)
	if err != nil {
		return err
	}
	fresh := recs[:0] // filtered in place: it never overtakes the loop
	var ams []Amendment
	for i, v := range verdicts {
		switch {
		case v.kind == rowNew:
			res.ByVillage[recs[i].VillageID]++
			fresh = append(fresh, recs[i])
		case amend && v.amendable(actor.Role) && cmp.seen[v.known.ID].rows == 1:
			ams = append(ams, Amendment{Record: v.known.ID, Version: v.known.Version, RowNum: recs[i].RowNum, Fields: v.fields})
		}
	}
	res.Stored += len(fresh)
	if err := repo.CreateRecords(ctx, actor, fresh); err != nil {
		return err
	}
	if len(ams) == 0 {
		return nil
	}
	res.Pending += len(ams)
	return repo.SaveAmendments(ctx, actor, res.Import.ID, ams)
}

// finish ends a stored list once every row was read: the corrections of
// records several rows matched are dropped, duplicates marked and the
// import committed, unless it brought nothing at all.
func (res *ImportResult) finish(ctx context.Context, repo ImportRepo, actor Actor, cmp *comparer) error {
	shared := cmp.finish()
	res.Resend = cmp.res
	if len(shared) > 0 && res.Pending > 0 {
		n, err := repo.DropAmendments(ctx, actor, res.Import.ID, shared)
		if err != nil {
			return err
		}
		res.Pending -= n
	}
	if res.Stored == 0 && res.Pending == 0 {
		if res.Resend.Known() {
			return ErrNothingNew
		}
		return ErrNothingToImport
	}
	if err := repo.MarkDuplicates(ctx, actor, res.Import.ID, res.Report.Duplicates); err != nil {
		return err
	}
	res.Import.Rows, res.Import.Committed = res.Stored, true
	return repo.FinishImport(ctx, actor, res.Import.ID, res.Stored)
}

// recordFrom makes a new record from a row without errors: the parsed
// values are both the current and the original ones, and the row's cells
// are kept to carry through to the exports.
func recordFrom(row *sheet.Row, communeID, importID, village int64) Record {
	p := row.Person
	f := FieldsOf(p)
	for _, s := range FieldSpecs {
		if s.FromList != nil {
			s.FromList(&f, row.Text(s.Sheet))
		}
	}
	warns := row.Warnings
	if row.IDIssue != nil {
		// Why the ID is malformed is what the village team must fix; it
		// travels with the record so the card can say it.
		warns = append(warns[:len(warns):len(warns)], *row.IDIssue)
	}
	return Record{
		CommuneID: communeID, VillageID: village, ImportID: importID, RowNum: row.Num, Code: row.Code,
		Fields: f, Orig: f, IDRaw: p.IDRaw, Problem: row.Problem, Warnings: warns,
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
