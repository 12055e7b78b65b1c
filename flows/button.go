package flows

import (
	"strconv"
	"strings"
)

// press is a decoded button: an action on a record at the version the card
// showed. Every record button carries the version, so a press on an old
// card is recognised and nothing is changed from it.
type press struct {
	Act string
	Rec int64
	Ver int64
	Arg string
}

// button makes an inline button; its data stays well under Telegram's 64
// bytes (action, two numbers, a short argument).
func button(text, act string, rec, ver int64, arg string) Button {
	data := act + ":" + strconv.FormatInt(rec, 10) + ":" + strconv.FormatInt(ver, 10)
	if arg != "" {
		data += ":" + arg
	}
	return Button{Text: text, Data: data}
}

// parsePress decodes button data; ok is false for data we never made.
func parsePress(data string) (press, bool) {
	parts := strings.SplitN(data, ":", 4)
	if len(parts) < 3 || parts[0] == "" {
		return press{}, false
	}
	rec, err1 := strconv.ParseInt(parts[1], 10, 64)
	ver, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || rec < 0 || ver < 0 {
		return press{}, false
	}
	p := press{Act: parts[0], Rec: rec, Ver: ver}
	if len(parts) == 4 {
		p.Arg = parts[3]
	}
	return p, true
}
