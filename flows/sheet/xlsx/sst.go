package xlsx

import (
	"fmt"
	"strconv"
)

// arenaChunk is the size of the byte runs that shared strings are cut from:
// one allocation per chunk instead of one per string.
const arenaChunk = 256 << 10

// stringArena turns many short byte runs into strings that share a few
// large backing allocations.
type stringArena struct {
	pending []byte // bytes not yet converted
	offs    []int  // end offset in pending of each waiting string
	out     *[]string
}

// add queues one string; it becomes visible in *out after flush.
func (a *stringArena) add(b []byte) {
	if len(a.pending)+len(b) > arenaChunk && len(a.offs) > 0 {
		a.flush()
	}
	a.pending = append(a.pending, b...)
	a.offs = append(a.offs, len(a.pending))
}

// flush converts the queued bytes with a single allocation.
func (a *stringArena) flush() {
	s := string(a.pending)
	start := 0
	for _, end := range a.offs {
		*a.out = append(*a.out, s[start:end])
		start = end
	}
	a.pending, a.offs = a.pending[:0], a.offs[:0]
}

// readSharedStrings loads the shared string table. Rich-text runs are
// concatenated and phonetic runs (<rPh>) dropped, as Excel shows them.
func (b *Book) readSharedStrings(name string) error {
	s, rc, err := b.scan(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	var (
		val, dec []byte
		inSI     bool
		inT      bool
		long     bool
		rph      int
		total    int64
	)
	arena := stringArena{out: &b.sst}
	for k := s.next(); k != tokEOF; k = s.next() {
		switch k {
		case tokStart:
			switch string(s.name) {
			case "sst":
				if n, err := strconv.Atoi(attrString(s.attrs, "uniqueCount")); err == nil && n > 0 {
					b.sst = make([]string, 0, min(n, b.lim.MaxSharedStrings, 1<<20))
				}
			case "si":
				if len(b.sst)+len(arena.offs) >= b.lim.MaxSharedStrings {
					return fmt.Errorf("%w: more than %d", ErrTooManyStrings, b.lim.MaxSharedStrings)
				}
				if s.self {
					arena.add(nil)
					continue
				}
				inSI, inT, long, rph, val = true, false, false, 0, val[:0]
			case "t":
				inT = inSI && rph == 0 && !s.self
			case "rPh":
				if !s.self {
					rph++
				}
			}
		case tokEnd:
			switch string(s.name) {
			case "t":
				inT = false
			case "rPh":
				rph--
			case "si":
				if !inSI {
					continue
				}
				inSI = false
				dec = appendDecodedX(dec[:0], val)
				if long || tooLong(dec) {
					// Kept as a mark only: the cells using it are errors.
					b.markLong(len(b.sst) + len(arena.offs))
					dec = dec[:0]
				}
				if total += int64(len(dec)); total > b.lim.MaxSharedStringBytes {
					return fmt.Errorf("%w: more than %d bytes", ErrTooManyStrings, b.lim.MaxSharedStringBytes)
				}
				arena.add(dec)
			}
		case tokText:
			if inT && !long {
				val = appendText(val, s)
				long = len(val) > maxKeptBytes
			}
		}
	}
	if s.err != nil {
		return s.err
	}
	arena.flush()
	return nil
}

// markLong records that shared string i is longer than MaxCellChars.
func (b *Book) markLong(i int) {
	if b.sstLong == nil {
		b.sstLong = map[int]bool{}
	}
	b.sstLong[i] = true
}

// appendText appends the current text token, unescaping unless it is CDATA.
func appendText(dst []byte, s *scanner) []byte {
	if s.cdata {
		return append(dst, s.text...)
	}
	return appendUnescaped(dst, s.text)
}
