package xlsx

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

var (
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicCFB      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniffNonZip names what a file that is not a zip archive most likely is, so
// the person can be told to save as .xlsx rather than just "unreadable".
func sniffNonZip(r io.ReaderAt, size int64) error {
	head := make([]byte, min(size, 4096))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return fmt.Errorf("xlsx: read header: %w", err)
	}
	if bytes.HasPrefix(head, magicCFB) {
		return classifyCFB(r, size)
	}
	if looksDelimited(head) {
		return ErrCSV
	}
	return ErrNotXLSX
}

// looksDelimited reports whether the start of a file is text with line or
// field separators. Excel's CSV exports are often in a legacy code page or
// UTF-16 ("Unicode text"), so the test is about control bytes, not UTF-8.
func looksDelimited(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		head = utf16Head(head[2:], binary.LittleEndian)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		head = utf16Head(head[2:], binary.BigEndian)
	}
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] == '<' || trimmed[0] == '{' || bytes.HasPrefix(trimmed, []byte("%PDF")) {
		// HTML or XML saved with an .xls name, JSON, PDF: not delimited text.
		return false
	}
	bad := 0
	for _, c := range head {
		if c == 0 {
			return false
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			bad++
		}
	}
	if bad*100 > len(head) {
		return false
	}
	return bytes.ContainsAny(head, ",;\t|\n")
}

// utf16Head converts UTF-16 text to UTF-8 for the delimiter test.
func utf16Head(b []byte, order binary.ByteOrder) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = order.Uint16(b[2*i:])
	}
	return []byte(string(utf16.Decode(u)))
}

// CFB (OLE2 compound file) layout constants, from [MS-CFB].
const (
	cfbEndOfChain = 0xFFFFFFFE
	cfbMaxSector  = 0xFFFFFFFA
	cfbDirEntry   = 128
	// cfbMaxChain bounds the DIFAT and directory chains we follow; real
	// workbooks use a handful of sectors for each.
	cfbMaxChain = 1024
)

// classifyCFB reads the directory of an OLE2 compound file and tells an old
// .xls workbook ("Workbook" or, for Excel 5, "Book" stream) from an
// encrypted .xlsx (an "EncryptedPackage" stream). Every loop is bounded by
// the number of sectors in the file and by cfbMaxChain, so a cyclic or
// hostile chain can neither hang nor use much memory.
func classifyCFB(r io.ReaderAt, size int64) error {
	var h [512]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return fmt.Errorf("%w: short OLE2 header", ErrNotXLSX)
	}
	shift := binary.LittleEndian.Uint16(h[0x1E:])
	if shift != 9 && shift != 12 {
		return fmt.Errorf("%w: OLE2 sector shift %d", ErrNotXLSX, shift)
	}
	ssz := int64(1) << shift
	f := &compoundFile{r: r, ssz: ssz, maxChain: min(size/ssz, cfbMaxChain)}
	f.readDIFAT(h[:])
	names := f.streamNames(binary.LittleEndian.Uint32(h[0x30:]))
	switch {
	case names["encryptedpackage"] || names["encryptioninfo"]:
		return ErrEncrypted
	case names["workbook"] || names["book"]:
		return ErrXLS
	}
	return fmt.Errorf("%w: OLE2 file without a workbook stream", ErrNotXLSX)
}

// compoundFile is an OLE2 compound file being read: its sector size, the most
// sectors a chain may take, and where its allocation table's sectors are.
type compoundFile struct {
	r        io.ReaderAt
	ssz      int64
	maxChain int64
	difat    []uint32
}

// readDIFAT collects the allocation table's sector numbers: 109 in the
// header h, the rest in the chain of DIFAT sectors it starts.
func (f *compoundFile) readDIFAT(h []byte) {
	for i := range 109 {
		f.difat = append(f.difat, binary.LittleEndian.Uint32(h[0x4C+4*i:]))
	}
	next := binary.LittleEndian.Uint32(h[0x44:])
	for n := int64(0); next <= cfbMaxSector && n < f.maxChain; n++ {
		sec, err := readSector(f.r, next, f.ssz)
		if err != nil {
			break
		}
		for i := 0; i+4 < len(sec); i += 4 {
			f.difat = append(f.difat, binary.LittleEndian.Uint32(sec[i:]))
		}
		next = binary.LittleEndian.Uint32(sec[len(sec)-4:])
	}
}

// fatNext is the sector after s in its chain, or cfbEndOfChain when the
// table cannot say.
func (f *compoundFile) fatNext(s uint32) uint32 {
	per := uint32(f.ssz / 4)
	idx := s / per
	if int(idx) >= len(f.difat) || f.difat[idx] > cfbMaxSector {
		return cfbEndOfChain
	}
	var b [4]byte
	off := (int64(f.difat[idx])+1)*f.ssz + int64(s%per)*4
	if _, err := f.r.ReadAt(b[:], off); err != nil {
		return cfbEndOfChain
	}
	return binary.LittleEndian.Uint32(b[:])
}

// streamNames are the lower-cased names of the storages and streams in the
// directory chain that starts at sector dir.
func (f *compoundFile) streamNames(dir uint32) map[string]bool {
	names := map[string]bool{}
	for n := int64(0); dir <= cfbMaxSector && n < f.maxChain; n++ {
		sec, err := readSector(f.r, dir, f.ssz)
		if err != nil {
			break
		}
		for off := 0; off+cfbDirEntry <= len(sec); off += cfbDirEntry {
			e := sec[off : off+cfbDirEntry]
			nlen := int(binary.LittleEndian.Uint16(e[64:]))
			if typ := e[66]; (typ == 1 || typ == 2) && nlen >= 2 && nlen <= 64 {
				u := make([]uint16, nlen/2-1)
				for i := range u {
					u[i] = binary.LittleEndian.Uint16(e[2*i:])
				}
				names[strings.ToLower(string(utf16.Decode(u)))] = true
			}
		}
		dir = f.fatNext(dir)
	}
	return names
}

func readSector(r io.ReaderAt, s uint32, ssz int64) ([]byte, error) {
	b := make([]byte, ssz)
	_, err := r.ReadAt(b, (int64(s)+1)*ssz)
	return b, err
}
