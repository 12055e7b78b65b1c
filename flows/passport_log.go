package flows

import (
	"bytes"
	"context"
	"html"
	"io"
	"strconv"
	"time"

	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
)

// PassportLogRepo is what writing a month's log of step 5 reads.
type PassportLogRepo interface {
	Commune(ctx context.Context, id int64) (Commune, error)
	PassportMonth(ctx context.Context, actor Actor, communeID int64, month string) ([]PassportReport, error)
	Audit(ctx context.Context, actor Actor, e AuditEntry) (AuditEntry, error)
}

// PassportLogStats sums up a month's log.
type PassportLogStats struct {
	Reported, Missed, Signed int
}

// WritePassportLog writes the unit's log of step 5 for the month starting
// at month (midnight of the 1st, in the zone the days are counted in) to w
// as an .xlsx file: one row per day up to now, with the count or "none
// pending", who reported and when, and the days missed; then the month's
// totals. The file is in Vietnamese, as the station files it. Writing it
// is recorded in the audit log.
func WritePassportLog(ctx context.Context, r PassportLogRepo, actor Actor, communeID int64, month, now time.Time, w io.Writer) (PassportLogStats, error) {
	unit, err := r.Commune(ctx, communeID)
	if err != nil {
		return PassportLogStats{}, err
	}
	reps, err := r.PassportMonth(ctx, actor, communeID, month.Format("2006-01"))
	if err != nil {
		return PassportLogStats{}, err
	}
	m := newPassportMonth(month, unit.Created, now, reps)
	st := PassportLogStats{Reported: len(m.ByDay), Missed: len(m.missed()), Signed: m.signed()}
	if err := writePassportLog(w, unit, m, now); err != nil {
		return st, err
	}
	_, err = r.Audit(ctx, actor, AuditEntry{CommuneID: communeID, Action: "passport.export", Field: "days",
		New: strconv.Itoa(st.Reported), Reason: "month " + month.Format("2006-01"), Source: sourceFor(actor)})
	return st, err
}

// passportLogCols are the widths of the log's table: day, weekday, count,
// status, reported by, at, corrected at.
var passportLogCols = []float64{12, 10, 14, 24, 24, 17, 17}

// writePassportLog lays the month out: a title block, the table, and the
// totals.
func writePassportLog(w io.Writer, unit Commune, m passportMonth, now time.Time) error {
	t := func(key string, args ...any) string { return html.UnescapeString(msg.T(msg.VI, key, args...)) }
	zone := m.Start.Location()
	name := unit.Name
	if unit.Kind.Facility() {
		name = t("passport.log.facility", unit.Name, t("facility.kind."+string(unit.Kind)))
	}
	xw := xlsx.NewWriter(w)
	title := []string{t("passport.log.title"), t("passport.log.unit", name), t("passport.log.month", m.label()),
		t("passport.log.note"), t("passport.log.made", now.In(zone).Format("15:04 02/01/2006"))}
	err := xw.AddSheet(t("passport.log.sheet"), xlsx.SheetOptions{ColWidths: passportLogCols, FreezeRows: len(title) + 2})
	if err != nil {
		return err
	}
	for i, line := range title {
		style := xlsx.StyleText
		if i == 0 {
			style = xlsx.StyleBold
		}
		if err := xw.WriteRow([]xlsx.WCell{{Value: line, Style: style}}); err != nil {
			return err
		}
	}
	if err := xw.WriteRow(nil); err != nil {
		return err
	}
	head := []string{t("passport.log.day"), t("passport.log.weekday"), t("passport.log.signed"), t("passport.log.status"),
		t("passport.log.by"), t("passport.log.at"), t("passport.log.corrected")}
	if err := xw.WriteRow(textRow(head, xlsx.StyleHeader)); err != nil {
		return err
	}
	for d := m.listed(); d <= min(m.Days, m.Today); d++ {
		if err := xw.WriteRow(passportLogRow(t, m, d, zone)); err != nil {
			return err
		}
	}
	if err := xw.WriteRow(nil); err != nil {
		return err
	}
	total := t("passport.log.total", len(m.ByDay), len(m.missed()), m.signed())
	if err := xw.WriteRow([]xlsx.WCell{{Value: total, Style: xlsx.StyleBold}}); err != nil {
		return err
	}
	return xw.Close()
}

// passportLogRow is day d of the month's log.
func passportLogRow(t func(string, ...any) string, m passportMonth, d int, zone *time.Location) []xlsx.WCell {
	day := m.Start.AddDate(0, 0, d-1)
	r, ok := m.ByDay[d]
	vals := []string{day.Format("02/01/2006"), t("passport.log.weekday." + strconv.Itoa(int(day.Weekday()))), "",
		t("passport.mark." + m.mark(d).String()), "", "", ""}
	if ok {
		if !r.NonePending {
			vals[2] = strconv.Itoa(r.Signed)
		}
		vals[4] = r.By
		vals[5] = r.FirstAt.In(zone).Format("15:04 02/01/2006")
		if !r.At.Equal(r.FirstAt) {
			vals[6] = r.At.In(zone).Format("15:04 02/01/2006")
		}
	}
	row := textRow(vals, xlsx.StyleTextBorder)
	row[2].Number = ok && !r.NonePending
	return row
}

// textRow is a row of text cells in one style.
func textRow(vals []string, style xlsx.StyleID) []xlsx.WCell {
	out := make([]xlsx.WCell, len(vals))
	for i, v := range vals {
		out[i] = xlsx.WCell{Value: v, Style: style}
	}
	return out
}

// sendLog sends the month's log (month yyyy-mm) as a file.
func (d *passportDesk) sendLog(month string) error {
	start, err := time.ParseInLocation("2006-01", month, d.zone())
	if err != nil || start.After(d.now) {
		d.say("button.unknown")
		return nil
	}
	var buf bytes.Buffer
	st, err := WritePassportLog(d.ctx, d.repo, d.actor(), d.member.CommuneID, start, d.now, &buf)
	if err != nil {
		return d.fail(err)
	}
	d.send(Out{Kind: OutFile, Text: d.T("passport.log.caption", start.Format("01/2006"), st.Reported, st.Missed, st.Signed),
		File: &File{Name: "ho-chieu-vac-xin-" + month + ".xlsx", Data: buf.Bytes()}})
	return nil
}
