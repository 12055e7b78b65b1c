package sheet

import (
	"io"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// Route is where a row of a station's list belongs in step 4 of the
// process (Official Letter 2262): the platform imports the people with no
// ID number or one in a wrong format from an Excel file, and the station
// edits the others, whose basic information is wrong, on the platform.
type Route string

// The routes of a row.
const (
	// RouteImport: no ID number, or one lamsach put into the right format
	// (zeros restored, spaces or dots removed): the import file.
	RouteImport Route = "import"
	// RouteEdit: a valid ID number as received, so the record is wrong
	// basic information: the edit list, not the import file.
	RouteEdit Route = "edit"
	// RouteBadID: an ID number still malformed after lamsach's fixes:
	// left out with the reason, for the station to correct.
	RouteBadID Route = "bad_id"
	// RouteErrors: an unusable cell (Row.Errors): left out with the reason.
	RouteErrors Route = "errors"
)

// RouteOf returns where a read row belongs.
func RouteOf(r *Row) Route {
	switch {
	case len(r.Errors) > 0:
		return RouteErrors
	case r.IDIssue != nil:
		return RouteBadID
	case r.Problem == vn.ProblemMissingID, r.Person.ID.Number != r.Person.IDRaw:
		return RouteImport
	}
	return RouteEdit
}

// ExportRowOf is a read row as the import file wants it: the parsed
// values, and the uploaded cells to carry the other columns through. An ID
// that did not parse is written as received; a placeholder for none
// ("không có", "-") is not written at all.
func ExportRowOf(r *Row, headers []string) ExportRow {
	p := r.Person
	id := p.ID.Number
	if id == "" && r.Problem != vn.ProblemMissingID {
		id = p.IDRaw
	}
	return ExportRow{
		Name: p.Name, DOB: p.DOB, Gender: p.Gender, ID: id, Phone: p.Phone,
		Insurance: r.Insurance, Village: r.Village, Address: r.Address, Code: r.Code,
		Headers: headers, Cells: r.Cells,
	}
}

// ConvertOptions tune Convert.
type ConvertOptions struct {
	// Read bounds and tunes the reading; its Header is Convert's own.
	Read     Options
	Template Template
	// All writes every readable row, a malformed ID as received, instead
	// of only the rows the import is for (the behaviour before step 4
	// was followed, for stations that want it).
	All bool
}

// ConvertResult is what Convert did.
type ConvertResult struct {
	Report *Report
	Import ImportStats
	// Routes counts the readable rows by route and the rows left out.
	Routes map[Route]int
	// Changes counts the automatic changes in the rows written, by kind;
	// ChangedRows counts those rows.
	Changes     map[string]int
	ChangedRows int
	// ErrorRows counts the rows written to the error file: rows with
	// errors and, unless All, rows with a malformed ID.
	ErrorRows int
}

// Convert turns a station's list straight into the platform's import file
// on out, in the layout of opt.Template, following step 4 of the process:
// only RouteImport rows are written (every readable row with opt.All), and
// the result counts the others. When errs is not nil, the rows left out
// for a reason (with errors, or a malformed ID) go there with the reason
// per cell; when changes is not nil, every row written with an automatic
// change goes there with the old and new values (ImportChanges), both in
// the list's own layout. A refused file is a refusal (IsRefusal), and what
// was written must then be discarded.
func Convert(r io.ReaderAt, size int64, opt ConvertOptions, out, errs, changes io.Writer) (ConvertResult, error) {
	c := &converter{opt: opt, res: ConvertResult{Routes: map[Route]int{}, Changes: map[string]int{}}}
	iw, err := NewImportWriter(out, opt.Template)
	if err != nil {
		return c.res, err
	}
	c.iw = iw
	ro := opt.Read
	ro.Header = func(rep *Report) error { return c.start(rep, errs, changes) }
	rep, err := Read(r, size, ro, func(rows []Row) error {
		for i := range rows {
			if err := c.row(&rows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	c.res.Report = rep
	if err != nil {
		return c.res, err
	}
	if c.res.Import, err = iw.Close(); err != nil {
		return c.res, err
	}
	for _, lw := range []*ListWriter{c.errs, c.changes} {
		if lw != nil {
			if err := lw.Close(rep.HeaderMerges); err != nil {
				return c.res, err
			}
		}
	}
	return c.res, nil
}

// converter is one run of Convert.
type converter struct {
	opt           ConvertOptions
	res           ConvertResult
	rep           *Report
	headers       []string
	iw            *ImportWriter
	errs, changes *ListWriter
}

// start begins the side files once the header is known.
func (c *converter) start(rep *Report, errs, changes io.Writer) error {
	c.rep, c.headers = rep, rep.HeaderPaths()
	var err error
	if errs != nil {
		if c.errs, err = NewListWriter(errs, rep, ListErrors, 0); err != nil {
			return err
		}
	}
	if changes != nil {
		c.changes, err = NewListWriter(changes, rep, ListChanges, 0)
	}
	return err
}

// row routes one read row.
func (c *converter) row(r *Row) error {
	route := RouteOf(r)
	c.res.Routes[route]++
	switch {
	case route == RouteErrors:
		return c.leaveOut(r, r.Errors)
	case route == RouteBadID && !c.opt.All:
		return c.leaveOut(r, []CellError{{Cell: c.cellOf(r, FieldID), Field: FieldID, Issue: *r.IDIssue}})
	case route == RouteEdit && !c.opt.All:
		return nil
	}
	if err := c.iw.Write(ExportRowOf(r, c.headers)); err != nil {
		return err
	}
	chs := c.rep.ImportChanges(r, c.opt.Template)
	if len(chs) == 0 {
		return nil
	}
	c.res.ChangedRows++
	for _, ch := range chs {
		c.res.Changes[ch.Kind]++
	}
	if c.changes == nil {
		return nil
	}
	return c.changes.Write(r.Cells, r.Num, changeLines(chs))
}

// leaveOut writes a row left out to the error file.
func (c *converter) leaveOut(r *Row, errs []CellError) error {
	c.res.ErrorRows++
	if c.errs == nil {
		return nil
	}
	return c.errs.Write(r.Cells, r.Num, errorLines(errs))
}

// cellOf returns the reference of a row's cell of field f.
func (c *converter) cellOf(r *Row, f Field) string {
	if col, ok := c.rep.column(f); ok {
		return cellRef(col, r.Num)
	}
	return ""
}

// column returns the index of the column holding field f.
func (r *Report) column(f Field) (int, bool) {
	for i, c := range r.Columns {
		if c.Field == f {
			return i, true
		}
	}
	return 0, false
}

// changeLines renders a row's changes in Vietnamese, one per line:
// "E12 (số giấy tờ): 87084000999 → 087084000999 (thêm lại số 0 ở đầu)".
func changeLines(chs []Change) []noteLine {
	lines := make([]noteLine, len(chs))
	for i, ch := range chs {
		why := "sheet.change." + ch.Kind
		if ch.year {
			why += "_year"
		}
		lines[i] = noteLine{ch.Cell, " (" + plainText(fieldLabel(msg.VI, ch.Field)) + "): " + ch.Old + " → " + ch.New +
			" (" + plain(msg.VI, why) + ")"}
	}
	return lines
}
