package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// tokens renders the scanner's token stream.
func tokens(s *scanner) (string, error) {
	var b strings.Builder
	last := "" // the opening of the text token just rendered, if it was text
	for {
		switch s.next() {
		case tokEOF:
			return b.String(), s.err
		case tokStart:
			fmt.Fprintf(&b, "<%s|%s|%v>", s.name, s.attrs, s.self)
		case tokEnd:
			fmt.Fprintf(&b, "</%s>", s.name)
		case tokText:
			// A long run may come in pieces; the test compares the text.
			piece := fmt.Sprintf("[%v:", s.cdata)
			if strings.HasSuffix(b.String(), "]") && strings.HasSuffix(last, piece) {
				str := b.String()
				b.Reset()
				b.WriteString(str[:len(str)-1])
				b.Write(s.text)
				b.WriteByte(']')
				continue
			}
			fmt.Fprintf(&b, "%s%s]", piece, s.text)
			last = piece
			continue
		}
		last = ""
	}
}

func TestScannerWindowBoundaries(t *testing.T) {
	long := strings.Repeat("dài ", 40_000) // past the initial window
	doc := `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "<x>">]><a:root xmlns:a="n">` +
		`<b k='v>w' j="x'y"/><!-- <c> --><c>` + long + `</c><d><![CDATA[<e>]]]]></d >` +
		`<f a="` + strings.Repeat("q", 70_000) + `"></f></a:root>` + "\n"
	want, err := tokens(newScanner(strings.NewReader(doc), 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1, 7, 4096} {
		got, err := tokens(newScanner(iotest.OneByteReader(strings.NewReader(doc)), size))
		if err != nil || got != want {
			t.Errorf("window %d: %v, tokens differ: %.200s", size, err, got)
		}
	}
	if !strings.Contains(want, "<b| k='v>w' j=\"x'y\"|true>") || !strings.Contains(want, "[true:<e>]]]") {
		t.Errorf("unexpected tokens: %.300s", want)
	}
}

func TestScannerRefusesHugeTokens(t *testing.T) {
	doc := `<a b="` + strings.Repeat("x", scanMaxToken+10) + `"/>`
	_, err := tokens(newScanner(strings.NewReader(doc), 4096))
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("got %v, want ErrCorrupt", err)
	}
}

// TestScannerLongText reads a text run far longer than the window in
// pieces, keeping entities and line ends whole across the cuts.
func TestScannerLongText(t *testing.T) {
	unit := "ab&amp;c\r\nđ&#x1EC5;"
	var doc strings.Builder
	doc.WriteString("<a>")
	for doc.Len() < 3*scanMaxToken {
		doc.WriteString(unit)
	}
	doc.WriteString("</a>")
	s := newScanner(strings.NewReader(doc.String()), 4096)
	var text []byte
	pieces, biggest := 0, 0
	for k := s.next(); k != tokEOF; k = s.next() {
		if k == tokText {
			text = appendText(text, s)
			pieces++
			biggest = max(biggest, len(s.text))
		}
	}
	want := strings.Repeat("ab&c\nđễ", (doc.Len()-7)/len(unit))
	if s.err != nil || string(text) != want || pieces < 2 || biggest > 2*textPiece || len(s.buf) > 4*textPiece {
		t.Errorf("err %v, %d pieces (largest %d), window %d, text ok %v", s.err, pieces, biggest, len(s.buf), string(text) == want)
	}
}

func TestScannerTruncated(t *testing.T) {
	for _, doc := range []string{"<a", "<a b='c", "<!-- x", "<![CDATA[x", "<?pi", "</a", "<!DOCTYPE [", "<"} {
		if _, err := tokens(newScanner(strings.NewReader(doc), 4096)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%q: got %v, want ErrCorrupt", doc, err)
		}
	}
}

func TestSharedStringLimits(t *testing.T) {
	p := bookParts(sheetXML(""))
	p["xl/sharedStrings.xml"] = sstXML("<t>aaaa</t>", "<t>bbbb</t>", "<t>cccc</t>")
	data := zipParts(t, p)
	for _, lim := range []Limits{{MaxSharedStrings: 2}, {MaxSharedStringBytes: 10}} {
		if _, err := openBytes(data, lim); !errors.Is(err, ErrTooManyStrings) {
			t.Errorf("%+v: got %v, want ErrTooManyStrings", lim, err)
		}
	}
	if _, err := openBytes(data, Limits{MaxSharedStrings: 3, MaxSharedStringBytes: 12}); err != nil {
		t.Errorf("at the limits: %v", err)
	}
}

func TestQuotePrefixOff(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.SetQuotePrefix(false)
	w.AddSheet("a", SheetOptions{})
	w.WriteRow([]WCell{{Value: "=1+1"}})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := openBytes(buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(b, 0)
	if got := dumpRows(rows); err != nil || got != `A1:i:"=1+1"` {
		t.Errorf("got %s, %v", got, err)
	}
}
