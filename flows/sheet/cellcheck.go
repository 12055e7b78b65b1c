package sheet

import (
	"unicode"
	"unicode/utf8"

	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
)

// checkCells gives an error to every cell of the row that cannot be used
// whatever its column holds, and marks it so the field parsers skip it: a
// formula without a saved value (never read as empty), a cell past
// xlsx.MaxCellChars (which no export could write back), text that is not
// UTF-8 or holds U+FFFD (never passed on as replacement characters), and
// text in a legacy encoding. The name column's legacy text is left to
// vn.ParseName, whose message speaks of the name.
func (rr *rowReader) checkCells(xr xlsx.Row, row *Row) {
	nameCol, hasName := rr.col[FieldName]
	for i := range xr.Cells {
		c := &xr.Cells[i]
		garbled, suspect := textFlags(c.Text)
		code := ""
		switch {
		case c.NoValue:
			code = CodeCellFormula
		case c.TooLong:
			code = CodeCellTooLong
		case garbled:
			code = CodeCellEncoding
		case suspect && (c.Type == xlsx.CellString || c.Type == xlsx.CellInlineString) &&
			!(hasName && c.Col == nameCol) && vn.IsLegacyEncoded(c.Text):
			code = CodeCellLegacy
		default:
			continue
		}
		rr.bad[c.Col] = true
		f := rr.fieldOf(c.Col)
		row.addError(c.Col, xr.Num, f, vn.Issue{Code: code, Field: personField(f)})
	}
}

// fieldOf returns the field column col holds, or FieldNone.
func (rr *rowReader) fieldOf(col int) Field {
	for f, i := range rr.col {
		if i == col {
			return f
		}
	}
	return FieldNone
}

// personField is the vn field of a person field, "" for the others.
func personField(f Field) vn.Field {
	switch f {
	case FieldName, FieldDOB, FieldGender, FieldID, FieldPhone:
		return vn.Field(f)
	}
	return ""
}

// textFlags reads text once. garbled: it is not UTF-8 or holds U+FFFD,
// the mark of text an earlier conversion could not decode. suspect: it
// could be in a legacy encoding, which shows as Latin-1 letters and
// symbols and cp1252's extras (Œ, ƒ, ˜, ‰, €…): it has one of those and
// none of the letters only Unicode has (ă, đ, ơ, ư, ĩ, ũ, ạ…ỹ) nor a
// combining mark, whose presence vn.IsLegacyEncoded also reads as
// Unicode. Most cells of a Unicode list are not suspect and skip the
// costly full test.
func textFlags(s string) (garbled, suspect bool) {
	uni := false
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError:
			return true, false
		case unicodeOnly(r) || isMark(r):
			uni = true
		case r <= 0xFF || r >= 0x152 && r <= 0x2122:
			suspect = true
		}
	}
	return false, suspect && !uni
}

// isMark reports whether r is a combining mark (text in NFD).
func isMark(r rune) bool { return unicode.Is(unicode.Mn, r) }

// unicodeOnly reports whether r is a Vietnamese letter no legacy decoding
// produces: ă, đ, ĩ, ũ, ơ, ư (either case) and the block ạ…ỹ.
func unicodeOnly(r rune) bool {
	switch r {
	case 'Ă', 'ă', 'Đ', 'đ', 'Ĩ', 'ĩ', 'Ũ', 'ũ', 'Ơ', 'ơ', 'Ư', 'ư':
		return true
	}
	return r >= 0x1EA0 && r <= 0x1EF9
}
