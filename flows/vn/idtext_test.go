package vn

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSameCleaningEveryColumn writes a phone number and an ID number in the shapes
// stations send and checks that both columns read them alike.
func TestSameCleaningEveryColumn(t *testing.T) {
	shapes := []struct {
		name string
		fmt  func(groups []string) string
	}{
		{"plain", func(g []string) string { return strings.Join(g, "") }},
		{"apostrophe, dots", func(g []string) string { return "'" + strings.Join(g, ".") }},
		{"dashes", func(g []string) string { return strings.Join(g, "-") }},
		{"spaces around and inside", func(g []string) string { return " " + strings.Join(g, " ") + " " }},
		{"NBSP", func(g []string) string { return strings.Join(g, "\u00a0") }},
		{"typographic apostrophe, en dashes", func(g []string) string { return "’" + strings.Join(g, "–") }},
		{"apostrophe after a space", func(g []string) string { return " '" + strings.Join(g, " ") }},
		{"zero-width space", func(g []string) string { return strings.Join(g, "\u200b") }},
		{"float tail", func(g []string) string { return strings.Join(g, "") + ".0" }},
	}
	phone := []string{"0906", "331", "568"}
	id := []string{"087", "084", "000", "999"}
	for _, sh := range shapes {
		for _, src := range []Source{Typed, CellText} {
			p := sh.fmt(phone)
			if got := ParsePhone(p, src); got.Number != "0906331568" || got.Err != nil || len(got.Warnings) != 0 {
				t.Errorf("%s: ParsePhone(%q, %d) = %+v, want 0906331568 and no issue", sh.name, p, src, got)
			}
			i := sh.fmt(id)
			want := ID{"087084000999", IDCCCD}
			if got := ParseID(i, src); got.ID != want || got.Err != nil || len(got.Warnings) != 0 {
				t.Errorf("%s: ParseID(%q, %d) = %+v, want %+v and no issue", sh.name, i, src, got, want)
			}
		}
	}
}

func TestCleanNumber(t *testing.T) {
	tests := []struct{ in, spaced, compact string }{
		{"'0906.331.568", "0906.331.568", "0906331568"},
		{" 0906 331 568 ", "0906331568", "0906331568"},
		{"8.7084E+10", "8.7084E+10", "87084E+10"},
		{"87084000999.0", "87084000999.0", "87084000999"},
		{"87084000999,00", "87084000999,00", "87084000999"},
		{"87084000999.000", "87084000999.000", "87084000999000"}, // a group of three
		{"87084000999.5", "87084000999.5", "870840009995"},
		{"0.0", "0.0", "0"},
		{".0", ".0", "0"},
		{"'", "", ""},
		{"\xff1", "\uFFFD1", "\uFFFD1"},
	}
	for _, tt := range tests {
		spaced, compact := cleanNumber(tt.in, "")
		if spaced != tt.spaced || compact != tt.compact {
			t.Errorf("cleanNumber(%q) = %q, %q, want %q, %q", tt.in, spaced, compact, tt.spaced, tt.compact)
		}
	}
}

func TestIsNoIDPlaceholder(t *testing.T) {
	yes := []string{
		"", " ", "\u00a0", "-", "—", "--", ".", "...", "0", "00", "000000000", "000000000000", "0.0",
		"'0", "/", "?", "x", "X", "k", "K", "ko", "KO", "kg", "không", "Không có", "KHÔNG CÓ", "không có.",
		"chưa có", "Chưa", "chưa cấp", "Chưa có CCCD", "không có số CMND", "ko có", "k có", "n/a", "N/A",
		"none", "NULL", "trẻ em", "Trẻ em", "chưa đủ tuổi", "đang làm", "không rõ", "KXĐ", "OOO",
		"khong co", "Khong co so", "không\u00a0có", "ko co cmnd/cccd", "0000\u041e0000", "`k",
	}
	for _, s := range yes {
		if !IsNoIDPlaceholder(s) {
			t.Errorf("IsNoIDPlaceholder(%q) = false, want true", s)
		}
	}
	no := []string{
		"087084000999", "87084000999", "012345678", "C1234567", "8.7084E+10", "08708947O133", "1",
		"01", "#N/A", "không có giấy tờ tùy thân nhưng có hộ khẩu", "có", "cccd", "khong co ten", "số",
		"0906331568", "Nguyễn Văn An",
	}
	for _, s := range no {
		if IsNoIDPlaceholder(s) {
			t.Errorf("IsNoIDPlaceholder(%q) = true, want false", s)
		}
	}
	// ParseID reads every placeholder as no number, so the two never disagree.
	for _, s := range yes {
		if r := ParseID(s, CellText); r.ID != (ID{}) || r.Err != nil || r.Warnings != nil {
			t.Errorf("ParseID(%q) = %+v, want no number and no issue", s, r)
		}
	}
}

func TestDigitLookalikes(t *testing.T) {
	for r, d := range digitLookalikes {
		if r >= '0' && r <= '9' || d < '0' || d > '9' {
			t.Errorf("digitLookalikes[%q] = %q: want a non-digit mapped to a digit", r, d)
		}
	}
	// These letters begin or fill real passport numbers: reading them as digits would
	// offer a number nobody wrote.
	for _, r := range "BSZGgqTADQL" {
		if _, ok := digitLookalikes[r]; ok {
			t.Errorf("digitLookalikes has %q, an ambiguous letter", r)
		}
	}
	// Passports are stored upper-cased and only ASCII ones are accepted: a letter
	// whose upper case is an ASCII look-alike must be one too, or its upper-cased form
	// would be refused after being accepted.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		u := unicode.ToUpper(r)
		_, upper := digitLookalikes[u]
		if _, ok := digitLookalikes[r]; upper && u < utf8.RuneSelf && !ok {
			t.Errorf("digitLookalikes lacks %q, whose upper case %q it has", r, unicode.ToUpper(r))
		}
	}
}

func TestLookalikeDigits(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"08708947O133", "087089470133", true},
		{"O12345678", "012345678", true},
		{"0l234567I", "012345671", true},
		{"087089470133", "087089470133", false}, // no look-alike: ParseID reads it as digits
		{"O1234567", "", false},                 // 8 characters: a Vietnamese passport's shape
		{"8708947O133", "", false},
		{"08708947O1334", "", false},
		{"08708947B133", "", false},
		{"0870894\u041e0133", "087089400133", true},
	}
	for _, tt := range tests {
		got, ok := lookalikeDigits(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("lookalikeDigits(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
