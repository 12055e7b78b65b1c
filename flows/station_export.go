package flows

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
	"lamsach/flows/vn"
)

// export offers the files of the signed records not yet exported: the
// platform's import file and the edit list, with how many records each
// would hold.
func (t *stationHandler) export() error {
	counts, err := t.repo.ExportCounts(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.fail(err)
	}
	if counts[ExportImport]+counts[ExportEdit] == 0 {
		t.say("station.export.none")
		return nil
	}
	var row []Button
	for _, k := range ExportKinds {
		if n := counts[k]; n > 0 {
			row = append(row, button(t.T("station.btn.export."+string(k), n), "exp", 0, 0, string(k)))
		}
	}
	t.send(Out{Text: t.T("station.export.offer", counts[ExportImport], counts[ExportEdit]), Buttons: [][]Button{row}})
	return nil
}

// exportPress makes a new batch of kind from the signed records waiting
// for it and sends its file. A second press, or a press after someone else
// took the records, finds nothing and says so.
func (t *stationHandler) exportPress(kind ExportKind) error {
	if !slices.Contains(ExportKinds, kind) {
		t.say("button.unknown")
		return nil
	}
	e, err := t.repo.CreateExport(t.ctx, t.actor(), t.member.CommuneID, kind)
	if errors.Is(err, ErrNothingToExport) {
		t.say("station.export.none_now")
		t.sayHeld(heldForID(e.Held))
		return nil
	}
	if err != nil {
		return t.fail(err)
	}
	tpl, err := ExportTemplate(t.ctx, t.repo, t.actor(), t.member.CommuneID)
	if err != nil {
		return err
	}
	var stats sheet.ImportStats
	var left []Left
	file, err := spool(exportFileName(e), func(w io.Writer) (err error) {
		stats, left, err = WriteExport(t.ctx, t.repo, t.actor(), e, tpl, w)
		return err
	})
	if err != nil {
		return fmt.Errorf("export %d: %w", e.Number, err)
	}
	caption := t.T("station.export.caption."+string(kind), e.Number, stats.Rows, e.Number)
	if stats.PartialDates > 0 {
		caption += "\n" + t.T("station.export.partial_dates", stats.PartialDates)
	}
	if stats.NoDate > 0 {
		caption += "\n" + t.T("station.export.no_date", stats.NoDate)
	}
	caption += "\n" + t.T("station.export.save")
	t.send(Out{Kind: OutFile, Text: caption, File: file, Personal: true})
	t.sayHeld(append(heldForID(e.Held), left...))
	return nil
}

// heldForID are records CreateExport held back for their ID.
func heldForID(recs []Record) []Left {
	out := make([]Left, len(recs))
	for i, r := range recs {
		out[i] = Left{r, LeftID}
	}
	return out
}

// maxHeldNames bounds the records named one by one in the message.
const maxHeldNames = 20

// sayHeld names the records left out of the import file because their ID
// is not one the platform accepts: they stay signed, and the station must
// have them corrected before they can be exported.
func (t *stationHandler) sayHeld(held []Left) {
	for _, reason := range []string{LeftID, LeftCell} {
		var recs []Record
		for _, l := range held {
			if l.Reason == reason {
				recs = append(recs, l.Record)
			}
		}
		if len(recs) == 0 {
			continue
		}
		var b strings.Builder
		b.WriteString(t.T("station.export.held."+reason, len(recs)))
		for i, r := range recs {
			if i == maxHeldNames {
				b.WriteString("\n" + t.T("station.export.held_more", len(recs)-i))
				break
			}
			b.WriteString("\n• " + msg.Esc(r.Name) + " · " + show(t.lang, r.Fields, vn.FieldID, false))
		}
		t.send(Out{Text: b.String(), Personal: true})
	}
}

// exportFileName names a batch's file: "tep-import-dot-3.xlsx".
func exportFileName(e Export) string {
	if e.Kind == ExportEdit {
		return "danh-sach-sua-dot-" + strconv.Itoa(e.Number) + ".xlsx"
	}
	return "tep-import-dot-" + strconv.Itoa(e.Number) + ".xlsx"
}

// entered marks a batch as entered on the platform: "/entered 3". Without
// a number it lists the batches not yet entered, each with a button.
func (t *stationHandler) entered() error {
	arg := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t.ev.Args), "#"))
	if arg == "" {
		return t.openBatches()
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n <= 0 {
		t.say("station.entered.usage", arg)
		return nil
	}
	return t.markEntered(n)
}

// maxBatchButtons bounds the buttons of the open batches' list; older
// batches past it are still named in the text and by "/entered N".
const maxBatchButtons = 30

// openBatches lists the batches not yet entered.
func (t *stationHandler) openBatches() error {
	es, err := t.repo.OpenExports(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return t.fail(err)
	}
	if len(es) == 0 {
		t.say("station.entered.none_open")
		return nil
	}
	var b strings.Builder
	b.WriteString(t.T("station.entered.pick"))
	var rows [][]Button
	for i, e := range es {
		b.WriteString("\n" + t.T("station.entered.line", e.Number, t.T("station.kind."+string(e.Kind)), e.Count, localTime(e.CreatedAt)))
		if i < maxBatchButtons {
			rows = append(rows, []Button{button(t.T("station.btn.entered", e.Number), "ent", 0, 0, strconv.Itoa(e.Number))})
		}
	}
	t.send(Out{Text: b.String(), Buttons: rows})
	return nil
}

// enteredPress marks the batch a button names.
func (t *stationHandler) enteredPress(arg string) error {
	n, err := strconv.Atoi(arg)
	if err != nil || n <= 0 {
		t.say("button.unknown")
		return nil
	}
	return t.markEntered(n)
}

// markEntered marks batch n of the member's commune entered.
func (t *stationHandler) markEntered(n int) error {
	e, count, err := t.repo.MarkEntered(t.ctx, t.actor(), t.member.CommuneID, n)
	switch {
	case errors.Is(err, ErrNotFound):
		t.say("station.entered.unknown", n)
		return nil
	case errors.Is(err, ErrAlreadyEntered):
		t.say("station.entered.already", n, localTime(e.EnteredAt))
		return nil
	case err != nil:
		return t.fail(err)
	}
	t.say("station.entered.done", n, t.T("station.kind."+string(e.Kind)), count)
	return nil
}
