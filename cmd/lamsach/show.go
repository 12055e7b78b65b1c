package main

import (
	"encoding/json"
	"flag"
	"io"
	"time"

	"lamsach/flows/vn"
)

// How the commands show things, one rule each, so every command agrees:
// times in the zone the people using lamsach live in, JSON indented with
// snake_case keys, ID numbers masked unless --show-ids.

// zone is where the people using lamsach live; times are shown there.
var zone = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in: this cannot fail
	}
	return loc
}

// showTime writes a time as the commands print it: to the minute, in
// Asia/Ho_Chi_Minh, with its offset so nobody takes it for UTC
// ("2026-05-12 07:30 +07"). The zero time is "-".
func showTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(zone).Format("2006-01-02 15:04 -07")
}

// showDate writes a day in Asia/Ho_Chi_Minh ("2026-05-12").
func showDate(t time.Time) string { return t.In(zone).Format("2006-01-02") }

// jsonTime writes a time for JSON output: RFC 3339 in Asia/Ho_Chi_Minh
// ("2026-05-12T07:30:00+07:00"); the zero time is "".
func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format(time.RFC3339)
}

// printJSON writes v as the commands' JSON: indented by two spaces, one
// document, a newline at the end. Types written this way name their keys
// in snake_case with json tags (as sheet check --json does).
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// showIDsFlag adds --show-ids: ID numbers are masked in output (as in the
// bot's lists) unless the operator asks for them whole.
func showIDsFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("show-ids", false, "print ID numbers whole instead of masked (089******790)")
}

// showID writes an ID number masked, or whole with show.
func showID(number string, show bool) string {
	if show {
		return number
	}
	return vn.MaskID(number)
}
