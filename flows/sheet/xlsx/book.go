package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
	"sync/atomic"
)

// Book is an opened workbook: its sheet list, shared strings and date
// styles. Sheet data is read on demand through Rows. A Book may serve
// several Rows iterators at once.
type Book struct {
	lim      Limits
	parts    map[string]*zip.File // by normalised part name
	sheets   []sheetInfo
	sst      sharedStrings
	dateXf   []bool // by cell style index: number format is a date
	date1904 bool
	inflated atomic.Int64 // bytes inflated from all parts so far
}

type sheetInfo struct {
	name   string
	part   string // normalised part name, "" if the relationship is missing
	hidden bool
}

// Open reads the structure of the .xlsx in r (size bytes). It returns one of
// the package's sentinel errors, possibly wrapped with detail, when the file
// is not a readable .xlsx within lim.
func Open(r io.ReaderAt, size int64, lim Limits) (*Book, error) {
	lim = lim.withDefaults()
	switch {
	case size <= 0:
		return nil, ErrEmpty
	case size > lim.MaxFileBytes:
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, lim.MaxFileBytes)
	}
	var magic [4]byte
	if _, err := r.ReadAt(magic[:], 0); err != nil && size >= 4 {
		return nil, fmt.Errorf("xlsx: read header: %w", err)
	}
	if !bytes.Equal(magic[:], magicZip) && !bytes.Equal(magic[:], magicZipEmpty) {
		return nil, sniffNonZip(r, size)
	}
	if n, ok := zipEntries(r, size); ok && n > maxParts {
		return nil, fmt.Errorf("%w: %d zip entries, limit %d", ErrCorrupt, n, maxParts)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: zip: %w", ErrCorrupt, err)
	}
	b := &Book{lim: lim, parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		b.parts[partKey(f.Name)] = f
	}
	if err := b.load(); err != nil {
		return nil, err
	}
	return b, nil
}

// load finds the workbook part through the package relationships and reads
// the workbook, its relationships, styles and shared strings.
func (b *Book) load() error {
	wb := "xl/workbook.xml"
	if rels, err := b.readRels("_rels/.rels", ""); err == nil {
		for _, rel := range rels {
			if strings.HasSuffix(rel.typ, "/officeDocument") && b.parts[rel.target] != nil {
				wb = rel.target
				break
			}
		}
	} else if !errors.Is(err, errNoPart) {
		return err
	}
	if b.parts[wb] == nil {
		if b.isODS() {
			return ErrODS
		}
		return fmt.Errorf("%w: no workbook part", ErrNotXLSX)
	}
	if strings.HasSuffix(wb, ".bin") {
		return fmt.Errorf("%w: binary workbook (.xlsb)", ErrNotXLSX)
	}
	dir, base := path.Split(wb)
	rels, err := b.readRels(dir+"_rels/"+base+".rels", dir)
	if err != nil && !errors.Is(err, errNoPart) {
		return err
	}
	byID := make(map[string]string, len(rels))
	stylesPart, sstPart := dir+"styles.xml", dir+"sharedstrings.xml"
	for _, rel := range rels {
		byID[rel.id] = rel.target
		switch {
		case strings.HasSuffix(rel.typ, "/styles"):
			stylesPart = rel.target
		case strings.HasSuffix(rel.typ, "/sharedStrings"):
			sstPart = rel.target
		}
	}
	if err := b.readWorkbook(wb, byID); err != nil {
		return err
	}
	if err := b.readStyles(stylesPart); err != nil && !errors.Is(err, errNoPart) {
		return err
	}
	if err := b.readSharedStrings(sstPart); err != nil && !errors.Is(err, errNoPart) {
		return err
	}
	return nil
}

// isODS reports whether the archive is an OpenDocument spreadsheet, which
// names its type in a stored "mimetype" entry.
func (b *Book) isODS() bool {
	f := b.parts["mimetype"]
	if f == nil || f.UncompressedSize64 > 200 {
		return false
	}
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	m, _ := io.ReadAll(io.LimitReader(rc, 200))
	return strings.HasPrefix(string(m), "application/vnd.oasis.opendocument.spreadsheet")
}

// maxParts bounds the entries of the archive. archive/zip keeps a few
// hundred bytes per entry, and a 50 MB file can list a million; real
// workbooks have dozens of parts, a few thousand with many sheets.
const maxParts = 10_000

// zipEntries reads the entry count from the archive's end records, so an
// archive listing millions of entries is refused before archive/zip loads
// them. ok is false when the records are not found (archive/zip then
// reports the damage).
func zipEntries(r io.ReaderAt, size int64) (n uint64, ok bool) {
	const eocdLen, maxComment = 22, 65535
	tail := make([]byte, min(size, eocdLen+maxComment))
	off := size - int64(len(tail))
	if _, err := r.ReadAt(tail, off); err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || len(tail)-i < eocdLen {
		return 0, false
	}
	le := binary.LittleEndian
	if n := le.Uint16(tail[i+10:]); n != 0xFFFF {
		return uint64(n), true
	}
	// Zip64: the locator just before the end record gives the offset of
	// the zip64 end record, which holds the count.
	loc := make([]byte, 20)
	if off+int64(i) < 20 {
		return 0, false
	}
	if _, err := r.ReadAt(loc, off+int64(i)-20); err != nil || !bytes.HasPrefix(loc, []byte("PK\x06\x07")) {
		return 0, false
	}
	rec := make([]byte, 40)
	at := le.Uint64(loc[8:])
	if at > uint64(size) {
		return 0, false
	}
	if _, err := r.ReadAt(rec, int64(at)); err != nil || !bytes.HasPrefix(rec, []byte("PK\x06\x06")) {
		return 0, false
	}
	return le.Uint64(rec[32:]), true
}

// errNoPart marks an optional part that is absent.
var errNoPart = errors.New("xlsx: part missing")

// open returns a reader of the inflated part that fails with ErrZipBomb once
// the part, or all parts read from the Book, pass the limit.
func (b *Book) open(name string) (io.ReadCloser, error) {
	f := b.parts[name]
	if f == nil {
		return nil, fmt.Errorf("%w: %s", errNoPart, name)
	}
	// The declared size is only a shortcut for honest headers; the count
	// below is what holds.
	if f.UncompressedSize64 > uint64(b.lim.MaxUncompressedBytes) {
		return nil, fmt.Errorf("%w: %s declares %d bytes", ErrZipBomb, name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCorrupt, name, err)
	}
	return &countingReader{rc: rc, book: b, name: name}, nil
}

// scan opens a part with a scanner sized for it: most parts are a few
// hundred bytes, and a full window for each would dominate small files. The
// window still grows if the declared size was a lie.
func (b *Book) scan(name string) (*scanner, io.ReadCloser, error) {
	rc, err := b.open(name)
	if err != nil {
		return nil, nil, err
	}
	size := int(min(b.parts[name].UncompressedSize64, scanBufSize))
	return newScanner(rc, max(size+1, 4096)), rc, nil
}

// countingReader enforces the uncompressed limits while inflating and labels
// inflate and checksum failures as ErrCorrupt.
type countingReader struct {
	rc   io.ReadCloser
	book *Book
	name string
	n    int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.n += int64(n)
	total := c.book.inflated.Add(int64(n))
	if lim := c.book.lim.MaxUncompressedBytes; c.n > lim || total > lim {
		return 0, fmt.Errorf("%w: %s inflates past %d bytes", ErrZipBomb, c.name, lim)
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %s: %w", ErrCorrupt, c.name, err)
	}
	return n, err
}

func (c *countingReader) Close() error { return c.rc.Close() }

// partKey normalises a part name for lookup: OPC part names compare without
// case, and some generators write backslashes or a leading slash.
func partKey(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	return strings.ToLower(strings.TrimPrefix(name, "/"))
}

type relation struct {
	id, typ, target string
}

// readRels reads a relationships part, resolving each internal target
// against dir (the directory of the source part) to a part key.
func (b *Book) readRels(name, dir string) ([]relation, error) {
	s, rc, err := b.scan(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var rels []relation
	for k := s.next(); k != tokEOF; k = s.next() {
		if k != tokStart || string(s.name) != "Relationship" {
			continue
		}
		if strings.EqualFold(attrString(s.attrs, "TargetMode"), "External") {
			continue
		}
		t := attrString(s.attrs, "Target")
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
		if strings.HasPrefix(t, "/") {
			t = path.Clean(t)
		} else {
			t = path.Join("/"+dir, t)
		}
		rels = append(rels, relation{
			id:     attrString(s.attrs, "Id"),
			typ:    attrString(s.attrs, "Type"),
			target: partKey(t),
		})
	}
	if s.err != nil {
		return nil, s.err
	}
	return rels, nil
}

// readWorkbook reads the sheet list and the date system.
func (b *Book) readWorkbook(name string, byID map[string]string) error {
	s, rc, err := b.scan(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	for k := s.next(); k != tokEOF; k = s.next() {
		if k != tokStart {
			continue
		}
		switch string(s.name) {
		case "workbookPr":
			v := attrString(s.attrs, "date1904")
			b.date1904 = v == "1" || v == "true"
		case "sheet":
			info := sheetInfo{name: attrString(s.attrs, "name")}
			st := attrString(s.attrs, "state")
			info.hidden = st == "hidden" || st == "veryHidden"
			if id, ok := relID(s.attrs); ok {
				info.part = byID[id]
			}
			b.sheets = append(b.sheets, info)
		}
	}
	return s.err
}

// relID finds the prefixed "id" attribute (normally "r:id") of a <sheet>.
func relID(a []byte) (string, bool) {
	for {
		name, val, rest, ok := nextAttr(a)
		if !ok {
			return "", false
		}
		if bytes.IndexByte(name, ':') > 0 && string(localName(name)) == "id" {
			return string(appendUnescaped(nil, val)), true
		}
		a = rest
	}
}

// Sheets returns the sheet names in workbook order.
func (b *Book) Sheets() []string {
	names := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		names[i] = s.name
	}
	return names
}

// Hidden reports whether sheet i is hidden from the person in Excel.
func (b *Book) Hidden(i int) bool {
	return i >= 0 && i < len(b.sheets) && b.sheets[i].hidden
}

// Date1904 reports whether date serial numbers count from 1904 rather than
// 1900 (workbooks made on old Macs).
func (b *Book) Date1904() bool { return b.date1904 }
