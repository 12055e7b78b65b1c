package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestSheetLimitFlags: the limits are settings; a list over them is refused
// with the specific reason, and nonsense limits are bad arguments.
func TestSheetLimitFlags(t *testing.T) {
	ctx := context.Background()
	list := filepath.Join(t.TempDir(), "list.xlsx")
	if code := run(ctx, []string{"sample", "--rows", "50", "--out", list}, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatalf("sample: exit %d", code)
	}
	var out, errs bytes.Buffer
	if code := run(ctx, []string{"sheet", "check", list, "--max-rows", "20"}, &out, &errs); code != 1 || !strings.Contains(errs.String(), "more than 20 rows") {
		t.Errorf("over --max-rows: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run(ctx, []string{"sheet", "check", list, "--max-rows", "1000"}, &out, &errs); code != 0 {
		t.Errorf("under --max-rows: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run(ctx, []string{"import", list, "--commune", "x", "--max-file-mb", "-1"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), "must be above 0") {
		t.Errorf("bad --max-file-mb: exit %d, stderr %q", code, errs.String())
	}
}
