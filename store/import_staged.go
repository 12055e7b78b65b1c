package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"lamsach/flows"
	"lamsach/flows/sheet"
)

// published is the condition, on records aliased r, that leaves out the
// records of a staging import (migration 035): no reader sees a list the
// command line is still storing. While no import is staging (nearly
// always) its first part is true, evaluated once per statement, and
// SQLite reads no column of the record for it: a count that an index
// answers stays on the index.
var published = publishedAs("r")

// publishedAs is published for records aliased alias.
func publishedAs(alias string) string {
	return `(NOT EXISTS (SELECT 1 FROM imports WHERE staging <> '') OR ` + alias + `.import_id IS NULL
	OR ` + alias + `.import_id NOT IN (SELECT id FROM imports WHERE staging <> ''))`
}

// StagedImport stores one list through flows.ImportList without holding
// the write lock for the whole list: every call is its own short
// transaction (a batch of records is one), so the bot's updates go in
// between. The import stays staging, its records seen by no reader and
// counted by no audit entry, until FinishImport publishes it in one small
// transaction that also writes its audit entries. A failure drops what was
// staged; a process killed meanwhile leaves a staging import that the next
// Open deletes (RecoverImports). It is for the command line, whose lists
// can be any size; the chat stores an upload in the update's transaction.
type StagedImport struct {
	db       *DB
	proc     *proc
	importID int64
}

// StagedImport starts a staged import; Close ends it.
func (db *DB) StagedImport() (*StagedImport, error) {
	p, err := newProc(db.path)
	if err != nil {
		return nil, fmt.Errorf("staged import: %w", err)
	}
	return &StagedImport{db: db, proc: p}, nil
}

// Close releases the process lock: a staging import left behind is then
// known to be abandoned.
func (s *StagedImport) Close() { s.proc.release() }

// stagedBatch is how many pairs or ids one transaction of MarkDuplicates
// or the deletion of a staged import handles; stagedRecords how many
// records one transaction inserts.
const (
	stagedBatch   = 2000
	stagedRecords = 500
)

// maxYield caps yieldingUpdate's pause.
const maxYield = 100 * time.Millisecond

// yieldingUpdate is db.Update followed by a pause as long as the
// transaction held the write lock (at most maxYield): another process
// waiting for the lock (SQLite's busy handler polls it, at most every
// 100 ms) takes it then, instead of the next batch taking it again at
// once and again, which is how a waiting bot update was kept out for
// seconds.
func (db *DB) yieldingUpdate(ctx context.Context, fn func(tx *Tx) error) error {
	start := time.Now()
	if err := db.Update(ctx, fn); err != nil {
		return err
	}
	t := time.NewTimer(min(time.Since(start), maxYield))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Villages is Tx.Villages in a read transaction.
func (s *StagedImport) Villages(ctx context.Context, communeID int64) (vs []flows.Village, err error) {
	err = s.db.View(ctx, func(tx *Tx) error { vs, err = tx.Villages(ctx, communeID); return err })
	return vs, err
}

// ImportBySHA is Tx.ImportBySHA in a read transaction.
func (s *StagedImport) ImportBySHA(ctx context.Context, actor flows.Actor, communeID int64, sha string) (imp flows.Import, err error) {
	err = s.db.View(ctx, func(tx *Tx) error { imp, err = tx.ImportBySHA(ctx, actor, communeID, sha); return err })
	return imp, err
}

// EachRecordKey is Tx.EachRecordKey in a read transaction.
func (s *StagedImport) EachRecordKey(ctx context.Context, actor flows.Actor, communeID int64, fn func(flows.RecordKey) error) error {
	return s.db.View(ctx, func(tx *Tx) error { return tx.EachRecordKey(ctx, actor, communeID, fn) })
}

// KnownRecords is Tx.KnownRecords in a read transaction.
func (s *StagedImport) KnownRecords(ctx context.Context, actor flows.Actor, communeID int64, ids []int64) (out []flows.KnownRecord, err error) {
	err = s.db.View(ctx, func(tx *Tx) error { out, err = tx.KnownRecords(ctx, actor, communeID, ids); return err })
	return out, err
}

// CreateImport adds the import, staging under this process.
func (s *StagedImport) CreateImport(ctx context.Context, actor flows.Actor, imp flows.Import) (out flows.Import, err error) {
	if s.importID != 0 {
		return flows.Import{}, errors.New("staged import: one import at a time")
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if out, err = tx.CreateImport(ctx, actor, imp); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE imports SET staging = ? WHERE id = ?`, s.proc.id, out.ID)
		return err
	})
	if err == nil {
		s.importID = out.ID
	}
	return out, err
}

// CreateRecords stores a batch of the import's records, staged: no audit
// entry yet (FinishImport writes it for all of them).
func (s *StagedImport) CreateRecords(ctx context.Context, actor flows.Actor, recs []flows.Record) error {
	if len(recs) == 0 {
		return nil
	}
	if recs[0].ImportID == 0 || recs[0].ImportID != s.importID {
		return errors.New("create records: a staged batch belongs to the staged import")
	}
	for len(recs) > 0 {
		n := min(len(recs), stagedRecords)
		err := s.db.yieldingUpdate(ctx, func(tx *Tx) error { return tx.insertRecords(ctx, actor, recs[:n]) })
		if err != nil {
			return fmt.Errorf("create records: %w", err)
		}
		recs = recs[n:]
	}
	return nil
}

// MarkDuplicates is Tx.MarkDuplicates, stagedBatch pairs a transaction.
func (s *StagedImport) MarkDuplicates(ctx context.Context, actor flows.Actor, importID int64, pairs []sheet.DupPair) error {
	for len(pairs) > 0 {
		n := min(len(pairs), stagedBatch)
		err := s.db.yieldingUpdate(ctx, func(tx *Tx) error { return tx.MarkDuplicates(ctx, actor, importID, pairs[:n]) })
		if err != nil {
			return err
		}
		pairs = pairs[n:]
	}
	return nil
}

// SaveAmendments is Tx.SaveAmendments in its own transaction.
func (s *StagedImport) SaveAmendments(ctx context.Context, actor flows.Actor, importID int64, ams []flows.Amendment) error {
	return s.db.Update(ctx, func(tx *Tx) error { return tx.SaveAmendments(ctx, actor, importID, ams) })
}

// DropAmendments is Tx.DropAmendments in its own transaction.
func (s *StagedImport) DropAmendments(ctx context.Context, actor flows.Actor, importID int64, records []int64) (n int, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error { n, err = tx.DropAmendments(ctx, actor, importID, records); return err })
	return n, err
}

// FinishImport publishes the import in one transaction: it is committed,
// no longer staging, and its audit entries are written (the records' count
// as the database holds them, then the import's). A file another import of
// the commune published meanwhile is *flows.SameFileError, and the caller
// drops this one.
func (s *StagedImport) FinishImport(ctx context.Context, actor flows.Actor, importID int64, rows int) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var commune, stored int64
		var sha string
		err := tx.queryRow(ctx, `SELECT commune_id, file_sha256, (SELECT count(*) FROM records WHERE import_id = ?1)
			FROM imports WHERE id = ?1 AND staging = ?2`, importID, s.proc.id).Scan(&commune, &sha, &stored)
		if err != nil {
			return fmt.Errorf("finish import: staged import %d: %w", importID, err)
		}
		if earlier, err := tx.ImportBySHA(ctx, actor, commune, sha); err == nil {
			return &flows.SameFileError{Earlier: earlier}
		} else if !errors.Is(err, flows.ErrNotFound) {
			return err
		}
		if stored > 0 {
			if err := tx.auditImported(ctx, actor, commune, importID, int(stored)); err != nil {
				return fmt.Errorf("finish import: %w", err)
			}
		}
		if _, err := tx.exec(ctx, `UPDATE imports SET staging = '' WHERE id = ?`, importID); err != nil {
			return fmt.Errorf("finish import: %w", err)
		}
		return tx.FinishImport(ctx, actor, importID, rows)
	})
}

// Atomic runs fn; when it fails, the staged import is dropped, so nothing
// of it is left, as a transaction's rollback would.
func (s *StagedImport) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	err := fn(ctx)
	if err == nil || s.importID == 0 {
		return err
	}
	// The drop must happen even when ctx was what stopped fn.
	if derr := s.db.dropStaged(context.WithoutCancel(ctx), s.importID); derr != nil {
		return errors.Join(err, derr)
	}
	return err
}

// dropStaged deletes a staging import, its records stagedBatch at a
// time, each batch its own transaction, then the import row (its
// amendments go with it). An import that is not staging is left alone.
func (db *DB) dropStaged(ctx context.Context, importID int64) error {
	for {
		var n int64
		err := db.yieldingUpdate(ctx, func(tx *Tx) error {
			res, err := tx.exec(ctx, `DELETE FROM records WHERE id IN (SELECT id FROM records WHERE import_id = ?1
				AND EXISTS (SELECT 1 FROM imports WHERE id = ?1 AND staging <> '') LIMIT ?2)`, importID, stagedBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return fmt.Errorf("drop staged import %d: %w", importID, err)
		}
		if n == 0 {
			break
		}
	}
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM imports WHERE id = ? AND staging <> ''`, importID)
		return err
	})
	if err != nil {
		return fmt.Errorf("drop staged import %d: %w", importID, err)
	}
	return nil
}

// RecoverImports deletes the staging imports whose process is gone (killed
// while storing a list) and returns how many. Imports another live process
// is storing are left alone. Open runs it.
func (db *DB) RecoverImports(ctx context.Context) (int, error) {
	type staged struct {
		id   int64
		proc string
	}
	var found []staged
	err := db.View(ctx, func(tx *Tx) (err error) {
		found, err = queryAll(ctx, tx, func(s scanner) (st staged, err error) { return st, s.Scan(&st.id, &st.proc) },
			`SELECT id, staging FROM imports WHERE staging <> '' ORDER BY id`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("recover imports: %w", err)
	}
	checker := &proc{dir: procDir(db.path)}
	n := 0
	for _, st := range found {
		gone, err := checker.gone(st.proc)
		if err != nil {
			return n, fmt.Errorf("recover imports: %w", err)
		}
		if !gone {
			continue
		}
		if err := db.dropStaged(ctx, st.id); err != nil {
			return n, fmt.Errorf("recover imports: %w", err)
		}
		n++
	}
	return n, nil
}
