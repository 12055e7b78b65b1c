package store

import (
	"strings"
	"testing"
)

// FuzzParseHead: whatever an operator types after --head either parses to
// a head that prints back the same (lower-cased) or is refused; it never
// panics.
func FuzzParseHead(f *testing.F) {
	d := strings.Repeat("ab", 32)
	for _, s := range []string{"1:" + d, "12:" + d + ":" + d, "0:" + d, "x", "", "9999999999999999999:" + d, " 3:" + strings.ToUpper(d) + " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHead(s)
		if err != nil {
			return
		}
		if h.Seq <= 0 || len(h.Digest) != 64 || (h.Sig != "" && len(h.Sig) != 64) {
			t.Fatalf("ParseHead(%q) = %+v", s, h)
		}
		again, err := ParseHead(h.String())
		if h.Sig == "" {
			again, err = ParseHead(strings.TrimSuffix(h.String(), ":"))
		}
		if err != nil || again != h {
			t.Fatalf("ParseHead(%q) = %+v, which reads back as %+v, %v", s, h, again, err)
		}
	})
}

// FuzzParseAnchorLine: a line of the anchor file, however damaged, is read
// or refused, never a panic, and a line read has a signature to check.
func FuzzParseAnchorLine(f *testing.F) {
	d := strings.Repeat("0f", 32)
	for _, s := range []string{"2026-03-02T08:00:00Z 3:" + d + ":" + d, "2026-03-02T08:00:00Z 3:" + d, "yesterday 3:abc", "", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, h, err := parseAnchorLine(s)
		if err == nil && (h.Seq <= 0 || h.Sig == "") {
			t.Fatalf("parseAnchorLine(%q) = %+v without an error", s, h)
		}
	})
}
