package sheet

import (
	"errors"
	"io"
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
// its rows to batch, in order, a batch at a time. It picks the first
// visible sheet with a recognisable header, maps the columns by their
// header text, parses every row and counts what it found in the Report.
//
// A file that cannot be read is refused: the error wraps one of ErrNoHeader,
// ErrLegacyEncoding, ErrNoRows or the xlsx sentinels (see RefusalText), and
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
		rep.Refusal = Reason(err)
		return rep, err
	}
	book, err := xlsx.Open(r, size, opt.Limits)
	if err != nil {
		return fail(err)
	}
	rows, top, h, err := pickSheet(book, rep)
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

// pickSheet returns the rows of the first visible sheet with a header,
// the top rows already read from it and the header.
func pickSheet(book *xlsx.Book, rep *Report) (*xlsx.Rows, []xlsx.Row, *header, error) {
	legacy := false
	for i, name := range book.Sheets() {
		if book.Hidden(i) {
			continue
		}
		rows, err := book.Rows(i)
		if err != nil {
			return nil, nil, nil, err
		}
		var top []xlsx.Row
		for len(top) < maxScanRows && rows.Next() {
			top = append(top, rows.Row())
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		if h := findHeader(top); h != nil {
			rep.Sheet = name
			return rows, top, h, nil
		}
		legacy = legacy || headerLooksLegacy(top)
		rows.Close()
	}
	if legacy {
		return nil, nil, nil, ErrLegacyEncoding
	}
	return nil, nil, nil, ErrNoHeader
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
