package xlsx

import (
	"bytes"
	"fmt"
	"io"
)

// tokKind is the kind of token the scanner stopped at.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

const (
	// scanBufSize is the initial window; most tokens are a few dozen bytes.
	scanBufSize = 64 << 10
	// scanMaxToken bounds one tag, comment or CDATA section, and so the
	// window. Text runs of any length come in pieces of textPiece bytes.
	scanMaxToken = 4 << 20
	// textPiece is the longest piece of a text run scanText reports at once.
	textPiece = 64 << 10
)

// scanner is a minimal pull tokenizer for the SpreadsheetML that real
// workbooks contain. It exists because encoding/xml allocates for every token,
// which dominated the cost of reading large sheets. It does not check
// well-formedness, never expands DTD entities (so entity bombs are inert) and
// treats namespace prefixes as noise: names are reported without them.
//
// The slices it reports point into its window and are valid only until the
// next call to next.
type scanner struct {
	r   io.Reader
	buf []byte
	p   int // start of unread data in buf
	n   int // end of valid data in buf
	eof bool
	err error

	name  []byte // local name of a start or end tag
	attrs []byte // raw attribute text of a start tag
	self  bool   // the start tag was self-closing
	text  []byte // text, still escaped unless cdata
	cdata bool   // text came from a CDATA section
}

func newScanner(r io.Reader, size int) *scanner {
	return &scanner{r: r, buf: make([]byte, size)}
}

// fail records a structural error unless a read error came first, because the
// read error (a zip bomb, a bad checksum) is the real cause.
func (s *scanner) fail(format string, args ...any) tokKind {
	if s.err == nil {
		s.err = fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
	return tokEOF
}

// more reads at least one more byte into the window, moving unread data to
// the front and growing the window up to scanMaxToken. It reports false at
// the end of input or on error.
func (s *scanner) more() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.p > 0 {
		copy(s.buf, s.buf[s.p:s.n])
		s.n -= s.p
		s.p = 0
	}
	if s.n == len(s.buf) {
		if len(s.buf) >= scanMaxToken {
			s.fail("xml token longer than %d bytes", scanMaxToken)
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.n])
		s.buf = nb
	}
	for range 100 {
		m, err := s.r.Read(s.buf[s.n:])
		s.n += m
		if err == io.EOF {
			s.eof = true
			return m > 0
		}
		if err != nil {
			s.err = err
			return m > 0
		}
		if m > 0 {
			return true
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// seek returns the offset from s.p of the first byte d at or after offset off,
// reading more input as needed, or -1 if the input ends first.
func (s *scanner) seek(off int, d byte) int {
	for {
		if i := bytes.IndexByte(s.buf[s.p+off:s.n], d); i >= 0 {
			return off + i
		}
		off = s.n - s.p
		if !s.more() {
			return -1
		}
	}
}

// seekStr is seek for a multi-byte delimiter.
func (s *scanner) seekStr(off int, d string) int {
	for {
		if i := bytes.Index(s.buf[s.p+off:s.n], []byte(d)); i >= 0 {
			return off + i
		}
		off = max(off, s.n-s.p-len(d)+1)
		if !s.more() {
			return -1
		}
	}
}

// ensure makes k unread bytes available, reporting false if input ends first.
func (s *scanner) ensure(k int) bool {
	for s.n-s.p < k {
		if !s.more() {
			return false
		}
	}
	return true
}

// next advances to the next start tag, end tag or text run, skipping
// comments, processing instructions and DOCTYPE declarations. It returns
// tokEOF at the end of input or on error; s.err tells which.
func (s *scanner) next() tokKind {
	for {
		if s.p >= s.n && !s.more() {
			return tokEOF
		}
		if s.buf[s.p] != '<' {
			return s.scanText()
		}
		if !s.ensure(2) {
			return s.fail("unexpected end of input after '<'")
		}
		switch s.buf[s.p+1] {
		case '/':
			return s.scanEnd()
		case '?':
			if !s.skipPast(2, "?>") {
				return s.fail("unterminated processing instruction")
			}
		case '!':
			if k, ok := s.scanBang(); ok {
				return k
			}
			if s.err != nil {
				return tokEOF
			}
		default:
			return s.scanStart()
		}
	}
}

// skipPast consumes input through the next occurrence of d.
func (s *scanner) skipPast(off int, d string) bool {
	i := s.seekStr(off, d)
	if i < 0 {
		return false
	}
	s.p += i + len(d)
	return true
}

// scanText reports the text up to the next '<' or the end of input. A run
// longer than textPiece comes in pieces, so a cell of any length passes
// through a bounded window; callers append the pieces.
func (s *scanner) scanText() tokKind {
	off := 0
	for {
		if i := bytes.IndexByte(s.buf[s.p+off:s.n], '<'); i >= 0 {
			return s.emitText(off + i)
		}
		off = s.n - s.p
		if off >= textPiece {
			return s.emitText(textCut(s.buf[s.p:s.n]))
		}
		if !s.more() {
			if s.err != nil {
				return tokEOF
			}
			return s.emitText(s.n - s.p)
		}
	}
}

// emitText reports the next n bytes as text.
func (s *scanner) emitText(n int) tokKind {
	s.text = s.buf[s.p : s.p+n]
	s.cdata = false
	s.p += n
	return tokText
}

// textCut returns where a piece of a long text run may end: not inside an
// entity reference ("&amp;" is at most 12 bytes) and not between the
// "\r\n" that unescaping turns into one line end.
func textCut(b []byte) int {
	n := len(b)
	tail := max(0, n-12)
	if j := bytes.LastIndexByte(b[tail:], '&'); j >= 0 && bytes.IndexByte(b[tail+j:], ';') < 0 {
		n = tail + j
	}
	if n > 0 && b[n-1] == '\r' {
		n--
	}
	return n
}

// scanEnd reports an end tag.
func (s *scanner) scanEnd() tokKind {
	i := s.seek(2, '>')
	if i < 0 {
		return s.fail("unterminated end tag")
	}
	s.name = localName(bytes.TrimSpace(s.buf[s.p+2 : s.p+i]))
	s.p += i + 1
	return tokEnd
}

// scanStart reports a start tag. '>' may appear inside quoted attribute
// values, so quotes are skipped as units.
func (s *scanner) scanStart() tokKind {
	i := 1
	for {
		if s.p+i >= s.n {
			if !s.more() {
				return s.fail("unterminated start tag")
			}
			continue
		}
		c := s.buf[s.p+i]
		if c == '>' {
			break
		}
		if c == '"' || c == '\'' {
			j := s.seek(i+1, c)
			if j < 0 {
				return s.fail("unterminated attribute value")
			}
			i = j
		}
		i++
	}
	tag := s.buf[s.p+1 : s.p+i]
	s.p += i + 1
	s.self = len(tag) > 0 && tag[len(tag)-1] == '/'
	if s.self {
		tag = tag[:len(tag)-1]
	}
	end := 0
	for end < len(tag) && !isSpace(tag[end]) {
		end++
	}
	s.name = localName(tag[:end])
	s.attrs = tag[end:]
	return tokStart
}

// scanBang handles "<!": comments and DOCTYPE are skipped (ok false), CDATA
// sections are reported as text.
func (s *scanner) scanBang() (tokKind, bool) {
	s.ensure(9)
	rest := s.buf[s.p:s.n]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		if !s.skipPast(4, "-->") {
			return s.fail("unterminated comment"), true
		}
		return tokEOF, false
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		i := s.seekStr(9, "]]>")
		if i < 0 {
			return s.fail("unterminated CDATA section"), true
		}
		s.text = s.buf[s.p+9 : s.p+i]
		s.cdata = true
		s.p += i + 3
		return tokText, true
	}
	// A DOCTYPE may hold an internal subset in brackets containing '>'.
	depth, i := 0, 2
	for {
		if s.p+i >= s.n {
			if !s.more() {
				return s.fail("unterminated declaration"), true
			}
			continue
		}
		switch s.buf[s.p+i] {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				s.p += i + 1
				return tokEOF, false
			}
		}
		i++
	}
}

// skipElement consumes tokens through the end of the element whose start tag
// was just read, so its content is ignored whatever it holds.
func (s *scanner) skipElement() {
	if s.self {
		return
	}
	for depth := 1; depth > 0; {
		switch s.next() {
		case tokEOF:
			return
		case tokStart:
			if !s.self {
				depth++
			}
		case tokEnd:
			depth--
		}
	}
}

// localName strips a namespace prefix: some generators write <x:c>.
func localName(b []byte) []byte {
	if i := bytes.LastIndexByte(b, ':'); i >= 0 {
		return b[i+1:]
	}
	return b
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
