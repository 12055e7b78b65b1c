package flows_test

import (
	"context"
	"time"

	"lamsach/flows"
	"lamsach/store"
)

// morning is 07:30 of day d of November 2026 in Vietnam, when the daily
// reminders go out.
func morning(d int) time.Time { return time.Date(2026, 11, d, 7, 30, 0, 0, hanoi) }

// facility registers a province facility off the record and returns an
// invite code for its staff, shown as label.
func (p *play) facility(name, label string) string {
	p.t.Helper()
	var code string
	p.h.tx(func(ctx context.Context, tx *store.Tx) error {
		f, err := tx.CreateFacility(ctx, flows.Operator, name, flows.KindProvince)
		if err != nil {
			return err
		}
		code, _, err = tx.CreateInvite(ctx, flows.Operator, f.ID, flows.RoleStation, nil, 72*time.Hour)
		return err
	})
	p.codes[code] = "‹" + label + "›"
	p.note("the operator registered %s: lamsach facility add --kind province %q", name, name)
	return code
}

// passportTranscripts: step 5, the daily report of vaccine-passport
// confirmations, and step 6, the facilities that only do that.
var passportTranscripts = []transcript{
	{"passport_daily", "The station's daily vaccine-passport report: the 07:30 reminder, the count, a correction the same day, none pending from the next reminder, a stale button, the month's log.",
		func(p *play) {
			p.stationPeople()
			p.tick(morning(28))
			p.tick(morning(28).Add(time.Minute))
			p.run(`
				Mai: /passport
				Mai: 12
				⏱ +2h
				Mai: /passport
				Mai: 15
				Mai: /passport 15
				Mai [📥 Nhật ký tháng 11/2026]
			`)
			p.tick(morning(29))
			p.run(`
				Mai [✅ Không có hồ sơ chờ ký] ^2
				Mai [✅ Không có hồ sơ chờ ký]
			`)
			p.tick(morning(29).Add(time.Hour))
		}},
	{"passport_bad_input", "Counts the bot cannot take: each gets its reason and the question stays open; /where asks again, /cancel closes it.",
		func(p *play) {
			p.stationPeople()
			p.run(`
				Mai: /passport
				Mai: -3
				Mai: mười hai
				Mai: 12,5
				Mai: 001090012345
				Mai: 20000
				Mai: /where
				Mai: /cancel
				Mai: 12
				Mai: /passport 1.200 hồ sơ
				Mai: /report
			`)
		}},
	{"passport_report_missed", "The coordinator's /report shows this month's days reported and missed, in the text and under the chart.",
		func(p *play) {
			p.stationPeople()
			p.h.record(p.h.dong.ID, "Hà Văn Một", "1970", "male", "")
			p.h.record(p.h.dong.ID, "Hà Văn Hai", "1971", "male", "")
			p.note("two records wait in Thôn Đông")
			p.tick(morning(28))
			p.run(`
				Mai [✍️ Báo số đã ký]
				Mai: 12
			`)
			p.tick(morning(29))
			p.note("nobody reports on 29/11")
			p.tick(morning(30))
			p.run(`
				Lan: /report
				Mai [✅ Không có hồ sơ chờ ký]
				Lan: /report
			`)
		}},
	{"facility_member", "A province facility's member has the daily report only: its menu and help, the cleaning commands and files refused, English too.",
		func(p *play) {
			code := p.facility("Bệnh viện Đa khoa tỉnh", "invite: station, Bệnh viện Đa khoa tỉnh")
			p.person("Hà", 301, "staff of Bệnh viện Đa khoa tỉnh (a province facility)")
			p.run(`
				Hà: /start ` + code + `
				Hà: /help
				Hà: /next
				Hà: /export
				Hà: /report
				Hà: /invite thôn Đông
				Hà: /foo
				Hà 📎 station-list.xlsx
				Hà: xin chào
				Hà: /where
				Hà: /passport
				Hà: 40
				Hà: /lang en
				Hà: /sign
				Hà: /passport
				Hà [✅ None pending]
			`)
			p.tick(morning(28))
		}},
}
