package xlsx

import (
	"fmt"
	"strconv"
)

// arenaChunk is the size of the strings shared strings are cut from: one
// allocation per chunk instead of one per string.
const arenaChunk = 256 << 10

// sharedStrings is the shared string table, kept compact because it is the
// one table held for the life of a Book: the text lives in chunks of about
// arenaChunk bytes, and each entry is 8 bytes that locate it (chunk,
// offset, length), half the cost of a string header. Looking one up makes
// no allocation.
type sharedStrings struct {
	chunks  []string
	refs    []uint64
	pending []byte       // the chunk being filled
	long    map[int]bool // entries over MaxCellChars, kept empty
}

// The fields of a ref: 20 bits of chunk, 22 of offset and 22 of length.
// A chunk holds arenaChunk bytes plus at most one entry, which holds at
// most maxKeptBytes, both far below 4 MB.
const (
	refBits = 22
	refMask = 1<<refBits - 1
)

// add appends an entry.
func (t *sharedStrings) add(b []byte) {
	if len(t.pending)+len(b) > arenaChunk && len(t.pending) > 0 {
		t.flush()
	}
	t.refs = append(t.refs, uint64(len(t.chunks))<<(2*refBits)|uint64(len(t.pending))<<refBits|uint64(len(b)))
	t.pending = append(t.pending, b...)
}

// flush turns the chunk being filled into a string.
func (t *sharedStrings) flush() {
	if len(t.pending) > 0 {
		t.chunks = append(t.chunks, string(t.pending))
		t.pending = t.pending[:0]
	}
}

// len returns the number of entries.
func (t *sharedStrings) len() int { return len(t.refs) }

// get returns entry i, which must exist and be flushed.
func (t *sharedStrings) get(i int) string {
	r := t.refs[i]
	off, n := r>>refBits&refMask, r&refMask
	return t.chunks[r>>(2*refBits)][off : off+n]
}

// readSharedStrings loads the shared string table. Rich-text runs are
// concatenated and phonetic runs (<rPh>) dropped, as Excel shows them.
func (b *Book) readSharedStrings(name string) error {
	s, rc, err := b.scan(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	var e sstEntry
	var dec []byte
	var total int64
	t := &b.sst
	for k := s.next(); k != tokEOF; k = s.next() {
		switch k {
		case tokStart:
			if err := b.sstStart(s, &e); err != nil {
				return err
			}
		case tokEnd:
			switch string(s.name) {
			case "t":
				e.inT = false
			case "rPh":
				e.rph--
			case "si":
				if !e.inSI {
					continue
				}
				e.inSI = false
				dec = t.addEncoded(dec, e.val, e.long)
				if total += int64(len(dec)); total > b.lim.MaxSharedStringBytes {
					return fmt.Errorf("%w: more than %d bytes", ErrTooManyStrings, b.lim.MaxSharedStringBytes)
				}
			}
		case tokText:
			if e.inT && !e.long {
				e.val = appendText(e.val, s)
				e.long = len(e.val) > maxKeptBytes
			}
		}
	}
	if s.err != nil {
		return s.err
	}
	t.flush()
	t.pending = nil
	return nil
}

// sstEntry is where readSharedStrings is in the entry (<si>) being read:
// inside its text (<t>) and how deep in phonetic runs, and the text so far
// (long: cut at maxKeptBytes).
type sstEntry struct {
	val             []byte
	inSI, inT, long bool
	rph             int
}

// sstStart handles an opening tag of the shared string table: the table's
// size hint, a new entry (refused past MaxSharedStrings), its text, or a
// phonetic run whose text is not shown.
func (b *Book) sstStart(s *scanner, e *sstEntry) error {
	t := &b.sst
	switch string(s.name) {
	case "sst":
		if n, err := strconv.Atoi(attrString(s.attrs, "uniqueCount")); err == nil && n > 0 {
			t.refs = make([]uint64, 0, min(n, b.lim.MaxSharedStrings, 1<<20))
		}
	case "si":
		if t.len() >= b.lim.MaxSharedStrings {
			return fmt.Errorf("%w: more than %d", ErrTooManyStrings, b.lim.MaxSharedStrings)
		}
		if s.self {
			t.add(nil)
			return nil
		}
		e.inSI, e.inT, e.long, e.rph, e.val = true, false, false, 0, e.val[:0]
	case "t":
		e.inT = e.inSI && e.rph == 0 && !s.self
	case "rPh":
		if !s.self {
			e.rph++
		}
	}
	return nil
}

// addEncoded adds the entry whose text, still with Excel's _xHHHH_
// escapes, is val (long: it was cut at maxKeptBytes), decoding it into
// dec, which it returns for reuse: its length is the bytes the entry
// keeps. An entry over MaxCellChars is kept as a mark only: the cells
// using it are errors.
func (t *sharedStrings) addEncoded(dec, val []byte, long bool) []byte {
	dec = appendDecodedX(dec[:0], val)
	if long || tooLong(dec) {
		t.markLong(t.len())
		dec = dec[:0]
	}
	t.add(dec)
	return dec
}

// markLong records that entry i is longer than MaxCellChars.
func (t *sharedStrings) markLong(i int) {
	if t.long == nil {
		t.long = map[int]bool{}
	}
	t.long[i] = true
}

// appendText appends the current text token, unescaping unless it is CDATA.
func appendText(dst []byte, s *scanner) []byte {
	if s.cdata {
		return append(dst, s.text...)
	}
	return appendUnescaped(dst, s.text)
}
