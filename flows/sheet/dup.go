package sheet

import (
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
type dupFinder struct {
	byID     map[string]dupSeen // canonical ID number → first row with it
	byPerson map[string]int     // name key + "|" + date → first row
}

type dupSeen struct {
	row     int
	nameKey string
}

func newDupFinder() *dupFinder {
	return &dupFinder{byID: map[string]dupSeen{}, byPerson: map[string]int{}}
}

// check records row and returns the pair it makes with an earlier row, if
// any. The same ID under the same name is one person entered twice
// (dup_person, even when the dates differ: one of them is a typo); the same
// ID under another name is dup_id. Without a shared ID, the same name key
// and the same known date of birth is dup_person.
func (d *dupFinder) check(row *Row) (DupPair, bool) {
	p := &row.Person
	id := p.ID.Number
	var pair DupPair
	found := false
	if id != "" {
		if seen, ok := d.byID[id]; ok {
			kind := CodeDupID
			if seen.nameKey != "" && seen.nameKey == row.NameKey {
				kind = CodeDupPerson
			}
			pair, found = DupPair{Kind: kind, RowA: seen.row, RowB: row.Num}, true
		} else {
			d.byID[id] = dupSeen{row.Num, row.NameKey}
		}
	}
	if row.NameKey != "" && !p.DOB.IsZero() {
		key := row.NameKey + "|" + p.DOB.String()
		if first, ok := d.byPerson[key]; ok {
			if !found {
				pair, found = DupPair{Kind: CodeDupPerson, RowA: first, RowB: row.Num}, true
			}
		} else {
			d.byPerson[key] = row.Num
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
