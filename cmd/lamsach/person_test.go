package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/store"
	"lamsach/store/storetest"
)

// personDB imports the station list fixture into a new database and
// corrects Nguyễn Văn An's ID number (087090000123 → 087090000124), so
// the record has an import and a change.
func personDB(t *testing.T) (path string, rec flows.Record) {
	t.Helper()
	path = newDB(t)
	if code, _, stderr := lamsach(t, "--db", path, "import", fixtures+"station-list.xlsx", "--commune", "#1", "--commit"); code != 0 {
		t.Fatal(stderr)
	}
	withStore(t, path, func(ctx context.Context, tx *store.Tx) error {
		recs, err := tx.FindRecords(ctx, flows.Operator, "", "087090000123", 10)
		if err != nil || len(recs) != 1 {
			t.Fatalf("the fixture's record: %v, %v", recs, err)
		}
		rec, err = storetest.Amend(ctx, tx, recs[0].ID, func(f *flows.Fields) { f.ID.Number = "087090000124" })
		return err
	})
	return path, rec
}

func TestAuditPersonText(t *testing.T) {
	db, rec := personDB(t)
	code, out, stderr := lamsach(t, "--db", db, "audit", "person", "--commune", "Xã Tân Phú", "--id", "087090000")
	if code != 0 || stderr != "" {
		t.Fatalf("by id: exit %d, %q", code, stderr)
	}
	lines := strings.Split(out, "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^record \d+ · village 1 · assigned · wrong_info$`),
		regexp.MustCompile(`^  now:      Nguyễn Văn An \| 12/05/1990 \| male \| 087\*\*\*\*\*\*124$`),
		regexp.MustCompile(`^  imported: Nguyễn Văn An \| 12/05/1990 \| male \| 087\*\*\*\*\*\*123$`),
		// The import is the first line of the history, then the change.
		regexp.MustCompile(`^  \d{4}-\d\d-\d\d \d\d:\d\d \+07  operator  import  \(sheet\) import 1, row 9$`),
		regexp.MustCompile(`^  \d{4}-\d\d-\d\d \d\d:\d\d \+07  .+  record.update id_number: "087\*\*\*\*\*\*123" -> "087\*\*\*\*\*\*124"  \(.+\)`),
	}
	if len(lines) < len(want) {
		t.Fatalf("output:\n%s", out)
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d = %q, want %s", i+1, lines[i], re)
		}
	}
	if strings.Contains(out, "087090000124") || strings.Contains(out, "087090000123") {
		t.Errorf("an ID number is whole without --show-ids:\n%s", out)
	}
	_, out, _ = lamsach(t, "--db", db, "audit", "person", "--commune", "#1", "--id", "087090000124", "--show-ids")
	if !strings.Contains(out, `id_number: "087090000123" -> "087090000124"`) || !strings.Contains(out, "| 087090000124\n") {
		t.Errorf("--show-ids does not show the numbers:\n%s", out)
	}
	if !strings.HasPrefix(out, fmt.Sprintf("record %d ", rec.ID)) {
		t.Errorf("--show-ids found another record:\n%s", out)
	}
}

func TestAuditPersonJSON(t *testing.T) {
	db, rec := personDB(t)
	code, out, _ := lamsach(t, "--db", db, "audit", "person", "--commune", "#1", "--id", "087090000124", "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || len(got) != 1 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	p := got[0]
	for _, key := range []string{"record", "commune_id", "import_id", "row", "state", "problem", "now", "imported", "history", "created_at"} {
		if _, ok := p[key]; !ok {
			t.Errorf("JSON lacks %q: %v", key, p)
		}
	}
	// One convention: snake_case, never Go's field names.
	if regexp.MustCompile(`"[A-Z][A-Za-z]*":`).MatchString(out) {
		t.Errorf("JSON has a key in Go's spelling:\n%s", out)
	}
	if p["record"] != float64(rec.ID) || p["now"].(map[string]any)["id"] != "087******124" {
		t.Errorf("record %v, now %v", p["record"], p["now"])
	}
	if strings.Contains(out, "087090000124") || strings.Contains(out, "087090000123") {
		t.Errorf("an ID number is whole without --show-ids:\n%s", out)
	}
	h := p["history"].([]any)
	first := h[0].(map[string]any)
	if len(h) != 2 || first["action"] != "import" || first["reason"] != "import 1, row 9" ||
		!strings.HasSuffix(first["at"].(string), "+07:00") {
		t.Errorf("history %v, want the import first, in +07:00", h)
	}
	_, out, _ = lamsach(t, "--db", db, "audit", "person", "--commune", "#1", "--id", "087090000124", "--json", "--show-ids")
	if !strings.Contains(out, `"id": "087090000124"`) || !strings.Contains(out, `"old": "087090000123"`) {
		t.Errorf("--show-ids JSON lacks the numbers:\n%s", out)
	}
}

// TestAuditPersonLookupAudited: each lookup is an audit entry keeping what
// was searched for as a keyed hash, never the digits or the name.
func TestAuditPersonLookupAudited(t *testing.T) {
	db, _ := personDB(t)
	lamsach(t, "--db", db, "audit", "person", "--commune", "#1", "--id", "087090000124")
	lamsach(t, "--db", db, "audit", "person", "--commune", "#1", "--name", "Nguyễn Văn An")
	entries := auditEntries(t, db, "subject.access")
	withStore(t, db, func(ctx context.Context, tx *store.Tx) error {
		byID, err := tx.LookupHash("id", "087090000124")
		if err != nil {
			return err
		}
		byName, _ := tx.LookupHash("name", "nguyen van an")
		other, _ := tx.LookupHash("id", "087090000123")
		if len(entries) != 2 {
			t.Fatalf("%d subject.access entries, want 2", len(entries))
		}
		// The fixture has two Nguyễn Văn An.
		for i, want := range []struct{ field, hash, reason string }{{"id", byID, "1 records"}, {"name", byName, "2 records"}} {
			e := entries[i]
			if e.Field != want.field || e.New != want.hash || e.New == other || e.Reason != want.reason {
				t.Errorf("entry %d: %+v, want field %s and hash %s", i, e, want.field, want.hash)
			}
			if strings.Contains(e.New+e.Old+e.Reason, "087090000124") || strings.Contains(e.New+e.Reason, "nguyen") {
				t.Errorf("entry %d keeps what was looked up: %+v", i, e)
			}
		}
		return nil
	})
	if code, stdout, _ := lamsach(t, "--db", db, "audit", "verify"); code != 0 {
		t.Errorf("audit verify after lookups: exit %d\n%s", code, stdout)
	}
}

// auditEntries reads the field, new value and reason of the log's entries
// with action, oldest first, straight from the file.
func auditEntries(t *testing.T, path, action string) []flows.AuditEntry {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT field, old, new, reason FROM audit WHERE action = ? ORDER BY seq`, action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []flows.AuditEntry
	for rows.Next() {
		var e flows.AuditEntry
		if err := rows.Scan(&e.Field, &e.Old, &e.New, &e.Reason); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func TestAuditPersonArguments(t *testing.T) {
	db := newDB(t)
	for _, bad := range [][]string{{"--commune", "Xã Tân Phú"}, {"--commune", "Xã Tân Phú", "--id", "12"},
		{"--commune", "Xã Tân Phú", "--id", "001", "--name", "An"}, {"--commune", "nowhere", "--id", "001"}} {
		if code, _, errs := lamsach(t, append([]string{"--db", db, "audit", "person"}, bad...)...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", bad, code, errs)
		}
	}
	if code, out, _ := lamsach(t, "--db", db, "audit", "person", "--commune", "#1", "--id", "999"); code != 0 || out != "no record matches\n" {
		t.Errorf("no match: exit %d, %q", code, out)
	}
	if code, out, _ := lamsach(t, "--db", db, "audit", "person", "--commune", "#1", "--id", "999", "--json"); code != 0 || out != "[]\n" {
		t.Errorf("no match, JSON: exit %d, %q", code, out)
	}
}

// TestAuditValueTimes: a time kept in UTC as a changed value (reviewed_at,
// confirmed_at) is shown in Asia/Ho_Chi_Minh like every other time.
func TestAuditValueTimes(t *testing.T) {
	e := flows.AuditEntry{Field: "reviewed_at", Old: "", New: "2026-12-07T22:05:33Z"}
	if old, new := auditValues(e, false); old != "" || new != "2026-12-08T05:05:33+07:00" {
		t.Errorf("reviewed_at: %q -> %q", old, new)
	}
	e = flows.AuditEntry{Field: "state", Old: "assigned", New: "reviewed"}
	if old, new := auditValues(e, false); old != "assigned" || new != "reviewed" {
		t.Errorf("state: %q -> %q", old, new)
	}
}
