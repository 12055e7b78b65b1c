package flows_test

import (
	"bytes"
	"context"
	"image/png"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lamsach/flows"
	"lamsach/store"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts under testdata/transcripts")

// transcript is one scenario: a conversation played through the Engine and
// compared, as text, with testdata/transcripts/<name>.txt.
type transcript struct {
	name  string
	about string // the file's first line: what the scenario shows
	play  func(p *play)
}

// TestTranscripts plays every scenario and compares its transcript with the
// golden file; go test -run Transcripts -update rewrites the files.
func TestTranscripts(t *testing.T) {
	var all []transcript
	for _, set := range [][]transcript{joinTranscripts, villageTranscripts, policeTranscripts,
		stationTranscripts, coordTranscripts, generalTranscripts} {
		all = append(all, set...)
	}
	seen := map[string]bool{}
	for _, tc := range all {
		if seen[tc.name] {
			t.Fatalf("two transcripts named %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			p := newPlay(t)
			tc.play(p)
			p.compare(tc.name, tc.about)
		})
	}
}

// play records what people do and what the bot sends back, in order.
type play struct {
	t     *testing.T
	h     *harness
	cast  []string             // "An — village member, Thôn Đông", in order of joining
	names map[int64]string     // Telegram id → name
	inbox map[int64][]received // chat → the messages it got while recording
	codes map[string]string    // invite code → the label shown instead
	files map[string][]byte    // files people can send, besides ../testdata
	body  strings.Builder
}

// received is a message a chat got, with the id Telegram would give it.
type received struct {
	id  int
	out flows.Out
}

func newPlay(t *testing.T) *play {
	return &play{t: t, h: newHarness(t), names: map[int64]string{}, inbox: map[int64][]received{},
		codes: map[string]string{}, files: map[string][]byte{}}
}

// join makes name a member with a fresh invite, off the record.
func (p *play) join(name string, tg int64, role flows.Role, villages ...int64) {
	p.t.Helper()
	p.h.join(name, tg, role, villages...)
	p.person(name, tg, roleLabel(role)+p.villageList(villages))
}

// person names a Telegram id for the transcript (strangers too).
func (p *play) person(name string, tg int64, what string) {
	p.h.people[name] = tg
	p.names[tg] = name
	p.cast = append(p.cast, name+" — "+what)
}

func roleLabel(r flows.Role) string {
	switch r {
	case flows.RoleVillage:
		return "village member"
	case flows.RolePolice:
		return "commune police"
	case flows.RoleStation:
		return "health station"
	case flows.RoleCoordinator:
		return "coordinator"
	}
	return string(r)
}

func (p *play) villageList(ids []int64) string {
	var names []string
	for _, id := range ids {
		switch id {
		case p.h.dong.ID:
			names = append(names, p.h.dong.Name)
		case p.h.tay.ID:
			names = append(names, p.h.tay.Name)
		default:
			names = append(names, "village "+itoa(id))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return ", " + strings.Join(names, ", ")
}

// invite makes an invite code as the operator and names it in the
// transcript by label.
func (p *play) invite(label string, role flows.Role, villages ...int64) string {
	code := p.h.invite(role, villages...)
	p.codes[code] = "‹" + label + "›"
	return code
}

// inviteLink finds invite codes in the bot's messages.
var inviteCodeRe = regexp.MustCompile(`start=([A-Za-z0-9_-]+)`)

// lastInvite returns the code of the last invite link sent to anyone.
func (p *play) lastInvite() string {
	p.t.Helper()
	var code string
	for _, box := range p.inbox {
		for _, r := range box {
			if m := inviteCodeRe.FindAllStringSubmatch(r.out.Text, -1); m != nil {
				code = m[len(m)-1][1]
			}
		}
	}
	if code == "" {
		p.t.Fatal("no invite link was sent")
	}
	return code
}

// note writes a line of narration: what happened outside the chats.
func (p *play) note(format string, args ...any) {
	fmt.Fprintf(&p.body, "~ %s\n\n", fmt.Sprintf(format, args...))
}

// run plays a script, one action a line:
//
//	An: /next            a command (anything starting with "/")
//	An: nguyễn văn an    a text message
//	An [✅ Đúng hết]      a tap on the button so labelled, on An's last
//	                     message that has it; "^2" after it: the one before
//	Mai 📎 list.xlsx     a file (from p.files or ../testdata)
//	An ✎ text            an edited message
//	An (sticker)         a sticker
//	⏱ +11m               the clock moves on
//	# words              narration
func (p *play) run(script string) {
	p.t.Helper()
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			p.note("%s", strings.TrimSpace(line[1:]))
		case strings.HasPrefix(line, "⏱ +"):
			d, err := time.ParseDuration(strings.TrimPrefix(line, "⏱ +"))
			if err != nil {
				p.t.Fatalf("%q: %v", line, err)
			}
			p.h.clock.Add(d)
			p.note("%s later: %s", strings.TrimPrefix(line, "⏱ +"), p.h.clock.Now().In(hanoi).Format("15:04 02/01/2006"))
		default:
			p.step(line)
		}
	}
}

// step plays one action line of a script.
func (p *play) step(line string) {
	p.t.Helper()
	who, rest, ok := strings.Cut(line, " ")
	if name, text, colon := strings.Cut(line, ": "); colon && !strings.Contains(name, " ") {
		who, rest, ok = name, ": "+text, true
	}
	if !ok {
		p.t.Fatalf("script line %q: no action", line)
	}
	switch {
	case strings.HasPrefix(rest, ": /"):
		cmd, args, _ := strings.Cut(strings.TrimPrefix(rest, ": /"), " ")
		p.act(who, line, flows.Event{Kind: flows.EventCommand, Command: strings.ToLower(cmd), Args: strings.TrimSpace(args)})
	case strings.HasPrefix(rest, ": "):
		p.act(who, line, flows.Event{Kind: flows.EventText, Text: strings.TrimPrefix(rest, ": ")})
	case strings.HasPrefix(rest, "["):
		p.tap(who, rest)
	case strings.HasPrefix(rest, "📎 "):
		p.send(who, strings.TrimPrefix(rest, "📎 "))
	case strings.HasPrefix(rest, "✎ "):
		p.act(who, who+" edits a sent message to: "+strings.TrimPrefix(rest, "✎ "),
			flows.Event{Kind: flows.EventEdited, Text: strings.TrimPrefix(rest, "✎ ")})
	case rest == "(sticker)":
		p.act(who, who+" sends a sticker", flows.Event{Kind: flows.EventOther})
	default:
		p.t.Fatalf("script line %q: unknown action", line)
	}
}

// tap presses a button by its label, as "[label]" or "[label] ^n" (the
// n-th last of the person's messages with that button).
func (p *play) tap(who, rest string) {
	p.t.Helper()
	end := strings.LastIndex(rest, "]")
	if end < 0 {
		p.t.Fatalf("%s %s: no closing ]", who, rest)
	}
	label, nth := rest[1:end], 1
	if more := strings.TrimSpace(rest[end+1:]); more != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(more, "^"))
		if err != nil || !strings.HasPrefix(more, "^") || n < 1 {
			p.t.Fatalf("%s %s: want [label] or [label] ^n", who, rest)
		}
		nth = n
	}
	box := p.inbox[p.h.people[who]]
	var labels []string
	for i, left := len(box)-1, nth; i >= 0; i-- {
		data, ok := "", false
		for _, row := range box[i].out.Buttons {
			for _, b := range row {
				labels = append(labels, b.Text)
				if b.Text == label && !ok {
					data, ok = b.Data, true
				}
			}
		}
		if left -= btoi(ok); !ok || left > 0 {
			continue
		}
		line := who + " taps [" + label + "]"
		if nth > 1 {
			line += fmt.Sprintf(" on an older message (the %s last one with it)", ordinal(nth))
		}
		p.act(who, line, flows.Event{Kind: flows.EventButton, Data: data, MessageID: box[i].id})
		return
	}
	p.t.Fatalf("%s: no button %q on their messages; they have %q", who, rest, labels)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ordinal(n int) string {
	switch n {
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return strconv.Itoa(n) + "th"
}

// send makes who send a file by name.
func (p *play) send(who, name string) {
	p.t.Helper()
	data, ok := p.files[name]
	if !ok {
		data = stFixture(p.t, name)
	}
	mime := map[string]string{".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".xls": "application/vnd.ms-excel", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
		".csv": "text/csv", ".jpg": "image/jpeg", ".pdf": "application/pdf"}[filepath.Ext(name)]
	line := fmt.Sprintf("%s sends 📎 %s (%d KB)", who, name, (len(data)+1023)/1024)
	p.act(who, line, flows.Event{Kind: flows.EventDocument,
		Doc: &flows.Document{Name: name, MIME: mime, Size: int64(len(data)), Data: data}})
}

// act plays one event from who, writing the action line and every message
// it caused.
func (p *play) act(who, line string, ev flows.Event) []flows.Out {
	p.t.Helper()
	if strings.HasPrefix(who, "group:") {
		line = strings.Replace(line, who, strings.TrimPrefix(who, "group:")+" (in a group chat)", 1)
	}
	// An invisible byte-order mark, as phones paste it, is shown.
	fmt.Fprintf(&p.body, "%s\n", strings.ReplaceAll(p.scrub(line), "\ufeff", "‹BOM›"))
	outs := p.h.handle(who, ev)
	p.write(outs)
	return outs
}

// tick sends the clock's event at local time at.
func (p *play) tick(at time.Time) {
	p.t.Helper()
	fmt.Fprintf(&p.body, "⏰ the clock ticks at %s\n", at.In(hanoi).Format("15:04 02/01/2006"))
	p.write(p.h.tick(at))
}

// write renders the messages one action caused, and files them in the
// recipients' inboxes.
func (p *play) write(outs []flows.Out) {
	p.t.Helper()
	if len(outs) == 0 {
		p.body.WriteString("  (no answer)\n")
	}
	for _, o := range outs {
		box := p.inbox[o.ChatID]
		p.inbox[o.ChatID] = append(box, received{id: len(box) + 1, out: o})
		p.body.WriteString(p.render(o))
	}
	p.body.WriteString("\n")
}

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
	book, err := excelize.OpenReader(bytes.NewReader(o.File.Data))
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
	return s
}

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
