package main

import (
	"fmt"

	"lamsach/flows/msg"
)

// cliText holds the lines the commands with --lang (sheet check, import)
// print themselves, in both languages: with --lang vi the output is
// Vietnamese to its last line. The report itself comes from the bot's
// catalogs (flows/msg).
var cliText = map[msg.Lang]map[string]string{
	msg.EN: {
		"other_sheets":       "read another sheet with --sheet NAME, e.g. --sheet %q",
		"villages":           "villages in %s:",
		"no_village":         "(no village)",
		"nothing_stored":     "nothing stored: run again with --commit to import",
		"imported":           "imported %d records into %s (import %d)",
		"not_imported":       "%d rows with errors were not imported (see them with --errors FILE)",
		"errors_written":     "rows with errors written to %s",
		"same_file":          "%s was already imported into this commune on %s (import %d, %d records)",
		"verification":       "%s is the platform's verification list (it has a result column), not a list to import",
		"nothing_to_import":  "%s has no readable rows: every row has errors (see them with --errors FILE)",
		"nothing_new":        "%s brings no new records: every readable row is already a record of this commune",
		"resend_known":       "%d rows are already records of this commune (compared as the chat's preview does):",
		"resend_same":        "  %d identical: not imported again",
		"resend_differ":      "  %d differ (%s): not imported again",
		"resend_locked":      "    of these, %d are confirmed by the police: never corrected from a list",
		"resend_conflicts":   "  %d match several records, or a record another row matches too: neither imported nor corrected",
		"resend_new":         "%d new rows: only these would be imported",
		"resend_new_stored":  "%d new rows: only these were stored",
		"resend_no_new":      "no new rows: nothing to import",
		"resend_row":         "    row %d (record %d, %s): %s",
		"resend_change":      "%s %s → %s",
		"resend_village":     "village",
		"resend_more":        "    … and %d more rows",
		"resend_no_apply":    "the command line does not apply corrections: --commit stores only the new rows; the station applies the corrections by sending the list in the chat, whose preview offers them",
		"resend_not_applied": "%d differing rows were not applied: the command line does not apply corrections; the station applies them by sending its corrected list in the chat, whose preview offers them (this very file is now imported and would be refused)",
		"no_file":            "%s: no such file",
		"no_access":          "%s: permission denied",
		"is_folder":          "%s is a folder; give the list's file",
		"unknown_commune":    "unknown commune %q (see lamsach commune list%s)",
		"id_hint":            "; an id is written #%s",
		"facility":           "%s is a facility (%s): it signs vaccine passports and does not clean data",
	},
	msg.VI: {
		"other_sheets":       "Đọc trang tính khác với --sheet TÊN, ví dụ --sheet %q",
		"villages":           "Số hồ sơ theo thôn ở %s:",
		"no_village":         "(chưa rõ thôn)",
		"nothing_stored":     "Chưa lưu gì: chạy lại với --commit để nhập.",
		"imported":           "Đã nhập %d hồ sơ vào %s (lần nhập %d)",
		"not_imported":       "%d dòng có lỗi không được nhập (xem các dòng đó với --errors TỆP)",
		"errors_written":     "Các dòng có lỗi đã được ghi vào %s",
		"same_file":          "%s đã được nhập vào xã này lúc %s (lần nhập %d, %d hồ sơ)",
		"verification":       "%s là danh sách xác minh của nền tảng (có cột kết quả), không phải danh sách để nhập",
		"nothing_to_import":  "%s không có dòng nào đọc được: dòng nào cũng có lỗi (xem các dòng đó với --errors TỆP)",
		"nothing_new":        "%s không có hồ sơ mới: mọi dòng đọc được đều đã là hồ sơ của xã này",
		"resend_known":       "%d dòng đã là hồ sơ của xã này (so sánh như bản xem trước trong trò chuyện):",
		"resend_same":        "  %d dòng giống hệt: không nhập lại",
		"resend_differ":      "  %d dòng khác (%s): không nhập lại",
		"resend_locked":      "    trong đó %d hồ sơ đã được công an xác nhận: không bao giờ sửa theo danh sách",
		"resend_conflicts":   "  %d dòng khớp nhiều hồ sơ, hoặc khớp hồ sơ mà dòng khác cũng khớp: không nhập, không sửa",
		"resend_new":         "%d dòng mới: chỉ các dòng này sẽ được nhập",
		"resend_new_stored":  "%d dòng mới: chỉ các dòng này đã được lưu",
		"resend_no_new":      "Không có dòng mới: không có gì để nhập",
		"resend_row":         "    dòng %d (hồ sơ %d, %s): %s",
		"resend_change":      "%s %s → %s",
		"resend_village":     "thôn",
		"resend_more":        "    … và %d dòng khác",
		"resend_no_apply":    "Dòng lệnh không sửa hồ sơ: --commit chỉ lưu các dòng mới; trạm y tế sửa các hồ sơ này bằng cách gửi danh sách trong trò chuyện, bản xem trước ở đó cho phép sửa",
		"resend_not_applied": "%d dòng khác chưa được áp dụng: dòng lệnh không sửa hồ sơ; trạm y tế sửa bằng cách gửi danh sách đã sửa trong trò chuyện, bản xem trước ở đó cho phép sửa (chính tệp này nay đã được nhập nên sẽ bị từ chối)",
		"no_file":            "%s: không có tệp này",
		"no_access":          "%s: không có quyền đọc tệp này",
		"is_folder":          "%s là một thư mục; hãy chỉ ra tệp danh sách",
		"unknown_commune":    "không có xã %q (xem lamsach commune list%s)",
		"id_hint":            "; mã số viết là #%s",
		"facility":           "%s là cơ sở tiêm chủng (%s): chỉ ký xác nhận hộ chiếu vắc xin, không làm sạch dữ liệu",
	},
}

// say returns the line key in language l, formatted with args.
func say(l msg.Lang, key string, args ...any) string {
	format, ok := cliText[l][key]
	if !ok {
		format = cliText[msg.EN][key]
	}
	return fmt.Sprintf(format, args...)
}
