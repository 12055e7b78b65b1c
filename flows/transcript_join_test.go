package flows_test

import (
	"context"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

// joinTranscripts: how people become members, and who is turned away.
var joinTranscripts = []transcript{
	{"join", "Joining: an invite link, then a used, expired, wrong or missing code, a stranger, a group chat.",
		func(p *play) {
			p.person("An", 101, "invited to Thôn Đông")
			p.person("Bình", 102, "not invited (uses An's code, then an expired one)")
			p.person("Khách", 999, "a stranger")
			code := p.invite("invite: village, Thôn Đông", flows.RoleVillage, p.h.dong.ID)
			expiring := p.invite("invite: police", flows.RolePolice)
			p.run(`
				Khách: xin chào
				Khách: /next
				Khách: /start
				Khách: /start nope
				Khách: /start a b<c>
				An: /start ` + code + `
				Bình: /start ` + code + `
				⏱ +73h
				Bình: /start ` + expiring + `
				Bình: /help
				group:An: /next
				group:An: xin chào
				group:An: /next@lamsach_bot
				⏱ +24h
				group:An: xin chào
				group:An: còn ai không
				An: /start ` + code + `
				An: /start
			`)
		}},
	{"join_revoked", "A revoked member is refused, and a new invite brings them back.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
			p.h.record(p.h.dong.ID, "Mạc Văn Một", "1970", "male", "")
			p.run(`
				An: /next
				Lan: /revoke An
				Lan [⛔ Thu hồi quyền]
				An: /next
				An: xin chào
				An [✅ Đúng hết]
			`)
			code := p.invite("invite: village, Thôn Tây", flows.RoleVillage, p.h.tay.ID)
			p.run(`
				An: /start ` + code + `
				An: /next
			`)
		}},
	{"join_member", "A member opens invites: their own again, another commune's, and one changing their role, kept once " +
		"and then taken; the coordinator is told.",
		func(p *play) {
			p.join("Lan", 100, flows.RoleCoordinator)
			p.person("An", 101, "village member, Thôn Đông, later commune police")
			code := p.invite("invite: village, Thôn Đông", flows.RoleVillage, p.h.dong.ID)
			var other string
			p.h.tx(func(ctx context.Context, tx *store.Tx) error {
				c, err := tx.CreateCommune(ctx, flows.Operator, "Xã Hòa An")
				if err == nil {
					other, _, err = tx.CreateInvite(ctx, flows.Operator, c.ID, flows.RoleStation, nil, time.Hour)
				}
				return err
			})
			p.codes[other] = "‹invite: station, Xã Hòa An›"
			police := p.invite("invite: police", flows.RolePolice)
			p.run(`
				An: /start ` + code + `
				An: /start ` + code + `
				An: /start ` + other + `
				An: /start ` + police + `
				An [✖️ Giữ nguyên]
				An: /start ` + police + `
				An [🔄 Đổi vai trò]
				An: /help
			`)
		}},
}
