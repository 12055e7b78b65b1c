package flows

import (
	"strings"
	"unicode"

	"lamsach/flows/msg"
	"lamsach/flows/vn"
)

// find looks up records of the member's scope by name (without diacritics
// is fine) or by ID digits.
func (t *villageHandler) find() error {
	q := strings.TrimSpace(t.ev.Args)
	digits := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return 'x'
	}, q)
	var key string
	switch {
	case digits != "" && !strings.Contains(digits, "x"):
		if len(digits) < 3 {
			t.say("find.short")
			return nil
		}
	default:
		digits = ""
		key = vn.NameKey(q)
		if len([]rune(key)) < 2 {
			t.say("find.usage")
			return nil
		}
	}
	recs, err := t.repo.FindRecords(t.ctx, t.actor(), key, digits, 11)
	if err != nil {
		return t.fail(err)
	}
	if len(recs) == 0 {
		t.say("find.none", q)
		return nil
	}
	var b strings.Builder
	b.WriteString(t.T("find.head", q))
	var rows [][]Button
	for i, rec := range recs {
		if i == 10 {
			b.WriteString("\n" + t.T("find.more"))
			break
		}
		state := t.T("state." + string(rec.State))
		b.WriteString("\n" + t.T("find.line", i+1, msg.Raw(show(t.lang, rec.Fields, vn.FieldName, false)),
			msg.Raw(show(t.lang, rec.Fields, vn.FieldDOB, false)), msg.Raw(show(t.lang, rec.Fields, vn.FieldID, false)), state))
		rows = append(rows, []Button{button(t.T("btn.open", i+1), "open", rec.ID, rec.Version, "")})
	}
	t.send(Out{Text: b.String(), Buttons: rows, Personal: true})
	return nil
}
