package sheet

// Tables for Sample. Frequencies are rough but the shapes are real: a few
// family names cover most people, "Văn" and "Thị" dominate the middle
// names, and given names come in both tone-mark styles (Hòa/Hoà,
// Thúy/Thuý), which are different strings that name the same person.

// sampleFamily are common family names, the most common repeated so they
// come up more often.
var sampleFamily = []string{
	"Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Phạm",
	"Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
	"Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Tạ", "Châu", "Lâm", "Quách",
}

// sampleMiddleMale and sampleMiddleFemale are middle names by gender.
var (
	sampleMiddleMale   = []string{"Văn", "Văn", "Văn", "Hữu", "Minh", "Đức", "Quốc", "Thanh", "Công", "Hoàng", "Xuân", "Ngọc"}
	sampleMiddleFemale = []string{"Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Bích", "Xuân"}
)

// sampleGivenMale and sampleGivenFemale are given names by gender; pairs
// such as Hòa/Hoà and Thúy/Thuý are the two tone-mark styles.
var (
	sampleGivenMale = []string{
		"An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hoà", "Hùng", "Huy", "Khánh",
		"Khoa", "Long", "Minh", "Nam", "Nghĩa", "Phúc", "Quân", "Quý", "Sơn", "Tài", "Thắng",
		"Thành", "Thịnh", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Lộc", "Khỏe", "Khoẻ",
	}
	sampleGivenFemale = []string{
		"Anh", "Chi", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hòa", "Hoà", "Hương",
		"Lan", "Liên", "Linh", "Loan", "Mai", "Ngân", "Nhung", "Oanh", "Phượng", "Tâm", "Thảo",
		"Thúy", "Thuý", "Thủy", "Thuỷ", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Xuân",
	}
)

// sampleProvinces are CCCD province codes: the station's own province
// (Đồng Tháp) for most people, neighbours and big cities for the rest,
// and one code that is not a province.
var sampleProvinces = []string{
	"087", "087", "087", "087", "087", "087", "087", "087",
	"089", "086", "082", "079", "001", "092", "080", "083",
}

// sampleVillages are the station's villages, in the forms people write.
var sampleVillages = []string{
	"Thôn Đông", "Thôn Tây", "Thôn Bắc", "Thôn Nam", "Xóm Mới", "Ấp 1", "Ấp 2", "Ấp Tân Lập",
	"Tổ dân phố 3", "Khóm 4",
}

// sampleNotes fill the note column now and then.
var sampleNotes = []string{"Đã chuyển đi", "Tạm vắng", "Sai ngày sinh", "Chưa có CCCD", "Đã tiêm 2 mũi", "Người cao tuổi"}

// Sample's commune, for the title block and the addresses.
const (
	sampleCommune  = "Tân Phú"
	sampleDistrict = "Châu Thành"
	sampleProvince = "Đồng Tháp"
)
