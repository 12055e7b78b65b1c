package sheet

// Field is what a column of an uploaded list holds, or what a column of a
// written template is filled with.
type Field string

// The fields Read recognises. Name, DOB, gender and ID are the four fields of
// basic personal information (Official Letter 2262); the others are kept so
// records can be assigned to villages, matched to the platform and exported.
const (
	FieldNone      Field = ""
	FieldName      Field = "name"
	FieldDOB       Field = "dob"
	FieldGender    Field = "gender"
	FieldID        Field = "id"
	FieldPhone     Field = "phone"
	FieldInsurance Field = "insurance"
	FieldVillage   Field = "village"
	FieldAddress   Field = "address"
	FieldCode      Field = "code"   // the platform's record code
	FieldResult    Field = "result" // the platform's verification result
)

// matchMode says how loosely a synonym may match a header.
type matchMode uint8

const (
	// exact: the folded header equals the synonym. Short words ("Tên",
	// "Mã", "Thôn") must be exact, or "Tên vắc xin" would be a name column
	// and "Mã nhóm đối tượng" a record code.
	exact matchMode = iota
	// prefix: the header starts with the synonym's words ("Họ và tên người
	// được tiêm").
	prefix
	// contains: the synonym's words occur anywhere in the header.
	contains
)

// synonym is one way a list names a field.
type synonym struct {
	field Field
	text  string // as people write it; folded at start-up
	mode  matchMode
}

// synonyms is the header vocabulary of DOMAIN.md §5, plus close variants
// seen on station lists. It is data: a new spelling is one more line.
var synonyms = []synonym{
	{FieldName, "Họ và tên", prefix},
	{FieldName, "Họ tên", prefix},
	{FieldName, "Tên", exact},
	{FieldName, "Họ, tên", exact},

	{FieldDOB, "Ngày sinh", prefix},
	{FieldDOB, "Ngày/tháng/năm sinh", prefix},
	{FieldDOB, "Ngày, tháng, năm sinh", prefix},
	{FieldDOB, "Năm sinh", prefix},
	{FieldDOB, "Ngày sinh dạng dd/mm/yyyy", exact},

	{FieldGender, "Giới tính", prefix},
	{FieldGender, "Giới", exact},
	{FieldGender, "Nam/Nữ", exact},

	{FieldID, "Số CMND/CCCD", prefix},
	{FieldID, "Số CMT/CCCD", prefix},
	{FieldID, "Số CCCD/CMND", prefix},
	{FieldID, "Số CMT/CCCD/Hộ chiếu", prefix},
	{FieldID, "Số CMND", prefix},
	{FieldID, "Số CCCD", prefix},
	{FieldID, "CMND/CCCD", prefix},
	{FieldID, "CCCD/CMND", prefix},
	{FieldID, "Số định danh", prefix},
	{FieldID, "Số giấy tờ", prefix},
	{FieldID, "CCCD", exact},
	{FieldID, "CMND", exact},
	{FieldID, "CMT", exact},

	{FieldPhone, "Số điện thoại", prefix},
	{FieldPhone, "Điện thoại", prefix},
	{FieldPhone, "SĐT", exact},
	{FieldPhone, "Số ĐT", exact},

	{FieldInsurance, "Số thẻ BHYT", prefix},
	{FieldInsurance, "Mã số BHYT", prefix},
	{FieldInsurance, "Mã thẻ BHYT", prefix},
	{FieldInsurance, "Số thẻ bảo hiểm y tế", prefix},
	{FieldInsurance, "BHYT", exact},

	{FieldVillage, "Thôn", exact},
	{FieldVillage, "Ấp", exact},
	{FieldVillage, "Xóm", exact},
	{FieldVillage, "Tổ dân phố", exact},
	{FieldVillage, "Địa bàn", exact},
	{FieldVillage, "Thôn/ấp", exact},
	{FieldVillage, "Thôn/xóm", exact},
	{FieldVillage, "Thôn/tổ dân phố", exact},
	{FieldVillage, "Thôn, ấp, tổ dân phố", exact},
	{FieldVillage, "Địa bàn cơ sở", exact},

	{FieldAddress, "Địa chỉ", prefix},
	{FieldAddress, "Địa chỉ thường trú", prefix},
	{FieldAddress, "Địa chỉ chi tiết", prefix},
	{FieldAddress, "Nơi ở hiện tại", prefix},

	{FieldCode, "Mã đối tượng", prefix},
	{FieldCode, "Mã", exact},

	{FieldResult, "Kết quả xác minh", prefix},
	{FieldResult, "Trạng thái xác minh", prefix},
	{FieldResult, "Kết quả", exact},
}

// titleStarts are the starts of title-block lines ("UBND XÃ …", the national
// motto, the list title). A cell starting so is never a header, however many
// field words it holds: "DANH SÁCH … HỌ TÊN, NGÀY SINH SAI" is a title.
var titleStarts = []string{
	"ubnd", "uy ban", "cong hoa", "doc lap", "danh sach", "tram y te",
	"trung tam y te", "bieu mau", "mau so", "phu luc", "kem theo", "bao cao",
	"tong hop", "chu y",
}

// maxHeaderLen bounds a header cell's folded length; titles and notes are
// longer than any column name.
const maxHeaderLen = 60

// folded synonyms, computed once.
var foldedSynonyms = func() []synonym {
	out := make([]synonym, len(synonyms))
	for i, s := range synonyms {
		out[i] = synonym{s.field, fold(s.text), s.mode}
	}
	return out
}()

// match is a header cell's best synonym match.
type match struct {
	field   Field
	quality int // 3 exact, 2 prefix, 1 contains, 0 none
	length  int // the synonym's length: a longer synonym is more specific
	// weak marks a match of the text above a sub-column that names
	// nothing itself: any column naming the field itself beats it.
	weak bool
}

func (m match) better(o match) bool {
	if m.weak != o.weak {
		return !m.weak
	}
	if m.quality != o.quality {
		return m.quality > o.quality
	}
	return m.length > o.length
}

// maxHeaderBytes bounds the raw text of a header cell, remarks included;
// longer cells (notes, pasted text) are not folded at all.
const maxHeaderBytes = 1000

// matchHeader finds the field a header cell names, if any.
func matchHeader(text string) match {
	if len(text) > maxHeaderBytes {
		return match{}
	}
	s := foldHeader(text)
	if s == "" || len(s) > maxHeaderLen {
		return match{}
	}
	for _, t := range titleStarts {
		if hasPrefixWord(s, t) {
			return match{}
		}
	}
	var best match
	for _, syn := range foldedSynonyms {
		var m match
		switch {
		case s == syn.text:
			m = match{field: syn.field, quality: 3, length: len(syn.text)}
		case syn.mode >= prefix && hasPrefixWord(s, syn.text):
			m = match{field: syn.field, quality: 2, length: len(syn.text)}
		case syn.mode >= contains && hasWords(s, syn.text):
			m = match{field: syn.field, quality: 1, length: len(syn.text)}
		default:
			continue
		}
		if m.better(best) {
			best = m
		}
	}
	return best
}
