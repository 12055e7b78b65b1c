package flows_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lamsach/flows"
	"lamsach/store"
)

// render writes one outgoing message: to whom, what kind, its text,
// buttons and file.
func (p *play) render(o flows.Out) string {
	var b strings.Builder
	to, ok := p.names[o.ChatID]
	switch {
	case o.ChatID == -100123:
		to = "the group chat"
	case !ok:
		to = "chat " + itoa(o.ChatID)
	}
	fmt.Fprintf(&b, "  → %s", to)
	if o.Personal {
		b.WriteString(" 🔒")
	}
	switch o.Kind {
	case flows.OutSend:
	case flows.OutEdit:
		fmt.Fprintf(&b, " ✎ edits message %d", o.MessageID)
	case flows.OutCommands:
		var cmds []string
		for _, c := range o.Commands {
			cmds = append(cmds, "/"+c.Name+" "+c.Description)
		}
		fmt.Fprintf(&b, " ☰ %s\n", strings.Join(cmds, " · "))
		return b.String()
	case flows.OutUnbutton:
		b.WriteString(" ✂ the tapped message's buttons are removed\n")
		return b.String()
	case flows.OutFile, flows.OutPhoto:
	default:
		fmt.Fprintf(&b, " (%s)", o.Kind)
	}
	b.WriteString("\n")
	for _, line := range strings.Split(p.scrub(o.Text), "\n") {
		if o.Text != "" {
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	for _, row := range o.Buttons {
		var labels []string
		for _, btn := range row {
			labels = append(labels, "["+btn.Text+"]")
		}
		fmt.Fprintf(&b, "    %s\n", strings.Join(labels, " "))
	}
	if o.File != nil {
		b.WriteString(p.renderFile(o))
	}
	return b.String()
}

// renderFile shows a document as its name and its first sheet's first
// rows (read back with excelize, another reader than lamsach's own), a
// photo as its name and size.
func (p *play) renderFile(o flows.Out) string {
	if o.Kind == flows.OutPhoto {
		return fmt.Sprintf("    🖼 %s (%s)\n", o.File.Name, pngSize(o.File.Data))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "    📎 %s\n", o.File.Name)
	book, err := excelize.OpenReader(bytes.NewReader(fileData(o.File)))
	if err != nil {
		fmt.Fprintf(&b, "    ┆ (does not open as a workbook: %v)\n", err)
		return b.String()
	}
	defer book.Close()
	sheet := book.GetSheetList()[0]
	rows, err := book.GetRows(sheet)
	if err != nil {
		fmt.Fprintf(&b, "    ┆ (sheet %q does not read: %v)\n", sheet, err)
		return b.String()
	}
	const shown = 16
	n := 0
	for i, row := range rows {
		for len(row) > 0 && strings.TrimSpace(row[len(row)-1]) == "" {
			row = row[:len(row)-1]
		}
		if len(row) == 0 {
			continue
		}
		if n++; n <= shown {
			line := strings.ReplaceAll(strings.Join(row, " | "), "\n", "⏎")
			fmt.Fprintf(&b, "    ┆ %d: %s\n", i+1, line)
		}
	}
	if n > shown {
		fmt.Fprintf(&b, "    ┆ … %d more rows\n", n-shown)
	}
	fmt.Fprintf(&b, "    ┆ (sheet %q of %d, %d rows with content)\n", sheet, len(book.GetSheetList()), n)
	return b.String()
}

// scrub replaces invite codes, which are random, by stable labels.
func (p *play) scrub(s string) string {
	for _, m := range inviteCodeRe.FindAllStringSubmatch(s, -1) {
		if _, ok := p.codes[m[1]]; !ok {
			p.codes[m[1]] = fmt.Sprintf("‹code %d›", len(p.codes)+1)
		}
	}
	codes := make([]string, 0, len(p.codes))
	for c := range p.codes {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		s = strings.ReplaceAll(s, c, p.codes[c])
	}
	// /invites shows each code's first characters: random too.
	return codePrefixRe.ReplaceAllString(s, "$1 ‹prefix›…")
}

// codePrefixRe finds the code prefix /invites lists ("mã Z63G…").
var codePrefixRe = regexp.MustCompile(`(mã|code) [A-Za-z0-9_-]{4}…`)

// records writes every record of the commune, by id: what the database
// holds after the actions so far.
func (p *play) records() {
	p.t.Helper()
	recs := p.h.stRecords("")
	slices.SortFunc(recs, func(a, b flows.Record) int { return int(a.ID - b.ID) })
	villages := map[int64]string{0: "no village"}
	p.h.tx(func(ctx context.Context, tx *store.Tx) error {
		vs, err := tx.Villages(ctx, p.h.commune.ID)
		for _, v := range vs {
			villages[v.ID] = v.Name
		}
		return err
	})
	p.body.WriteString("= records\n")
	for _, r := range recs {
		state := string(r.State)
		if r.Outcome != "" {
			state += " (" + string(r.Outcome) + ")"
		}
		fmt.Fprintf(&p.body, "  #%d %s · %s · %s · %s · %s · %s · v%d\n", r.ID, r.Name, r.DOB, r.Gender,
			orDash(r.Fields.ID.Number), villages[r.VillageID], state, r.Version)
	}
	if len(recs) == 0 {
		p.body.WriteString("  (none)\n")
	}
	p.body.WriteString("\n")
}

// pngSize tells a chart's size, or why it is not a PNG.
func pngSize(data []byte) string {
	c, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "not a PNG: " + err.Error()
	}
	return fmt.Sprintf("PNG %d×%d", c.Width, c.Height)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// compare checks the transcript against its golden file, or rewrites the
// file with -update.
func (p *play) compare(name, about string) {
	p.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n#\n# Commune %s, villages %s and %s; the clock starts at %s.\n", about, p.h.commune.Name,
		p.h.dong.Name, p.h.tay.Name, time.Date(2026, 11, 27, 9, 0, 0, 0, hanoi).Format("15:04 02/01/2006"))
	for _, c := range p.cast {
		fmt.Fprintf(&b, "# %s\n", c)
	}
	b.WriteString("\n")
	b.WriteString(strings.TrimRight(p.body.String(), "\n") + "\n")
	got := b.String()
	path := filepath.Join("testdata", "transcripts", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			p.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			p.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		p.t.Fatalf("%v (run go test ./flows -run Transcripts -update to write it)", err)
	}
	if got != string(want) {
		p.t.Errorf("transcript %s differs from %s (-update rewrites it):\n%s", name, path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first lines where two transcripts part, with a little
// context.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	from := max(0, i-3)
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d\n", i+1)
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "  %s\n", wl[j])
	}
	for j := i; j < min(len(wl), i+8); j++ {
		fmt.Fprintf(&b, "- %s\n", wl[j])
	}
	for j := i; j < min(len(gl), i+8); j++ {
		fmt.Fprintf(&b, "+ %s\n", gl[j])
	}
	return b.String()
}
