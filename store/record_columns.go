package store

import (
	"fmt"

	"lamsach/flows"
)

// personColumns are the stored columns of the person fields, in
// flows.FieldSpecs' order, and origColumns their "orig_" twins holding the
// values as imported. The record queries, the import and the audit diff
// are built from them, so a new field needs no change here.
var personColumns, origColumns = func() (cur, orig []string) {
	for _, s := range flows.FieldSpecs {
		for _, c := range s.Columns {
			cur = append(cur, c)
			orig = append(orig, "orig_"+c)
		}
	}
	return cur, orig
}()

// fieldArgs appends the stored values of f, in personColumns' order.
func fieldArgs(dst []any, f flows.Fields) []any {
	for _, s := range flows.FieldSpecs {
		for _, v := range s.Values(f) {
			dst = append(dst, v)
		}
	}
	return dst
}

// fieldTexts is where scanRecord reads one set of person columns.
type fieldTexts []string

func newFieldTexts() fieldTexts { return make(fieldTexts, len(personColumns)) }

// targets are the Scan destinations, in personColumns' order.
func (ft fieldTexts) targets() []any {
	out := make([]any, len(ft))
	for i := range ft {
		out[i] = &ft[i]
	}
	return out
}

// load turns the scanned texts into fields; what names the set (current
// or original) goes into the error, never a value.
func (ft fieldTexts) load(what string) (flows.Fields, error) {
	var f flows.Fields
	i := 0
	for _, s := range flows.FieldSpecs {
		n := len(s.Columns)
		if err := s.Load(&f, ft[i:i+n]); err != nil {
			return f, fmt.Errorf("stored %s %s is malformed", what, s.Key)
		}
		i += n
	}
	return f, nil
}

// fieldChanges lists the person columns that differ between two sets of
// fields, as the audit log names them.
func fieldChanges(old, cur flows.Fields) []change {
	var cs []change
	for _, s := range flows.FieldSpecs {
		o, n := s.Values(old), s.Values(cur)
		for i, c := range s.Columns {
			if o[i] != n[i] {
				cs = append(cs, change{c, o[i], n[i]})
			}
		}
	}
	return cs
}
