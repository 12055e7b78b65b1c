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
		"other_sheets":      "read another sheet with --sheet NAME, e.g. --sheet %q",
		"villages":          "villages in %s:",
		"no_village":        "(no village)",
		"nothing_stored":    "nothing stored: run again with --commit to import",
		"imported":          "imported %d records into %s (import %d)",
		"not_imported":      "%d rows with errors were not imported (see them with --errors FILE)",
		"errors_written":    "rows with errors written to %s",
		"same_file":         "%s was already imported into this commune on %s (import %d, %d records)",
		"verification":      "%s is the platform's verification list (it has a result column), not a list to import",
		"nothing_to_import": "%s has no readable rows: every row has errors (see them with --errors FILE)",
		"nothing_new":       "%s brings no new records: every readable row is already a record of this commune",
		"no_file":           "%s: no such file",
		"no_access":         "%s: permission denied",
		"is_folder":         "%s is a folder; give the list's file",
		"unknown_commune":   "unknown commune %q (see lamsach commune list%s)",
		"id_hint":           "; an id is written #%s",
		"facility":          "%s is a facility (%s): it signs vaccine passports and does not clean data",
	},
	msg.VI: {
		"other_sheets":      "Đọc trang tính khác với --sheet TÊN, ví dụ --sheet %q",
		"villages":          "Số hồ sơ theo thôn ở %s:",
		"no_village":        "(chưa rõ thôn)",
		"nothing_stored":    "Chưa lưu gì: chạy lại với --commit để nhập.",
		"imported":          "Đã nhập %d hồ sơ vào %s (lần nhập %d)",
		"not_imported":      "%d dòng có lỗi không được nhập (xem các dòng đó với --errors TỆP)",
		"errors_written":    "Các dòng có lỗi đã được ghi vào %s",
		"same_file":         "%s đã được nhập vào xã này lúc %s (lần nhập %d, %d hồ sơ)",
		"verification":      "%s là danh sách xác minh của nền tảng (có cột kết quả), không phải danh sách để nhập",
		"nothing_to_import": "%s không có dòng nào đọc được: dòng nào cũng có lỗi (xem các dòng đó với --errors TỆP)",
		"nothing_new":       "%s không có hồ sơ mới: mọi dòng đọc được đều đã là hồ sơ của xã này",
		"no_file":           "%s: không có tệp này",
		"no_access":         "%s: không có quyền đọc tệp này",
		"is_folder":         "%s là một thư mục; hãy chỉ ra tệp danh sách",
		"unknown_commune":   "không có xã %q (xem lamsach commune list%s)",
		"id_hint":           "; mã số viết là #%s",
		"facility":          "%s là cơ sở tiêm chủng (%s): chỉ ký xác nhận hộ chiếu vắc xin, không làm sạch dữ liệu",
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
