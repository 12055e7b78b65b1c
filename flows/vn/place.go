package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPlaceNameRunes is the longest village or commune name accepted, in
// characters: real ones ("Tổ dân phố Nguyễn Trãi 12") are far shorter, and
// a button must stay readable.
const MaxPlaceNameRunes = 60

// PlaceNameProblem is what makes a typed place name unusable.
type PlaceNameProblem int

// The problems CheckPlaceName finds.
const (
	PlaceNameOK       PlaceNameProblem = iota
	PlaceNameNoLetter                  // empty, or no letter or digit in it
	PlaceNameTooLong                   // over MaxPlaceNameRunes
	PlaceNameCommand                   // starts with "/", which a chat would take for a command
)

// CheckPlaceName cleans a village or commune name as every text is cleaned
// (CleanText: no control or invisible characters, single spaces) and says
// what is wrong with it, the same for a name typed in the chat and one
// given on the command line.
func CheckPlaceName(s string) (string, PlaceNameProblem) {
	name := CleanText(s)
	switch {
	case !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
		return name, PlaceNameNoLetter
	case utf8.RuneCountInString(name) > MaxPlaceNameRunes:
		return name, PlaceNameTooLong
	case strings.HasPrefix(name, "/"):
		return name, PlaceNameCommand
	}
	return name, PlaceNameOK
}
