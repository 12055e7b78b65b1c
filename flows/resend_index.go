package flows

import (
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"slices"

	"lamsach/flows/vn"
)

// knownIndex finds the records a row may be, for one comparison. It holds
// the 64-bit hashes of the commune's keys with their records, sorted: 16
// bytes a key and nothing for the garbage collector to scan, where maps of
// strings took several times that for a 100,000-record commune. A hash
// only proposes candidates: the comparer checks each candidate's own keys
// once it has the record (candidates.check), so a collision never makes a
// match.
type knownIndex struct {
	seed     maphash.Seed
	byID     []keyed // ID numbers, now and as imported
	byPerson []keyed // name key + date of birth of the records imported without an ID
}

// keyed is one key's hash and the record that has the key.
type keyed struct {
	hash uint64
	id   int64
}

func loadIndex(ctx context.Context, repo ResendRepo, actor Actor, communeID int64) (*knownIndex, error) {
	ix := &knownIndex{seed: maphash.MakeSeed()}
	err := repo.EachRecordKey(ctx, actor, communeID, func(k RecordKey) error {
		ix.add(k)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("compare with known records: %w", err)
	}
	order := func(a, b keyed) int { return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.id, b.id)) }
	slices.SortFunc(ix.byID, order)
	slices.SortFunc(ix.byPerson, order)
	return ix, nil
}

func (ix *knownIndex) add(k RecordKey) {
	ix.byID = ix.put(ix.byID, k.ID, k.IDNumber, k.OrigIDNumber)
	if k.OrigIDNumber == "" {
		orig := k.NameKey
		if k.OrigName != "" {
			orig = vn.NameKey(k.OrigName)
		}
		ix.byPerson = ix.put(ix.byPerson, k.ID, personKey(k.NameKey, k.DOB), personKey(orig, k.OrigDOB))
	}
}

// put files record id under its current and original keys, once.
func (ix *knownIndex) put(list []keyed, id int64, now, orig string) []keyed {
	if now != "" {
		list = append(list, keyed{maphash.String(ix.seed, now), id})
	}
	if orig != "" && orig != now {
		list = append(list, keyed{maphash.String(ix.seed, orig), id})
	}
	return list
}

// find returns the records filed under key's hash.
func (ix *knownIndex) find(list []keyed, key string) []int64 {
	if key == "" {
		return nil
	}
	h := maphash.String(ix.seed, key)
	i, _ := slices.BinarySearchFunc(list, h, func(k keyed, h uint64) int { return cmp.Compare(k.hash, h) })
	var out []int64
	for ; i < len(list) && list[i].hash == h; i++ {
		out = append(out, list[i].id)
	}
	return out
}

// personKey is the key of a person without an ID: the name key and the
// date of birth, which may be missing (lists have people known by name
// only); "" without a name, which matches nothing.
func personKey(nameKey, dob string) string {
	if nameKey == "" {
		return ""
	}
	return nameKey + "|" + dob
}

// candidates are the records a row may be, by its ID number and by its
// name and date of birth (see the note at the top of resend.go).
type candidates struct {
	id       string // the row's ID number
	person   string // the row's personKey
	byID     []int64
	byPerson []int64
}

func (ix *knownIndex) candidates(row *Record) candidates {
	c := candidates{id: row.Fields.ID.Number, person: personKey(row.NameKey, row.DOB.String())}
	c.byID = ix.find(ix.byID, c.id)
	c.byPerson = ix.find(ix.byPerson, c.person)
	return c
}

// check returns the records the row is by its keys, among those fetched:
// those with its ID number, else those imported without an ID with its
// name and date of birth.
func (c candidates) check(known map[int64]*KnownRecord) []KnownRecord {
	var out []KnownRecord
	for _, id := range c.byID {
		if k, ok := known[id]; ok && (k.Fields.ID.Number == c.id || k.Orig.ID.Number == c.id) {
			out = append(out, *k)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, id := range c.byPerson {
		k, ok := known[id]
		if !ok || k.Orig.ID.Number != "" {
			continue
		}
		now, orig := k.nameKeys()
		if personKey(now, k.Fields.DOB.String()) == c.person || personKey(orig, k.Orig.DOB.String()) == c.person {
			out = append(out, *k)
		}
	}
	return out
}
