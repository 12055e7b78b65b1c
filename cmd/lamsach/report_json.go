package main

import (
	"slices"
	"unicode"

	"lamsach/flows/sheet"
	"lamsach/flows/vn"
)

// reportForJSON is a list's report as --json prints it: ID numbers masked
// as the text masks them (the sample, the rows with errors, and the
// issues that quote an ID), unless showIDs. rep itself is not changed.
func reportForJSON(rep *sheet.Report, showIDs bool) *sheet.Report {
	if rep == nil || showIDs {
		return rep
	}
	out := *rep
	if rep.Sample != nil {
		s := maskRow(*rep.Sample)
		out.Sample = &s
	}
	out.ErrorRows = make([]sheet.Row, len(rep.ErrorRows))
	for i, r := range rep.ErrorRows {
		out.ErrorRows[i] = maskRow(r)
	}
	return &out
}

// maskRow masks a row's ID number, its raw text and the issues that quote
// it.
func maskRow(r sheet.Row) sheet.Row {
	r.Person.ID.Number = showID(r.Person.ID.Number, false)
	r.Person.IDRaw = maskRaw(r.Person.IDRaw)
	if r.IDIssue != nil {
		i := maskIssue(*r.IDIssue, true)
		r.IDIssue = &i
	}
	r.Warnings = slices.Clone(r.Warnings)
	for i, w := range r.Warnings {
		r.Warnings[i] = maskIssue(w, w.Field == vn.FieldID)
	}
	r.Errors = slices.Clone(r.Errors)
	for i, e := range r.Errors {
		e.Issue = maskIssue(e.Issue, e.Field == sheet.FieldID || e.Issue.Field == vn.FieldID)
		r.Errors[i] = e
	}
	return r
}

// maskIssue masks the number an ID issue quotes ("lost_leading_zero" with
// the number as restored); short arguments (a province code, a year) stay.
func maskIssue(i vn.Issue, isID bool) vn.Issue {
	digits := 0
	for _, c := range i.Arg {
		if unicode.IsDigit(c) {
			digits++
		}
	}
	if isID && digits >= 6 {
		i.Arg = maskRaw(i.Arg)
	}
	return i
}
