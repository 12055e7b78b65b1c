package flows_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
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
		stationTranscripts, resendTranscripts, coordTranscripts, generalTranscripts, passportTranscripts} {
		all = append(all, set...)
	}
	seen := map[string]bool{}
	for _, tc := range all {
		if seen[tc.name] {
			t.Fatalf("two transcripts named %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each scenario has its own database
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
	// lastCode is the code of the last invite link the bot sent.
	lastCode string
	body     strings.Builder
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

// lastInvite returns the code of the last invite link the bot sent.
func (p *play) lastInvite() string {
	p.t.Helper()
	if p.lastCode == "" {
		p.t.Fatal("no invite link was sent")
	}
	return p.lastCode
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
		cmd, _, addressed := strings.Cut(cmd, "@") // as the transport reads "/next@lamsach_bot"
		p.act(who, line, flows.Event{Kind: flows.EventCommand, Command: strings.ToLower(cmd), Args: strings.TrimSpace(args),
			Addressed: addressed})
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
	for i := len(box) - 1; i >= 0; i-- {
		data, ok := "", false
		for _, row := range box[i].out.Buttons {
			for _, b := range row {
				labels = append(labels, b.Text)
				if b.Text == label && !ok {
					data, ok = b.Data, true
				}
			}
		}
		if !ok {
			continue
		}
		if nth--; nth > 0 {
			continue
		}
		line := who + " taps [" + label + "]"
		if i != lastWith(box, label) {
			line += fmt.Sprintf(" on an older message (%d before their last)", len(box)-1-i)
		}
		p.act(who, line, flows.Event{Kind: flows.EventButton, Data: data, MessageID: box[i].id})
		return
	}
	p.t.Fatalf("%s: no button %q on their messages; they have %q", who, rest, labels)
}

// lastWith is the index of the last message in box with a button labelled
// label.
func lastWith(box []received, label string) int {
	for i := len(box) - 1; i >= 0; i-- {
		for _, row := range box[i].out.Buttons {
			for _, b := range row {
				if b.Text == label {
					return i
				}
			}
		}
	}
	return -1
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
		if m := inviteCodeRe.FindAllStringSubmatch(o.Text, -1); m != nil {
			p.lastCode = m[len(m)-1][1]
		}
		box := p.inbox[o.ChatID]
		if o.Kind == flows.OutUnbutton {
			// Not a message: the tapped message loses its buttons.
			for i := range box {
				if box[i].id == o.MessageID {
					box[i].out.Buttons = nil
				}
			}
			p.body.WriteString(p.render(o))
			continue
		}
		p.inbox[o.ChatID] = append(box, received{id: len(box) + 1, out: o})
		p.body.WriteString(p.render(o))
	}
	p.body.WriteString("\n")
}
