package vn

// Gender is a person's gender as the platform records it.
type Gender string

// The genders; GenderUnknown is an empty cell, not a third value.
const (
	GenderUnknown Gender = ""
	Male          Gender = "male"
	Female        Gender = "female"
)

// genderWords maps the spellings seen in lists, folded by NameKey (so case, NFC/NFD and
// missing diacritics do not matter), to a gender. "0" and "1" are the platform's own
// codes (template column "Giới tính (0:nam, 1:nữ)").
var genderWords = map[string]Gender{
	"nam": Male, "nam gioi": Male, "m": Male, "male": Male, "0": Male,
	"nu": Female, "nu gioi": Female, "f": Female, "female": Female, "1": Female,
}

// ParseGender reads a gender cell or chat answer: Nam/Nữ in any case and Unicode form,
// nam/nu without diacritics, M/F, Male/Female, "Nam giới"/"Nữ giới" and the platform
// codes "0" (male) and "1" (female). Empty gives GenderUnknown and no issue; anything
// else the error gender_format.
func ParseGender(s string) (Gender, *Issue) {
	key := NameKey(s)
	if key == "" {
		return GenderUnknown, nil
	}
	if g, ok := genderWords[key]; ok {
		return g, nil
	}
	return GenderUnknown, issue(CodeGenderFormat, FieldGender, "")
}

// PlatformCode returns the vaccination platform's code for g: "0" male, "1" female, ""
// unknown.
func (g Gender) PlatformCode() string {
	switch g {
	case Male:
		return "0"
	case Female:
		return "1"
	}
	return ""
}
