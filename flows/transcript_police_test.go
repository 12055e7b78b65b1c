package flows_test

import (
	"context"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/vn"
	"lamsach/store"
)

// policeWorld: An and Bình in Thôn Đông, Tú in Thôn Tây, Công of the
// commune police, Mai of the health station.
func (p *play) policeWorld() {
	p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
	p.join("Bình", 102, flows.RoleVillage, p.h.dong.ID)
	p.join("Tú", 103, flows.RoleVillage, p.h.tay.ID)
	p.join("Công", 301, flows.RolePolice)
	p.join("Mai", 401, flows.RoleStation)
}

// reviewed adds a record that An (Thôn Đông) or Tú (Thôn Tây) reviewed.
func (p *play) reviewed(village int64, name, dob, gender, id string, outcome flows.Outcome, note string) flows.Record {
	by := "An"
	if village == p.h.tay.ID {
		by = "Tú"
	}
	return p.h.markReviewed(p.h.record(village, name, dob, gender, id).ID, by, outcome, note)
}

// confirmed adds records reviewed by their village and confirmed by Công.
func (p *play) confirmed(village int64, names ...string) {
	police := p.h.memberOf("Công").Actor()
	for _, name := range names {
		r := p.reviewed(village, name, "1980", "male", "", flows.OutcomeUnchanged, "")
		p.h.tx(func(ctx context.Context, tx *store.Tx) error {
			_, err := tx.ChangeRecord(ctx, police, flows.Change{Record: r.ID, Version: r.Version,
				Action: flows.ActConfirm, Source: flows.SourcePolice})
			return err
		})
	}
}

// policeTranscripts: the commune police check, correct, return and sign.
var policeTranscripts = []transcript{
	{"police_review", "The police see what waits, confirm records, put one off and come back to it.",
		func(p *play) {
			p.policeWorld()
			p.run(`
				Công: /pending
				Công: /review
			`)
			p.h.record(p.h.dong.ID, "Nguyen Van An", "1990-05", "male", "001090012345")
			p.h.press("An", p.h.cmd("An", "next", ""), "Họ tên")
			p.h.press("An", p.h.text("An", "nguyễn văn an"), "Lưu")
			p.note("An corrected Nguyen Van An's name to Nguyễn Văn An in the village review")
			p.reviewed(p.h.tay.ID, "Kiều Văn Xa", "1940", "male", "", flows.OutcomeNotFound, "Đã mất năm 2023")
			p.reviewed(p.h.tay.ID, "Lý Thị Năm", "1982-02-03", "female", "001182000555", flows.OutcomeUnchanged, "")
			p.h.record(p.h.tay.ID, "Lý Thị Sáu", "1983", "female", "")
			p.run(`
				⏱ +90m
				Công: /pending
				Công [🔎 Kiểm tra hồ sơ]
				Công [✅ Khớp CSDL dân cư]
				Công [⏭ Để sau]
				Công [✅ Khớp CSDL dân cư]
				Công [▶️ Hồ sơ tiếp theo]
				Công [✅ Xác nhận: đã mất]
				Công: /pending
				Công: xin chào
			`)
			p.records()
		}},
	{"police_correct", "The police correct a record's date of birth, look at the card again, then save and confirm.",
		func(p *play) {
			p.policeWorld()
			p.reviewed(p.h.dong.ID, "Phan Thị Hồng", "1975", "female", "001175000111", flows.OutcomeUnchanged, "")
			p.run(`
				Công: /review
				Công [✏️ Sửa]
				Công [✏️ Ngày sinh]
				Công: 31/02/1975
				Công: 12/03/1975
				Công [✏️ Sửa tiếp]
				Công [↩️ Quay lại]
				Công [💾 Xem lại và lưu]
				Công [💾 Lưu và xác nhận]
			`)
			p.records()
		}},
	{"police_correct_qr", "The police fill a record from the CCCD's QR text, and cancel an edit.",
		func(p *play) {
			p.policeWorld()
			p.reviewed(p.h.dong.ID, "NGUYEN VAN A", "1990", "male", "12345", flows.OutcomeNotFound, "Không rõ người này")
			p.reviewed(p.h.dong.ID, "Kiều Văn Gần", "1941", "male", "", flows.OutcomeUnchanged, "")
			p.run(`
				Công: /review
				Công [✏️ Sửa]
				Công [📋 Dán mã QR CCCD]
				Công: xin chào
				Công: 001090123456|012345678|NGUYỄN VĂN A|01011990|Nam|Thôn 1, Xã X, Huyện Y, Hà Nội|15042021
				Công [💾 Lưu và xác nhận]
				Công [✏️ Sửa]
				Công [✏️ Họ tên]
				Công: /where
				Công: /cancel
				Công: Kiều Văn Xa
			`)
			p.records()
		}},
	{"police_return", "The police return records to their village: a note typed, a note skipped, the reason that needs a note.",
		func(p *play) {
			p.policeWorld()
			p.h.record(p.h.dong.ID, "Đinh Văn Trước", "1960", "male", "")
			p.reviewed(p.h.dong.ID, "Đặng Thị Mai", "1990-01-02", "female", "001190000777", flows.OutcomeUnchanged, "")
			p.reviewed(p.h.dong.ID, "Đặng Văn Hùng", "1991", "male", "", flows.OutcomeUnchanged, "")
			p.reviewed(p.h.dong.ID, "Đặng Văn Khác", "1992", "male", "", flows.OutcomeUnchanged, "")
			p.run(`
				Công: /review
				Công [↩️ Trả lại]
				Công [Sai người]
				Công: năm sinh đúng là 1989
				Công [↩️ Trả lại]
				Công [Không có trong CSDL dân cư]
				Công [Bỏ qua ghi chú]
				Công [↩️ Trả lại]
				Công [Lý do khác]
				Công: /where
				Công: sai quê quán
				An: /next
			`)
			p.records()
		}},
	{"police_return_back", "The police step back from a return, then return a record of a village that has no member to tell.",
		func(p *play) {
			p.policeWorld()
			v := p.addVillage("Xóm Vắng")
			p.join("Vân", 209, flows.RoleVillage, v)
			p.h.markReviewed(p.h.record(v, "Đặng Thị Vắng", "1993", "female", "").ID, "Vân", flows.OutcomeUnchanged, "")
			p.h.tx(func(ctx context.Context, tx *store.Tx) error {
				_, err := tx.RevokeMember(ctx, flows.Operator, p.h.memberOf("Vân").ID)
				return err
			})
			p.note("Vân reviewed the record and was then revoked: Xóm Vắng has no members")
			p.run(`
				Công: /review
				Công [↩️ Trả lại]
				Công [Trùng hồ sơ]
				Công [↩️ Quay lại]
				Công [↩️ Quay lại]
				Công [↩️ Trả lại]
				Công [Trùng hồ sơ]
				Công [Bỏ qua ghi chú]
			`)
			p.records()
		}},
	{"police_return_reasons", "The police return one record for each of the other reasons; the village sees each.",
		func(p *play) {
			p.policeWorld()
			for _, name := range []string{"Đoàn Văn Một", "Đoàn Văn Hai", "Đoàn Văn Ba"} {
				p.reviewed(p.h.tay.ID, name, "1970", "male", "", flows.OutcomeUnchanged, "")
			}
			p.run(`
				Công: /review
				Công [↩️ Trả lại]
				Công [Lỗi đánh máy]
				Công [Bỏ qua ghi chú]
				Công [↩️ Trả lại]
				Công [Đã chuyển đi]
				Công [Bỏ qua ghi chú]
				Công [↩️ Trả lại]
				Công [Đã mất]
				Công: mất năm 2022
				Tú: /progress
			`)
			p.records()
		}},
	{"police_sign", "The police sign the handover of confirmed records: counts per village, a change of mind, the file, the station told.",
		func(p *play) {
			p.policeWorld()
			p.run(`Công: /sign`)
			p.confirmed(p.h.dong.ID, "Lê Thị Hoa", "Lê Văn Lâm")
			p.confirmed(p.h.tay.ID, "Lê Văn Khánh")
			p.reviewed(p.h.dong.ID, "Lê Chưa Xong", "1994", "male", "", flows.OutcomeUnchanged, "")
			p.note("Công confirmed Lê Thị Hoa, Lê Văn Lâm (Thôn Đông) and Lê Văn Khánh (Thôn Tây); Lê Chưa Xong waits")
			p.run(`
				Công: /sign
				Công [✍️ Ký và bàn giao]
				Công [✖️ Chưa ký]
				Công: /sign
				Công [✍️ Ký và bàn giao]
				Công [✍️ Ký 3 hồ sơ]
				Công: /sign
				Công: /pending
			`)
			p.confirmed(p.h.tay.ID, "Lê Thị Mới")
			p.run(`
				Công: /sign
				Công [✍️ Ký và bàn giao]
			`)
			p.confirmed(p.h.tay.ID, "Lê Thị Muộn")
			p.note("Công confirmed one more record while the question was open")
			p.run(`
				Công [✍️ Ký 1 hồ sơ]
				Công [✍️ Ký và bàn giao]
				Công [✍️ Ký 2 hồ sơ]
			`)
			p.records()
		}},
	{"police_twin", "What the village saw, the police see: the list's notices on the card; a record sharing its ID " +
		"with another is confirmed only with a second tap, and the handover marks it. A correction that makes a duplicate is named before saving.",
		func(p *play) {
			p.policeWorld()
			first := p.imported(p.h.dong.ID, "Lâm Văn Song", "1985-02-03", "male", "001085000777",
				vn.Issue{Code: vn.CodeLostLeadingZero, Field: vn.FieldID, Arg: "001085000777"},
				vn.Issue{Code: sheet.CodeDupID, Field: vn.FieldID, Arg: "7"})
			p.h.record(p.h.tay.ID, "Lâm Thị Sinh", "1987-09-10", "female", "001085000777")
			p.h.record(p.h.dong.ID, "Hồ Văn Ba", "1990", "male", "001090000333")
			p.h.record(p.h.tay.ID, "Hồ Thị Bốn", "1991-01-02", "female", "001191000444")
			p.note("Lâm Văn Song's row had lost its leading zero and repeated the ID of row 7 (Lâm Thị Sinh, Thôn Tây)")
			p.h.markReviewed(first.ID, "An", flows.OutcomeUnchanged, "")
			p.run(`
				An: /next
				An [✏️ Số giấy tờ]
				An: 001191000444
				An [✖️ Huỷ]
				Công: /review
				Công [✅ Khớp CSDL dân cư]
				Công [✅ Đã đối chiếu, vẫn xác nhận]
				Công: /sign
				Công [✍️ Ký và bàn giao]
				Công [✍️ Ký 1 hồ sơ]
			`)
			p.records()
		}},
	{"police_stale_lease", "The police tap an out-of-date card; two officers never get the same record.",
		func(p *play) {
			p.policeWorld()
			p.join("Dũng", 302, flows.RolePolice)
			p.join("Em", 303, flows.RolePolice)
			first := p.reviewed(p.h.dong.ID, "Cao Văn Tám", "1970-07-07", "male", "001070000888", flows.OutcomeUnchanged, "")
			p.reviewed(p.h.tay.ID, "Hà Văn Hai", "1951", "male", "", flows.OutcomeUnchanged, "")
			p.run(`
				Công: /review
				Dũng: /review
				Em: /review
				Dũng [⏭ Để sau]
				Dũng [▶️ Hồ sơ tiếp theo]
			`)
			p.changeName(first.ID, "Cao Văn Tám Em")
			p.h.markReviewed(first.ID, "An", flows.OutcomeUnchanged, "")
			p.note("the renamed record went back to Thôn Đông and An reviewed it again")
			p.run(`
				Công [✅ Khớp CSDL dân cư]
				⏱ +11m
				Em: /review
				Công [✅ Khớp CSDL dân cư]
				Em [✅ Khớp CSDL dân cư]
				Công [▶️ Hồ sơ tiếp theo]
			`)
			p.records()
		}},
}

// imported adds a record as a station list would leave it: with the
// notices only an import makes (a restored zero, a row repeating an ID).
func (p *play) imported(village int64, name, dob, gender, id string, notices ...vn.Issue) flows.Record {
	d, _ := vn.ParseStoredDate(dob)
	f := flows.Fields{Name: vn.ParseName(name).Name, DOB: d, Gender: vn.Gender(gender), ID: vn.ParseID(id, vn.CellText).ID}
	problem, warns := vn.Check(f.Person(id))
	rec := flows.Record{CommuneID: p.h.commune.ID, VillageID: village, Fields: f, Orig: f, IDRaw: id,
		Problem: problem, Warnings: append(warns, notices...)}
	p.h.tx(func(ctx context.Context, tx *store.Tx) (err error) {
		rec, err = tx.CreateRecord(ctx, flows.Operator, rec)
		return err
	})
	return rec
}

// addVillage adds a village as the operator.
func (p *play) addVillage(name string) int64 {
	var v flows.Village
	p.h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		v, err = tx.CreateVillage(ctx, flows.Operator, p.h.commune.ID, name)
		return err
	})
	return v.ID
}
