// Package msg holds the text people read, one catalog per language.
// Vietnamese is the default; English is the second catalog. Logic asks for
// a message by key and never builds sentences itself.
package msg

import (
	"fmt"
	"html"
	"strings"
)

// Lang is a catalog language.
type Lang string

// The catalogs.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang picks a catalog from a setting or Telegram's language_code:
// English for "en…", Vietnamese for everything else.
func ParseLang(code string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(code)), "en") {
		return EN
	}
	return VI
}

var catalogs = map[Lang]map[string]string{VI: vi, EN: en}

// T returns the message key in language l, formatted with args. String
// arguments are HTML-escaped, because every message is sent in HTML mode
// and values come from people and files. Use Raw for arguments that are
// already HTML. A key missing from a catalog falls back to Vietnamese, then
// to the key itself, so a gap shows up in tests and never as a crash.
func T(l Lang, key string, args ...any) string {
	format, ok := catalogs[l][key]
	if !ok {
		if format, ok = vi[key]; !ok {
			return key
		}
	}
	// A value some translations leave out (an issue's detail) must not
	// show up as %!(EXTRA …) in the others.
	if n := strings.Count(format, "%") - 2*strings.Count(format, "%%"); len(args) > n {
		args = args[:n]
	}
	if len(args) == 0 {
		return format
	}
	esc := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			esc[i] = html.EscapeString(v)
		case Raw:
			esc[i] = string(v)
		default:
			esc[i] = a
		}
	}
	return fmt.Sprintf(format, esc...)
}

// Raw is an argument to T that is already HTML and must not be escaped.
type Raw string

// Has reports whether the Vietnamese catalog has key.
func Has(key string) bool {
	_, ok := vi[key]
	return ok
}

// HasIn reports whether catalog l has key of its own, without falling
// back to Vietnamese.
func HasIn(l Lang, key string) bool {
	_, ok := catalogs[l][key]
	return ok
}

// Esc escapes a value for HTML messages.
func Esc(s string) string { return html.EscapeString(s) }
