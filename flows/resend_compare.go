package flows

import (
	"context"
	"slices"

	"lamsach/flows/vn"
)

// comparer compares the rows of one list with the commune's records, a
// batch at a time, and counts what it found in a Resend. It loads the
// index on the first batch, so a list that never gets one costs nothing.
// One goroutine uses it at a time.
type comparer struct {
	repo    ResendRepo
	actor   Actor
	commune int64
	index   *knownIndex
	// seen is, per record matched so far, what its rows were: a record two
	// rows match is reported and never corrected.
	seen map[int64]seenRecord
	res  Resend
}

// seenRecord is what the rows matching one record were.
type seenRecord struct {
	first  int // the first row's number
	rows   int
	diff   diffSet // the first row's differences
	locked bool
}

func newComparer(repo ResendRepo, actor Actor, communeID int64) *comparer {
	return &comparer{repo: repo, actor: actor, commune: communeID, seen: map[int64]seenRecord{},
		res: Resend{ByField: map[vn.Field]int{}}}
}

// compare judges a batch of rows, given as the records they would make.
func (c *comparer) compare(ctx context.Context, rows []Record) ([]verdict, error) {
	if c.index == nil {
		ix, err := loadIndex(ctx, c.repo, c.actor, c.commune)
		if err != nil {
			return nil, err
		}
		c.index = ix
	}
	cands := make([]candidates, len(rows))
	var ids []int64
	for i := range rows {
		cands[i] = c.index.candidates(&rows[i])
		ids = append(append(ids, cands[i].byID...), cands[i].byPerson...)
	}
	var known map[int64]*KnownRecord
	if len(ids) > 0 {
		slices.Sort(ids)
		krs, err := c.repo.KnownRecords(ctx, c.actor, c.commune, slices.Compact(ids))
		if err != nil {
			return nil, err
		}
		known = make(map[int64]*KnownRecord, len(krs))
		for i := range krs {
			known[krs[i].ID] = &krs[i]
		}
	}
	out := make([]verdict, len(rows))
	for i := range rows {
		v, err := c.judge(&rows[i], cands[i], known)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// judge compares one row with the records it may be.
func (c *comparer) judge(row *Record, cands candidates, known map[int64]*KnownRecord) (verdict, error) {
	found := cands.check(known)
	if len(found) == 0 {
		c.res.New++
		return verdict{kind: rowNew}, nil
	}
	if len(found) > 1 {
		if named := withName(found, row.NameKey); len(named) > 0 {
			found = named
		}
	}
	v, err := c.pick(row, found)
	if err != nil || v.kind == rowAmbiguous {
		return v, err
	}
	c.see(row, v)
	return v, nil
}

// pick decides which of the records a row is. One record is it. Among
// several (the same person listed twice, or two people typed with one ID)
// rows and records pair up in order: a row takes a record no earlier row
// took that it is identical to, else the only one left. A row that could
// be several records left and is identical to none is ambiguous; a row
// for which none is left is a second row of a record (see).
func (c *comparer) pick(row *Record, found []KnownRecord) (verdict, error) {
	var left []verdict
	for _, k := range found {
		v, err := compareRow(row, k)
		if err != nil {
			return v, err
		}
		if len(found) == 1 {
			return v, nil
		}
		if _, taken := c.seen[k.ID]; taken {
			continue
		}
		if v.kind == rowSame {
			return v, nil
		}
		left = append(left, v)
	}
	switch len(left) {
	case 0:
		return compareRow(row, found[0])
	case 1:
		return left[0], nil
	}
	c.res.Ambiguous++
	c.res.AmbiguousRows = appendRow(c.res.AmbiguousRows, row.RowNum)
	return verdict{kind: rowAmbiguous}, nil
}

// compareRow compares a row with one record.
func compareRow(row *Record, k KnownRecord) (verdict, error) {
	d, fields, err := differences(row.Fields, k)
	if err != nil {
		return verdict{}, err
	}
	if villageDiffers(row, k) {
		d |= villageBit
	}
	v := verdict{kind: rowSame, known: k, diff: d, fields: fields}
	if d != 0 {
		v.kind = rowDiffers
	}
	return v, nil
}

// see remembers that row matched v's record, noting a second row of the
// same record and the first differing rows to show.
func (c *comparer) see(row *Record, v verdict) {
	s, ok := c.seen[v.known.ID]
	if !ok {
		s = seenRecord{first: row.RowNum, diff: v.diff, locked: !Can(c.actor.Role, ActAmend, v.known.State)}
	} else if len(c.res.SharedRows) < maxConflictRows {
		c.res.SharedRows = append(c.res.SharedRows, [2]int{s.first, row.RowNum})
	}
	s.rows++
	c.seen[v.known.ID] = s
	if v.kind == rowDiffers && len(c.res.Examples) < maxExamples {
		ex := Difference{Row: row.RowNum, Record: v.known, Fields: v.fields, Changed: v.diff.fields(), Locked: s.locked}
		if v.diff&villageBit != 0 {
			ex.Village = row.VillageID
		}
		c.res.Examples = append(c.res.Examples, ex)
	}
}

// finish counts the matched rows once every row was seen, and returns the
// records that several rows matched, sorted: their corrections must not be
// applied.
func (c *comparer) finish() []int64 {
	var shared []int64
	r := &c.res
	for id, s := range c.seen {
		switch {
		case s.rows > 1:
			r.Shared += s.rows
			shared = append(shared, id)
			continue
		case s.diff == 0:
			r.Same++
			continue
		}
		r.Differ++
		switch {
		case s.locked:
			r.Locked++
		case s.diff.person():
			r.Amendable++
		}
		for _, f := range s.diff.fields() {
			r.ByField[f]++
		}
		if s.diff&villageBit != 0 {
			r.Village++
		}
	}
	slices.Sort(shared)
	r.Examples = slices.DeleteFunc(r.Examples, func(d Difference) bool {
		_, found := slices.BinarySearch(shared, d.Record.ID)
		return found
	})
	return shared
}

// withName keeps the records whose name, now or as imported, has key.
func withName(ks []KnownRecord, key string) []KnownRecord {
	var out []KnownRecord
	for _, k := range ks {
		now, orig := k.nameKeys()
		if key != "" && (now == key || orig == key) {
			out = append(out, k)
		}
	}
	return out
}

func appendRow(rows []int, n int) []int {
	if len(rows) < maxConflictRows {
		rows = append(rows, n)
	}
	return rows
}
