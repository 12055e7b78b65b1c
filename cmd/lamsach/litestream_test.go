package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// litestreamBin finds the litestream binary: $LITESTREAM, else on PATH
// (.ci/run installs it). Without it the test skips, except in CI.
func litestreamBin(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("LITESTREAM"); p != "" {
		return p
	}
	p, err := exec.LookPath("litestream")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("litestream not found in CI: .ci/run installs it")
		}
		t.Skip("litestream not installed (see .ci/run)")
	}
	return p
}

// litestreamConfig is the README's litestream.yml with a file replica.
func litestreamConfig(db, replica string) string {
	return fmt.Sprintf("dbs:\n  - path: %s\n    replica:\n      type: file\n      path: %s\n      sync-interval: 1s\n", db, replica)
}

// TestLitestreamReplicaRestores runs lamsach serve under load with
// Litestream replicating its database to a file replica, then loses the
// host at once (both processes killed with SIGKILL), restores the replica
// into a new file and checks the copy: intact, its audit log verified by
// "lamsach audit verify", every record there, the updates replicated while
// the load ran present, and nothing in it the primary does not have. It
// logs how many seconds of commits the copy lacks.
func TestLitestreamReplicaRestores(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	bin := litestreamBin(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const records = 400
	dir := t.TempDir()
	c := &chaos{out: io.Discard, rng: rand.New(rand.NewPCG(11, 0)), cfg: chaosConfig{Seed: 11, Members: 12,
		Records: records, Dir: dir, Bin: exe, Env: []string{asMain + "=1"}, Faults: []string{"kill"}}}
	if err := c.setUp(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.tearDown(true) })
	joined := count(t, c.db, `SELECT count(*) FROM processed_updates`)

	replica := filepath.Join(dir, "replica")
	cfgFile := filepath.Join(dir, "litestream.yml")
	if err := os.WriteFile(cfgFile, []byte(litestreamConfig(c.db, replica)), 0o600); err != nil {
		t.Fatal(err)
	}
	ls := &child{name: "litestream", bin: bin, dir: dir, env: childEnv(nil), log: c.logFile("litestream.log"),
		args:  []string{"replicate", "-config", cfgFile},
		ready: func(context.Context) error { return replicated(replica) }}
	if err := ls.start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ls.kill(); ls.log.Close() })

	// The people work for a while; then the host is lost: both processes
	// die at the same moment, mid-load.
	stop := make(chan struct{})
	peopleCtx, stopPeople := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, p := range c.people {
		wg.Go(func() { p.run(peopleCtx, stop) })
	}
	time.Sleep(8 * time.Second) // the load's length, not a wait for a goroutine
	ls.kill()
	c.srv.kill()
	close(stop)
	stopPeople()
	wg.Wait()

	restored := filepath.Join(dir, "restored.db")
	out, err := exec.CommandContext(ctx, bin, "restore", "-config", cfgFile, "-o", restored, c.db).CombinedOutput()
	if err != nil {
		t.Fatalf("litestream restore: %v\n%s", err, out)
	}
	checkRestored(t, c, restored, records, joined)
}

// replicated is ready for Litestream: the replica holds a file.
func replicated(replica string) error {
	found := false
	err := filepath.WalkDir(replica, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			found = true
		}
		return err
	})
	if err == nil && !found {
		err = fmt.Errorf("nothing in %s yet", replica)
	}
	return err
}

// checkRestored checks the restored copy against the primary and logs the
// seconds of commits it lacks.
func checkRestored(t *testing.T, c *chaos, restored string, records, joined int) {
	t.Helper()
	_, integrity, err := readChaosDB(context.Background(), restored)
	if err != nil {
		t.Fatal(err)
	}
	if integrity != "ok" {
		t.Errorf("integrity_check of the restored copy: %s", integrity)
	}
	// The key is kept apart from the replica, as in a real restore: the
	// copy is checked with the primary's key file.
	verify := exec.Command(c.cfg.Bin, "--db", restored, "--audit-key-file", c.db+".auditkey", "audit", "verify")
	verify.Env, verify.Dir = childEnv(c.cfg.Env), c.dir
	if out, err := verify.CombinedOutput(); err != nil {
		t.Errorf("audit verify of the restored copy: %v\n%s", err, out)
	}
	if n := count(t, restored, `SELECT count(*) FROM records`); n != records {
		t.Errorf("the restored copy has %d records, want %d", n, records)
	}
	primary, copied := count(t, c.db, `SELECT count(*) FROM processed_updates`), count(t, restored, `SELECT count(*) FROM processed_updates`)
	if copied <= joined {
		t.Errorf("the restored copy holds %d updates, no more than the %d from before replication started: nothing replicated under load", copied, joined)
	}
	// The copy is the primary as it was some moments before the loss:
	// every update it holds, the primary holds too.
	attached := count(t, c.db, fmt.Sprintf(`SELECT count(*) FROM processed_updates WHERE update_id IN
		(SELECT update_id FROM restored.processed_updates)`), "ATTACH DATABASE '"+restored+"' AS restored")
	if attached != copied {
		t.Errorf("the restored copy holds %d updates the primary lacks", copied-attached)
	}
	last := func(path string) int64 {
		return int64(count(t, path, `SELECT coalesce(max(handled_at), 0) FROM processed_updates`))
	}
	lag := time.Duration(last(c.db)-last(restored)) * time.Millisecond
	t.Logf("primary %d updates, restored copy %d: %d lost, the last %.2f s of commits", primary, copied, primary-copied, lag.Seconds())
}

// count runs a query returning one number on the database at path, after
// the setup statements.
func count(t *testing.T, path, query string, setup ...string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the ATTACH holds on the one connection
	ctx := context.Background()
	for _, s := range setup {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.QueryRowContext(ctx, query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
