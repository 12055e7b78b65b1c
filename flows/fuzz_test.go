package flows_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"lamsach/flows"
)

// FuzzConversation drives a village member and a police officer with an
// arbitrary sequence of texts, commands and button presses (made-up data
// included). Whatever they do, the bot answers, never fails, never panics,
// and every message fits Telegram's limits. (Each run opens a SQLite file,
// so long fuzzing is slow; TestRandomConversations walks many scripts.)
func FuzzConversation(f *testing.F) {
	f.Add("c next|b ok|t hello|c find nguyen|b ed::name|t Nguyễn Văn An|b save|c where|c cancel")
	f.Add("c review|b pok|b pret|t note|c sign|b psign|c pending|b x:1:1:zz")
	f.Add("b ed:1:1:dob|t 31/02/1990|t 15/05/20|t 05/13/1990|b more|b qr:1:1|t 001090123456||A|01011990|Nam|x|01012020")
	f.Add("c lang en|c next|b nf:1:1|b nfr:1:1:moved|t \x00\xff|b nfs:1:1|c progress")
	f.Fuzz(playScript)
}

// TestRandomConversations plays 100 random scripts of real and made-up
// actions, the same ones each run.
func TestRandomConversations(t *testing.T) {
	steps := []string{"c next", "b ok", "t hello", "c find nguyen", "b ed::name", "t Nguyễn Văn An", "b save",
		"c where", "c cancel", "c review", "b pok", "b pret", "t note", "c sign", "b psign", "c pending",
		"b x:1:1:zz", "b ed::dob", "t 31/02/1990", "t 12/05/1990", "b more", "b qr::", "c help",
		"t 001090123456||NGUYỄN VĂN AN|01011990|Nam|Thôn Đông|01012020", "c lang en", "c lang vi", "b nf::",
		"b nfr::moved", "b nfs::", "c progress", "b psgy", "b prs::typo", "b pedit::", "b g::male", "b drop",
		"b back::", "b later::", "b open::", "b pnext:0:0", "t", "c", "b", "c start x", "c export"}
	r := rand.New(rand.NewPCG(2262, 6))
	for range 100 {
		parts := make([]string, 1+r.IntN(15))
		for i := range parts {
			parts[i] = steps[r.IntN(len(steps))]
		}
		script := strings.Join(parts, "|")
		t.Run("", func(t *testing.T) { playScript(t, script) })
	}
}

// playScript plays one script: steps separated by "|", each "c cmd args",
// "b data" (with "::" standing for ":<record id>:<its version>:") or
// "t text"; every third step is the officer's.
func playScript(t *testing.T, script string) {
	if len(script) > 2000 {
		return
	}
	h := newHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.join("ca", 102, flows.RolePolice)
	rec := h.record(h.dong.ID, "Nguyen Van An", "1990-05", "male", "001090012345")
	h.markReviewed(h.record(h.dong.ID, "Lê Thị Ba", "1980", "female", "").ID, "an", flows.OutcomeUnchanged, "")
	for i, step := range strings.Split(script, "|") {
		who := "an"
		if i%3 == 2 {
			who = "ca"
		}
		kind, arg, _ := strings.Cut(step, " ")
		var ev flows.Event
		switch kind {
		case "c":
			cmd, args, _ := strings.Cut(arg, " ")
			ev = flows.Event{Kind: flows.EventCommand, Command: cmd, Args: args}
		case "b":
			cur := h.get(rec.ID)
			ev = flows.Event{Kind: flows.EventButton, Data: strings.Replace(arg, "::", ":"+itoa(rec.ID)+":"+itoa(cur.Version)+":", 1)}
		default:
			ev = flows.Event{Kind: flows.EventText, Text: arg}
		}
		outs := h.handle(who, ev) // fails the test on a system error
		if len(outs) == 0 {
			t.Errorf("step %q of %q: no answer", step, script)
		}
		for _, o := range outs {
			if n := utf8.RuneCountInString(o.Text); n > 4096 {
				t.Errorf("step %q: a message of %d characters", step, n)
			}
			for _, row := range o.Buttons {
				for _, b := range row {
					if len(b.Data) == 0 || len(b.Data) > 64 {
						t.Errorf("step %q: button %q has %d bytes of data", step, b.Text, len(b.Data))
					}
				}
			}
		}
	}
}
