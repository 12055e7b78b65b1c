package sheet

import (
	"strings"
	"unicode/utf8"

	"lamsach/flows/sheet/xlsx"
)

// footerStarts begin the lines under a list that are not records: totals
// and the signature block ("Người lập biểu", "Trưởng trạm", "Xác nhận…").
var footerStarts = []string{
	"nguoi lap", "tong cong", "tong so", "tong", "cong", "xac nhan", "ky ten",
	"truong tram", "tram truong", "thu truong", "can bo", "ghi chu", "ky ghi ro",
	"nguoi ky", "dai dien", "chu tich", "truong thon", "truong ap", "truong cong an",
}

// villageWords are the first words of village names across regions:
// thôn, ấp, tổ (dân phố), xóm, bản, khu (phố, dân cư), buôn, làng, khóm,
// đội, phum, sóc, plei. Folded: no marks.
var villageWords = map[string]bool{
	"thon": true, "ap": true, "to": true, "xom": true, "ban": true, "khu": true, "buon": true,
	"lang": true, "khom": true, "doi": true, "phum": true, "soc": true, "plei": true,
}

// skipRow reports whether a row under the header holds no record: no name
// and no ID or date with a digit in it (a signature or a stray word in
// another column); a row of column numbers ("(1) (2) (3)"); or a total or
// signature line in the name column. A repeated header is caught after
// the name is parsed (isHeaderName), where the name's key comes for free.
func skipRow(xr xlsx.Row, name string, id, dob *xlsx.Cell) bool {
	numbers := hasDigit(cellString(id)) || hasDigit(cellString(dob))
	if name == "" && !numbers {
		return true
	}
	if isNumbering(xr) {
		return true
	}
	if !numbers {
		f := fold(name)
		if f == "" {
			return true
		}
		for _, s := range footerStarts {
			if hasPrefixWord(f, s) {
				return true
			}
		}
	}
	return false
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// isHeaderName reports whether a name cell's key is a name column's header:
// the header repeated under itself when lists were pasted together.
func isHeaderName(key string) bool {
	switch {
	case key == "ten", key == "ho ten", strings.HasPrefix(key, "ho va ten"), strings.HasPrefix(key, "ho ten "):
		return true
	}
	return false
}

func cellString(c *xlsx.Cell) string {
	if c == nil {
		return ""
	}
	return strings.TrimSpace(c.Text)
}

// isNumbering reports whether every cell of the row is a small column
// number such as "1", "(2)" or "[3]", the row many forms put under the
// header.
func isNumbering(xr xlsx.Row) bool {
	for _, c := range xr.Cells {
		t := strings.Trim(strings.TrimSpace(c.Text), "()[]")
		if len(t) == 0 || len(t) > 2 {
			return false
		}
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
	}
	return len(xr.Cells) > 1
}

// villageOf returns the village part of an address: the first comma- or
// dash-separated part that names a village ("Thôn Đông, xã Tân Phú" →
// "Thôn Đông"; "Số 5 ngõ 3 - Tổ 2 - phường X" → "Tổ 2"), or "" when no part
// does. Parts before it may be a house number or a street; parts after it
// are larger units, never a village. A part names a village when its first
// word is one of villageWords and something follows ("Thôn" alone names
// none); "Khu" must be "Khu phố" or "Khu dân cư", not "Khu công nghiệp".
func villageOf(addr string) string {
	for addr != "" {
		part := addr
		if i := strings.IndexAny(addr, ",;-–—"); i >= 0 {
			_, size := utf8.DecodeRuneInString(addr[i:])
			part, addr = addr[:i], addr[i+size:]
		} else {
			addr = ""
		}
		part = strings.TrimSpace(part)
		first, rest, ok := strings.Cut(part, " ")
		if !ok || rest == "" || len(first) > 8 {
			continue
		}
		w := fold(first)
		if !villageWords[w] {
			continue
		}
		if w == "khu" {
			if next := fold(rest); !hasPrefixWord(next, "pho") && !hasPrefixWord(next, "dan cu") {
				continue
			}
		}
		return part
	}
	return ""
}
