package flows_test

import (
	"context"
	"strings"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

// coordTranscripts: the coordinator runs the commune's side.
var coordTranscripts = []transcript{
	{"coord_invite", "The coordinator invites each role, by buttons and by command; wrong requests are refused; the link works once.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.person("Tú", 301, "invited by Lan to Thôn Tây")
			p.person("Hùng", 302, "invited by Lan to the police")
			p.person("Kha", 303, "uses Hùng's link")
			p.run(`
				Lan: /invite
				Lan [🏘 Thôn]
				Lan [Thôn Tây]
			`)
			p.run(`Tú: /start ` + p.lastInvite())
			p.run(`Lan: /invite công an`)
			p.run(`
				Hùng: /start ` + p.lastInvite() + `
				Kha: /start ` + p.lastInvite() + `
				Lan: /invite trạm
				Lan: /invite điều phối
				Lan: /invite thôn Đông
				Lan: /invite village
				Lan: /invite thôn Bắc
				Lan: /invite thôn thôn
				Lan: /invite bác sĩ
				Lan: /invite police Thôn Đông
				Lan: /members
				Lan: /invites
				Lan [✖️ Huỷ #4]
				Lan: /invites
			`)
		}},
	{"coord_revoke", "The coordinator revokes a member from the list and by name; the record they had open is freed; refusals.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
			p.join("Bình", 103, flows.RoleVillage, p.h.dong.ID)
			p.join("Hùng", 102, flows.RolePolice)
			p.h.record(p.h.dong.ID, "Mạc Văn Một", "1970", "male", "")
			p.h.cmd("An", "next", "")
			p.note("An has Mạc Văn Một open")
			p.run(`
				Lan: /revoke
				Lan [An · tổ công tác thôn · Thôn Đông]
				Lan [⛔ Thu hồi quyền]
				An: /next
				Bình: /next
				Lan: /revoke zzz
				Lan: /revoke Hùng
				Lan [Huỷ]
				Lan: /members
			`)
		}},
	{"coord_villages", "The coordinator adds, renames and merges villages; bad and taken names are refused.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
			p.h.record(p.h.dong.ID, "Lê Văn Một", "1970", "male", "")
			p.h.record(p.h.tay.ID, "Lê Văn Ba", "1972", "male", "")
			p.run(`
				Lan: /villages
				Lan [➕ Thêm]
				Lan: /where
				Lan: !!!
				Lan: ` + strings.Repeat("Thôn ", 20) + `
				Lan: thon tay
				Lan: Thôn   Bắc
				Lan [✅ Lưu]
				Lan: /villages
				Lan [✏️ Đổi tên]
				Lan [Thôn Bắc]
				Lan: thôn đông
				Lan: Thôn Bắc Sơn
				Lan [✅ Lưu]
				Lan: /villages
				Lan [🔀 Gộp]
				Lan [Thôn Đông]
				Lan [Thôn Tây]
				Lan [🔀 Gộp]
				Lan [🔀 Gộp]
				An: /next
			`)
			p.records()
		}},
	{"coord_assign", "The coordinator gives records without a village to one, grouped by what the list said.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.run(`Lan: /assign`)
			p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
			p.h.unassigned("Võ Văn A", "Thôn Đông")
			p.h.unassigned("Võ Văn B", "thon  dong")
			p.h.unassigned("Võ Văn D", "Xóm Mới")
			p.h.unassigned("Võ Văn F", "")
			p.note("the station imported 4 records whose village matched none of the commune's")
			p.run(`
				Lan: /assign
				Lan [1. Thôn Đông (2)]
				Lan [⭐ Thôn Đông]
				Lan [✅ Giao]
				Lan: /assign
				Lan [2. Xóm Mới (1)]
				Lan [Huỷ]
				An: /next
			`)
			p.records()
		}},
	{"coord_deadline", "The coordinator sets the deadline: bad dates refused, a good one confirmed, a late press refused.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.run(`
				Lan: /deadline
				Lan: /deadline 26/11/2026
				Lan: /deadline 31/02/2027
				Lan: /deadline 15/12/26
				Lan: /deadline mai
				Lan: /deadline 2026-12-15
				Lan: /deadline 27/11/2026
				Lan: /deadline 15.12.2026
				Lan [✅ Đặt hạn]
				Lan: /deadline
				Lan: /deadline 28/11/2026
				⏱ +48h
				Lan [✅ Đặt hạn]
				Lan: /deadline
			`)
		}},
	{"coord_report_remind", "The coordinator's report and chart, a reminder now, quiet hours, and the morning reminders until the deadline.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.run(`
				Lan: /report
				Lan: /remind
			`)
			p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
			p.join("Bình", 102, flows.RoleVillage, p.h.tay.ID)
			p.join("Hùng", 104, flows.RolePolice)
			p.join("Mai", 105, flows.RoleStation)
			p.h.record(p.h.dong.ID, "Đinh Văn Một", "1970", "male", "")
			p.h.record(p.h.dong.ID, "Đinh Văn Hai", "1971", "male", "")
			// Furthest first: signing and exporting take every record
			// ready for them.
			for _, s := range []flows.State{flows.StateVerified, flows.StateSigned, flows.StateConfirmed, flows.StateReviewed, flows.StateReturned} {
				village := p.h.tay.ID
				if s == flows.StateReturned {
					village = p.h.dong.ID
				}
				p.h.setState(p.h.record(village, "Đinh Văn "+string(s), "1972", "male", ""), s)
			}
			p.h.unassigned("Đinh Văn Sáu", "Xóm Mới")
			p.note("records in every state; Bình's village has none left to review")
			p.run(`
				Lan: /report
				Lan: /remind
				⏱ +13h
				Lan: /remind
			`)
			p.h.tx(func(ctx context.Context, tx *store.Tx) error {
				return tx.SetDeadline(ctx, flows.Operator, p.h.commune.ID, time.Date(2026, 11, 29, 0, 0, 0, 0, hanoi))
			})
			p.note("the deadline is 29/11/2026")
			at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, hanoi) }
			for _, t := range []time.Time{at(28, 5, 0), at(28, 7, 30), at(28, 7, 31), at(29, 15, 0), at(30, 7, 30)} {
				p.tick(t)
			}
		}},
}
