package flows_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/flows/msg"
)

// TestCatalogHasEveryKey scans the conversation code for message keys and
// checks the catalog has each: a literal key, and every expansion of the
// keys built from a prefix and a known set of values.
func TestCatalogHasEveryKey(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	literal := regexp.MustCompile(`(?:T|say|tr)\((?:l, |t\.lang, |lang, )?"([a-z_]+\.[a-z_.]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") || strings.HasSuffix(key, "_") {
				continue // a prefix, checked below
			}
			if !msg.Has(key) {
				t.Errorf("%s: key %q is not in the catalog", f, key)
			}
		}
	}
	var dynamic []string
	for _, r := range flows.MemberRoles {
		dynamic = append(dynamic, "help."+string(r), "welcome."+string(r))
	}
	for _, s := range []flows.State{flows.StateImported, flows.StateAssigned, flows.StateReviewed, flows.StateReturned,
		flows.StateConfirmed, flows.StateSigned, flows.StateExported, flows.StateEntered, flows.StateVerified, flows.StateStillWrong} {
		dynamic = append(dynamic, "state."+string(s))
	}
	for _, s := range flows.FieldSpecs {
		f := string(s.Key)
		dynamic = append(dynamic, "field."+f)
		if s.Card {
			dynamic = append(dynamic, "btn.edit_"+f, "ask."+f, "ask."+f+".again")
		}
		for _, c := range s.Choices {
			dynamic = append(dynamic, f+"."+c)
		}
	}
	for _, o := range []string{"corrected", "unchanged", "not_found"} {
		dynamic = append(dynamic, "saved."+o)
	}
	for _, r := range []string{"moved", "deceased", "unknown"} {
		dynamic = append(dynamic, "reason."+r)
	}
	for _, k := range dynamic {
		if !msg.Has(k) {
			t.Errorf("key %q is not in the catalog", k)
		}
	}
}

// TestCatalogHasEveryIssue checks every issue code of flows/vn has a text.
func TestCatalogHasEveryIssue(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("vn", "issue.go"))
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`Code\w+\s*=\s*"([a-z0-9_]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(codes) < 20 {
		t.Fatalf("found only %d issue codes; has issue.go changed shape?", len(codes))
	}
	for _, c := range codes {
		if !msg.Has("issue." + c[1]) {
			t.Errorf("issue code %q has no catalog text", c[1])
		}
	}
}
