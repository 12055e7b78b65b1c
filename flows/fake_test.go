package flows_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sessiontest"
	"lamsach/flows/vn"
)

// fakeVillage is the part of the storage a village member's review uses,
// in memory: the conversation is played through the Engine without SQL,
// where SQL is not the point. It embeds flows.Repo so it satisfies the
// whole interface; a call to anything the village's conversation does not
// use would reach the nil interface and fail the test loudly.
type fakeVillage struct {
	flows.Repo
	now     time.Time
	member  flows.Member
	village flows.Village
	recs    map[int64]flows.Record
	seen    map[int64]bool
	outs    []flows.Out
	changes []flows.Change
}

func (f *fakeVillage) Now() time.Time { return f.now }
func (f *fakeVillage) MarkUpdate(_ context.Context, id int64) (bool, error) {
	first := !f.seen[id]
	f.seen[id] = true
	return first, nil
}
func (f *fakeVillage) Enqueue(_ context.Context, _ int64, outs []flows.Out) error {
	f.outs = append(f.outs, outs...)
	return nil
}
func (f *fakeVillage) MemberByTelegram(_ context.Context, tg int64) (flows.Member, error) {
	if tg != f.member.TelegramID {
		return flows.Member{}, flows.ErrNotFound
	}
	return f.member, nil
}
func (f *fakeVillage) Member(context.Context, int64) (flows.Member, error) { return f.member, nil }
func (f *fakeVillage) Villages(context.Context, int64) ([]flows.Village, error) {
	return []flows.Village{f.village}, nil
}
func (f *fakeVillage) Counts(context.Context, flows.Actor) (map[int64]map[flows.State]int, error) {
	out := map[int64]map[flows.State]int{f.village.ID: {}}
	for _, r := range f.recs {
		out[f.village.ID][r.State]++
	}
	return out, nil
}
func (f *fakeVillage) Record(_ context.Context, _ flows.Actor, id int64) (flows.Record, error) {
	r, ok := f.recs[id]
	if !ok {
		return r, flows.ErrNotFound
	}
	return r, nil
}
func (f *fakeVillage) Queue(_ context.Context, _ flows.Actor, skip []int64, limit int) ([]flows.Record, error) {
	var out []flows.Record
	for id := int64(1); id <= int64(len(f.recs)); id++ {
		if r := f.recs[id]; flows.Can(flows.RoleVillage, flows.ActReview, r.State) && len(out) < limit {
			out = append(out, r)
		}
	}
	return out, nil
}
func (f *fakeVillage) SameID(context.Context, flows.Actor, string, int64) ([]flows.Twin, error) {
	return nil, nil
}

// ChangeRecord applies the lifecycle as the store does, in memory.
func (f *fakeVillage) ChangeRecord(_ context.Context, a flows.Actor, ch flows.Change) (flows.Record, error) {
	old := f.recs[ch.Record]
	t, ok := flows.Move(old.State, a.Role, ch.Action)
	if !ok || old.Version != ch.Version {
		return old, flows.ErrConflict
	}
	rec, err := t.Apply(old, ch, a.MemberID, f.now)
	if err != nil {
		return old, err
	}
	rec.Version++
	f.recs[rec.ID], f.changes = rec, append(f.changes, ch)
	return rec, nil
}

// fakeStore runs each update on the fake, as store.Flows runs it on SQLite.
type fakeStore struct{ r *fakeVillage }

func (s fakeStore) Update(ctx context.Context, fn func(context.Context, flows.Repo) error) error {
	return fn(ctx, s.r)
}

// TestTranscriptOnFakes plays a village member's review through the Engine
// on in-memory fakes and compares it with its golden transcript.
func TestTranscriptOnFakes(t *testing.T) {
	now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	village := flows.Village{ID: 1, CommuneID: 1, Name: "Thôn Đông"}
	f := flows.Fields{Name: "Nguyen Van Bay", DOB: vn.Date{Year: 1984}, Gender: vn.Male}
	repo := &fakeVillage{now: now, village: village, seen: map[int64]bool{},
		member: flows.Member{ID: 7, TelegramID: 101, CommuneID: 1, Role: flows.RoleVillage, Name: "An", Active: true, Villages: []int64{1}},
		recs: map[int64]flows.Record{1: {ID: 1, CommuneID: 1, VillageID: 1, Fields: f, Orig: f, IDRaw: "8.7084E+10",
			Problem: vn.ProblemBadIDFormat, State: flows.StateAssigned, Version: 1}}}
	sessions := sessiontest.NewMemory(func() time.Time { return now }, 6*time.Hour)
	eng := &flows.Engine{Store: fakeStore{repo}, Sessions: sessions, App: &flows.App{Sessions: sessions}}

	var script strings.Builder
	n := int64(0)
	play := func(line string, ev flows.Event) {
		n++
		ev.UpdateID, ev.UserID, ev.ChatID, ev.Private, ev.At = n, 101, 101, true, now
		repo.outs = nil
		if err := eng.Handle(context.Background(), ev); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		fmt.Fprintf(&script, "%s\n", line)
		for _, o := range repo.outs {
			if o.Kind == flows.OutUnbutton {
				script.WriteString("  ✂ the tapped message's buttons are removed\n")
				continue
			}
			fmt.Fprintf(&script, "  → %s\n", strings.ReplaceAll(o.Text, "\n", "\n    "))
			for _, row := range o.Buttons {
				var labels []string
				for _, b := range row {
					labels = append(labels, "["+b.Text+"]")
				}
				fmt.Fprintf(&script, "    %s\n", strings.Join(labels, " "))
			}
		}
	}
	press := func(label string) {
		for i := len(repo.outs) - 1; i >= 0; i-- {
			for _, row := range repo.outs[i].Buttons {
				for _, b := range row {
					if b.Text == label {
						play("An taps ["+label+"]", flows.Event{Kind: flows.EventButton, Data: b.Data, MessageID: 1})
						return
					}
				}
			}
		}
		t.Fatalf("no button %q", label)
	}
	play("An: /next", flows.Event{Kind: flows.EventCommand, Command: "next"})
	press("✅ Đúng hết")
	press("✏️ Số giấy tờ")
	play("An: 087084000999", flows.Event{Kind: flows.EventText, Text: "087084000999"})
	press("💾 Lưu")
	fmt.Fprintf(&script, "= record 1: %s, ID %s, v%d; changes saved: %d\n", repo.recs[1].State, repo.recs[1].Fields.ID.Number,
		repo.recs[1].Version, len(repo.changes))

	golden := filepath.Join("testdata", "transcripts", "fake_village.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(script.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if script.String() != string(want) {
		t.Errorf("transcript on fakes differs from %s (-update rewrites it):\n%s", golden, script.String())
	}
}
