package flows_test

import "lamsach/flows"

// everyone: one member of each role.
func (p *play) everyone() {
	p.join("Lan", 100, flows.RoleCoordinator)
	p.join("Mai", 201, flows.RoleStation)
	p.join("Công", 301, flows.RolePolice)
	p.join("An", 101, flows.RoleVillage, p.h.dong.ID)
}

// generalTranscripts: what every member can do, and what nobody can.
var generalTranscripts = []transcript{
	{"general_help", "Each role's /help, /start again and /where when idle.",
		func(p *play) {
			p.everyone()
			p.run(`
				An: /help
				Công: /help
				Mai: /help
				Lan: /help
				Công: /start
				Lan: /where
			`)
		}},
	{"general_lang", "A member switches to English and back; the menu, the card and the answers follow.",
		func(p *play) {
			p.everyone()
			p.h.record(p.h.dong.ID, "Hoàng Văn Nam", "1960", "male", "")
			p.run(`
				An: /lang
				An: /lang fr
				An: /lang en
				An: /next
				An [✏️ Date of birth]
				An: 31/02/1960
				An: /where
				An: /cancel
				An: /progress
				An: /sign
				An: hello
				An: /lang vi
				Lan: /lang EN
				Lan: /deadline 31/02/2027
				Lan: /report
			`)
		}},
	{"general_other", "What no conversation expects: unknown commands, edited messages, stickers, another role's commands, files from the wrong role.",
		func(p *play) {
			p.everyone()
			p.run(`
				An: /foo
				An: /export
				An ✎ sửa lại tin
				An (sticker)
				An 📎 station-list.xlsx
				Công: /next
				Công 📎 station-list.xlsx
				Công (sticker)
				Mai: /review
				Mai ✎ x
				Mai: xin chào
				Lan: /next
				Lan: xin chào
				Lan 📎 station-list.xlsx
			`)
		}},
}
