package store

import "lamsach/flows/vn"

// cleanName cleans a commune, village or member name as every other text
// is cleaned: NFC, no invisible characters, single spaces.
func cleanName(s string) string { return vn.CleanText(s) }

// nameKey is the matching key of a name, the same one record search uses:
// "Thôn  Hoà" and "thon hoa" are the same village.
func nameKey(s string) string { return vn.NameKey(s) }
