package msg

// viResend: a list the station sends again, compared with the records the
// commune already has.
var viResend = map[string]string{
	"resend.preview.head":      "🔁 <b>So với hồ sơ đã có của xã</b>",
	"resend.preview.new":       "• %d dòng mới: sẽ được nhập.",
	"resend.preview.no_new":    "• Không có dòng mới.",
	"resend.preview.same":      "• %d dòng đã có, giống hệt: không nhập lại.",
	"resend.preview.differ":    "• %d dòng khác hồ sơ đã có (%s): không nhập lại; sau khi nhập, bạn chọn sửa hồ sơ theo danh sách hay bỏ qua.",
	"resend.preview.locked":    "  Trong đó %d hồ sơ công an đã xác nhận: sẽ không sửa.",
	"resend.preview.ambiguous": "• %d dòng khớp nhiều hồ sơ (dòng %s): không nhập, không sửa.",
	"resend.preview.shared":    "• %d dòng cùng khớp một hồ sơ (dòng %s): không nhập, không sửa.",
	"resend.preview.ask":       "Bấm 📥 Nhập để lưu %d hồ sơ mới%s, hoặc ✖️ Huỷ. Tệp được giữ đến %s.",
	"resend.preview.ask_amend": "Không có hồ sơ mới. Bấm 📥 Nhập để ghi nhận danh sách rồi chọn sửa %d hồ sơ, hoặc ✖️ Huỷ. Tệp được giữ đến %s.",
	"resend.preview.nothing":   "Không có gì để nhập: không có hồ sơ mới, không có hồ sơ nào sửa được theo danh sách này. Không lưu gì; tệp đã được xoá.",
	"resend.pair":              "%d và %d",
	"resend.field.village":     "Thôn",
	"resend.village_none":      "chưa rõ thôn",
	"resend.nothing_new":       "Tệp «%s»: mọi dòng đọc được đều đã có trong xã, không có gì để nhập hay sửa. Không lưu gì; tệp đã được xoá.",
	"resend.imported.none":     "✅ Đã ghi nhận «%s»: không có hồ sơ mới.",
	"resend.imported.known":    "%d dòng đã có trong xã: không nhập lại.",

	"resend.list.head":         "✏️ <b>«%s»</b>: %d dòng khác hồ sơ đã có của xã.",
	"resend.list.row":          "• Dòng %d · %s",
	"resend.list.field":        "   %s: %s → %s",
	"resend.list.village":      "   Thôn: %s → %s",
	"resend.list.village_note": "Thôn không được sửa theo danh sách: nếu cần, báo tổ công tác xã.",
	"resend.list.locked":       "   Không sửa: công an đã xác nhận.",
	"resend.list.more":         "… và %d dòng khác.",
	"resend.list.ask":          "Bấm ✏️ Sửa để sửa %d hồ sơ chưa được công an xác nhận theo danh sách (hồ sơ đã rà soát sẽ về lại thôn để rà soát lại), hoặc ⏭ Bỏ qua để giữ nguyên.",
	"resend.list.none":         "Không có hồ sơ nào được sửa theo danh sách này.",
	"resend.btn.apply":         "✏️ Sửa %d hồ sơ",
	"resend.btn.skip":          "⏭ Bỏ qua",

	"resend.applied":         "✅ Đã sửa %d hồ sơ theo «%s».",
	"resend.applied.back":    "%d hồ sơ đã rà soát được trả về thôn để rà soát lại.",
	"resend.applied.locked":  "Không sửa %d hồ sơ: công an đã xác nhận sau khi nhập danh sách.",
	"resend.applied.changed": "Không sửa %d hồ sơ: hồ sơ đã được sửa sau khi nhập danh sách.",
	"resend.skipped":         "Đã bỏ qua %d sửa đổi theo «%s». Các hồ sơ giữ nguyên.",
	"resend.none":            "Không còn sửa đổi nào theo «%s» đang chờ (đã sửa hoặc đã bỏ qua). Không có gì thay đổi.",
	"resend.where":           "✏️ «%s»: %d hồ sơ chờ bạn chọn sửa theo danh sách hay bỏ qua.",
	"resend.notify.village":  "📝 Trạm y tế đã sửa %d hồ sơ đã rà soát của thôn bạn theo danh sách gửi lại. Hãy rà soát lại: gõ /next.",
}
