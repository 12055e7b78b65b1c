package flows_test

import (
	"strings"

	"lamsach/flows"
)

// villageWorld: An and Bình in Thôn Đông, Tú in Thôn Tây.
func (p *play) villageWorld() {
	p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
	p.join("Bình", 102, flows.RoleVillage, p.h.dong.ID)
	p.join("Tú", 103, flows.RoleVillage, p.h.tay.ID)
}

// changeName renames a record as someone outside the chat would.
func (p *play) changeName(id int64, name string) {
	p.h.amend(id, func(f *flows.Fields) { f.Name = name })
	p.note("the operator renames record #%d to %s from the command line", id, name)
}

// villageTranscripts: the village member's review of their records.
var villageTranscripts = []transcript{
	{"village_review", "A village member confirms, puts off and reports people not found, then sees progress.",
		func(p *play) {
			p.villageWorld()
			p.h.record(p.h.dong.ID, "Lê Thị Ba", "1992-03-04", "female", "001192000003")
			p.h.record(p.h.dong.ID, "Phạm Văn Bốn", "1980", "male", "")
			p.h.record(p.h.dong.ID, "Võ Thị Năm", "1981-07", "female", "12345")
			p.h.record(p.h.dong.ID, "Đỗ Văn Sáu", "1950", "male", "")
			p.h.record(p.h.tay.ID, "Trần Văn Tây", "1960", "male", "")
			p.run(`
				An: /progress
				An: /next
				An [✅ Đúng hết]
				An [⏭ Để sau]
				An [🚫 Không tìm thấy]
				An [Đã chuyển đi]
				An: chuyển vào Bình Dương năm 2021
				An [🚫 Không tìm thấy]
				An [Đã mất]
				An [Bỏ qua ghi chú]
				An [▶️ Hồ sơ tiếp theo]
				An [✅ Đúng hết]
				An [🚫 Không có số giấy tờ]
				An [💾 Lưu]
				An: /next
				An: /progress
			`)
			p.records()
		}},
	{"village_id_first", "A record without a usable ID is never marked right as it is: a fixed name alone is refused, the ID is typed, " +
		"and for a person who has none the village says so; the police see it and the import file gets the valid number or an empty cell.",
		func(p *play) {
			p.villageWorld()
			p.join("Công", 204, flows.RolePolice)
			p.join("Mai", 205, flows.RoleStation)
			p.h.record(p.h.dong.ID, "Nguyen Van Bay", "1984", "male", "8.7084E+10")
			p.h.record(p.h.dong.ID, "Trần Thị Tám", "2015-03-04", "female", "")
			p.run(`
				An: /next
				An [✏️ Họ tên]
				An: Nguyễn Văn Bảy
				An [💾 Lưu]
				An [✏️ Số giấy tờ]
				An: 087084000999
				An [💾 Lưu]
				An [✅ Đúng hết]
				An [🚫 Không có số giấy tờ]
				An [💾 Lưu]
				Công: /review
				Công [✅ Khớp CSDL dân cư]
				Công [✅ Khớp CSDL dân cư]
				Công: /sign
				Công [✍️ Ký và bàn giao]
				Công [✍️ Ký 2 hồ sơ]
				Mai: /export
				Mai [📥 Tệp import (2)]
			`)
			p.records()
		}},
	{"village_edit", "A village member corrects the name and the date of birth, a bad value first, then saves.",
		func(p *play) {
			p.villageWorld()
			p.h.record(p.h.dong.ID, "Nguyen Van An", "1990-05", "male", "001090012345")
			p.run(`
				An: /next
				An [✏️ Họ tên]
				An: ` + strings.Repeat("Nguyễn ", 20) + `
				An: 12345
				An: nguyễn văn an
				An [✏️ Sửa tiếp]
				An [✏️ Họ tên]
				An: nguyễn văn an
				An [✏️ Sửa tiếp]
				An [✏️ Ngày sinh]
				An: 31/02/1990
				An: 15/05/20
				An: hôm qua
				An: 01/01/2090
				An: 05/13/1990
				An [💾 Lưu]
			`)
			p.records()
		}},
	{"village_edit_more", "A village member corrects the gender and the ID number, types a value that changes nothing, and drops a draft.",
		func(p *play) {
			p.villageWorld()
			p.h.record(p.h.dong.ID, "Trần Thị Bình", "1985", "female", "")
			p.h.record(p.h.dong.ID, "Lê Văn Cường", "1970", "male", "")
			p.run(`
				An: /next
				An [✏️ Giới tính]
				An: không biết
				An [Nam]
				An [✏️ Sửa tiếp]
				An [✏️ Số giấy tờ]
				An: 1.23457E+11
				An: 0010900123
				An: 001085012345
				An [💾 Lưu]
				An [✏️ Họ tên]
				An: Lê Văn Cường
				An [✏️ Ngày sinh]
				An: 12/03/1970
				An [↩️ Quay lại]
				An [✖️ Huỷ]
			`)
			p.records()
		}},
	{"village_qr", "A village member pastes the CCCD's QR text: a wrong paste, then a good one.",
		func(p *play) {
			p.villageWorld()
			p.h.record(p.h.dong.ID, "NGUYEN VAN A", "1990", "male", "12345")
			p.run(`
				An: /next
				An [📋 Dán mã QR CCCD]
				An: xin chào
				An: 001090123456|012345678
				An: ` + "\ufeff" + `001090123456|012345678|NGUYỄN VĂN A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021
				An [💾 Lưu]
			`)
			p.records()
		}},
	{"village_find", "A village member finds records by name and number, opens one, asks where they are, cancels.",
		func(p *play) {
			p.villageWorld()
			p.h.record(p.h.dong.ID, "Hoàng Văn Nam", "1960", "male", "001060000111")
			p.h.record(p.h.dong.ID, "Hoàng Thị Nga", "1962", "female", "")
			p.h.record(p.h.tay.ID, "Hoàng Văn Tây", "1963", "male", "")
			p.run(`
				An: /where
				An: /find
				An: /find 12
				An: /find hoang
				An: /find 111
				An: /find hoang van tay
				An [Mở 2]
				An: /where
				An [✏️ Họ tên]
				An: /where
				An: /cancel
				An: /cancel
				An: Hoàng Thị Ngà
			`)
		}},
	{"village_stale", "A village member taps a card that is out of date: someone else changed the record.",
		func(p *play) {
			p.villageWorld()
			rec := p.h.record(p.h.dong.ID, "Phạm Văn Dũng", "1980-02-03", "male", "001080000123")
			p.run(`An: /next`)
			p.changeName(rec.ID, "Phạm Văn Dũng Anh")
			p.run(`
				An [✅ Đúng hết]
				An [✅ Đúng hết]
			`)
			p.records()
		}},
	{"village_lease", "Two members of a village: a record one has open is kept from the other until the lease ends.",
		func(p *play) {
			p.villageWorld()
			p.h.record(p.h.dong.ID, "Võ Thị Hoa", "1991-04-05", "female", "001191000001")
			p.h.record(p.h.dong.ID, "Đỗ Văn Khánh", "1992-06-07", "male", "001092000002")
			p.run(`
				An: /next
				Bình: /next
				Bình: /find vo thi hoa
				Bình [Mở 1]
				Tú: /find vo thi hoa
				⏱ +11m
				Bình [Mở 1]
				Bình [✅ Đúng hết]
				An [✅ Đúng hết]
			`)
			p.records()
		}},
	{"village_returned", "A record the police returned comes first, with the reason and the note.",
		func(p *play) {
			p.villageWorld()
			p.h.record(p.h.dong.ID, "Ngô Văn Một", "1970", "male", "")
			ret := p.h.record(p.h.dong.ID, "Ngô Văn Hai", "1971", "male", "")
			ret.ReturnReason, ret.ReturnNote = "typo", "sai năm sinh"
			p.h.walk(ret, flows.StateReturned)
			p.note("the police returned Ngô Văn Hai: typo, «sai năm sinh»")
			p.run(`
				An: /progress
				An: /next
				An [✏️ Ngày sinh]
				An: 1972
				An [💾 Lưu]
			`)
			p.records()
		}},
}
