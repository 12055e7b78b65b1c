package vn

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// commonNames are real Vietnamese names in the old tone style (hòa, thúy, khỏe), with
// minority-language names; no warning may fire on any of them, in either style.
var commonNames = []string{
	"Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Long", "Phạm Minh Tuấn",
	"Hoàng Thị Thúy Hằng", "Huỳnh Ngọc Quỳnh", "Phan Thanh Hòa", "Vũ Đức Thắng",
	"Võ Thị Thủy", "Đặng Quốc Khánh", "Bùi Thị Xuân", "Đỗ Văn Hùng", "Hồ Thị Hoa",
	"Ngô Quang Vinh", "Dương Thị Thu Hương", "Lý Văn Phúc", "Trương Mỹ Lệ",
	"Đinh Công Tráng", "Lâm Thị Mỹ Duyên", "Mai Văn Khỏe", "Tô Thị Hòe",
	"Tạ Quang Thụy", "Lương Văn Tuyển", "Triệu Thị Yến", "Kiều Oanh", "Quách Tuấn Du",
	"Cao Thị Ánh Tuyết", "Châu Ngọc Quý", "Khổng Minh Nguyệt", "Âu Dương Phong",
	"Thái Thị Uyên", "Lã Văn Quyết", "Nghiêm Xuân Trường", "Giáp Thị Huyền",
	"Doãn Quốc Hoàn", "Phí Thị Ngoãn", "Vương Đình Huệ", "Hứa Thị Khuê",
	"Ông Văn Ước", "Tăng Thanh Hà", "Trịnh Công Sơn", "Đoàn Thị Điểm", "Lục Văn Tiến",
	"Đàm Thị Thùy Linh", "Mạc Đăng Dung", "Lưu Thị Thoa", "Chu Văn Quỳ",
	"Nguyễn Thị Hoài Thu", "Lê Văn Thoại", "Trần Quý Cáp", "Phạm Thị Giàu",
	"Bạch Thị Ngà", "Vi Văn Định", "Nông Đức Mạnh", "Lò Văn Giàng", "Nguyễn Văn Cường",
	"Lê Thị Khoái", "Đinh Thị Hoạt", "Lê Xuân Huỳnh", "Nguyễn Khoa Điềm", "Hồ Xuân Hương",
	"Huỳnh Thúc Kháng", "Đỗ Thị Thủy Tiên", "Ngô Thị Tuệ", "Tống Văn Khuyến",
	"Võ Nguyên Giáp", "Nguyễn Thị Định", "Nguyễn Thị Minh Khai", "Hà Thị Thỏa",
	"Nguyễn Thị Giỏi", "Trần Văn Giữ", "Lê Thị Gấm", "Nguyễn Văn Quang", "Phùng Thị Xòe",
	"Phạm Thị Nguyệt Ánh", "Nguyễn Văn Khuỷu", "Lê Thị Họa My", "Trần Thị Huế",
	"Hoàng Thị Thuận", "Đặng Văn Ngữ", "Nguyễn Thị Ngoan", "Lý Thị Lụy",
	"Y Moan Niê", "H'Hen Niê", "Ksor H'Nưng", "Rơ Mah Hiền", "Sùng A Páo",
	"Vàng Thị Mỷ", "Thào A Sình", "Lầu Văn Chứ", "Kpă Thị Byă",
}

// newStyle rewrites the old-style words of commonNames in the new style.
var newStyle = strings.NewReplacer(
	"Hòa", "Hoà", "Thúy", "Thuý", "Thủy", "Thuỷ", "Khỏe", "Khoẻ", "Hòe", "Hoè",
	"Thụy", "Thuỵ", "Thùy", "Thuỳ", "Thỏa", "Thoả", "Xòe", "Xoè", "Họa", "Hoạ", "Lụy", "Luỵ",
)

func TestParseNameCommonNames(t *testing.T) {
	changed := 0
	for _, old := range commonNames {
		for _, in := range []string{old, newStyle.Replace(old)} {
			got := ParseName(in)
			if got.Err != nil || len(got.Warnings) != 0 || got.Name != in {
				t.Errorf("ParseName(%q) = %q err %v warns %v, want itself and no issue", in, got.Name, got.Err, got.Warnings)
			}
			for _, variant := range []string{strings.ToUpper(in), strings.ToLower(in), norm.NFD.String(in), " " + in + "\u00a0"} {
				v := ParseName(variant)
				if v.Name != got.Name || v.Key != got.Key {
					t.Errorf("ParseName(%q) = %q, %q; want %q, %q as for %q", variant, v.Name, v.Key, got.Name, got.Key, in)
				}
			}
		}
		if nw := newStyle.Replace(old); nw != old {
			changed++
			if NameKey(nw) != NameKey(old) {
				t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q, want equal", old, NameKey(old), nw, NameKey(nw))
			}
		}
	}
	if changed < 12 {
		t.Errorf("only %d names differ between tone styles, want at least 12", changed)
	}
}

func TestParseName(t *testing.T) {
	tests := []struct {
		in, name, key string
		err           string
		warns         []string
	}{
		{in: "NGUYỄN VĂN AN", name: "Nguyễn Văn An", key: "nguyen van an"},
		{in: "nguyễn thị đào", name: "Nguyễn Thị Đào", key: "nguyen thi dao"},
		{in: "hòa", name: "Hòa", key: "hoa", warns: []string{CodeNameSingleWord}},
		{in: "hoà", name: "Hoà", key: "hoa", warns: []string{CodeNameSingleWord}},
		{in: "Đặng", name: "Đặng", key: "dang", warns: []string{CodeNameSingleWord}},
		{in: "ÐẶNG VĂN LÂM", name: "Đặng Văn Lâm", key: "dang van lam"},
		{in: "ðặng văn lâm", name: "Đặng Văn Lâm", key: "dang van lam"},
		{in: "  Nguyễn\u00a0\u200bVăn   An\u200d ", name: "Nguyễn Văn An", key: "nguyen van an"},
		{in: "Ng\u00adu\u2060yễn\ufeff Văn An", name: "Nguyễn Văn An", key: "nguyen van an"},
		{in: "h'hen niê", name: "H'Hen Niê", key: "h'hen nie"},
		{in: "H’Hen Niê", name: "H’Hen Niê", key: "h'hen nie"},
		{in: "Nguyễn-Văn An", name: "Nguyễn-Văn An", key: "nguyen-van an"},
		{in: "Nguyen Van An", name: "Nguyen Van An", key: "nguyen van an", warns: []string{CodeNameNoDiacritics}},
		{in: "DO THI HA", name: "Do Thi Ha", key: "do thi ha", warns: []string{CodeNameNoDiacritics}},
		{in: "John Smith", name: "John Smith", key: "john smith"},
		{in: "Nguyễn Văn A.", name: "Nguyễn Văn A.", key: "nguyen van a.", warns: []string{CodeNameSymbols}},
		{in: "Nguyễn Văn 2", name: "Nguyễn Văn 2", key: "nguyen van 2", warns: []string{CodeNameSymbols}},
		{in: "An", name: "An", key: "an", warns: []string{CodeNameSingleWord}},
		{in: "Lê Văn Baỏ", name: "Lê Văn Baỏ", key: "le van bao", warns: []string{CodeNameMisplacedTone}},
		{in: "Trần Văn Lựơng", name: "Trần Văn Lựơng", key: "tran van luong", warns: []string{CodeNameMisplacedTone}},
		{in: "Nguỳên Văn An", name: "Nguỳên Văn An", key: "nguyen van an", warns: []string{CodeNameMisplacedTone}},
		{in: "Lê Qúy Đôn", name: "Lê Qúy Đôn", key: "le quy don", warns: []string{CodeNameMisplacedTone}},
		{in: "Phạm Hòang", name: "Phạm Hòang", key: "pham hoang", warns: []string{CodeNameMisplacedTone}},
		{in: "Hóà An", name: "Hóà An", key: "hoa an", warns: []string{CodeNameMisplacedTone}},
		{in: "Trần Gìa", name: "Trần Gìa", key: "tran gia", warns: []string{CodeNameMisplacedTone}},
		{in: "Lê Văn Ngừơi", name: "Lê Văn Ngừơi", key: "le van nguoi", warns: []string{CodeNameMisplacedTone}},
		{in: "", err: CodeNameEmpty},
		{in: " \u200b\u00a0", err: CodeNameEmpty},
		{in: "\u0301", err: CodeNameEmpty},
		{in: strings.Repeat("An ", 40), err: CodeNameTooLong},
		{in: "NguyÔn V¨n An", err: CodeNameLegacyEncoding},
		{in: "Nguyeãn Vaên An", err: CodeNameLegacyEncoding},
		{in: "Nguyá»…n VÄƒn An", err: CodeNameLegacyEncoding},
		{in: "Tr\u00ad¬ng ThÞ H\u00ad¬ng", err: CodeNameLegacyEncoding},
	}
	for _, tt := range tests {
		got := ParseName(tt.in)
		if got.Name != tt.name || got.Key != tt.key || errCode(got.Err) != tt.err || !slices.Equal(codes(got.Warnings), tt.warns) {
			t.Errorf("ParseName(%q) = %q, %q err %v warns %v; want %q, %q err %q warns %v",
				tt.in, got.Name, got.Key, got.Err, got.Warnings, tt.name, tt.key, tt.err, tt.warns)
		}
	}
}

func TestParseNameNFCAndNFD(t *testing.T) {
	for _, n := range []string{"Nguyễn Thị Đào", "Trương Mỹ Lệ", "Hoàng Thị Thuý Hằng", "Phạm Thị Nguyệt Ánh"} {
		nfc, nfd := norm.NFC.String(n), norm.NFD.String(n)
		if nfc == nfd {
			t.Fatalf("test name %q has the same NFC and NFD bytes", n)
		}
		a, b := ParseName(nfc), ParseName(nfd)
		if a.Name != b.Name || a.Key != b.Key {
			t.Errorf("ParseName NFC %q = %q, %q; NFD = %q, %q; want identical", n, a.Name, a.Key, b.Name, b.Key)
		}
		if !norm.NFC.IsNormalString(b.Name) {
			t.Errorf("ParseName(NFD %q).Name = %q is not NFC", n, b.Name)
		}
	}
}

func TestHoaStyles(t *testing.T) {
	old, nw := ParseName("Phan Thanh hòa"), ParseName("Phan Thanh hoà")
	if old.Key != nw.Key {
		t.Errorf("keys of hòa and hoà = %q, %q; want equal", old.Key, nw.Key)
	}
	if old.Name == nw.Name {
		t.Errorf("names of hòa and hoà are both %q; want each as typed", old.Name)
	}
	if old.Name != "Phan Thanh Hòa" || nw.Name != "Phan Thanh Hoà" {
		t.Errorf("names = %q, %q; want Phan Thanh Hòa, Phan Thanh Hoà", old.Name, nw.Name)
	}
}

func TestNameKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đặng", "dang"},
		{"đặng", "dang"},
		{"Ðặng", "dang"},
		{"  NGUYỄN   Văn\u00a0AN ", "nguyen van an"},
		{norm.NFD.String("Nguyễn Thị Đào"), "nguyen thi dao"},
		{"Thuỷ", "thuy"},
		{"Thủy", "thuy"},
		{"Hương", "huong"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NameKey(tt.in); got != tt.want {
			t.Errorf("NameKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Thôn\u00a01 ,\tXã\u200b X \n", "Thôn 1 , Xã X"},
		{norm.NFD.String("Hà Nội"), "Hà Nội"},
		{"Ðà Nẵng", "Đà Nẵng"},
		{"a\u00adb\u2060c\ufeffd\u200ce", "abcde"},
		{"e\u200b\u0301", "é"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMisplacedTone(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"hòa", false}, {"hoà", false}, {"thúy", false}, {"thuý", false}, {"khỏe", false}, {"khoẻ", false},
		{"người", false}, {"rượu", false}, {"khuỷu", false}, {"ngoẻo", false}, {"soóc", false},
		{"quý", false}, {"giữa", false}, {"gì", false}, {"gìn", false}, {"nguyễn", false},
		{"baỏ", true}, {"lựơng", true}, {"qúy", true}, {"gìa", true}, {"hòang", true},
		{"ngừơi", true}, {"hóà", true}, {"tùân", true}, {"mùă", false},
		{"ksor", false}, {"byă", false}, {"ḿ", false}, {"nhá̀", true},
	}
	for _, tt := range tests {
		if got := misplacedTone(tt.word); got != tt.want {
			t.Errorf("misplacedTone(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

// nameKeyRef is the plain definition of the search key (DOMAIN.md §4):
// clean, lower case, NFD, drop combining marks, đ→d, NFC, collapse spaces.
// NameKey must agree with it on every input.
func nameKeyRef(s string) string {
	s = norm.NFD.String(strings.ToLower(CleanText(s)))
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r):
			return -1
		case r == 'đ':
			return 'd'
		case r == '’' || r == 'ʼ':
			return '\''
		}
		return r
	}, s)
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

func TestNameKeyMatchesDefinition(t *testing.T) {
	for _, s := range []string{"", " ", "Nguyễn Văn An", "NGUYỄN  VĂN\u00a0AN ", "nguyen van an", "Nguyen Van An",
		"Đặng Thị Hoà", "ÐẶNG", "hòa hoà", "Ksor H’Nưng", "H'Hen Niê", "a\u200bb", "Lê\tVăn", " x ", "x  y",
		norm.NFD.String("Trần Thị Thúy"), "A-B 12", "\xff\xfeabc", "İstanbul", "ǅemal", "Ωmega ΣΑΣ"} {
		if got, want := NameKey(s), nameKeyRef(s); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNameKeyMatchesDefinition(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An", "nguyen van an", "Đặng", "a  b", "Ð\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NameKey(s), nameKeyRef(s); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", s, got, want)
		}
	})
}
