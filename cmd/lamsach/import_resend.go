package main

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"unicode"

	"lamsach/flows"
	"lamsach/flows/msg"
)

// A list sent again is compared with the commune's records by the same
// comparison the chat's preview makes (flows.PreviewList, flows.ImportList):
// the command says how many rows are already records, how many of those
// differ and in which fields, and how many are new, the only ones stored.
// The command line never applies the corrections the differing rows bring:
// the station applies them from the chat's preview.

// resendOut is the comparison in --json.
type resendOut struct {
	New       int            `json:"new"`
	Known     int            `json:"known"`
	Same      int            `json:"same"`
	Differ    int            `json:"differ"`
	ByField   map[string]int `json:"differ_by_field"`
	Village   int            `json:"village_differs"`
	Amendable int            `json:"amendable"`
	Locked    int            `json:"locked"`
	Ambiguous int            `json:"ambiguous"`
	Shared    int            `json:"shared"`
	// Applied is always false: the command line does not apply corrections.
	Applied     bool            `json:"applied"`
	Differences []differenceOut `json:"differences"`
}

// differenceOut is one differing row: the record it matched and, per
// field, the record's value and the list's, ID numbers masked unless
// --show-ids.
type differenceOut struct {
	Row     int         `json:"row"`
	Record  int64       `json:"record_id"`
	State   string      `json:"state"`
	Changes []changeOut `json:"changes"`
	Village bool        `json:"village_differs,omitempty"`
	Locked  bool        `json:"locked,omitempty"`
}

type changeOut struct {
	Field  string `json:"field"`
	Record string `json:"record"`
	List   string `json:"list"`
}

// resendFrom turns the comparison into resendOut, the values shown in
// language l.
func resendFrom(l msg.Lang, r *flows.Resend, showIDs bool) *resendOut {
	out := &resendOut{New: r.New, Known: r.Same + r.Differ + r.Ambiguous + r.Shared, Same: r.Same, Differ: r.Differ,
		ByField: map[string]int{}, Village: r.Village, Amendable: r.Amendable, Locked: r.Locked,
		Ambiguous: r.Ambiguous, Shared: r.Shared, Differences: []differenceOut{}}
	for f, n := range r.ByField {
		out.ByField[string(f)] = n
	}
	for _, d := range r.Examples {
		do := differenceOut{Row: d.Row, Record: d.Record.ID, State: string(d.Record.State),
			Village: d.Village != 0, Locked: d.Locked, Changes: []changeOut{}}
		for _, f := range d.Changed {
			s, _ := flows.Spec(f)
			do.Changes = append(do.Changes, changeOut{Field: string(f),
				Record: plain(s.Show(l, d.Record.Fields, showIDs)), List: plain(s.Show(l, d.Fields, showIDs))})
		}
		out.Differences = append(out.Differences, do)
	}
	return out
}

// plainTags are the tags the bot's values may carry ("<i>(empty)</i>").
var plainTags = strings.NewReplacer("<i>", "", "</i>", "", "<b>", "", "</b>", "")

// plain is a value the bot shows in HTML as plain text.
func plain(s string) string { return html.UnescapeString(plainTags.Replace(s)) }

// printResend writes the comparison of a list sent again, nothing for a
// list with no row the commune has. committed says the new rows were
// stored.
func printResend(w io.Writer, l msg.Lang, r *resendOut, committed bool) {
	if r == nil || r.Known == 0 {
		return
	}
	fmt.Fprintln(w, say(l, "resend_known", r.Known))
	if r.Same > 0 {
		fmt.Fprintln(w, say(l, "resend_same", r.Same))
	}
	if r.Differ > 0 {
		fmt.Fprintln(w, say(l, "resend_differ", r.Differ, fieldCounts(l, r)))
		if r.Locked > 0 {
			fmt.Fprintln(w, say(l, "resend_locked", r.Locked))
		}
		printDifferences(w, l, r)
	}
	if n := r.Ambiguous + r.Shared; n > 0 {
		fmt.Fprintln(w, say(l, "resend_conflicts", n))
	}
	switch {
	case r.New > 0 && committed:
		fmt.Fprintln(w, say(l, "resend_new_stored", r.New))
	case r.New > 0:
		fmt.Fprintln(w, say(l, "resend_new", r.New))
	default:
		fmt.Fprintln(w, say(l, "resend_no_new"))
	}
	switch {
	case r.Differ == 0:
	case committed:
		fmt.Fprintln(w, say(l, "resend_not_applied", r.Differ))
	default:
		fmt.Fprintln(w, say(l, "resend_no_apply"))
	}
}

// printDifferences lists the differing rows.
func printDifferences(w io.Writer, l msg.Lang, r *resendOut) {
	for _, d := range r.Differences {
		parts := make([]string, len(d.Changes))
		for i, c := range d.Changes {
			parts[i] = say(l, "resend_change", fieldName(l, c.Field), c.Record, c.List)
		}
		if d.Village {
			parts = append(parts, say(l, "resend_village"))
		}
		fmt.Fprintln(w, say(l, "resend_row", d.Row, d.Record, msg.T(l, "state."+d.State), strings.Join(parts, "; ")))
	}
	if more := r.Differ - len(r.Differences); more > 0 {
		fmt.Fprintln(w, say(l, "resend_more", more))
	}
}

// fieldCounts is "name 1, date of birth 1": the differing rows per field,
// in the order of the record's fields, the village last.
func fieldCounts(l msg.Lang, r *resendOut) string {
	var parts []string
	for _, s := range flows.FieldSpecs {
		if n := r.ByField[string(s.Key)]; n > 0 {
			parts = append(parts, fieldName(l, string(s.Key))+" "+strconv.Itoa(n))
		}
	}
	if r.Village > 0 {
		parts = append(parts, say(l, "resend_village")+" "+strconv.Itoa(r.Village))
	}
	return strings.Join(parts, ", ")
}

// fieldName is a record field's name from the bot's catalog, its first
// letter in lower case as it reads inside a sentence ("ID number" stays).
func fieldName(l msg.Lang, f string) string {
	name := []rune(msg.T(l, "field."+f))
	if len(name) > 1 && !unicode.IsUpper(name[1]) {
		name[0] = unicode.ToLower(name[0])
	}
	return string(name)
}
