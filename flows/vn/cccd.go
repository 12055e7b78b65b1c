package vn

import "strconv"

// CheckCCCD compares what a CCCD number encodes with the person's gender and year of
// birth. The 4th digit G gives century and gender (0/1 = 1900s male/female, 2/3 = 2000s,
// 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s) and digits 5–6 the last two digits of the
// year. It returns cccd_gender (Arg: the gender implied, "male"/"female") and cccd_year
// (Arg: the 4-digit year implied) as warnings, never errors: re-issued numbers and
// corrected genders legitimately break the pattern and only the police check is
// authoritative. Unknown gender or DOB is not compared; a number that is not a CCCD
// gives nil.
func CheckCCCD(number string, g Gender, dob Date) []Issue {
	if len(number) != 12 || number[0] != '0' || !allDigits(number) {
		return nil
	}
	century := int(number[3] - '0')
	implied := Male
	if century%2 == 1 {
		implied = Female
	}
	yy, _ := strconv.Atoi(number[4:6])
	year := 1900 + century/2*100 + yy

	var out []Issue
	if g != GenderUnknown && g != implied {
		out = append(out, Issue{Code: CodeCCCDGender, Field: FieldID, Arg: string(implied)})
	}
	if dob.Year != 0 && dob.Year != year {
		out = append(out, Issue{Code: CodeCCCDYear, Field: FieldID, Arg: strconv.Itoa(year)})
	}
	return out
}
