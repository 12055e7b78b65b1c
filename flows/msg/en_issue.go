package msg

// enIssues are the English texts of validation issues.
var enIssues = map[string]string{
	"issue.id_length":         "the ID number has %s digits; a CCCD has 12, a CMND 9 or 12",
	"issue.id_scientific":     "Excel turned the number into 8.7E+10 form and lost digits; type all the digits (format the column as Text)",
	"issue.id_format":         "the ID number has the wrong form: CCCD 12 digits, CMND 9 digits, passport 1 letter and 7 digits (e.g. C1234567)",
	"issue.id_lookalike":      "the ID number has letters in place of digits (the letter O for 0, I or l for 1); did you mean %s? Type it again in digits",
	"issue.id_missing":        "no ID number (CCCD, CMND or passport)",
	"issue.lost_leading_zero": "the number lost its leading zero(s) in an Excel number cell; with them put back it is %s: please check it",
	"issue.cccd_province":     "province code %s in the CCCD is not one of the 63 known codes",
	"issue.cccd_gender":       "the CCCD number says %s, unlike the record's gender",
	"issue.cccd_year":         "the birth year in the CCCD number (%s) differs from the date of birth",

	"issue.date_format":         "cannot read the date; write day/month/year, e.g. 05/12/1990, or just the year 1990",
	"issue.date_two_digit_year": "the year has only 2 digits; write all 4, e.g. 15/05/1990",
	"issue.date_invalid":        "no such day on the calendar (e.g. 31/02); please check",
	"issue.date_future":         "the date of birth is in the future",
	"issue.date_before_1900":    "the date of birth is before 1900",
	"issue.date_swapped":        "day and month look swapped; read as %s, please check",
	"issue.date_placeholder":    "the date of birth is 1 January %s (01/01), which may only be a placeholder for a known birth year; please check",
	"issue.date_year_filled":    "only the year of birth is known, so 1 January (01/01) was written: %s; please check",
	"issue.date_month_filled":   "only the month and year of birth are known, so day 01 of the month was written: %s; please check",

	"issue.gender_format": "write the gender as Nam (male) or Nữ (female)",

	"issue.phone_format":     "the phone number has the wrong form, e.g. 0912345678",
	"issue.phone_lost_zero":  "the phone number lost its leading 0; with it put back it is %s",
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

	// How many values an automatic change touched, for the summaries (IssueCount).
	"count.lost_leading_zero": "%d ID number(s) had leading zeros restored: please check them.",
	"count.phone_lost_zero":   "%d phone number(s) had the leading 0 restored: please check them.",
	"count.date_swapped":      "%d date(s) of birth only made sense month first (e.g. 05/13/1990) and were read that way: please check them.",
	"count.date_year_filled":  "%d date(s) of birth had only the year: written as 1 January (01/01) of that year; please check them.",
	"count.date_month_filled": "%d date(s) of birth had only the month and year: written as day 01 of that month; please check them.",
}
