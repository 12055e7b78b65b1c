package vn

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// validIssues fails the test if an issue's text is not valid UTF-8.
func validIssues(t *testing.T, in string, err *Issue, warns []Issue) {
	t.Helper()
	all := warns
	if err != nil {
		all = append(all, *err)
	}
	for _, i := range all {
		if i.Code == "" || !utf8.ValidString(i.Arg) {
			t.Fatalf("input %q: bad issue %#v", in, i)
		}
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"087084000999", "87084000999", "1.23457E+11", "8.7084000999E10", "1090123456",
		"12345678", "C1234567", "ab123456", "087.084.000.999", "-", "không có", "1E999", "0870#4000999", "",
		"08708947O133", "O12345678", "'087 084 OOO 999", "chưa có số CMND", "87084000999.0", "0870840О0999"} {
		f.Add(s, 0)
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, src int) {
		source := Source(((src % 3) + 3) % 3)
		r := ParseID(s, source)
		validIssues(t, s, r.Err, r.Warnings)
		if quoted := ParseID("'"+s, source); !sameIDResult(quoted, r) {
			t.Fatalf("ParseID(%q) = %+v, but with a leading apostrophe %+v", s, r, quoted)
		}
		if r.Err != nil && r.Err.Code == CodeIDLookalike {
			d := r.Err.Arg
			if back := ParseID(d, Typed); len(d) != 9 && len(d) != 12 || back.Err != nil || back.ID.Number != d {
				t.Fatalf("ParseID(%q) offers %q, which reads back as %+v", s, d, back)
			}
		}
		if r.Err == nil && r.ID.Kind == IDNone && !IsNoIDPlaceholder(s) {
			t.Fatalf("ParseID(%q) reads no number, but IsNoIDPlaceholder says it is not a placeholder", s)
		}
		if !utf8.ValidString(r.ID.Number) {
			t.Fatalf("ParseID(%q) number %q is not UTF-8", s, r.ID.Number)
		}
		if r.Err != nil && r.ID != (ID{}) {
			t.Fatalf("ParseID(%q) = %+v with error %v", s, r.ID, r.Err)
		}
		if r.Err != nil || r.ID.Kind == IDNone {
			return
		}
		again := ParseID(r.ID.Number, Typed)
		if again.ID != r.ID || again.Err != nil {
			t.Fatalf("ParseID(%q) = %+v, but re-parsing gives %+v err %v", s, r.ID, again.ID, again.Err)
		}
		_ = MaskID(r.ID.Number)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"12/05/1990", "05/13/1990", "32874", "1990-05-12T00:00:00", "15/05/20", "1990",
		"05/1990", "00/00/1945", "ngày 12 tháng 5 năm 1990", "60", "19900512", "3.2874E4", "31/02/1990", ""} {
		f.Add(s, 0)
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, src int) {
		source := Source(((src % 3) + 3) % 3)
		r := ParseDate(s, source, today)
		validIssues(t, s, r.Err, r.Warnings)
		d := r.Date
		if r.Err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v with error %v", s, d, r.Err)
			}
			return
		}
		if d.IsZero() {
			return
		}
		if d.Year < 1900 || d.after(today) || !validCalendar(d) {
			t.Fatalf("ParseDate(%q) = %v: out of 1900..today or not a calendar date", s, d)
		}
		back, err := ParseStoredDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v; stored form %q reads back as %v, %v", s, d, d.String(), back, err)
		}
		if again := ParseDate(d.Display(), Typed, today); again.Date != d {
			t.Fatalf("ParseDate(%q) = %v; its display %q reads back as %v", s, d, d.Display(), again.Date)
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range append([]string{"", "NGUYỄN VĂN AN", "nguyễn thị đào", "Nguyen Van An", "NguyÔn V¨n An",
		"Nguyeãn Vaên An", "Nguyá»…n VÄƒn An", "h'hen niê", "baỏ lựơng", "\u0301", "ı", "ǆ", "ß"}, commonNames[:10]...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseName(s)
		validIssues(t, s, r.Err, r.Warnings)
		if r.Err != nil {
			if r.Name != "" || r.Key != "" {
				t.Fatalf("ParseName(%q) = %q, %q with error %v", s, r.Name, r.Key, r.Err)
			}
			return
		}
		if !utf8.ValidString(r.Name) || !utf8.ValidString(r.Key) || !norm.NFC.IsNormalString(r.Name) {
			t.Fatalf("ParseName(%q) = %q, %q: not valid NFC UTF-8", s, r.Name, r.Key)
		}
		if got := NameKey(r.Name); got != r.Key {
			t.Fatalf("ParseName(%q): NameKey(%q) = %q, want Key %q", s, r.Name, got, r.Key)
		}
		if r.Name != strings.TrimSpace(r.Name) || strings.Contains(r.Name, "  ") {
			t.Fatalf("ParseName(%q) = %q: untrimmed or double spaces", s, r.Name)
		}
		if again := ParseName(r.Name); again.Name != r.Name || again.Key != r.Key {
			t.Fatalf("ParseName(%q) = %q, %q; ParseName of that = %q, %q err %v", s, r.Name, r.Key, again.Name, again.Key, again.Err)
		}
		if c := CleanText(s); CleanText(c) != c {
			t.Fatalf("CleanText(%q) = %q is not stable", s, c)
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"0906331568", "+84 906 331 568", "906331568", "01621234567", "1691234567",
		"02438123456", "9.06331568E8", "(0906) 331568", "abc", "", "'0906.331.568", "906331568.0", "không có"} {
		f.Add(s, 0)
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, src int) {
		source := Source(((src % 3) + 3) % 3)
		r := ParsePhone(s, source)
		validIssues(t, s, r.Err, r.Warnings)
		if quoted := ParsePhone("'"+s, source); quoted.Number != r.Number || errCode(quoted.Err) != errCode(r.Err) {
			t.Fatalf("ParsePhone(%q) = %+v, but with a leading apostrophe %+v", s, r, quoted)
		}
		if r.Err != nil && r.Number != "" {
			t.Fatalf("ParsePhone(%q) = %q with error %v", s, r.Number, r.Err)
		}
		if r.Err != nil || r.Number == "" {
			return
		}
		again := ParsePhone(r.Number, Typed)
		if again.Number != r.Number || again.Err != nil {
			t.Fatalf("ParsePhone(%q) = %q; re-parsing gives %q err %v", s, r.Number, again.Number, again.Err)
		}
		for _, w := range again.Warnings {
			if w.Code == CodePhoneLostZero {
				t.Fatalf("ParsePhone(%q) = %q, which still lacks a zero", s, r.Number)
			}
		}
	})
}

func FuzzParseQR(f *testing.F) {
	for _, s := range []string{sampleQR, "\ufeff" + sampleQR + "\n", mojibake(sampleQR), latin1(sampleQR),
		"001090123456||Nguyễn Văn A|01011990|Nam|X", "a|b|c|d|e|f", "|||||", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseQR(s, today)
		validIssues(t, s, r.Err, r.Warnings)
		if r.Err != nil {
			if r.QR != (QR{}) {
				t.Fatalf("ParseQR(%q) = %+v with error %v", s, r.QR, r.Err)
			}
			return
		}
		q := r.QR
		for _, v := range []string{q.ID, q.OldID, q.Name, q.Address} {
			if !utf8.ValidString(v) {
				t.Fatalf("ParseQR(%q) = %+v: not UTF-8", s, q)
			}
		}
		if id := ParseID(q.ID, Typed); id.ID.Kind != IDCCCD || id.ID.Number != q.ID {
			t.Fatalf("ParseQR(%q) ID %q is not a CCCD", s, q.ID)
		}
		if q.Name == "" || NameKey(q.Name) == "" {
			t.Fatalf("ParseQR(%q) has no name", s)
		}
		if q.DOB.Year != 0 && (q.DOB.Year < 1900 || q.DOB.after(today)) {
			t.Fatalf("ParseQR(%q) DOB %v out of range", s, q.DOB)
		}
	})
}

// sameIDResult compares two ParseID results.
func sameIDResult(a, b IDResult) bool {
	return a.ID == b.ID && (a.Err == nil) == (b.Err == nil) && (a.Err == nil || *a.Err == *b.Err) &&
		slices.Equal(a.Warnings, b.Warnings)
}

func FuzzPlatformID(f *testing.F) {
	for _, s := range []string{"", "không có", "0", "8.7084E+10", "87084000999", "87084000999.0", "08708947O133",
		"087084000999", "'087 084 000 999", "C1234567", "E12345678", "#N/A", "chưa có CCCD", "OOO"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := PlatformID(s)
		switch c.Status {
		case IDStatusOK:
			if c.Issue != nil || c.ID.Kind == IDNone || !utf8.ValidString(c.ID.Number) {
				t.Fatalf("PlatformID(%q) = %+v issue %v", s, c, c.Issue)
			}
			// What is written is itself acceptable, unchanged: the export is stable.
			if again := PlatformID(c.ID.Number); !again.OK() || again.ID != c.ID {
				t.Fatalf("PlatformID(%q) = %+v, but PlatformID(%q) = %+v", s, c.ID, c.ID.Number, again)
			}
		case IDStatusNone:
			if c.ID != (ID{}) || c.Issue == nil || c.Issue.Code != CodeIDMissing || !IsNoIDPlaceholder(s) {
				t.Fatalf("PlatformID(%q) = %+v issue %v", s, c, c.Issue)
			}
		case IDStatusMalformed:
			if c.ID != (ID{}) || c.Issue == nil || c.Issue.Code == CodeIDMissing || IsNoIDPlaceholder(s) {
				t.Fatalf("PlatformID(%q) = %+v issue %v", s, c, c.Issue)
			}
			validIssues(t, s, c.Issue, nil)
		default:
			t.Fatalf("PlatformID(%q) status %q", s, c.Status)
		}
	})
}
