package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"lamsach/bot/telegramtest"
)

// asMain makes the test binary act as the lamsach command, so tests can
// run "lamsach serve" and "lamsach audit verify" as child processes
// without building anything.
const asMain = "LAMSACH_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		main()
	}
	os.Exit(m.Run())
}

func TestChaosSchedule(t *testing.T) {
	for _, tc := range []struct {
		rounds        int
		kinds         string
		kills, others int
	}{
		{26, "all", 21, 5},
		{380, "all", 304, 76},
		{10, "kill", 10, 0},
		{4, "redis,slow", 0, 4},
		{3, "kill,429,5xx", 1, 2},
	} {
		kinds, err := parseFaults(tc.kinds)
		if err != nil {
			t.Fatal(err)
		}
		sched, err := chaosSchedule(tc.rounds, kinds, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, k := range sched {
			n[k]++
		}
		if n["kill"] != tc.kills || len(sched)-n["kill"] != tc.others {
			t.Errorf("%d rounds of %s: %v; want %d kills and %d others", tc.rounds, tc.kinds, n, tc.kills, tc.others)
		}
		for _, k := range kinds {
			if n[k] == 0 {
				t.Errorf("%d rounds of %s: no %s round in %v", tc.rounds, tc.kinds, k, sched)
			}
		}
	}
	if _, err := parseFaults("kill,fire"); err == nil {
		t.Error("parseFaults accepted an unknown kind")
	}
	kinds, _ := parseFaults("all")
	if _, err := chaosSchedule(3, kinds, rand.New(rand.NewPCG(1, 2))); err == nil {
		t.Error("3 rounds cannot hold five faults besides kill, but the schedule was made")
	}
}

// judged runs the checks on one village member's acts and chat.
func judged(acts []chaosAct, msgs []telegramtest.Message, d *chaosDB) *chaosReport {
	r := newChaosReport(&chaos{})
	r.judgeActs(1, acts, false, msgs, d.byChat[1], d)
	r.judgeChat(d.byChat[1])
	r.judgeEffects(d)
	r.Integrity, r.AuditOK = "ok", true
	return r
}

// A village member opens a record and confirms it: two acts, three
// messages, each recorded by the outbox.
func confirmOnce() ([]chaosAct, []telegramtest.Message, *chaosDB) {
	acts := []chaosAct{{Update: 10, Kind: "next", From: 0}, {Update: 11, Kind: "ok", From: 1, Record: 7}}
	card := telegramtest.Message{ID: 1, Text: "Hồ sơ 1/4 · Thôn 1"}
	ack := telegramtest.Message{ID: 2, Text: acks[0]}
	next := telegramtest.Message{ID: 3, Text: "Hồ sơ 2/4 · Thôn 1"}
	rows := []outboxRow{
		{id: 1, chat: 1, update: 10, kind: "send", state: "sent", message: 1},
		{id: 2, chat: 1, update: 11, kind: "send", state: "sent", message: 2},
		{id: 3, chat: 1, update: 11, kind: "send", state: "sent", message: 3},
	}
	d := &chaosDB{outcome: map[int64]string{10: "ok", 11: "ok"},
		replies: map[int64][]outboxRow{10: rows[:1], 11: rows[1:]},
		byChat:  map[int64][]outboxRow{1: rows},
		applied: map[string]map[int64]int{"reviewed": {7: 1}, "confirmed": {}}}
	return acts, []telegramtest.Message{card, ack, next}, d
}

func TestChaosJudgePasses(t *testing.T) {
	acts, msgs, d := confirmOnce()
	r := judged(acts, msgs, d)
	if err := r.verdict(); err != nil {
		t.Fatalf("a clean run fails: %v", err)
	}
	if r.Answered != 2 || r.Delivered != 3 || r.VillageAcks != 1 || r.Reviews != 1 {
		t.Errorf("figures of a clean run: %+v", r)
	}

	// A notice someone else's action sent to this chat is not a reply to
	// this person's act.
	notice := outboxRow{id: 4, chat: 1, update: 99, kind: "send", state: "sent", message: 4}
	d.byChat[1] = append(d.byChat[1], notice)
	r = judged(acts, append(msgs, telegramtest.Message{ID: 4, Text: "Hồ sơ bị trả lại"}), d)
	if err := r.verdict(); err != nil {
		t.Errorf("a notice from another update counted against the act: %v", err)
	}

	// A command after the sessions came back empty: the notice of the
	// cut, then the command's answer, is one answer.
	rows := []outboxRow{
		{id: 1, chat: 1, update: 10, kind: "send", state: "sent", message: 1},
		{id: 2, chat: 1, update: 10, kind: "send", state: "sent", message: 2},
	}
	d = &chaosDB{outcome: map[int64]string{10: "ok"}, replies: map[int64][]outboxRow{10: rows},
		byChat: map[int64][]outboxRow{1: rows}, applied: map[string]map[int64]int{"reviewed": {}, "confirmed": {}}}
	msgs = []telegramtest.Message{{ID: 1, Text: sessionLost}, {ID: 2, Text: "Hồ sơ 1/4 · Thôn 1"}}
	if r := judged([]chaosAct{{Update: 10, Kind: "next"}}, msgs, d); r.verdict() != nil || r.Answered != 1 {
		t.Errorf("a command answered after the notice of a lost session: %v, %d answered", r.verdict(), r.Answered)
	}

	// A reply given up on as uncertain that did reach the chat is neither
	// lost nor doubled: the person has it once.
	acts, msgs, d = confirmOnce()
	d.replies[11][1].state, d.replies[11][1].reason = "dropped", "uncertain: connection reset"
	r = judged(acts, msgs, d)
	if err := r.verdict(); err != nil || r.Copies != 0 {
		t.Errorf("an uncertain reply that arrived: verdict %v, %d copies; want a pass", err, r.Copies)
	}

	// …and when that reply is the acknowledgement, it counts.
	acts, msgs, d = confirmOnce()
	d.replies[11][0].state, d.replies[11][0].reason = "dropped", "uncertain: connection reset"
	r = judged(acts, msgs, d)
	if err := r.verdict(); err != nil || r.VillageAcks != 1 || r.AckCopies != 0 {
		t.Errorf("an uncertain acknowledgement that arrived: verdict %v, %d acks, %d copies of acks; want a pass, 1, 0",
			err, r.VillageAcks, r.AckCopies)
	}
}

// TestChaosJudgeCatches breaks the clean run in each way the harness must
// notice and checks it is noticed, and counted where it belongs.
func TestChaosJudgeCatches(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(acts *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB)
		want   func(r *chaosReport) bool
	}{
		{"update never handled", func(_ *[]chaosAct, _ *[]telegramtest.Message, d *chaosDB) {
			delete(d.outcome, 11)
		}, func(r *chaosReport) bool { return r.Losses["never handled"] == 1 }},
		{"update set aside", func(_ *[]chaosAct, _ *[]telegramtest.Message, d *chaosDB) {
			d.outcome[11] = "poison"
		}, func(r *chaosReport) bool { return r.Losses["set aside"] == 1 }},
		{"reply dropped", func(_ *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			d.replies[11][1].state, d.replies[11][1].reason = "dropped", "uncertain: timeout"
			*msgs = (*msgs)[:2]
		}, func(r *chaosReport) bool { return r.Losses["reply dropped"] == 1 && r.DropReasons["uncertain"] == 1 }},
		{"reply dropped as uncertain, the person told: reported, not lost", func(_ *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			d.replies[11][1].state, d.replies[11][1].reason = "dropped", "uncertain: timeout"
			notice := outboxRow{id: 4, chat: 1, update: 11, kind: "send", state: "sent", message: 4}
			d.replies[11] = append(d.replies[11], notice)
			d.byChat[1] = append(d.byChat[1], notice)
			*msgs = append((*msgs)[:2], telegramtest.Message{ID: 4, Text: uncertainNotice})
			// …and a reply dropped in another act, with no notice, is lost.
			d.replies[10][0].state = "dropped"
			*msgs = (*msgs)[1:]
		}, func(r *chaosReport) bool {
			return r.Reported == 1 && r.Losses["reply dropped"] == 1 && r.Answered == 1
		}},
		{"reply still queued", func(_ *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			d.replies[11][1].state = "pending"
			*msgs = (*msgs)[:2]
		}, func(r *chaosReport) bool { return r.Undelivered == 1 && r.Losses["reply still queued"] == 1 }},
		{"reply recorded as sent, not in the chat", func(_ *[]chaosAct, msgs *[]telegramtest.Message, _ *chaosDB) {
			*msgs = (*msgs)[:2]
		}, func(r *chaosReport) bool { return r.Losses["reply missing"] == 1 }},
		{"second copy of a reply", func(_ *[]chaosAct, msgs *[]telegramtest.Message, _ *chaosDB) {
			m := *msgs
			*msgs = []telegramtest.Message{m[0], m[1], {ID: 3, Text: m[2].Text}, {ID: 4, Text: m[2].Text}}
			// The outbox recorded the second send, message 4.
		}, func(r *chaosReport) bool { return r.Copies == 1 && r.Doubles == 1 }},
		{"second copy, the person moved on before the recorded one came", func(acts *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			// The first send of the card (message 3) reached the chat but
			// was not recorded; the person asked for progress at once; the
			// card was sent again (message 4, recorded), then the answer.
			m := *msgs
			*msgs = []telegramtest.Message{m[0], m[1], {ID: 3, Text: m[2].Text}, {ID: 4, Text: m[2].Text}, {ID: 5, Text: "Tiến độ"}}
			*acts = append(*acts, chaosAct{Update: 12, Kind: "progress", From: 3})
			d.replies[11][1].message = 4
			d.outcome[12] = "ok"
			row := outboxRow{id: 4, chat: 1, update: 12, kind: "send", state: "sent", message: 5}
			d.replies[12] = []outboxRow{row}
			d.byChat[1] = append(d.byChat[1], row)
		}, func(r *chaosReport) bool { return r.Copies == 1 && r.Doubles == 1 && r.lost() == 0 && r.Answered == 2 }},
		{"second copy, the person took the recorded one as the next act's answer", func(acts *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			// As above, but the recorded send of the card (message 4)
			// came before the progress answer: the person took it as
			// that answer and asked again, so every later reply came
			// one act late. Only the copy is a problem, not each later
			// act.
			m := *msgs
			*msgs = []telegramtest.Message{m[0], m[1], {ID: 3, Text: m[2].Text}, {ID: 4, Text: m[2].Text},
				{ID: 5, Text: "Tiến độ"}, {ID: 6, Text: "Tiến độ"}}
			*acts = append(*acts, chaosAct{Update: 12, Kind: "progress", From: 3}, chaosAct{Update: 13, Kind: "progress", From: 4})
			d.replies[11][1].message = 4
			for u, msg := range map[int64]int{12: 5, 13: 6} {
				d.outcome[u] = "ok"
				row := outboxRow{id: u, chat: 1, update: u, kind: "send", state: "sent", message: msg}
				d.replies[u] = []outboxRow{row}
			}
			d.byChat[1] = append(d.byChat[1], d.replies[12][0], d.replies[13][0])
		}, func(r *chaosReport) bool { return r.Copies == 1 && r.Doubles == 1 && r.lost() == 0 && r.Answered == 3 }},
		{"acknowledged twice", func(_ *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			m := *msgs
			*msgs = []telegramtest.Message{m[0], m[1], {ID: 3, Text: acks[0]}, {ID: 4, Text: m[2].Text}}
			extra := outboxRow{id: 4, chat: 1, update: 11, kind: "send", state: "sent", message: 4}
			d.byChat[1] = append(d.byChat[1], extra)
			d.replies[11] = append(d.replies[11], extra)
		}, func(r *chaosReport) bool {
			return r.Doubles == 1 && r.Copies == 0 && r.VillageAcks == 1 && r.AckedUnsaved == 0
		}},
		{"second copy of an acknowledgement among a later tap's replies", func(acts *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			// After a kill the acknowledgement of the save was shown
			// again, unrecorded (message 4), after the person's next tap
			// (update 12, on a card that had changed: no save, no
			// acknowledgement). One copy; no save acknowledged that was
			// not made.
			m := *msgs
			*msgs = append(m, telegramtest.Message{ID: 4, Text: acks[0]}, telegramtest.Message{ID: 5, Text: "Hồ sơ đã thay đổi"})
			*acts = append(*acts, chaosAct{Update: 12, Kind: "ok", From: 3})
			d.outcome[12] = "ok"
			row := outboxRow{id: 4, chat: 1, update: 12, kind: "send", state: "sent", message: 5}
			d.replies[12] = []outboxRow{row}
			d.byChat[1] = append(d.byChat[1], row)
		}, func(r *chaosReport) bool {
			return r.Copies == 1 && r.Doubles == 1 && r.VillageAcks == 1 && r.AckedUnsaved == 0 && r.lost() == 0
		}},
		{"second copy of an acknowledgement in a later act's replies", func(acts *[]chaosAct, msgs *[]telegramtest.Message, d *chaosDB) {
			// The card after the first save went out twice (message 3
			// not recorded): the person pressed the copy (act 12), then
			// took the recorded card (4) as act 12's answer and pressed
			// it again (act 13), one reply behind. Act 12's acknowledgement
			// went out twice too: its first send (5, not recorded) came
			// after act 13 began, whose own answer is "already done".
			// Two saves, two acknowledgements, not three.
			m := *msgs
			next, third := m[2].Text, "Hồ sơ 3/4 · Thôn 1"
			*msgs = []telegramtest.Message{m[0], m[1], {ID: 3, Text: next}, {ID: 4, Text: next}, {ID: 5, Text: acks[0]},
				{ID: 6, Text: acks[0]}, {ID: 7, Text: third}, {ID: 8, Text: "Hồ sơ này đã xong"}}
			*acts = append(*acts, chaosAct{Update: 12, Kind: "ok", From: 3, Record: 8}, chaosAct{Update: 13, Kind: "ok", From: 4, Record: 8})
			d.replies[11][1].message = 4
			rows := []outboxRow{{id: 4, chat: 1, update: 12, kind: "send", state: "sent", message: 6},
				{id: 5, chat: 1, update: 12, kind: "send", state: "sent", message: 7},
				{id: 6, chat: 1, update: 13, kind: "send", state: "sent", message: 8}}
			d.outcome[12], d.outcome[13] = "ok", "ok"
			d.replies[12], d.replies[13] = rows[:2], rows[2:]
			d.byChat[1] = append(d.byChat[1], rows...)
			d.applied["reviewed"][8] = 1
		}, func(r *chaosReport) bool {
			return r.Copies == 2 && r.VillageAcks == 2 && r.AckCopies == 1 && r.AckedUnsaved == 0 && r.lost() == 0
		}},
		{"the acknowledged record is not the one saved", func(_ *[]chaosAct, _ *[]telegramtest.Message, d *chaosDB) {
			delete(d.applied["reviewed"], 7)
			d.applied["reviewed"][9] = 1
		}, func(r *chaosReport) bool {
			return r.AckedUnsaved == 1 && r.VillageAcks == 1 && r.Reviews == 1 &&
				slices.Contains(r.Notes, "update 11: record 7 acknowledged as reviewed, not in the audit log")
		}},
		{"out of order", func(_ *[]chaosAct, _ *[]telegramtest.Message, d *chaosDB) {
			d.byChat[1][1].message, d.byChat[1][2].message = 3, 2
		}, func(r *chaosReport) bool { return r.OutOfOrder == 1 }},
		{"notice to another chat not sent", func(_ *[]chaosAct, _ *[]telegramtest.Message, d *chaosDB) {
			d.replies[11] = append(d.replies[11], outboxRow{id: 4, chat: 2, update: 11, kind: "send", state: "pending"})
		}, func(r *chaosReport) bool { return r.Losses["reply still queued"] == 1 }},
		{"save applied twice", func(_ *[]chaosAct, _ *[]telegramtest.Message, d *chaosDB) {
			d.applied["reviewed"][7] = 2
		}, func(r *chaosReport) bool { return r.Twice == 1 }},
		{"save acknowledged, not made", func(_ *[]chaosAct, _ *[]telegramtest.Message, d *chaosDB) {
			delete(d.applied["reviewed"], 7)
		}, func(r *chaosReport) bool { return r.AckedUnsaved == 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts, msgs, d := confirmOnce()
			tc.change(&acts, &msgs, d)
			r := judged(acts, msgs, d)
			if r.verdict() == nil {
				t.Fatalf("the verdict passes a run with %s", tc.name)
			}
			if !tc.want(r) {
				t.Errorf("%s counted wrong: losses %v, doubles %d, copies %d, out of order %d, twice %d, acks %d (copies %d), acked unsaved %d",
					tc.name, r.Losses, r.Doubles, r.Copies, r.OutOfOrder, r.Twice, r.VillageAcks, r.AckCopies, r.AckedUnsaved)
			}
		})
	}
}

// TestChaosRun runs the harness for real, briefly: the server as a child
// process under faults it must survive on every version, then the checks.
func TestChaosRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cfg := chaosConfig{Rounds: 3, Seed: 7, Faults: []string{"429", "5xx", "slow"}, Members: 2, Records: 200,
		Settle: time.Minute, Dir: t.TempDir(), Bin: exe, Env: []string{asMain + "=1"}}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := runChaos(ctx, &out, cfg); err != nil {
		t.Fatalf("chaos: %v\n%s", err, out.String())
	}
	t.Log(out.String())
	for _, want := range []string{"Rounds                             3 (429 1, 5xx 1, slow 1)",
		"audit log intact", "Verdict: PASS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the figures lack %q:\n%s", want, out.String())
		}
	}
}

// TestChaosCopyChargedToTheKill: a second copy of a reply comes only from
// a SIGKILL's window, so it is charged to the last kill even when a
// shorter fault (here a 429 storm) came between the kill and the act, and
// --kill-copies-ok excuses it.
func TestChaosCopyChargedToTheKill(t *testing.T) {
	acts, msgs, d := confirmOnce()
	m := msgs
	msgs = []telegramtest.Message{m[0], m[1], {ID: 3, Text: m[2].Text}, {ID: 4, Text: m[2].Text}}
	now := time.Now()
	acts[1].Sent, acts[1].Answered = now, now.Add(time.Second)
	c := &chaos{events: []chaosEvent{
		{Kind: "kill", At: now.Add(-10 * time.Second), End: now.Add(-9 * time.Second)},
		{Kind: "429", At: now.Add(-5 * time.Second), End: now.Add(-2 * time.Second)},
	}}
	r := newChaosReport(c)
	r.KillCopiesOK = true
	r.judgeActs(1, acts, false, msgs, d.byChat[1], d)
	r.judgeChat(d.byChat[1])
	r.judgeEffects(d)
	r.Integrity, r.AuditOK = "ok", true
	if r.Copies != 1 || r.DoublesAfter["kill"] != 1 || r.DoublesAfter["429"] != 0 {
		t.Errorf("copy charged to %v, %d copies; want the kill", r.DoublesAfter, r.Copies)
	}
	if err := r.verdict(); err != nil {
		t.Errorf("with --kill-copies-ok: %v, want a pass", err)
	}
}

// A second copy is put down to the kill after the act, not to a fault that
// began later, before the answer came: only a kill makes copies, so with
// --kill-copies-ok it must not fail the run.
func TestChaosCopyAfterKillThenSlow(t *testing.T) {
	acts, msgs, d := confirmOnce()
	m := msgs
	msgs = []telegramtest.Message{m[0], m[1], {ID: 3, Text: m[2].Text}, {ID: 4, Text: m[2].Text}}
	t0 := time.Now()
	acts[1].Sent, acts[1].Answered = t0, t0.Add(5*time.Second)
	r := newChaosReport(&chaos{cfg: chaosConfig{KillCopiesOK: true}, events: []chaosEvent{
		{Kind: "kill", At: t0.Add(time.Second), End: t0.Add(2 * time.Second)},
		{Kind: "slow", At: t0.Add(3 * time.Second), End: t0.Add(4 * time.Second)},
	}})
	r.judgeActs(1, acts, false, msgs, d.byChat[1], d)
	r.judgeEffects(d)
	r.Integrity, r.AuditOK = "ok", true
	if r.DoublesAfter["kill"] != 1 || r.verdict() != nil {
		t.Errorf("copy after a kill then a slow fault: doubles by fault %v, verdict %v", r.DoublesAfter, r.verdict())
	}
}
