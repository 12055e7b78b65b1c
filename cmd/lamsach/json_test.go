package main

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// snakeKey is how every JSON key the commands print is spelled.
var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// jsonKeys returns every key of a JSON document, at any depth.
func jsonKeys(t *testing.T, doc string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	seen := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				seen[k] = true
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return slices.Sorted(maps.Keys(seen))
}

// TestJSONConvention: every --json output (sheet check, import preflight
// and commit, audit person) has snake_case keys only, and ID numbers
// masked as in the text unless --show-ids.
func TestJSONConvention(t *testing.T) {
	db := newDB(t)
	list := fixtures + "station-list.xlsx"
	commands := []struct {
		args []string
		keys []string // some keys it must have
	}{
		{[]string{"sheet", "check", list, "--json"}, []string{"header_rows", "error_rows", "sample", "id_raw", "with_errors"}},
		{[]string{"--db", db, "import", list, "--commune", "#1", "--json"}, []string{"report", "villages", "village_id", "committed", "stored"}},
		{[]string{"--db", db, "import", list, "--commune", "#1", "--json", "--commit"}, []string{"import_id", "records"}},
		{[]string{"--db", db, "audit", "person", "--commune", "#1", "--id", "087090000123", "--json"}, []string{"record", "commune_id", "created_at", "history", "original_row"}},
	}
	for _, c := range commands {
		code, stdout, stderr := lamsach(t, c.args...)
		if code != 0 {
			t.Fatalf("%q: exit %d, %s", c.args, code, stderr)
		}
		keys := jsonKeys(t, stdout)
		for _, k := range keys {
			if !snakeKey.MatchString(k) {
				t.Errorf("%q: key %q is not snake_case", c.args, k)
			}
		}
		for _, want := range c.keys {
			if !strings.Contains(" "+strings.Join(keys, " ")+" ", " "+want+" ") {
				t.Errorf("%q: no key %q in %q", c.args, want, keys)
			}
		}
		if !strings.Contains(stdout, "087******123") || strings.Contains(stdout, "087090000123") {
			t.Errorf("%q: the ID number is not masked as in the text:\n%s", c.args, stdout)
		}
		if c.args[len(c.args)-1] == "--commit" {
			continue // imported now: the same list again is refused
		}
		if _, whole, _ := lamsach(t, append(c.args, "--show-ids")...); !strings.Contains(whole, "087090000123") {
			t.Errorf("%q --show-ids: the ID number is not whole:\n%s", c.args, whole)
		}
	}
}
