package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"lamsach/flows/sheet/sheettest"
)

// BenchmarkPeakRSS runs the commands that read a station list on each
// hostile file (sheettest.Shapes) as a separate lamsach process, built
// here, and reports each one's peak resident memory:
//
//	go test -run '^$' -bench '^BenchmarkPeakRSS$' -benchtime 1x ./cmd/lamsach
//
// The files are refused or read with errors; what is measured is that
// memory stays bounded by the row, not the file.
func BenchmarkPeakRSS(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "lamsach")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "lamsach.db")
	for _, args := range [][]string{{"commune", "add", "Xã Tân Phú"}, {"village", "add", "--commune", "#1", "Thôn Đông"}} {
		if out, err := exec.Command(bin, append([]string{"--db", db}, args...)...).CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	for _, sh := range sheettest.Shapes {
		file, err := sh.File()
		if err != nil {
			b.Fatal(err)
		}
		for _, cmd := range []struct {
			name string
			args []string
		}{
			{"sheet-check", []string{"sheet", "check", file}},
			{"sheet-convert", []string{"sheet", "convert", file, "--out", filepath.Join(dir, "o.xlsx"),
				"--errors", filepath.Join(dir, "e.xlsx"), "--changes", filepath.Join(dir, "c.xlsx")}},
			{"import", []string{"--db", db, "import", file, "--commune", "#1"}},
			{"import-commit", []string{"--db", db, "import", file, "--commune", "#1", "--commit"}},
		} {
			b.Run(sh.Name+"/"+cmd.name, func(b *testing.B) {
				var peak int64
				var out []byte
				for b.Loop() {
					c := exec.Command(bin, cmd.args...)
					out, _ = c.CombinedOutput() // refusals exit 1: the answer is in out
					if c.ProcessState == nil || c.ProcessState.ExitCode() > 1 {
						b.Fatalf("%v: %s", cmd.args, out)
					}
					peak = max(peak, c.ProcessState.SysUsage().(*syscall.Rusage).Maxrss<<10)
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
				b.Logf("%s", lastLine(out))
				if peak > 200<<20 {
					b.Errorf("peak RSS %d MB, over 200 MB", peak>>20)
				}
			})
		}
	}
	os.Remove(db)
}

// lastLine is the last line of a command's output, its verdict.
func lastLine(out []byte) []byte {
	out = bytes.TrimSpace(out)
	if i := bytes.LastIndexByte(out, '\n'); i >= 0 {
		return out[i+1:]
	}
	return out
}
