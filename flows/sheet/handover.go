package sheet

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// Handover is a police handover (biên bản bàn giao) of confirmed records.
type Handover struct {
	Number  int
	Commune string
	Officer string
	At      time.Time
	// Digest is the content digest the caller computed over the batch, so
	// the printed list can be checked against the stored one.
	Digest string
	Rows   []HandoverRow
}

// HandoverRow is one record in a handover.
type HandoverRow struct {
	Name    string
	DOB     vn.Date
	Gender  vn.Gender
	ID      string // in full: the station needs it to enter the record
	Outcome string // the review outcome: corrected, unchanged, not_found
	Problem vn.Problem
	Village string
	// Shared: another record of the commune holds the same ID number; the
	// outcome cell says so, for the station to check the pair.
	Shared bool
}

// vietnam is Vietnam's time zone; it has had no daylight saving since
// 1975, so a fixed offset is exact and needs no zone database.
var vietnam = time.FixedZone("ICT", 7*3600)

// handoverCols is the width of the records table.
const handoverCols = 8

// WriteHandover writes a handover: the title block (the national motto,
// the title, the batch number, commune, officer, time in Vietnam and the
// content digest), the records with full ID numbers, and a signature block
// for both sides.
func WriteHandover(w io.Writer, h Handover) error {
	xw := xlsx.NewWriter(w)
	title := handoverTitle(h)
	head := len(title) + 1
	sign := head + max(len(h.Rows), 1) + 2 // one blank row after the table
	err := xw.AddSheet(handoverText("sheet.handover.sheet"), xlsx.SheetOptions{
		ColWidths:  []float64{5, 26, 12, 9, 16, 18, 24, 16},
		Merges:     handoverMerges(title, sign),
		FreezeRows: head,
	})
	if err != nil {
		return err
	}
	for i, r := range title {
		style := xlsx.StyleText
		if i < 2 || i == 3 {
			style = xlsx.StyleBold
		}
		if err := xw.WriteRow(textCells(r, style)); err != nil {
			return err
		}
	}
	if err := writeHandoverTable(xw, h); err != nil {
		return err
	}
	if err := xw.WriteRow(nil); err != nil {
		return err
	}
	t := handoverText
	for _, r := range [][]string{
		{t("sheet.handover.station"), "", "", "", t("sheet.handover.police")},
		{t("sheet.handover.sign"), "", "", "", t("sheet.handover.sign")},
		nil, nil, nil,
		{"", "", "", "", h.Officer},
	} {
		if err := xw.WriteRow(textCells(r, xlsx.StyleBold)); err != nil {
			return err
		}
	}
	return xw.Close()
}

// handoverText is a handover's text: the handover is a Vietnamese
// document, whatever the officer's language.
func handoverText(key string, args ...any) string { return plain(msg.VI, key, args...) }

// handoverTitle is the title block, a row a line; nil is a blank row.
func handoverTitle(h Handover) [][]string {
	t := handoverText
	return [][]string{
		{t("sheet.handover.nation")},
		{t("sheet.handover.motto")},
		nil,
		{t("sheet.handover.title")},
		{t("sheet.handover.number", h.Number)},
		{t("sheet.handover.commune", h.Commune)},
		{t("sheet.handover.officer", h.Officer)},
		{t("sheet.handover.at", h.At.In(vietnam).Format("15:04, 02/01/2006"))},
		{t("sheet.handover.count", len(h.Rows))},
		{t("sheet.handover.digest", h.Digest)},
		nil,
	}
}

// handoverMerges spans each title line across the table, and each side's
// half of the signature block's two rows, which start at row sign.
func handoverMerges(title [][]string, sign int) []string {
	merges := []string{}
	for i := range title {
		if title[i] != nil {
			merges = append(merges, fmt.Sprintf("A%d:H%d", i+1, i+1))
		}
	}
	for _, r := range []int{sign, sign + 1} {
		merges = append(merges, fmt.Sprintf("A%d:D%d", r, r), fmt.Sprintf("E%d:H%d", r, r))
	}
	return merges
}

// writeHandoverTable writes the records table: its header, then a row a
// record with the ID number in full, or a note when there is none.
func writeHandoverTable(xw *xlsx.Writer, h Handover) error {
	t := handoverText
	hdr := []string{t("sheet.handover.seq"), t("sheet.handover.name"), t("sheet.handover.dob"), t("sheet.handover.gender"),
		t("sheet.handover.id"), t("sheet.handover.outcome"), t("sheet.handover.problem"), t("sheet.handover.village")}
	if err := xw.WriteRow(textCells(hdr, xlsx.StyleHeader)); err != nil {
		return err
	}
	cells := make([]xlsx.WCell, handoverCols)
	for i, r := range h.Rows {
		outcome := outcomeText(r.Outcome)
		if r.Shared {
			outcome += "; " + t("export.shared_id")
		}
		vals := []string{strconv.Itoa(i + 1), r.Name, r.DOB.Display(), genderWord(r.Gender), r.ID,
			outcome, problemText(r.Problem), r.Village}
		for j, v := range vals {
			cells[j] = xlsx.WCell{Value: v, Style: xlsx.StyleTextBorder}
		}
		cells[0].Number = true
		if err := xw.WriteRow(cells); err != nil {
			return err
		}
	}
	if len(h.Rows) == 0 {
		return xw.WriteRow([]xlsx.WCell{{}, {Value: t("sheet.handover.no_rows"), Style: xlsx.StyleNote}})
	}
	return nil
}

// outcomeText names a review outcome in Vietnamese; an unknown code is
// shown as it is rather than hidden.
func outcomeText(code string) string {
	if code == "" || !msg.Has("sheet.outcome."+code) {
		return code
	}
	return plain(msg.VI, "sheet.outcome."+code)
}

// problemText names a problem kind in Vietnamese.
func problemText(p vn.Problem) string {
	if p == "" || !msg.Has("problem."+string(p)) {
		return string(p)
	}
	return plain(msg.VI, "problem."+string(p))
}
