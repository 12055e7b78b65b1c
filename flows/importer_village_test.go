package flows

import "testing"

func TestVillageMatcher(t *testing.T) {
	vs := []Village{
		{ID: 1, Name: "Thôn Đông"},
		{ID: 2, Name: "Thôn 1"},
		{ID: 3, Name: "Tổ dân phố 2"},
		{ID: 4, Name: "Ấp Tây"},
		{ID: 5, Name: "Xóm Tây"},
		{ID: 6, Name: "Khu phố Hòa Bình"},
	}
	m := newVillageMatcher(vs)
	for _, c := range []struct {
		text string
		want int64
	}{
		{"Thôn Đông", 1},
		{"thon dong", 1},
		{"THÔN  ĐÔNG,", 1},
		{"Đông", 1},     // the kind word left out
		{"thôn 1", 2},   // case and diacritics
		{"Thôn 01", 2},  // a leading zero
		{"1", 2},        // only the number
		{"Tổ 2", 3},     // another kind word for the same village
		{"TDP 02", 3},   // an abbreviation
		{"Tây", 0},      // Ấp Tây or Xóm Tây: the coordinator decides
		{"Ấp Tây", 4},   // named in full it is clear
		{"Hoà Bình", 6}, // the other tone placement
		{"Thôn Bắc", 0}, // no such village
		{"", 0},
		{"Thôn", 0},
	} {
		if got := m.match(c.text); got != c.want {
			t.Errorf("match(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

func TestClassifyResult(t *testing.T) {
	for _, c := range []struct {
		text string
		want State
	}{
		{"Đã xác thực", StateVerified},
		{"ĐÃ XÁC THỰC", StateVerified},
		{"Khớp", StateVerified},
		{"Khớp thông tin", StateVerified},
		{"Thành công", StateVerified},
		{"Xác thực thành công", StateVerified},
		{"Đúng", StateVerified},
		{"Không khớp", StateStillWrong},
		{"Không khớp thông tin", StateStillWrong},
		{"Chưa xác thực", StateStillWrong},
		{"Sai ngày sinh", StateStillWrong},
		{"Lỗi: sai số CCCD", StateStillWrong},
		{"Xác thực không thành công", StateStillWrong},
		{"Thất bại", StateStillWrong},
		{"Đang chờ", ""},
		{"", ""},
		{"   ", ""},
		{"Sử dụng", ""}, // "dụng" is not "đúng"
	} {
		if got := classifyResult(c.text); got != c.want {
			t.Errorf("classifyResult(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
