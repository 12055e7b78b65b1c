package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// commandKind tells what parseCommand found.
type commandKind int

const (
	notCommand commandKind = iota
	ownCommand             // "/cmd" or "/cmd@ourbot"
	otherBot               // "/cmd@otherbot": meant for another bot in the group
)

// parseCommand reads "/cmd[@bot] args" at the start of text. It trusts the
// bot_command entity at offset 0 when Telegram sent one; entity offsets and
// lengths count UTF-16 units, not bytes, so they are converted. Without an
// entity (forwarded or hand-made updates) it applies Telegram's own rule: a
// slash, then letters, digits or "_" (ASCII), then optionally "@bot".
// name is lower case; args is the rest, trimmed.
func parseCommand(text string, entities []models.MessageEntity, bot string) (name, args string, kind commandKind) {
	if !strings.HasPrefix(text, "/") {
		return "", "", notCommand
	}
	end := -1
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand || e.Offset != 0 {
			continue
		}
		if b, ok := byteOffset(text, e.Length); ok && b > 1 && !strings.ContainsFunc(text[:b], unicode.IsSpace) {
			end = b
		}
		break
	}
	if end < 0 {
		end = scanCommand(text)
	}
	if end <= 1 {
		return "", "", notCommand
	}
	cmd, target, _ := strings.Cut(text[1:end], "@")
	if cmd == "" {
		return "", "", notCommand
	}
	if target != "" && !strings.EqualFold(target, bot) {
		return "", "", otherBot
	}
	return strings.ToLower(cmd), strings.TrimSpace(text[end:]), ownCommand
}

// scanCommand returns the byte length of "/name" or "/name@bot" at the
// start of text, or 0.
func scanCommand(text string) int {
	word := func(i int) int {
		for i < len(text) && isCommandByte(text[i]) {
			i++
		}
		return i
	}
	end := word(1)
	if end == 1 {
		return 0
	}
	if end < len(text) && text[end] == '@' {
		if at := word(end + 1); at > end+1 {
			return at
		}
	}
	return end
}

func isCommandByte(b byte) bool {
	return b == '_' || ('0' <= b && b <= '9') || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')
}

// byteOffset converts an offset in UTF-16 code units, as Telegram counts
// entity offsets and lengths, to a byte index in s. It reports false when
// the offset is negative, past the end, or splits a character (half of a
// surrogate pair, e.g. inside an emoji).
func byteOffset(s string, units int) (int, bool) {
	if units < 0 {
		return 0, false
	}
	n := 0
	for i, r := range s {
		if n == units {
			return i, true
		}
		if n > units {
			return 0, false
		}
		n += max(1, utf16.RuneLen(r)) // invalid UTF-8 decodes as U+FFFD: one unit
	}
	if n != units {
		return 0, false
	}
	return len(s), true
}
