package msg

// viIssues are the Vietnamese texts of validation issues: what is wrong and,
// for errors, how to write it right.
var viIssues = map[string]string{
	"issue.id_length":         "số giấy tờ có %s chữ số; CCCD có 12 chữ số, CMND có 9 hoặc 12 chữ số",
	"issue.id_scientific":     "số đã bị Excel đổi sang dạng 8,7E+10 nên mất chữ số; hãy nhập đủ các chữ số (định dạng cột là Văn bản)",
	"issue.id_format":         "số giấy tờ không đúng dạng: CCCD 12 chữ số, CMND 9 chữ số, hộ chiếu 1 chữ cái và 7 chữ số (ví dụ C1234567)",
	"issue.id_lookalike":      "số giấy tờ có chữ cái viết thay chữ số (chữ O thay số 0, chữ I hoặc l thay số 1); có phải là %s không? Hãy nhập lại bằng chữ số",
	"issue.id_missing":        "chưa có số giấy tờ (CCCD, CMND hoặc hộ chiếu)",
	"issue.lost_leading_zero": "số bị mất số 0 ở đầu (ô dạng số trong Excel); thêm lại số 0 thì là %s, hãy kiểm tra",
	"issue.cccd_province":     "mã tỉnh %s trong số CCCD không thuộc 63 mã tỉnh đã biết",
	"issue.cccd_gender":       "số CCCD ghi giới tính %s, khác giới tính trong hồ sơ",
	"issue.cccd_year":         "năm sinh trong số CCCD (%s) khác ngày sinh",

	"issue.date_format":         "không đọc được ngày; hãy ghi ngày/tháng/năm, ví dụ 05/12/1990, hoặc chỉ năm 1990",
	"issue.date_two_digit_year": "năm chỉ có 2 chữ số; hãy ghi đủ 4 chữ số, ví dụ 15/05/1990",
	"issue.date_invalid":        "ngày không có trên lịch (ví dụ 31/02); hãy kiểm tra lại",
	"issue.date_future":         "ngày sinh ở tương lai",
	"issue.date_before_1900":    "ngày sinh trước năm 1900",
	"issue.date_swapped":        "ngày và tháng có vẻ bị đảo; đã hiểu là %s, hãy kiểm tra",
	"issue.date_placeholder":    "ngày sinh là ngày 01 tháng 01 năm %s: có thể chỉ là ngày ghi tạm khi chỉ biết năm sinh; hãy kiểm tra",
	"issue.date_year_filled":    "chỉ biết năm sinh nên đã ghi là ngày 01 tháng 01 (%s); hãy kiểm tra",
	"issue.date_month_filled":   "chỉ biết tháng và năm sinh nên đã ghi là ngày 01 của tháng (%s); hãy kiểm tra",

	"issue.gender_format": "giới tính ghi Nam hoặc Nữ",

	"issue.phone_format":     "số điện thoại không đúng dạng; ví dụ 0912345678",
	"issue.phone_lost_zero":  "số điện thoại bị mất số 0 ở đầu; thêm lại số 0 thì là %s",
	"issue.phone_old_prefix": "đầu số cũ trước năm 2018; số mới là %s",

	"issue.name_empty":           "họ tên trống",
	"issue.name_too_long":        "họ tên quá dài (tối đa %s ký tự)",
	"issue.name_legacy_encoding": "chữ bị lỗi phông (TCVN3/VNI); hãy lưu tệp bằng bảng mã Unicode",
	"issue.name_no_diacritics":   "thiếu dấu",
	"issue.name_symbols":         "có chữ số hoặc ký hiệu",
	"issue.name_single_word":     "chỉ có một chữ",
	"issue.name_misplaced_tone":  "dấu đặt sai chỗ (%s)",

	"issue.qr_format": "đây không phải nội dung mã QR trên CCCD; nội dung đúng có dạng: số CCCD|số CMND|họ tên|ngày sinh|giới tính|địa chỉ|ngày cấp",
	"issue.qr_id":     "mã QR không có số CCCD 12 chữ số",
	"issue.qr_old_id": "số CMND cũ trong mã QR không đúng dạng",

	// How many values an automatic change touched, for the summaries (IssueCount).
	"count.lost_leading_zero": "%d số giấy tờ bị mất số 0 ở đầu và đã được thêm lại: hãy kiểm tra các số này.",
	"count.phone_lost_zero":   "%d số điện thoại bị mất số 0 ở đầu và đã được thêm lại: hãy kiểm tra các số này.",
	"count.date_swapped":      "%d ngày sinh chỉ đọc được khi tháng đứng trước ngày (ví dụ 05/13/1990) nên đã đọc như vậy: hãy kiểm tra.",
	"count.date_year_filled":  "%d ngày sinh chỉ có năm: đã ghi là ngày 01 tháng 01 của năm đó, hãy kiểm tra.",
	"count.date_month_filled": "%d ngày sinh chỉ có tháng và năm: đã ghi là ngày 01 của tháng đó, hãy kiểm tra.",
}
