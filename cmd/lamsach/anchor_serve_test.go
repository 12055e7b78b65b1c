package main

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/store"
)

// TestServeAnchors: the running bot anchors the audit head in the anchor
// file (here: when it stops, after an export), with a log line carrying
// the same head, and the anchor checks out.
func TestServeAnchors(t *testing.T) {
	r := newRig(t, "sqlite")
	var last flows.AuditEntry
	r.db(func(ctx context.Context, tx *store.Tx) (err error) {
		last, err = tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: "export", CommuneID: r.commune.ID})
		return err
	})
	r.stop()
	anchors := r.cfg.DBPath + ".anchors"
	b, err := os.ReadFile(anchors)
	if err != nil {
		t.Fatalf("no anchor file: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	head := lines[len(lines)-1]
	if !strings.Contains(head, " "+strconv.FormatInt(last.Seq, 10)+":"+last.Digest+":") {
		t.Errorf("last anchor %q, want seq %d with its digest", head, last.Seq)
	}
	if !strings.Contains(r.logs.String(), `"msg":"audit anchored","component":"anchors","seq":`+strconv.FormatInt(last.Seq, 10)) {
		t.Errorf("no log line for the anchor:\n%s", r.logs.String())
	}
	code, stdout, stderr := lamsach(t, "--db", r.cfg.DBPath, "audit", "verify")
	if code != 0 || !strings.Contains(stdout, "anchors: "+strconv.Itoa(len(lines))+" in "+anchors+" hold") {
		t.Errorf("audit verify: exit %d, %q\n%s", code, stderr, stdout)
	}
}
