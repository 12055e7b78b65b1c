package msg

// enIssues are the English texts of validation issues.
var enIssues = map[string]string{
	"issue.id_length":         "the ID number has %s digits; a CCCD has 12, a CMND 9 or 12",
	"issue.id_scientific":     "Excel turned the number into 8.7E+10 form and lost digits; type all the digits (format the column as Text)",
	"issue.id_format":         "the ID number has the wrong form: CCCD 12 digits, CMND 9 digits, passport 1 letter and 7 digits (e.g. C1234567)",
	"issue.lost_leading_zero": "the number lost its leading zeros (a number cell in Excel); read as %s, please check",
	"issue.cccd_province":     "province code %s in the CCCD is not one of the 63 known codes",
	"issue.cccd_gender":       "the CCCD number says %s, unlike the record's gender",
	"issue.cccd_year":         "the birth year in the CCCD number (%s) differs from the date of birth",

	"issue.date_format":         "cannot read the date; write day/month/year, e.g. 05/12/1990, or just the year 1990",
	"issue.date_two_digit_year": "the year has only 2 digits; write all 4, e.g. 15/05/1990",
	"issue.date_invalid":        "no such day on the calendar (e.g. 31/02); please check",
	"issue.date_future":         "the date of birth is in the future",
	"issue.date_before_1900":    "the date of birth is before 1900",
	"issue.date_swapped":        "day and month look swapped; read as %s, please check",
	"issue.date_placeholder":    "01/01/%s may only be a placeholder for a known birth year",

	"issue.gender_format": "write the gender as Nam (male) or Nữ (female)",

	"issue.phone_format":     "the phone number has the wrong form, e.g. 0912345678",
	"issue.phone_lost_zero":  "the phone number lost its leading 0; read as %s",
	"issue.phone_old_prefix": "an old (pre-2018) prefix; the new number is %s",

	"issue.name_empty":           "the name is empty",
	"issue.name_too_long":        "the name is too long (at most %s characters)",
	"issue.name_legacy_encoding": "garbled letters (TCVN3/VNI font); save the file in Unicode",
	"issue.name_no_diacritics":   "no diacritics",
	"issue.name_symbols":         "has digits or symbols",
	"issue.name_single_word":     "a single word",
	"issue.name_misplaced_tone":  "a tone mark in the wrong place (%s)",

	"issue.qr_format": "this is not the text of a CCCD QR code; it looks like: CCCD|CMND|name|birth date|gender|address|issue date",
	"issue.qr_id":     "the QR code has no 12-digit CCCD number",
	"issue.qr_old_id": "the old CMND number in the QR code has the wrong form",
}
