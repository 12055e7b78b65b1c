package xlsx

import (
	"strconv"
)

// maxCellXfs bounds the style table kept in memory; Excel itself stops at
// 64,000 cell formats.
const maxCellXfs = 1 << 17

// readStyles records, for each cell style index, whether its number format
// shows a date or time. That is all a list importer needs from styles: a
// number styled as a date is a date of birth, not an amount.
func (b *Book) readStyles(name string) error {
	s, rc, err := b.scan(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	custom := map[int]bool{} // custom number format id → is a date
	var xfIDs []int
	inCellXfs := false
	for k := s.next(); k != tokEOF; k = s.next() {
		switch k {
		case tokStart:
			switch string(s.name) {
			case "numFmt":
				id, err := strconv.Atoi(attrString(s.attrs, "numFmtId"))
				if err == nil && len(custom) < maxCellXfs {
					custom[id] = isDateFormat(attrString(s.attrs, "formatCode"))
				}
			case "cellXfs":
				inCellXfs = !s.self
			case "xf":
				if inCellXfs && len(xfIDs) < maxCellXfs {
					id, err := strconv.Atoi(attrString(s.attrs, "numFmtId"))
					if err != nil {
						id = 0
					}
					xfIDs = append(xfIDs, id)
				}
			}
		case tokEnd:
			if string(s.name) == "cellXfs" {
				inCellXfs = false
			}
		}
	}
	if s.err != nil {
		return s.err
	}
	b.dateXf = make([]bool, len(xfIDs))
	for i, id := range xfIDs {
		if d, ok := custom[id]; ok {
			b.dateXf[i] = d
		} else {
			b.dateXf[i] = isBuiltinDate(id)
		}
	}
	return nil
}

// isBuiltinDate reports whether a built-in number format id is a date or time
// format, including the East Asian ones (27-36, 50-58) that localised Excel
// files use.
func isBuiltinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
		(id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// isDateFormat reports whether a custom number format code shows a date or
// time: it holds d, m, y, h or s outside quoted literals, bracketed colours
// and conditions, and escaped or padding characters.
func isDateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '[':
			for i++; i < len(code) && code[i] != ']'; i++ {
			}
		case '\\', '_', '*':
			i++ // the next character is literal, padding or fill
		case ';':
			// Only the first section decides; later ones are for
			// negatives, zero and text.
			return false
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			}
		}
	}
	return false
}

// isDateStyle reports whether cell style index s shows a date.
func (b *Book) isDateStyle(s int) bool {
	return s >= 0 && s < len(b.dateXf) && b.dateXf[s]
}
