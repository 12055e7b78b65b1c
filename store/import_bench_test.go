package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"lamsach/flows"
	"lamsach/flows/sheet"
)

// BenchmarkImport100k imports a 100,000-record station list end to end
// through the import use case the chat and the command line share: read
// and check the .xlsx, match villages, store the records in batches, mark
// duplicates, commit. The list is written once; each iteration gets a fresh
// database, made outside the timer.
//
// Peak memory is measured on the compiled test binary:
//
//	go test -c -o /tmp/store.test ./store
//	/usr/bin/time -v /tmp/store.test -test.run '^$' -test.bench BenchmarkImport100k -test.benchtime 1x
func BenchmarkImport100k(b *testing.B) {
	path := sampleList(b)
	stored := 0
	for b.Loop() {
		b.StopTimer()
		db := openTest(b)
		w := newWorld(b, db)
		list, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		st, err := list.Stat()
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.StartTimer()
		err = db.Update(ctx, func(tx *Tx) error {
			res, err := flows.ImportList(ctx, tx, w.station.Actor(), w.x.ID, "list.xlsx", list, st.Size(), flows.ImportOptions{})
			stored = res.Stored
			return err
		})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		list.Close()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(stored), "records/op")
}

// BenchmarkImport100kExcelizeBaseline only iterates the rows of the same
// list with excelize's own Rows iterator, reading every cell: the baseline
// BenchmarkImport100k's read, check and store is measured against.
func BenchmarkImport100kExcelizeBaseline(b *testing.B) {
	path := sampleList(b)
	cells := 0
	for b.Loop() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows(f.GetSheetName(0))
		if err != nil {
			b.Fatal(err)
		}
		cells = 0
		for rows.Next() {
			cols, err := rows.Columns()
			if err != nil {
				b.Fatal(err)
			}
			cells += len(cols)
		}
		rows.Close()
		f.Close()
	}
	b.ReportMetric(float64(cells), "cells/op")
}

// sampleList writes the benchmarks' 100,000-record list (sheet.Sample,
// seed 1) to a temporary file.
func sampleList(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "list.xlsx")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := sheet.Sample(f, 100_000, 1); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}
