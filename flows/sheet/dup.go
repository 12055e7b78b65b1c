package sheet

import (
	"hash/maphash"
	"strconv"

	"lamsach/flows/vn"
)

// dupFinder finds, while a file streams past, rows that repeat an ID or a
// person seen earlier in the same file.
//
// Rows are handed to the caller in batches, so an earlier row may already
// be gone when its twin appears. The later row gets the warning (Arg: the
// earlier row's number) and the pair goes into Report.Duplicates, from which
// the caller marks the earlier row if it wants to. Only the first row of
// each ID and each person is remembered: a third copy pairs with the first.
//
// It remembers every row, so it is the one part of reading that grows with
// the file: keys are kept as 64-bit hashes (a million rows cost about 40 MB
// instead of 170 MB of strings), and two different keys sharing a hash,
// about one chance in 10^7 in a million-row list, would show as a false
// duplicate warning, never as a lost record.
type dupFinder struct {
	seed     maphash.Seed
	byID     map[uint64]uint64 // ID hash → first row << 32 | its name key's hash, truncated
	byPerson map[uint64]uint32 // hash of name key + "|" + date → first row
}

func newDupFinder() *dupFinder {
	return &dupFinder{seed: maphash.MakeSeed(), byID: map[uint64]uint64{}, byPerson: map[uint64]uint32{}}
}

// check records row and returns the pair it makes with an earlier row, if
// any. The same ID under the same name is one person entered twice
// (dup_person, even when the dates differ: one of them is a typo); the same
// ID under another name is dup_id. Without a shared ID, the same name key
// and the same known date of birth is dup_person.
func (d *dupFinder) check(row *Row) (DupPair, bool) {
	p := &row.Person
	var pair DupPair
	found := false
	nameKey := uint32(0)
	if row.NameKey != "" {
		nameKey = uint32(maphash.String(d.seed, row.NameKey)) | 1 // never 0, which means no name
	}
	if id := p.ID.Number; id != "" {
		h := maphash.String(d.seed, id)
		if seen, ok := d.byID[h]; ok {
			kind := CodeDupID
			if seenKey := uint32(seen); seenKey != 0 && seenKey == nameKey {
				kind = CodeDupPerson
			}
			pair, found = DupPair{Kind: kind, RowA: int(seen >> 32), RowB: row.Num}, true
		} else {
			d.byID[h] = uint64(row.Num)<<32 | uint64(nameKey)
		}
	}
	if row.NameKey != "" && !p.DOB.IsZero() {
		h := maphash.String(d.seed, row.NameKey+"|"+p.DOB.String())
		if first, ok := d.byPerson[h]; ok {
			if !found {
				pair, found = DupPair{Kind: CodeDupPerson, RowA: int(first), RowB: row.Num}, true
			}
		} else {
			d.byPerson[h] = uint32(row.Num)
		}
	}
	if found {
		row.Warnings = append(row.Warnings, vn.Issue{Code: pair.Kind, Field: dupField(pair.Kind), Arg: strconv.Itoa(pair.RowA)})
	}
	return pair, found
}

func dupField(kind string) vn.Field {
	if kind == CodeDupID {
		return vn.FieldID
	}
	return vn.FieldName
}
