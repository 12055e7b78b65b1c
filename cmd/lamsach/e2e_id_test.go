package main

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"lamsach/flows"
)

// TestE2EIDFirst (issue 13): through the fake Telegram, a record listed for
// its malformed ID cannot be marked right with only its name fixed; the
// village types the ID, the police confirm, and the import file carries
// the valid number. A child without an ID is stated so and goes to the
// file with an empty ID cell, never with the list's text.
func TestE2EIDFirst(t *testing.T) {
	r := newRig(t, "sqlite")
	bad := r.record("Thôn Đông", "Nguyen Van Bay", "1984", "male", "8.7084E+10")
	child := r.record("Thôn Đông", "Trần Thị Tám", "2015-03-04", "female", "")
	an := r.join(101, "An", flows.RoleVillage, "Thôn Đông")
	cong := r.join(102, "Công", flows.RolePolice)
	mai := r.join(103, "Mai", flows.RoleStation)

	card := r.act(an, "Nguyen Van Bay", func() { an.Command("next", "") })
	r.press(an, card, "✏️ Họ tên", "Gõ họ tên")
	check := r.act(an, "Kiểm tra trước khi lưu", func() { an.Send("Nguyễn Văn Bảy") })
	ask := r.press(an, check, "💾 Lưu", "sai định dạng")
	if got := r.get(bad.ID); got.State != flows.StateAssigned || got.Name != "Nguyen Van Bay" {
		t.Fatalf("saving a name fix alone changed the record: %s %q", got.State, got.Name)
	}
	r.press(an, ask, "✏️ Số giấy tờ", "Gõ số CCCD")
	check = r.act(an, "Kiểm tra trước khi lưu", func() { an.Send("087084000999") })
	card = r.press(an, check, "💾 Lưu", "Trần Thị Tám")
	ask = r.press(an, card, "✅ Đúng hết", "chưa có số giấy tờ")
	check = r.press(an, ask, "🚫 Không có số giấy tờ", "không có")
	r.press(an, check, "💾 Lưu", "Đã lưu")

	card = r.act(cong, "Nguyễn Văn Bảy", func() { cong.Command("review", "") })
	card = r.press(cong, card, "✅ Khớp CSDL dân cư", "Trần Thị Tám")
	r.press(cong, card, "✅ Khớp CSDL dân cư", "chưa ký bàn giao")
	sum := r.act(cong, "Hồ sơ đã xác nhận, chưa ký", func() { cong.Command("sign", "") })
	ask = r.press(cong, sum, "✍️ Ký và bàn giao", "Ký biên bản")
	r.press(cong, ask, "✍️ Ký 2 hồ sơ", "Đã ký bàn giao")

	offer := r.act(mai, "Tệp import", func() { mai.Command("export", "") })
	file := r.press(mai, offer, "📥 Tệp import (2)", "Đợt 1")
	if file.Document == nil {
		t.Fatalf("no file with %q", file.Text)
	}
	x, err := excelize.OpenReader(bytes.NewReader(file.Document.Data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, row := range rows[8:] { // the template's data start at row 9
		if len(row) > 1 {
			id := ""
			if len(row) > 7 {
				id = row[7] // column H: Số CMT/CCCD
			}
			ids[row[1]] = id
		}
	}
	if ids["Nguyễn Văn Bảy"] != "087084000999" || ids["Trần Thị Tám"] != "" || len(ids) != 2 {
		t.Errorf("import file IDs = %q; want the typed number and an empty cell", ids)
	}
	if got := r.get(child.ID); !got.NoID || got.State != flows.StateExported {
		t.Errorf("child record: no_id %v, state %s", got.NoID, got.State)
	}
}
