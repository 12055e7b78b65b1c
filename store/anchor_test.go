package store

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
)

// anchorLines reads the anchor file's lines; none when it is missing.
func anchorLines(t *testing.T, db *DB) []string {
	t.Helper()
	b, err := os.ReadFile(db.audit.files.Anchors)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// appendEntry appends one entry with action.
func appendEntry(t *testing.T, db *DB, action string) {
	t.Helper()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: action})
		return err
	})
}

// TestAnchorAfterAnchoredActions: an export, a handover or a purge asks
// for an anchor as it commits; with no anchor writer running, Close
// writes it (the command line's case). Other actions wait for the round.
func TestAnchorAfterAnchoredActions(t *testing.T) {
	ctx := context.Background()
	for _, action := range []string{"export", "handover.sign", "commune.purge", "record.update"} {
		path := filepath.Join(t.TempDir(), "lamsach.db")
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		appendEntry(t, db, "village.create")
		appendEntry(t, db, action)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		lines := anchorLines(t, db)
		if action == "record.update" {
			if len(lines) != 0 {
				t.Errorf("%s: anchor file %q, want none", action, lines)
			}
			continue
		}
		if len(lines) != 1 || !strings.Contains(lines[0], " 2:") {
			t.Errorf("%s: anchor file %q, want one anchor at seq 2", action, lines)
		}
	}
}

// TestRunAnchors: the writer anchors on each round when the head moved,
// at once after an anchored action, and once more when stopped; an
// unchanged head is not anchored twice.
func TestRunAnchors(t *testing.T) {
	db := openTest(t)
	tick := make(chan time.Time)
	rounds := make(chan string, 1) // each round's log message: the writer has finished it
	log := slog.New(roundHandler{rounds})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- db.runAnchors(ctx, tick, log) }()
	round := func(want string) {
		t.Helper()
		if got := <-rounds; got != want {
			t.Errorf("round logged %q, want %q", got, want)
		}
	}

	appendEntry(t, db, "village.create")
	tick <- time.Time{}
	round("audit anchored")
	tick <- time.Time{}
	round("audit head unchanged")
	appendEntry(t, db, "village.create")
	appendEntry(t, db, "export") // anchored at once, no round needed
	round("audit anchored")
	appendEntry(t, db, "village.create")
	stop()
	round("audit anchored")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, l := range anchorLines(t, db) {
		_, h, err := parseAnchorLine(l)
		if err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		seqs = append(seqs, h.Seq)
	}
	if !slices.Equal(seqs, []int64{1, 3, 4}) {
		t.Errorf("anchored seqs %v, want [1 3 4]", seqs)
	}
	if r := anchors(t, db); r.Anchors != 3 || len(r.Problems) != 0 || r.Last.Seq != 4 {
		t.Errorf("check: %+v, want 3 anchors holding, the last at seq 4", r)
	}
}

// roundHandler sends the message of each log record to a channel.
type roundHandler struct{ msgs chan<- string }

func (h roundHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h roundHandler) Handle(_ context.Context, r slog.Record) error {
	h.msgs <- r.Message
	return nil
}
func (h roundHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h roundHandler) WithGroup(string) slog.Handler      { return h }

// TestCheckAnchorsFile: lines not signed with the key, unreadable lines
// and an anchor past the end of the log are each reported with their line.
func TestCheckAnchorsFile(t *testing.T) {
	ctx := context.Background()
	db := auditDB(t, 3)
	good, err := db.Anchor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	k := db.audit.key
	forged := SignedHead{Seq: 2, Digest: good.Digest}
	forged.Sig = strings.Repeat("0", 64)
	ahead := SignedHead{Seq: 9, Digest: good.Digest, Sig: k.sign(9, good.Digest)}
	f, err := os.OpenFile(db.audit.files.Anchors, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("2026-03-02T08:00:00Z " + forged.String() + "\n")
	f.WriteString("yesterday 3:abc\n")
	f.WriteString("2026-03-02T08:00:00Z " + ahead.String() + "\n")
	f.Close()
	r := anchors(t, db)
	want := []struct {
		line int
		kind AnchorKind
	}{{2, AnchorUnsigned}, {3, AnchorMalformed}, {4, AnchorMissing}}
	if r.Anchors != 2 || len(r.Problems) != len(want) {
		t.Fatalf("report %+v, want 2 anchors checked and %d problems", r, len(want))
	}
	for i, w := range want {
		if p := r.Problems[i]; p.Line != w.line || p.Kind != w.kind {
			t.Errorf("problem %d: %+v, want line %d %q", i, p, w.line, w.kind)
		}
	}
	if d := r.Problems[2].Detail; !strings.Contains(d, "ends at seq 3") {
		t.Errorf("missing anchor detail %q, want where the log ends", d)
	}
}

// TestCheckHead: a head an operator kept, with or without its signature.
func TestCheckHead(t *testing.T) {
	ctx := context.Background()
	db := auditDB(t, 3)
	h, err := db.Head(ctx)
	if err != nil || h.Seq != 3 {
		t.Fatalf("head %v, %v", h, err)
	}
	for _, s := range []string{h.String(), strings.TrimSuffix(h.String(), ":"+h.Sig), strings.ToUpper(h.String())} {
		got, err := ParseHead(s)
		if err != nil {
			t.Fatalf("ParseHead(%q): %v", s, err)
		}
		if p, err := db.CheckHead(ctx, got); err != nil || p != nil {
			t.Errorf("CheckHead(%q) = %+v, %v; want it to hold", s, p, err)
		}
	}
	other := h
	other.Digest = strings.Repeat("a", 64)
	if p, _ := db.CheckHead(ctx, other); p == nil || p.Kind != AnchorUnsigned {
		t.Errorf("a signed head with another digest: %+v, want %q", p, AnchorUnsigned)
	}
	other.Sig = ""
	if p, _ := db.CheckHead(ctx, other); p == nil || p.Kind != AnchorChanged {
		t.Errorf("an unsigned head with another digest: %+v, want %q", p, AnchorChanged)
	}
	for _, bad := range []string{"", "3", "3:abc", "0:" + h.Digest, "x:" + h.Digest, h.String() + ":extra", "-3:" + h.Digest} {
		if _, err := ParseHead(bad); err == nil {
			t.Errorf("ParseHead(%q) accepted", bad)
		}
	}
}

// TestHeadRefusesForgedLast: the head is not signed when the last entry
// does not match its digest, so an anchor never vouches for a forgery.
func TestHeadRefusesForgedLast(t *testing.T) {
	db := auditDB(t, 3)
	forgeAppend(t, db, auditDigest)
	if h, err := db.Head(context.Background()); err == nil || !strings.Contains(err.Error(), "seq 4") {
		t.Errorf("Head = %v, %v; want a refusal naming seq 4", h, err)
	}
	if _, err := db.Anchor(context.Background()); err == nil {
		t.Error("Anchor signed a forged entry")
	}
}
