package msg

import (
	"strings"
	"testing"
)

// TestCatalogsMatch checks both catalogs have the same keys with the same
// format verbs, so a message never renders with a missing or extra value.
func TestCatalogsMatch(t *testing.T) {
	for k, v := range vi {
		e, ok := en[k]
		if !ok {
			t.Errorf("key %q missing from the English catalog", k)
			continue
		}
		if got, want := verbs(e), verbs(v); got != want {
			t.Errorf("key %q: English verbs %q, Vietnamese %q", k, got, want)
		}
	}
	for k := range en {
		if _, ok := vi[k]; !ok {
			t.Errorf("key %q missing from the Vietnamese catalog", k)
		}
	}
}

func verbs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			b.WriteByte(s[i+1])
			i++
		}
	}
	return b.String()
}

func TestTEscapesValues(t *testing.T) {
	got := T(VI, "find.none", "<b>&")
	if !strings.Contains(got, "&lt;b&gt;&amp;") {
		t.Errorf("T did not escape the value: %q", got)
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key renders %q, want the key", got)
	}
}
