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
	nsect := size / ssz
	var difat []uint32
	for i := range 109 {
		difat = append(difat, binary.LittleEndian.Uint32(h[0x4C+4*i:]))
	}
	next := binary.LittleEndian.Uint32(h[0x44:])
	for n := int64(0); next <= cfbMaxSector && n < min(nsect, cfbMaxChain); n++ {
		sec, err := readSector(r, next, ssz)
		if err != nil {
			break
		}
		for i := 0; i+4 < len(sec); i += 4 {
			difat = append(difat, binary.LittleEndian.Uint32(sec[i:]))
		}
		next = binary.LittleEndian.Uint32(sec[len(sec)-4:])
	}
	fatNext := func(s uint32) uint32 {
		per := uint32(ssz / 4)
		idx := s / per
		if int(idx) >= len(difat) || difat[idx] > cfbMaxSector {
			return cfbEndOfChain
		}
		var b [4]byte
		off := (int64(difat[idx])+1)*ssz + int64(s%per)*4
		if _, err := r.ReadAt(b[:], off); err != nil {
			return cfbEndOfChain
		}
		return binary.LittleEndian.Uint32(b[:])
	}
	names := map[string]bool{}
	dir := binary.LittleEndian.Uint32(h[0x30:])
	for n := int64(0); dir <= cfbMaxSector && n < min(nsect, cfbMaxChain); n++ {
		sec, err := readSector(r, dir, ssz)
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
		dir = fatNext(dir)
	}
	switch {
	case names["encryptedpackage"] || names["encryptioninfo"]:
		return ErrEncrypted
	case names["workbook"] || names["book"]:
		return ErrXLS
	}
	return fmt.Errorf("%w: OLE2 file without a workbook stream", ErrNotXLSX)
}

func readSector(r io.ReaderAt, s uint32, ssz int64) ([]byte, error) {
	b := make([]byte, ssz)
	_, err := r.ReadAt(b, (int64(s)+1)*ssz)
	return b, err
}
