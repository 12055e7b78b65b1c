package store

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/sheet"
)

// probe is a StagedImport that calls after once each batch of records is
// stored, and, with noDrop, leaves a failed import as a killed process
// would: nothing dropped.
type probe struct {
	*StagedImport
	batches int
	stored  int // records in the batches stored so far
	after   func(batch int) error
	noDrop  bool
}

func (p *probe) CreateRecords(ctx context.Context, actor flows.Actor, recs []flows.Record) error {
	if err := p.StagedImport.CreateRecords(ctx, actor, recs); err != nil {
		return err
	}
	p.batches++
	p.stored += len(recs)
	return p.after(p.batches)
}

func (p *probe) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if p.noDrop {
		return fn(ctx)
	}
	return p.StagedImport.Atomic(ctx, fn)
}

// sampleBytes is a station list of n rows.
func sampleBytes(t testing.TB, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := sheet.Sample(&b, n, 1); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// seen is what readers other than the import see of commune: its
// records by Counts, CommuneCounts and Stats, and the replay's problems.
func seen(t *testing.T, db *DB, commune int64, station flows.Actor) (counts, communeCounts, stats int, problems []RecordProblem) {
	t.Helper()
	ctx := context.Background()
	err := db.View(ctx, func(tx *Tx) error {
		for _, c := range []func() (map[int64]map[flows.State]int, error){
			func() (map[int64]map[flows.State]int, error) { return tx.Counts(ctx, station) },
			func() (map[int64]map[flows.State]int, error) { return tx.CommuneCounts(ctx, flows.Operator, commune) },
		} {
			m, err := c()
			if err != nil {
				return err
			}
			counts, communeCounts = communeCounts, total(m)
		}
		rep, err := tx.ReplayRecords(ctx)
		problems = rep.Problems
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range st.Records {
		stats += n
	}
	return counts, communeCounts, stats, problems
}

func total(m map[int64]map[flows.State]int) int {
	n := 0
	for _, byState := range m {
		for _, k := range byState {
			n += k
		}
	}
	return n
}

// A staged import holds the write lock one batch at a time: another
// connection writes between two batches at once, and sees none of the
// staged records until the import is published, when it sees them all
// and the audit replay agrees with them.
func TestStagedImportReleasesTheLockBetweenBatches(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	ctx := context.Background()
	other, err := Open(ctx, db.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	staged, err := db.StagedImport()
	if err != nil {
		t.Fatal(err)
	}
	defer staged.Close()
	data := sampleBytes(t, 5000)
	var p *probe
	p = &probe{StagedImport: staged, after: func(batch int) error {
		if batch != 2 {
			return nil
		}
		start := time.Now()
		err := other.Update(ctx, func(tx *Tx) error {
			_, err := tx.CreateVillage(ctx, flows.Operator, w.y.ID, "Ấp Hai")
			return err
		})
		if d := time.Since(start); err != nil || d > time.Second {
			t.Errorf("a write between two batches: %v after %s", err, d)
		}
		if n := count(t, other, `SELECT count(*) FROM records`); n == 0 || n != p.stored {
			t.Errorf("%d records staged after two batches of %d", n, p.stored)
		}
		c, cc, st, problems := seen(t, other, w.x.ID, w.station.Actor())
		if c != 0 || cc != 0 || st != 0 || len(problems) != 0 {
			t.Errorf("while staging: counts %d, commune counts %d, stats %d, replay problems %v", c, cc, st, problems)
		}
		return nil
	}}
	res, err := flows.ImportList(ctx, p, w.station.Actor(), w.x.ID, "big.xlsx", bytes.NewReader(data), int64(len(data)),
		flows.ImportOptions{BatchSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if p.batches < 4 || res.Stored < 4000 || !res.Import.Committed {
		t.Fatalf("%d batches, %d stored, committed %v", p.batches, res.Stored, res.Import.Committed)
	}
	c, cc, st, problems := seen(t, other, w.x.ID, w.station.Actor())
	if c != res.Stored || cc != res.Stored || st != res.Stored || len(problems) != 0 {
		t.Errorf("published %d: counts %d, commune counts %d, stats %d, replay problems %v", res.Stored, c, cc, st, problems)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'records.import' AND new = ?`, res.Stored); n != 1 {
		t.Errorf("%d records.import entries with the whole count", n)
	}
	// The same file again is refused, as in one transaction.
	again, err := db.StagedImport()
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	_, err = flows.ImportList(ctx, again, w.station.Actor(), w.x.ID, "big.xlsx", bytes.NewReader(data), int64(len(data)), flows.ImportOptions{})
	var same *flows.SameFileError
	if !errors.As(err, &same) || same.Earlier.ID != res.Import.ID {
		t.Errorf("the same file again: %v", err)
	}
}

// A staged import that fails is dropped: nothing of it stays.
func TestStagedImportFailureDropsIt(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	staged, err := db.StagedImport()
	if err != nil {
		t.Fatal(err)
	}
	defer staged.Close()
	boom := errors.New("boom")
	p := &probe{StagedImport: staged, after: func(batch int) error {
		if batch == 3 {
			return boom
		}
		return nil
	}}
	data := sampleBytes(t, 5000)
	_, err = flows.ImportList(context.Background(), p, w.station.Actor(), w.x.ID, "big.xlsx", bytes.NewReader(data),
		int64(len(data)), flows.ImportOptions{BatchSize: 1000})
	if !errors.Is(err, boom) {
		t.Fatalf("import: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM records`) + count(t, db, `SELECT count(*) FROM imports`); n != 0 {
		t.Errorf("%d records and imports left", n)
	}
}

// A process killed while staging leaves records nobody sees; the next
// Open deletes them, unless the process that stages them still lives.
func TestStagedImportOfAKilledProcessIsDroppedAtOpen(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	ctx := context.Background()
	staged, err := db.StagedImport()
	if err != nil {
		t.Fatal(err)
	}
	crash := errors.New("killed")
	p := &probe{StagedImport: staged, noDrop: true, after: func(batch int) error {
		if batch == 3 {
			return crash
		}
		return nil
	}}
	data := sampleBytes(t, 5000)
	if _, err := flows.ImportList(ctx, p, w.station.Actor(), w.x.ID, "big.xlsx", bytes.NewReader(data), int64(len(data)),
		flows.ImportOptions{BatchSize: 1000}); !errors.Is(err, crash) {
		t.Fatalf("import: %v", err)
	}
	staged3 := p.stored
	if n := count(t, db, `SELECT count(*) FROM records`); n == 0 || n != staged3 {
		t.Fatalf("%d records staged, want %d", n, staged3)
	}
	if c, cc, st, problems := seen(t, db, w.x.ID, w.station.Actor()); c+cc+st != 0 || len(problems) != 0 {
		t.Errorf("staged after the crash: counts %d, commune counts %d, stats %d, replay problems %v", c, cc, st, problems)
	}
	// The process still lives: another open leaves its import alone.
	live, err := Open(ctx, db.path)
	if err != nil {
		t.Fatal(err)
	}
	live.Close()
	if n := count(t, db, `SELECT count(*) FROM records`); n != staged3 {
		t.Fatalf("an open while the importer lives left %d records, want %d", n, staged3)
	}
	staged.proc.abandon() // as kill -9 does
	next, err := Open(ctx, db.path)
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if n := count(t, next, `SELECT count(*) FROM records`) + count(t, next, `SELECT count(*) FROM imports`); n != 0 {
		t.Errorf("%d records and imports left after the next open", n)
	}
	// The list goes in whole afterwards.
	again, err := next.StagedImport()
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	res, err := flows.ImportList(ctx, again, w.station.Actor(), w.x.ID, "big.xlsx", bytes.NewReader(data), int64(len(data)), flows.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c, _, _, problems := seen(t, next, w.x.ID, w.station.Actor()); c != res.Stored || len(problems) != 0 {
		t.Errorf("imported again: %d seen of %d, replay problems %v", c, res.Stored, problems)
	}
}

// What a coordinator does while a list is staging never shows its
// records nor writes entries for them: assigning by village text leaves
// them, a merge moves them at version 1; after the importer is killed and
// the next open drops them, the audit replay still agrees with every
// record.
func TestStagedRecordsUnderCoordinatorWork(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	ctx := context.Background()
	var one, two flows.Village
	update(t, db, func(ctx context.Context, tx *Tx) (err error) {
		if one, err = tx.CreateVillage(ctx, flows.Operator, w.x.ID, "Thôn 1"); err != nil {
			return err
		}
		two, err = tx.CreateVillage(ctx, flows.Operator, w.x.ID, "Thôn 2")
		return err
	})
	staged, err := db.StagedImport()
	if err != nil {
		t.Fatal(err)
	}
	crash := errors.New("killed")
	p := &probe{StagedImport: staged, noDrop: true, after: func(int) error { return crash }}
	data := sampleBytes(t, 3000)
	if _, err := flows.ImportList(ctx, p, w.station.Actor(), w.x.ID, "big.xlsx", bytes.NewReader(data), int64(len(data)),
		flows.ImportOptions{BatchSize: 2000}); !errors.Is(err, crash) {
		t.Fatalf("import: %v", err)
	}
	inOne := count(t, db, `SELECT count(*) FROM records WHERE village_id = ?`, one.ID)
	inTwo := count(t, db, `SELECT count(*) FROM records WHERE village_id = ?`, two.ID)
	if inOne == 0 || count(t, db, `SELECT count(*) FROM records WHERE village_id IS NULL`) == 0 {
		t.Fatal("the sample staged no records of Thôn 1, or none without a village")
	}
	var text string
	if err := db.read.QueryRow(`SELECT village_text FROM records WHERE village_id IS NULL LIMIT 1`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	coord := w.coordinator.Actor()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		texts, err := tx.UnassignedTexts(ctx, coord, w.x.ID)
		if err != nil || len(texts) != 0 {
			t.Errorf("unassigned texts while staging: %v, %v", texts, err)
		}
		if n, err := tx.AssignVillage(ctx, coord, w.x.ID, []string{text}, two.ID); err != nil || n != 0 {
			t.Errorf("assign while staging: %d, %v", n, err)
		}
		u, err := tx.MergeVillage(ctx, coord, one.ID, two.ID)
		if err != nil || u.Records != 0 {
			t.Errorf("merge while staging: %+v, %v", u, err)
		}
		return nil
	})
	if n := count(t, db, `SELECT count(*) FROM records WHERE village_id = ? AND version = 1`, two.ID); n != inOne+inTwo {
		t.Errorf("%d staged records in Thôn 2 at version 1 after the merge, want %d", n, inOne+inTwo)
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE record_id IS NOT NULL`); n != 0 {
		t.Errorf("%d audit entries name staged records", n)
	}
	staged.proc.abandon()
	next, err := Open(ctx, db.path)
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if n := count(t, next, `SELECT count(*) FROM records`); n != 0 {
		t.Errorf("%d records left after the next open", n)
	}
	if _, _, _, problems := seen(t, next, w.x.ID, w.station.Actor()); len(problems) != 0 {
		t.Errorf("replay problems: %v", problems)
	}
}
