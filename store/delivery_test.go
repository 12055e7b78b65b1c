package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
)

func readAll(t *testing.T, f *flows.File) []byte {
	t.Helper()
	if f == nil || f.Open == nil {
		t.Fatalf("file %+v has no Open", f)
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// countingReader hands out its data in small reads and remembers the
// largest, to show that a stream is copied a piece at a time.
type countingReader struct {
	r    io.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p[:min(len(p), 4096)])
	c.read += n
	return n, err
}

func TestOutboxFilesLiveInBlobs(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	ctx := context.Background()
	big := bytes.Repeat([]byte("0123456789abcdef"), 50_000) // 800 KB: four chunks
	stream := &countingReader{r: bytes.NewReader(big)}
	caller := &flows.File{Name: "xuat.xlsx", Data: big}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.Enqueue(ctx, 1, []flows.Out{
			{Kind: flows.OutFile, ChatID: 1, File: caller},
			{Kind: flows.OutFile, ChatID: 2, File: &flows.File{Name: "luong.xlsx",
				Open: func() (io.ReadCloser, error) { return io.NopCloser(stream), nil }}},
			{Kind: flows.OutFile, ChatID: 3, File: &flows.File{Name: "empty.xlsx"}},
		})
	})
	if caller.Data == nil || caller.Blob != 0 {
		t.Error("Enqueue changed the caller's File")
	}
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE payload LIKE '%"data"%' OR length(payload) > 200`); n != 0 {
		t.Errorf("%d outbox payloads carry file contents, want none", n)
	}
	if n := count(t, db, `SELECT count(*) FROM blob_chunks`); n != 8 {
		t.Errorf("%d chunks stored, want 8 (two files of four)", n)
	}
	if stream.read != len(big) {
		t.Errorf("the stream was read for %d bytes, want %d", stream.read, len(big))
	}
	items, err := db.Outbox().Next(ctx, c.Now(), 10)
	if err != nil || len(items) != 3 {
		t.Fatalf("Next = %d items, %v", len(items), err)
	}
	for _, it := range items[:2] {
		if got := readAll(t, it.Out.File); !bytes.Equal(got, big) {
			t.Errorf("item %d streams %d bytes, not the file", it.ID, len(got))
		}
	}
	if f := items[2].Out.File; f.Open != nil || f.Blob != 0 {
		t.Errorf("an empty file got a blob: %+v", f)
	}
	ob := db.Outbox()
	if err := ob.Sent(ctx, items[0].ID, 10, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := ob.Drop(ctx, items[1].ID, "400 Bad Request"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM blobs`) + count(t, db, `SELECT count(*) FROM blob_chunks`); n != 0 {
		t.Errorf("%d blob rows left after the messages were sent and dropped, want none", n)
	}
	// Opening a blob that went (purged while waiting) fails, never streams
	// a cut file.
	if _, err := db.openBlob(ctx, items[0].Out.File.Blob); !errors.Is(err, errBlobGone) {
		t.Errorf("open of a deleted blob = %v, want errBlobGone", err)
	}
}

func TestOutboxPurgeDeletesBlobs(t *testing.T) {
	db := openTest(t)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.Enqueue(ctx, 1, []flows.Out{{Kind: flows.OutFile, ChatID: 1, File: &flows.File{Name: "a", Data: []byte("x")}}})
	})
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM outbox WHERE chat_id = 1`) // what purge does to unsent items
		return err
	})
	if n := count(t, db, `SELECT count(*) FROM blobs`); n != 0 {
		t.Errorf("%d blobs left after their message was deleted, want none", n)
	}
}

func TestOutboxExpire(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	ctx := context.Background()
	ob := db.Outbox()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.Enqueue(ctx, 1, []flows.Out{
			{Kind: flows.OutSend, ChatID: 1, Text: "CCCD 001090012345"},
			{Kind: flows.OutSend, ChatID: 2, Text: "Nguyễn Văn An"},
			{Kind: flows.OutFile, ChatID: 3, File: &flows.File{Name: "a", Data: []byte("x")}},
		})
	})
	items, _ := ob.Next(ctx, c.Now(), 10)
	if err := ob.Drop(ctx, items[1].ID, "400 Bad Request"); err != nil {
		t.Fatal(err)
	}
	var orphan int64
	update(t, db, func(ctx context.Context, tx *Tx) error {
		var err error
		orphan, _, err = tx.CreateBlob(ctx, strings.NewReader("never sent"))
		return err
	})
	c.Add(time.Hour)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.Enqueue(ctx, 2, []flows.Out{{Kind: flows.OutSend, ChatID: 4, Text: "mới"}})
	})
	n, err := ob.Expire(ctx, c.Now().Add(-30*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("Expire = %d, %v; want the 2 old pending items", n, err)
	}
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE payload <> '{}'`); n != 1 {
		t.Errorf("%d items keep their text, want only the new one", n)
	}
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE state = 'dropped' AND error LIKE 'expired%'`); n != 2 {
		t.Errorf("%d items dropped as expired, want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM blobs`); n != 0 {
		t.Errorf("%d blobs left (the expired item's, the orphan %d), want none", n, orphan)
	}
}

func TestOutboxNextDue(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	ctx := context.Background()
	ob := db.Outbox()
	if due, err := ob.NextDue(ctx, c.Now()); err != nil || !due.IsZero() {
		t.Fatalf("NextDue of an empty outbox = %v, %v; want zero", due, err)
	}
	enqueueTexts(t, db, 1, 2)
	items, _ := ob.Next(ctx, c.Now(), 10)
	for i, it := range items {
		if err := ob.Retry(ctx, it.ID, c.Now().Add(time.Duration(30-10*i)*time.Second), "429"); err != nil {
			t.Fatal(err)
		}
	}
	if due, err := ob.NextDue(ctx, c.Now()); err != nil || !due.Equal(c.Now().Add(20*time.Second)) {
		t.Errorf("NextDue = %v, %v; want in 20 s", due, err)
	}
}

func TestMarkUpdateRemembersForABoundedTime(t *testing.T) {
	c := newClock()
	db := openTest(t, WithClock(c.Now))
	mark := func(id int64) bool {
		t.Helper()
		var first bool
		update(t, db, func(ctx context.Context, tx *Tx) error {
			var err error
			first, err = tx.MarkUpdate(ctx, id)
			return err
		})
		return first
	}
	if !mark(100) || mark(100) {
		t.Fatal("MarkUpdate: want true, then false for the repeat")
	}
	c.Add(24 * time.Hour)
	if mark(100) {
		t.Error("a repeat within a day was taken for new")
	}
	// Telegram may start its ids again after a week without updates: an id
	// past the retention is a new update.
	c.Add(UpdateRetention)
	if !mark(100) {
		t.Error("an id past the retention was taken for a repeat")
	}
	for id := int64(1); id <= 40; id++ {
		mark(id)
	}
	c.Add(UpdateRetention + time.Second)
	mark(1000) // id%16 == 8: no sweep
	mark(1008) // id%16 == 0: sweeps
	if n := count(t, db, `SELECT count(*) FROM processed_updates`); n != 2 {
		t.Errorf("%d ids remembered after a sweep, want the 2 recent ones", n)
	}
	c.Add(UpdateRetention + time.Second)
	if err := db.ForgetUpdates(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM processed_updates`); n != 0 {
		t.Errorf("%d ids remembered after ForgetUpdates, want none", n)
	}
}

func TestMarkPoisonKeepsClassAndPlace(t *testing.T) {
	db := openTest(t)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		return tx.MarkPoison(ctx, 77, flows.Fault{Class: flows.FaultPanic, Op: "lamsach/flows.(*turn).village (review.go:42)"})
	})
	var class, op, outcome string
	db.read.QueryRow(`SELECT f.last_error_class, f.op, p.outcome FROM failed_updates f
		JOIN processed_updates p USING (update_id) WHERE update_id = 77`).Scan(&class, &op, &outcome)
	if class != "panic" || op != "lamsach/flows.(*turn).village (review.go:42)" || outcome != "poison" {
		t.Errorf("set-aside record = %q %q %q", class, op, outcome)
	}
}

type codeError int

func (e codeError) Error() string { return "sqlite error" }
func (e codeError) Code() int     { return int(e) }

func TestBusyDatabaseIsTransient(t *testing.T) {
	for code, want := range map[int]bool{5: true, 6: true, 517: true, 262: true, 19: false, 2067: false, 10: false} {
		if got := flows.IsTransient(transient(codeError(code), false)); got != want {
			t.Errorf("SQLite code %d transient = %v, want %v", code, got, want)
		}
	}
	// No write connection before the deadline: another writer holds it.
	db := openTest(t)
	hold, held := make(chan struct{}), make(chan struct{})
	go db.Update(context.Background(), func(tx *Tx) error {
		close(held)
		<-hold
		return nil
	})
	<-held
	defer close(hold)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := db.Update(ctx, func(tx *Tx) error { return nil })
	if !flows.IsTransient(err) {
		t.Errorf("Update while another holds the write connection = %v, want a transient error", err)
	}
}
