package store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"lamsach/flows"
	"lamsach/flows/sheet"
)

// BenchmarkResend100k sends BenchmarkImport100k's 100,000-record list
// again, with one row more, to a commune that imported it: the import use
// case the chat and the command line share compares every row with the
// commune's records and stores only the new one. Each iteration starts
// from a copy of a database holding the first import, made outside the
// timer.
//
// The first import is in the same process; to measure the re-send's own
// peak memory, make the database once and reuse it:
//
//	go test -c -o /tmp/store.test ./store
//	LAMSACH_RESEND_DB=/tmp/resend.db /tmp/store.test -test.run '^$' -test.bench BenchmarkResend100k -test.benchtime 1x
//	LAMSACH_RESEND_DB=/tmp/resend.db /usr/bin/time -v /tmp/store.test -test.run '^$' -test.bench BenchmarkResend100k -test.benchtime 3x
func BenchmarkResend100k(b *testing.B) {
	template, actor := resendTemplate(b)
	list := sampleFile(b, 100_001)
	ctx := context.Background()
	var res flows.ImportResult
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "lamsach.db")
		copyFile(b, template, path)
		db, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		err = db.Update(ctx, func(tx *Tx) error {
			res, err = flows.ImportList(ctx, tx, actor, actor.CommuneID, "again.xlsx", list, fileSize(b, list),
				flows.ImportOptions{Amend: true})
			return err
		})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		b.StartTimer()
	}
	if res.Stored != 1 {
		b.Errorf("the re-send stored %d records, want the one new row (resend %+v)", res.Stored, res.Resend)
	}
	b.ReportMetric(float64(res.Resend.Same), "same/op")
	b.ReportMetric(float64(res.Stored), "new/op")
}

// BenchmarkResendPreview100k is the preview of the same re-send: read,
// check and compare, storing nothing.
func BenchmarkResendPreview100k(b *testing.B) {
	template, actor := resendTemplate(b)
	list := sampleFile(b, 100_001)
	ctx := context.Background()
	db, err := Open(ctx, template)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var pv flows.Preview
	for b.Loop() {
		err = db.View(ctx, func(tx *Tx) error {
			pv, err = flows.PreviewList(ctx, tx, actor, actor.CommuneID, list, fileSize(b, list), flows.ImportOptions{})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if pv.Resend.New != 1 {
		b.Errorf("the preview found %d new rows, want 1 (resend %+v)", pv.Resend.New, pv.Resend)
	}
}

// resendTemplate returns a database holding the first import of the
// 100,000-record sample, and the station member who sent it. With
// LAMSACH_RESEND_DB set it is kept at that path and reused.
func resendTemplate(b *testing.B) (string, flows.Actor) {
	b.Helper()
	path := os.Getenv("LAMSACH_RESEND_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "template.db")
	}
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		db, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		w := newWorld(b, db)
		list := sampleFile(b, 100_000)
		err = db.Update(ctx, func(tx *Tx) error {
			_, err := flows.ImportList(ctx, tx, w.station.Actor(), w.x.ID, "list.xlsx", list, fileSize(b, list), flows.ImportOptions{})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		list.Close()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var a flows.Actor
	err = db.read.QueryRow(`SELECT m.id, m.commune_id FROM members m JOIN imports i ON i.created_by = m.id LIMIT 1`).
		Scan(&a.MemberID, &a.CommuneID)
	if err != nil {
		b.Fatal(err)
	}
	a.Role = flows.RoleStation
	return path, a
}

// sampleFile writes sheet.Sample's list of n rows (seed 1: its first rows
// are the same for every n) and opens it.
func sampleFile(b *testing.B, n int) *os.File {
	b.Helper()
	path := filepath.Join(b.TempDir(), "list.xlsx")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := sheet.Sample(f, n, 1); err != nil {
		b.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

func fileSize(b *testing.B, f *os.File) int64 {
	b.Helper()
	st, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	return st.Size()
}

// copyFile copies a closed database file, with its write-ahead log if one
// is left, streaming: the copy must not weigh on the measured memory.
func copyFile(b *testing.B, from, to string) {
	b.Helper()
	for _, suffix := range []string{"", "-wal"} {
		src, err := os.Open(from + suffix)
		if suffix != "" && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		dst, err := os.Create(to + suffix)
		if err != nil {
			b.Fatal(err)
		}
		_, err = io.Copy(dst, src)
		src.Close()
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
