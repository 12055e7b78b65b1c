package flows

import (
	"strconv"
	"strings"

	"lamsach/flows/msg"
)

// What is said once a station's list is stored: the station's report of
// it, and a word to the people who will work on its new records.

// imported reports a stored list, tells the people who work on it of its
// new records, and lists the rows that differ from records the commune
// already had.
func (t *stationHandler) imported(u Upload, res ImportResult) error {
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return err
	}
	rs := &res.Resend
	var b strings.Builder
	if res.Stored > 0 {
		b.WriteString(t.T("station.imported.head", res.Stored, u.FileName))
	} else {
		b.WriteString(t.T("resend.imported.none", u.FileName))
	}
	if rs.Known() {
		b.WriteString("\n" + t.T("resend.imported.known", rs.Same+rs.Differ+rs.Ambiguous+rs.Shared))
	}
	if res.Stored > 0 {
		b.WriteString("\n" + t.T("station.preview.villages", msg.Raw(villageSummary(t.lang, vs, res.ByVillage))))
	}
	if n := res.ByVillage[0]; n > 0 {
		b.WriteString("\n" + t.T("station.imported.unassigned", n))
	}
	if n := res.Report.Rows.WithErrors; n > 0 {
		b.WriteString("\n" + t.T("station.imported.errors", n))
	}
	t.send(Out{Text: b.String()})
	if rs.Differ+rs.Ambiguous+rs.Shared > 0 {
		t.send(t.differencesOut(u, res, vs))
	}
	if res.Stored == 0 {
		return nil
	}
	return t.tellImported(res)
}

// tellImported tells the village members and the coordinators of the new
// records, and only of those.
func (t *stationHandler) tellImported(res ImportResult) error {
	people, err := t.repo.ImportRecipients(t.ctx, t.actor(), t.member.CommuneID)
	if err != nil {
		return err
	}
	for _, m := range people {
		l := msg.ParseLang(m.Lang)
		switch m.Role {
		case RoleVillage:
			n := 0
			for _, v := range m.Villages {
				n += res.ByVillage[v]
			}
			if n > 0 {
				t.to(m, Out{Text: tr(l, "station.notify.village", n)})
			}
		case RoleCoordinator:
			if n := res.ByVillage[0]; n > 0 {
				t.to(m, Out{Text: tr(l, "station.notify.coord_unassigned", res.Stored, n)})
			} else {
				t.to(m, Out{Text: tr(l, "station.notify.coord", res.Stored)})
			}
		}
	}
	return nil
}

// maxVillageParts bounds the villages a summary names one by one, so the
// preview and the import result of a list spread over hundreds of villages
// stay one readable message ("… và 270 thôn khác: 270 hồ sơ").
const maxVillageParts = 30

// villageSummary is "Thôn Đông 3 · Thôn Tây 2 · chưa rõ thôn 1", in the
// villages' order, the first maxVillageParts by name.
func villageSummary(l msg.Lang, vs []Village, by map[int64]int) string {
	var parts []string
	more, moreRecs := 0, 0
	for _, v := range vs {
		if n := by[v.ID]; n > 0 && len(parts) == maxVillageParts {
			more, moreRecs = more+1, moreRecs+n
		} else if n > 0 {
			parts = append(parts, msg.Esc(v.Name)+" "+strconv.Itoa(n))
		}
	}
	if more > 0 {
		parts = append(parts, tr(l, "station.village_more", more, moreRecs))
	}
	if n := by[0]; n > 0 {
		parts = append(parts, tr(l, "station.village_none", n))
	}
	if len(parts) == 0 {
		return tr(l, "station.village_empty")
	}
	return strings.Join(parts, " · ")
}
