package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"lamsach/flows"
	"lamsach/flows/vn"
)

// importFields are the columns a new record of an import is written with.
// The rest (review, confirmation, handover, export) start at their
// defaults: fewer values to bind per row is most of what makes a 100,000-row
// import fast.
var importFields = concat(
	[]string{"commune_id", "village_id", "import_id", "row_num", "code"},
	personColumns, []string{"name_key"}, origColumns,
	[]string{"id_raw", "problem", "warnings", "state", "original", "village_text", "created_at", "updated_at"},
)

// importArgs appends the values of importFields for rec to dst.
func importArgs(dst []any, rec *flows.Record) ([]any, error) {
	warnings, err := json.Marshal(orEmpty(rec.Warnings))
	if err != nil {
		return dst, err
	}
	original, err := json.Marshal(orEmpty(rec.Original))
	if err != nil {
		return dst, err
	}
	dst = append(dst, rec.CommuneID, nullID(rec.VillageID), nullID(rec.ImportID), rec.RowNum, rec.Code)
	dst = append(fieldArgs(dst, rec.Fields), nameKeyOf(rec))
	dst = fieldArgs(dst, rec.Orig)
	return append(dst,
		rec.IDRaw, string(rec.Problem), string(warnings), string(rec.State), string(original), rec.VillageText,
		rec.CreatedAt.UnixMilli(), rec.UpdatedAt.UnixMilli(),
	), nil
}

// insertRows is how many records one INSERT statement carries: SQLite's
// per-statement work (cursors on the table and each index, the statement's
// start and end) is paid once per insertRows rows, and the statement stays
// far below SQLite's limit of 32766 parameters.
const insertRows = 128

// insertImport is an INSERT of n new records.
func insertImport(n int) string {
	row := "(" + params(len(importFields)) + ")"
	return "INSERT INTO records (" + strings.Join(importFields, ", ") + ") VALUES " + row + strings.Repeat(", "+row, n-1)
}

// chunk is the values of up to insertRows records, ready to bind.
type chunk struct {
	args  []any
	rows  int
	first int // index in the batch of the first record, for messages
	err   error
}

// CreateRecords adds new records of one import, all of one commune, in as
// few statements as possible. They must be new: review, confirmation,
// handover and export fields empty. The audit log gets one
// "records.import" entry with the count, not one per row: the rows
// themselves say where they came from (import id and row number).
func (tx *Tx) CreateRecords(ctx context.Context, actor flows.Actor, recs []flows.Record) error {
	if len(recs) == 0 {
		return nil
	}
	if err := tx.insertRecords(ctx, actor, recs); err != nil {
		return fmt.Errorf("create records: %w", err)
	}
	if err := tx.auditImported(ctx, actor, recs[0].CommuneID, recs[0].ImportID, len(recs)); err != nil {
		return fmt.Errorf("create records: %w", err)
	}
	return nil
}

// auditImported writes the "records.import" entry of n records of import
// importID (0: records made outside an import).
func (tx *Tx) auditImported(ctx context.Context, actor flows.Actor, commune, importID int64, n int) error {
	reason := ""
	if importID != 0 {
		reason = importReason + strconv.FormatInt(importID, 10)
	}
	return tx.record(ctx, actor, flows.AuditEntry{CommuneID: commune, Action: actionImport, Field: "count",
		New: strconv.Itoa(n), Reason: reason, Source: flows.SourceSheet})
}

// insertRecords checks and inserts the new records of CreateRecords,
// writing no audit entry. Turning records into values (search keys, JSON)
// runs on its own goroutine while SQLite inserts the previous chunk, so
// the two use separate cores.
func (tx *Tx) insertRecords(ctx context.Context, actor flows.Actor, recs []flows.Record) error {
	commune := recs[0].CommuneID
	if err := tx.authorize(ctx, actor, commune, flows.RoleStation); err != nil {
		return err
	}
	villages, err := tx.villageSet(ctx, commune)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	chunks := make(chan chunk, 2)
	free := make(chan []any, 3)
	go tx.encodeRecords(ctx, actor, recs, villages, chunks, free)
	// Whatever happens below, the encoder is stopped and waited for.
	defer func() {
		cancel()
		for range chunks {
		}
	}()
	return tx.insertChunks(ctx, chunks, free)
}

// insertChunks inserts the chunks encodeRecords sends, with one prepared
// statement for the full ones, and hands their buffers back to be reused.
func (tx *Tx) insertChunks(ctx context.Context, chunks <-chan chunk, free chan<- []any) error {
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	var err error
	for c := range chunks {
		if c.err != nil {
			return c.err
		}
		q := insertImport(c.rows)
		if c.rows == insertRows {
			if stmt == nil {
				if stmt, err = tx.tx.PrepareContext(ctx, q); err != nil {
					return err
				}
			}
			_, err = stmt.ExecContext(ctx, c.args...)
		} else {
			_, err = tx.exec(ctx, q, c.args...)
		}
		if err != nil {
			return fmt.Errorf("records %d to %d of the batch: %w", c.first, c.first+c.rows-1, err)
		}
		select {
		case free <- c.args[:0]:
		default:
		}
	}
	return nil
}

// encodeRecords checks each record and sends their values in chunks of
// insertRows; a bad record ends the stream with an error chunk. It closes
// chunks when done and stops early when ctx is cancelled.
func (tx *Tx) encodeRecords(ctx context.Context, actor flows.Actor, recs []flows.Record, villages map[int64]bool, chunks chan<- chunk, free <-chan []any) {
	defer close(chunks)
	send := func(c chunk) bool {
		select {
		case chunks <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	commune, importID := recs[0].CommuneID, recs[0].ImportID
	c := chunk{args: make([]any, 0, insertRows*len(importFields))}
	for i := range recs {
		rec := recs[i] // a copy: the caller's slice is left as given
		if err := checkNew(&rec, commune, importID, villages); err != nil {
			send(chunk{err: fmt.Errorf("record %d of the batch: %w", i, err)})
			return
		}
		if err := tx.prepareNew(actor, &rec); err != nil {
			send(chunk{err: fmt.Errorf("record %d of the batch: %w", i, err)})
			return
		}
		var err error
		if c.args, err = importArgs(c.args, &rec); err != nil {
			send(chunk{err: fmt.Errorf("record %d of the batch: %w", i, err)})
			return
		}
		if c.rows++; c.rows == insertRows {
			if !send(c) {
				return
			}
			c = chunk{first: i + 1}
			select {
			case c.args = <-free:
			default:
				c.args = make([]any, 0, insertRows*len(importFields))
			}
		}
	}
	if c.rows > 0 {
		send(c)
	}
}

// checkNew refuses a record that does not belong in the batch or is not new.
func checkNew(rec *flows.Record, commune, importID int64, villages map[int64]bool) error {
	switch {
	case rec.CommuneID != commune:
		return errors.New("records of one batch must share a commune")
	case rec.ImportID != importID:
		return errors.New("records of one batch must share an import")
	case rec.VillageID != 0 && !villages[rec.VillageID]:
		return fmt.Errorf("village %d: %w", rec.VillageID, flows.ErrNotFound)
	}
	return checkFresh(rec)
}

// checkFresh refuses a new record that carries what only later steps of
// its life write: a review, a confirmation, a handover, an export.
func checkFresh(rec *flows.Record) error {
	if rec.Outcome != flows.OutcomeNone || rec.Note != "" || rec.ReturnReason != "" || rec.ReturnNote != "" ||
		rec.ReviewedBy != 0 || !rec.ReviewedAt.IsZero() || rec.ConfirmedBy != 0 || !rec.ConfirmedAt.IsZero() ||
		rec.HandoverID != 0 || rec.ExportID != 0 || rec.NoID {
		return errors.New("a new record carries review, handover or export data")
	}
	return nil
}

// nameKeyOf is the record's search key: the one an importer computed while
// parsing the name (a third of an import's parsing time otherwise goes to
// computing it again), or computed here.
func nameKeyOf(rec *flows.Record) string {
	if rec.NameKey != "" {
		return rec.NameKey
	}
	return vn.NameKey(rec.Name)
}
