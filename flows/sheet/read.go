package sheet

import (
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// Options bound and tune Read. The zero value is usable.
type Options struct {
	// Limits bound the file; zero fields take xlsx.DefaultLimits.
	Limits xlsx.Limits
	// Today judges dates in the future; zero means now.
	Today time.Time
	// BatchSize is how many rows each call of the batch function gets
	// (default 1000).
	BatchSize int
	// MaxErrorRows caps Report.ErrorRows (default 500).
	MaxErrorRows int
	// Sheet, when set, names the sheet to read, hidden or not; without it
	// Read takes the first visible sheet with a header, else the first
	// hidden one. Report.OtherSheets names the sheets a person might
	// pick instead.
	Sheet string
	// Header, when set, is called once the header is mapped and before the
	// first batch, with the Report's sheet, header and column mapping
	// filled in: a caller that streams rows into an export needs the
	// header paths (Report.HeaderPaths) first. Its error stops the read and
	// is returned as is.
	Header func(*Report) error
}

func (o Options) withDefaults() Options {
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.MaxErrorRows <= 0 {
		o.MaxErrorRows = 500
	}
	return o
}

// Read reads a station's list from the .xlsx in r (size bytes) and hands
// its rows to batch, in order, a batch at a time. It reads the sheet
// Options.Sheet names, else the first visible sheet with a recognisable
// header (else a hidden one, which the Report says), maps the columns by
// their header text, parses every row and counts what it found in the
// Report.
//
// A file that cannot be read is refused: the error wraps one of ErrNoHeader,
// ErrNoSheet, ErrLegacyEncoding, ErrNoRows or the xlsx sentinels (see RefusalText), and
// the Report says what was known, with Refusal set. A refusal can come after
// some batches were delivered (a zip bomb found in the middle of a sheet),
// so the caller must discard what it got, for example by rolling back its
// transaction. An error from batch stops the read and is returned as is.
//
// Read never panics on any input and its work is bounded by Options.Limits.
func Read(r io.ReaderAt, size int64, opt Options, batch func([]Row) error) (*Report, error) {
	opt = opt.withDefaults()
	rep := &Report{Problems: map[vn.Problem]int{}, Warnings: map[string]int{}, limits: effectiveLimits(opt.Limits)}
	fail := func(err error) (*Report, error) {
		var be batchError
		if errors.As(err, &be) {
			return rep, be.err
		}
		err = refuse(err, opt.Limits)
		var re *RefusedError
		if errors.As(err, &re) && re.Reason == "no_sheet" {
			re.Sheet, rep.Sheet = opt.Sheet, opt.Sheet
		}
		rep.Refusal = Reason(err)
		return rep, err
	}
	book, err := xlsx.Open(r, size, opt.Limits)
	if err != nil {
		return fail(err)
	}
	rows, top, h, err := pickSheet(book, opt.Sheet, rep)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	rep.HeaderRows, rep.Columns, rep.Headers = h.rows, h.cols, h.cells
	rep.Missing = missingFields(h)

	var held []xlsx.Row
	for _, xr := range top {
		if xr.Num > h.last() {
			held = append(held, xr)
		}
	}
	held, err = judgeEncoding(rows, held, h.byField[FieldName])
	if err != nil {
		return fail(err)
	}
	if opt.Header != nil {
		if err := opt.Header(rep); err != nil {
			return rep, err
		}
	}
	base := rowReader{col: h.byField, width: len(h.cols), date1904: book.Date1904(), today: opt.Today}
	st := &stage{rep: rep, opt: opt, batch: batch, dups: newDupFinder()}
	if err := runPipeline(rows, held, base, st); err != nil {
		return fail(err)
	}
	rep.HeaderMerges = headerMerges(rows.Merges(), h)
	if rep.Rows.Total == 0 {
		return fail(ErrNoRows)
	}
	return rep, nil
}

// maxSheetsScanned bounds the sheets whose top is read for a header: real
// workbooks have a handful, and each costs a read of its first rows.
const maxSheetsScanned = 32

// maxScanBytes bounds the top rows read from one sheet to find its header.
const maxScanBytes = 4 << 20

// sheetTop is the top of one sheet: its rows iterator, the rows read and
// the header found among them, if any.
type sheetTop struct {
	index int
	rows  *xlsx.Rows
	top   []xlsx.Row
	h     *header
}

// pickSheet returns the rows of the sheet to read, the top rows already
// read from it and its header: the sheet named want, else the first
// visible sheet with a header, else the first hidden one. It fills the
// Report's sheet fields, naming the other sheets that have a header too.
func pickSheet(book *xlsx.Book, want string, rep *Report) (*xlsx.Rows, []xlsx.Row, *header, error) {
	names := book.Sheets()
	wanted := -1
	if want != "" {
		if wanted = sheetIndex(names, want); wanted < 0 {
			return nil, nil, nil, ErrNoSheet
		}
	}
	var chosen *sheetTop
	var others []int
	var firstErr error // of a sheet that could not be read: the answer if no other has a header
	legacy := false
	for i := range names {
		if i >= maxSheetsScanned && i != wanted {
			continue
		}
		st, err := readTop(book, i)
		if err != nil && (i == wanted || firstErr == nil) {
			firstErr = err
		}
		if err != nil && i == wanted {
			break
		}
		if err != nil {
			continue // another sheet may hold the list
		}
		if st.h == nil {
			legacy = legacy || (wanted < 0 || i == wanted) && headerLooksLegacy(st.top)
			st.rows.Close()
			continue
		}
		if better(st, chosen, book, wanted) {
			if chosen != nil {
				others = append(others, chosen.index)
				chosen.rows.Close()
			}
			chosen = &st
			continue
		}
		others = append(others, i)
		st.rows.Close()
	}
	if chosen == nil || wanted >= 0 && chosen.index != wanted {
		if chosen != nil {
			chosen.rows.Close()
		}
		switch {
		case firstErr != nil:
			return nil, nil, nil, firstErr
		case legacy:
			return nil, nil, nil, ErrLegacyEncoding
		}
		return nil, nil, nil, ErrNoHeader
	}
	rep.Sheet, rep.HiddenSheet = names[chosen.index], book.Hidden(chosen.index)
	rep.OtherSheets = sheetRefs(book, others)
	return chosen.rows, chosen.top, chosen.h, nil
}

// sheetRefs names the sheets of the given indexes, in workbook order.
func sheetRefs(book *xlsx.Book, indexes []int) []SheetRef {
	slices.Sort(indexes)
	var out []SheetRef
	for _, i := range indexes {
		out = append(out, SheetRef{Name: book.Sheets()[i], Hidden: book.Hidden(i)})
	}
	return out
}

// better reports whether the sheet st should be read rather than the one
// chosen so far: the wanted sheet always; otherwise a visible sheet beats
// a hidden one, and the earlier sheet wins between equals.
func better(st sheetTop, chosen *sheetTop, book *xlsx.Book, wanted int) bool {
	switch {
	case wanted >= 0:
		return st.index == wanted
	case chosen == nil:
		return true
	}
	return book.Hidden(chosen.index) && !book.Hidden(st.index)
}

// readTop reads the first rows of sheet i and looks for a header there.
func readTop(book *xlsx.Book, i int) (sheetTop, error) {
	rows, err := book.Rows(i)
	if err != nil {
		return sheetTop{}, err
	}
	st := sheetTop{index: i, rows: rows}
	size := 0
	for len(st.top) < maxScanRows && size < maxScanBytes && rows.Next() {
		xr := rows.Row()
		st.top = append(st.top, xr)
		size += rowCost(xr)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return sheetTop{}, err
	}
	st.h = findHeader(st.top)
	return st, nil
}

// sheetIndex finds a sheet by name: exactly, else ignoring case and
// surrounding spaces, as a person types it.
func sheetIndex(names []string, want string) int {
	if i := slices.Index(names, want); i >= 0 {
		return i
	}
	for i, n := range names {
		if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(want)) {
			return i
		}
	}
	return -1
}

// headerMerges keeps the merged ranges that lie within the header rows.
func headerMerges(merges []string, h *header) []string {
	var out []string
	first, last := h.rows[0], h.last()
	for _, m := range merges {
		a, b, _ := strings.Cut(m, ":")
		_, r1, ok1 := parseRef(a)
		_, r2, ok2 := parseRef(b)
		if ok1 && ok2 && r1 >= first && r2 <= last {
			out = append(out, m)
		}
	}
	return out
}

// missingFields lists the fields a list should have that no column holds;
// the person sees them next to the mapping ("no ID column": every record
// would be missing_id).
func missingFields(h *header) []Field {
	var out []Field
	for _, f := range []Field{FieldName, FieldDOB, FieldGender, FieldID, FieldPhone, FieldVillage} {
		if _, ok := h.byField[f]; !ok {
			if f == FieldVillage {
				if _, ok := h.byField[FieldAddress]; ok {
					continue
				}
			}
			out = append(out, f)
		}
	}
	return out
}
