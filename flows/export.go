package flows

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
)

// ExportRepo is what writing the station's files needs from storage; the
// chat and the command line share it.
type ExportRepo interface {
	// ExportItems calls fn with each record of an export batch; fn must not
	// use the repository.
	ExportItems(ctx context.Context, actor Actor, exportID int64, fn func(ExportItem) error) error
	// ImportTemplate returns the commune's template description (JSON), or
	// "" for the default.
	ImportTemplate(ctx context.Context, actor Actor, communeID int64) (string, error)
	Audit(ctx context.Context, actor Actor, e AuditEntry) (AuditEntry, error)
}

// HandoverRepo is what writing a handover's file again needs from storage.
type HandoverRepo interface {
	Handover(ctx context.Context, actor Actor, communeID int64, number int) (Handover, []Record, error)
	// SharedIDs returns which of the records' ID numbers another record
	// of the commune also holds.
	SharedIDs(ctx context.Context, actor Actor, communeID int64, ids []int64) (map[int64]bool, error)
	Commune(ctx context.Context, id int64) (Commune, error)
	Villages(ctx context.Context, communeID int64) ([]Village, error)
	Member(ctx context.Context, id int64) (Member, error)
	Audit(ctx context.Context, actor Actor, e AuditEntry) (AuditEntry, error)
}

// ExportTemplate returns the layout of the commune's import file: its own
// template description when one is set, else the platform's 2021 template.
func ExportTemplate(ctx context.Context, r ExportRepo, actor Actor, communeID int64) (sheet.Template, error) {
	desc, err := r.ImportTemplate(ctx, actor, communeID)
	if err != nil {
		return sheet.Template{}, err
	}
	if desc == "" {
		return sheet.DefaultTemplate(), nil
	}
	tpl, err := sheet.ParseTemplate([]byte(desc))
	if err != nil {
		return sheet.Template{}, fmt.Errorf("commune %d import template: %w", communeID, err)
	}
	return tpl, nil
}

// WriteExport writes batch e's file to w: the platform's import file in
// tpl's layout for an import batch, the edit list for an edit batch. It
// changes no record (CreateExport did) but writes the bulk read of personal
// data to the audit log, as every download of a batch must be.
//
// A record that cannot be written is left out and returned, so the caller
// names it, and the rest of the file is written: one of an import batch
// whose ID the platform would not accept (ExportKind.Takes; CreateExport
// holds such records back, so only a batch made before that rule, or a
// database changed behind the bot's back, has any), or one with a value
// longer than a cell may hold.
func WriteExport(ctx context.Context, r ExportRepo, actor Actor, e Export, tpl sheet.Template, w io.Writer) (sheet.ImportStats, []Left, error) {
	var stats sheet.ImportStats
	var left []Left
	switch e.Kind {
	case ExportImport:
		iw, err := sheet.NewImportWriter(w, tpl)
		if err != nil {
			return stats, nil, err
		}
		err = r.ExportItems(ctx, actor, e.ID, func(it ExportItem) error {
			if !e.Kind.Takes(it.Record) {
				left = append(left, Left{it.Record, LeftID})
				return nil
			}
			err := iw.Write(exportRow(it))
			if errors.Is(err, xlsx.ErrCellTooLong) {
				left, err = append(left, Left{it.Record, LeftCell}), nil
			}
			return err
		})
		if err != nil {
			return stats, nil, err
		}
		if stats, err = iw.Close(); err != nil {
			return stats, nil, err
		}
	case ExportEdit:
		ew, err := sheet.NewEditListWriter(w)
		if err != nil {
			return stats, nil, err
		}
		err = r.ExportItems(ctx, actor, e.ID, func(it ExportItem) error { return ew.Write(editRow(it)) })
		if err != nil {
			return stats, nil, err
		}
		if err := ew.Close(); err != nil {
			return stats, nil, err
		}
		stats.Rows = ew.Rows()
	default:
		return stats, nil, fmt.Errorf("write export: unknown kind %q", e.Kind)
	}
	_, err := r.Audit(ctx, actor, AuditEntry{CommuneID: e.CommuneID, Action: "export", Field: "count",
		New: strconv.Itoa(stats.Rows), Reason: string(e.Kind) + " " + strconv.Itoa(e.Number), Source: sourceFor(actor)})
	return stats, left, err
}

// Left is a record left out of a file, and why.
type Left struct {
	Record Record
	Reason string // LeftID or LeftCell
}

// Why records are left out of a file.
const (
	LeftID   = "id"   // an ID the platform would not accept
	LeftCell = "cell" // a value longer than a spreadsheet cell holds
)

// WriteHandoverFile writes the commune's handover number to w, the same
// file the officer got when signing (HandoverSheet), and records the bulk
// read in the audit log. It returns how many records the file lists.
func WriteHandoverFile(ctx context.Context, r HandoverRepo, actor Actor, communeID int64, number int, w io.Writer) (int, error) {
	h, recs, err := r.Handover(ctx, actor, communeID, number)
	if err != nil {
		return 0, err
	}
	c, err := r.Commune(ctx, communeID)
	if err != nil {
		return 0, err
	}
	vs, err := r.Villages(ctx, communeID)
	if err != nil {
		return 0, err
	}
	officer := ""
	if h.OfficerID != 0 {
		m, err := r.Member(ctx, h.OfficerID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return 0, err
		}
		officer = m.Name
	}
	shared, err := r.SharedIDs(ctx, actor, communeID, recordIDs(recs))
	if err != nil {
		return 0, err
	}
	if err := sheet.WriteHandover(w, HandoverSheet(h, c.Name, officer, vs, recs, shared)); err != nil {
		return 0, err
	}
	_, err = r.Audit(ctx, actor, AuditEntry{CommuneID: communeID, Action: "export", Field: "count",
		New: strconv.Itoa(len(recs)), Reason: "handover " + strconv.Itoa(number), Source: sourceFor(actor)})
	return len(recs), err
}

// sourceFor is where an actor works from: the operator from the command
// line, members from the chat.
func sourceFor(a Actor) Source {
	if a.MemberID == 0 {
		return SourceCLI
	}
	return SourceChat
}

// exportRow is a record as the import file wants it: the corrected values,
// and the uploaded row to carry its other columns through. Only an ID the
// platform accepts is written; a person stated to have none gets an empty
// cell (WriteExport leaves out any other record).
func exportRow(it ExportItem) sheet.ExportRow {
	rec := it.Record
	id := rec.Fields.ID.Number
	if rec.NoID {
		id = ""
	}
	village := it.Village
	if village == "" {
		village = rec.VillageText
	}
	extra := make(map[sheet.Field]string, len(FieldSpecs))
	for _, s := range FieldSpecs {
		extra[s.Sheet] = s.Cell(rec.Fields)
	}
	return sheet.ExportRow{
		Name: rec.Name, DOB: rec.DOB, Gender: rec.Gender, ID: id, Phone: rec.Phone, Extra: extra,
		Insurance: uploaded(it, sheet.FieldInsurance), Village: village, Address: uploaded(it, sheet.FieldAddress),
		Code: rec.Code, Headers: it.Headers, Cells: rec.Original,
	}
}

// editRow is a wrong-info record as the edit list shows it: what the
// platform holds and what the police confirmed.
func editRow(it ExportItem) sheet.EditRow {
	rec := it.Record
	old := rec.Orig.ID.Number
	if old == "" {
		old = rec.IDRaw
	}
	village := it.Village
	if village == "" {
		village = rec.VillageText
	}
	var notes []string
	if rec.Outcome == OutcomeNotFound {
		// Nothing to edit: the station must know the person was not found
		// (moved, deceased…) and decide on the platform what to do.
		// Plain text for a cell: the note must not be HTML-escaped.
		notes = append(notes, msg.T(msg.VI, "export.not_found")+": "+rec.Note)
	}
	if it.Shared {
		notes = append(notes, msg.T(msg.VI, "export.shared_id"))
	}
	note := strings.Join(notes, "; ")
	return sheet.EditRow{
		Note:     note,
		Code:     rec.Code,
		Old:      sheet.Basic{Name: rec.Orig.Name, DOB: rec.Orig.DOB, Gender: rec.Orig.Gender, ID: old},
		New:      sheet.Basic{Name: rec.Name, DOB: rec.DOB, Gender: rec.Gender, ID: fileID(rec)},
		Handover: it.Handover, Officer: it.Officer, Village: village,
	}
}

// uploaded returns the uploaded cell of the column the upload mapped to
// field, or "".
func uploaded(it ExportItem, field sheet.Field) string {
	for _, c := range it.Columns {
		if c.Field != field {
			continue
		}
		if i := colIndex(c.Col); i >= 0 && i < len(it.Record.Original) {
			return it.Record.Original[i]
		}
	}
	return ""
}

// colIndex turns a column letter into its 0-based index ("A" 0, "AA" 26),
// or -1 for anything else.
func colIndex(col string) int {
	col = strings.ToUpper(col)
	if col == "" || len(col) > 3 {
		return -1
	}
	n := 0
	for _, r := range col {
		if r < 'A' || r > 'Z' {
			return -1
		}
		n = n*26 + int(r-'A'+1)
	}
	return n - 1
}
