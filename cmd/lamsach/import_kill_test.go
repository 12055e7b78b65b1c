package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/store"
)

// rawCounts reads, past every reader of the store, how many records and
// staging imports the file holds.
func rawCounts(t *testing.T, db string) (records, staging int) {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.QueryRow(`SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM imports WHERE staging <> '')`).
		Scan(&records, &staging)
	if err != nil {
		t.Fatal(err)
	}
	return records, staging
}

// visibleCount is how many records of commune 1 the store's readers see,
// opened read-only so that nothing is recovered first.
func visibleCount(t *testing.T, db string) int {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	err = s.View(ctx, func(tx *store.Tx) error {
		counts, err := tx.CommuneCounts(ctx, flows.Operator, 1)
		for _, byState := range counts {
			for _, k := range byState {
				n += k
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A kill -9 in the middle of import --commit, which stores a large list
// in chunks, leaves records nobody sees and an audit log that verifies;
// the next run deletes them and imports the whole list.
func TestImportKilledMidwayLeavesNothingVisible(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an import process")
	}
	db := newDB(t)
	list := filepath.Join(t.TempDir(), "big.xlsx")
	f, err := os.Create(list)
	if err != nil {
		t.Fatal(err)
	}
	if err := sheet.Sample(f, 40_000, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "--db", db, "import", list, "--commune", "#1", "--commit")
	cmd.Env = append(os.Environ(), asMain+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Kill it once some batches are stored but the list is not published.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if recs, staging := rawCounts(t, db); staging == 1 && recs >= 4000 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the import ended before it could be killed: %v", err)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no batch stored in 2 minutes")
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	<-done
	if recs, staging := rawCounts(t, db); recs == 0 || staging != 1 {
		t.Fatalf("after the kill: %d records, %d staging imports", recs, staging)
	}
	if n := visibleCount(t, db); n != 0 {
		t.Errorf("readers see %d records of the killed import", n)
	}
	if code, stdout, stderr := lamsach(t, "--db", db, "audit", "verify"); code != 0 {
		t.Errorf("audit verify after the kill: exit %d\n%s%s", code, stdout, stderr)
	}

	code, stdout, stderr := lamsach(t, "--db", db, "import", list, "--commune", "#1", "--commit")
	if code != 0 {
		t.Fatalf("import again: exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`imported (\d+) records`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("import again printed:\n%s", stdout)
	}
	stored, _ := strconv.Atoi(m[1])
	if recs, staging := rawCounts(t, db); recs != stored || staging != 0 {
		t.Errorf("after the second import: %d records (%d imported), %d staging imports", recs, stored, staging)
	}
	if n := visibleCount(t, db); n != stored {
		t.Errorf("readers see %d records, %d imported", n, stored)
	}
	if code, stdout, stderr := lamsach(t, "--db", db, "audit", "verify"); code != 0 {
		t.Errorf("audit verify after the second import: exit %d\n%s%s", code, stdout, stderr)
	}
}
