package sheet

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"lamsach/flows/sheet/sheettest"
)

// maxPeakRSS is the most resident memory reading any file may take
// (issue 8: memory is bounded by the row, not the file).
const maxPeakRSS = 200 << 20

// BenchmarkPeakRSS reads each hostile file (sheettest.Shapes) as the bot
// reads an upload, the file in memory, in a separate process (this test
// binary, run again as TestPeakRSSChild) and reports its peak resident
// memory. The process has the soft memory limit lamsach serve sets
// (GOMEMLIMIT=150MiB, cmd/lamsach/limits.go); the command line's own
// reading is measured by cmd/lamsach's BenchmarkPeakRSS.
//
//	go test -c -o /tmp/sheet.test ./flows/sheet
//	/tmp/sheet.test -test.run '^$' -test.bench '^BenchmarkPeakRSS$' -test.benchtime 1x
func BenchmarkPeakRSS(b *testing.B) {
	for _, sh := range sheettest.Shapes {
		path, err := sh.File()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(sh.Name, func(b *testing.B) {
			var peak int64
			var out []byte
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run", "^TestPeakRSSChild$")
				cmd.Env = append(os.Environ(), "LAMSACH_RSS_FILE="+path, "GOMEMLIMIT=150MiB")
				var err error
				if out, err = cmd.CombinedOutput(); err != nil {
					b.Fatalf("child: %v\n%s", err, out)
				}
				peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss<<10)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
			b.Logf("%s", bytes.TrimSpace(out))
			if peak > maxPeakRSS {
				b.Errorf("peak RSS %d MB, over %d MB", peak>>20, maxPeakRSS>>20)
			}
		})
	}
}

// TestPeakRSSChild is the process BenchmarkPeakRSS measures: it reads the
// file $LAMSACH_RSS_FILE into memory, as the bot holds an upload, reads it
// with the options the import uses and prints what it found. Without the
// variable it does nothing.
func TestPeakRSSChild(t *testing.T) {
	path := os.Getenv("LAMSACH_RSS_FILE")
	if path == "" {
		t.Skip("run by BenchmarkPeakRSS")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	rep, err := Read(bytes.NewReader(data), int64(len(data)), Options{BatchSize: 2000, MaxErrorRows: 5000}, func(rows []Row) error {
		n += len(rows)
		return nil
	})
	fmt.Printf("%d rows delivered, report %+v, refusal %q, err %v\n", n, rep.Rows, rep.Refusal, err)
}
