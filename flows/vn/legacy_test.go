package vn

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Real-looking samples: the same names saved in TCVN3 (.VnTime, .VnTimeH for upper
// case) and VNI and read back as Latin-1/cp1252, and UTF-8 read as cp1252.
var (
	tcvn3Samples = []string{
		"NguyÔn V¨n An", "Hµ Néi", "Thanh Ho¸", "TrÇn ThÞ Thu Hµ", "Lª V¨n T¸m",
		"Ph¹m Minh §øc", "§µo Duy Tõ", "NGUYÔN V¡N AN", "Hoµng V¨n Th¾ng",
		"Tr\u00ad¬ng ThÞ H\u00ad¬ng", "Lª", "TrÇn", "NguyÔn ThÞ Hång", "§Æng V¨n L©m",
		"Vâ ThÞ S¸u", "C«ng", "x· Hßa B×nh", "Ng« Minh", "H»ng",
	}
	vniSamples = []string{
		"Nguyeãn Vaên An", "Haø Noäi", "Traàn Thò Thu Haø", "Leâ Vaên Taùm",
		"Phaïm Minh Ñöùc", "Ñaøo Duy Töø", "NGUYEÃN VAÊN AN", "Hoaøng Vaên Thaéng",
		"Tröông Thò Höông", "Ñaëng Vaên Laâm", "Voõ Thò Saùu",
	}
	// weakSamples carry a single sign each (VNI writes ị as "ò" and ồ as "oà", both
	// also real Vietnamese), too little alone; a file is judged on many cells joined.
	weakSamples     = []string{"Nguyeãn Thò Hoàng", "Leâ Thò Hoa", "Traàn An"}
	mojibakeSamples = []string{
		"Nguyá»…n VÄƒn An", "HÃ\u00a0 Ná»™i", "LÃª VÄƒn TÃ¡m", "Pháº¡m Minh Ä\u0090á»©c",
		"TrÆ°Æ¡ng Thá»‹ HÆ°Æ¡ng", "VÃµ Thá»‹ SÃ¡u",
	}
	// foreignNames carry Latin-1 letters Vietnamese does not use; none may be taken
	// for legacy text.
	foreignNames = []string{
		"José Muñoz", "Raúl García", "Björn Müller", "François Noël", "Zoë Dupont",
		"Søren Kierkegaard", "Michaël Ballack", "Chloé Martin", "Ångström Ærø",
		"«Nguyen Van A»", "« An »", "Nguyen Van A.", "Ma Thi Hoa 2",
	}
)

func TestIsLegacyEncoded(t *testing.T) {
	for _, set := range [][]string{tcvn3Samples, vniSamples, mojibakeSamples} {
		for _, s := range set {
			if !IsLegacyEncoded(s) {
				t.Errorf("IsLegacyEncoded(%q) = false, want true", s)
			}
		}
	}
	if joined := strings.Join(weakSamples, " "); !IsLegacyEncoded(joined) {
		t.Errorf("IsLegacyEncoded(%q) = false, want true", joined)
	}
	var real []string
	for _, n := range commonNames {
		real = append(real, n, strings.ToUpper(n), norm.NFD.String(n), strings.ToLower(n), NameKey(n))
	}
	real = append(real, foreignNames...)
	real = append(real, "Hà Mai Anh", "Lê Hoà", "Võ Thành Tâm", "HÀ MAI ANH", "Ðặng Văn Lâm", "ÐINH VAN AN",
		"Thôn 1, Xã X, Huyện Y, Hà Nội", "", "An", "Nguyen Van An")
	for _, s := range real {
		if IsLegacyEncoded(s) {
			t.Errorf("IsLegacyEncoded(%q) = true, want false", s)
		}
	}
}

func TestRepairMojibake(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Nguyá»…n VÄƒn An", "Nguyễn Văn An", true},
		{"Pháº¡m Minh Ä\u0090á»©c", "Phạm Minh Đức", true},
		{"HÃ\u00a0 Ná»™i", "Hà Nội", true},
		{"Nguyễn Văn An", "Nguyễn Văn An", false},
		{"Hà Mai", "Hà Mai", false},
		{"Nguyen Van An", "Nguyen Van An", false},
		{"José", "José", false},
		{"Ã©tÃ©", "été", true},
		{"Ã—", "Ã—", false}, // "×" decodes, but holds no Vietnamese letter
	}
	for _, tt := range tests {
		got, ok := RepairMojibake(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RepairMojibake(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
