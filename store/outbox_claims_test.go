package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
)

// openAt opens the database file path, as another process would.
func openAt(t *testing.T, path string, opts ...Option) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func enqueueTexts(t *testing.T, db *DB, chats ...int64) {
	t.Helper()
	var outs []flows.Out
	for _, c := range chats {
		outs = append(outs, flows.Out{Kind: flows.OutSend, ChatID: c, Text: fmt.Sprintf("to %d", c)})
	}
	update(t, db, func(ctx context.Context, tx *Tx) error { return tx.Enqueue(ctx, 0, outs) })
}

func nextIDs(t *testing.T, o *Outbox, now time.Time) []int64 {
	t.Helper()
	items, err := o.Next(context.Background(), now, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

func TestOutboxClaimsOfAGoneProcessAreTakenOver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lamsach.db")
	c := newClock()
	a, b := openAt(t, path, WithClock(c.Now)).Outbox(), openAt(t, path, WithClock(c.Now)).Outbox()
	enqueueTexts(t, a.db, 1, 2)
	if got := nextIDs(t, a, c.Now()); len(got) != 2 {
		t.Fatalf("process A claimed %v, want both items", got)
	}
	if got := nextIDs(t, b, c.Now()); len(got) != 0 {
		t.Fatalf("process B got %v while A lives, want nothing", got)
	}
	a.proc.abandon() // A is killed: its lock goes, its claims stay
	c.Add(time.Second)
	if got := nextIDs(t, b, c.Now()); len(got) != 0 {
		t.Errorf("B got %v before it looked again, want nothing yet", got)
	}
	c.Add(b.lookEvery)
	if got := nextIDs(t, b, c.Now()); len(got) != 2 {
		t.Errorf("B got %v %v after A died, want both items (the claims run 2 minutes)", got, b.lookEvery)
	}

	// A new process takes over at its first look.
	enqueueTexts(t, a.db, 3)
	d := openAt(t, path, WithClock(c.Now)).Outbox()
	if got := nextIDs(t, d, c.Now()); len(got) != 1 {
		t.Fatalf("D claimed %v, want the new item", got)
	}
	d.proc.abandon()
	e := openAt(t, path, WithClock(c.Now)).Outbox()
	if got := nextIDs(t, e, c.Now()); len(got) != 1 {
		t.Errorf("a new process got %v right after D died, want its item at once", got)
	}
	// B lives on: its lock file must not be closed by the garbage
	// collector, as a process's is not while its Sender holds it.
	runtime.KeepAlive(b)
}

func TestOutboxCloseReleasesClaims(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lamsach.db")
	c := newClock()
	a, b := openAt(t, path, WithClock(c.Now)).Outbox(), openAt(t, path, WithClock(c.Now)).Outbox()
	enqueueTexts(t, a.db, 1)
	if got := nextIDs(t, a, c.Now()); len(got) != 1 {
		t.Fatalf("A claimed %v", got)
	}
	if got := nextIDs(t, b, c.Now()); len(got) != 0 {
		t.Fatalf("B got %v while A holds it", got)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(procDir(path)); len(entries) != 1 {
		t.Errorf("%d lock files after A closed, want only B's", len(entries))
	}
	if got := nextIDs(t, b, c.Now()); len(got) != 1 {
		t.Errorf("B got %v after A closed, want the item at once", got)
	}
}

// TestOutboxClaimsOfAKilledProcess claims items in another OS process,
// kills it with SIGKILL and checks that this one takes them over at once.
func TestOutboxClaimsOfAKilledProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lamsach.db")
	db := openAt(t, path)
	enqueueTexts(t, db, 1, 2, 3)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperClaimer$")
	cmd.Env = append(os.Environ(), "LAMSACH_TEST_CLAIMER_DB="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "claimed 3") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper said %q, %v; want it to claim 3 items", line, err)
	}
	o := db.Outbox()
	defer o.Close()
	if got := nextIDs(t, o, time.Now()); len(got) != 0 {
		t.Errorf("got %v while the claiming process lives, want nothing", got)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	o.looked = time.Time{} // a fresh process: its first look
	if got := nextIDs(t, o, time.Now()); len(got) != 3 {
		t.Errorf("got %v right after the claiming process was killed, want all 3", got)
	}
}

// TestHelperClaimer is the other process of TestOutboxClaimsOfAKilledProcess.
func TestHelperClaimer(t *testing.T) {
	path := os.Getenv("LAMSACH_TEST_CLAIMER_DB")
	if path == "" {
		t.Skip("run by TestOutboxClaimsOfAKilledProcess")
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	items, err := db.Outbox().Next(context.Background(), time.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("claimed %d\n", len(items))
	select {} // until killed
}
