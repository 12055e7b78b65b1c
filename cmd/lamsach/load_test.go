package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestLoadRuns runs a small load and checks it measured something.
func TestLoadRuns(t *testing.T) {
	var out bytes.Buffer
	if err := runLoad(context.Background(), &out, 3, 30, 500*time.Millisecond, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"updates/s", "records reviewed", "p99"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("load output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "updates handled: 0 ") {
		t.Errorf("nothing was handled:\n%s", out.String())
	}
}
