package bot

import (
	"testing"

	"github.com/go-telegram/bot/models"
)

func cmdEntity(offset, length int) []models.MessageEntity {
	return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: offset, Length: length}}
}

func TestParseCommand(t *testing.T) {
	const me = "lamsach_bot"
	tests := []struct {
		name     string
		text     string
		entities []models.MessageEntity
		cmd      string
		args     string
		kind     commandKind
	}{
		{"bare", "/start", cmdEntity(0, 6), "start", "", ownCommand},
		{"deep link payload", "/start abc-123_X", cmdEntity(0, 6), "start", "abc-123_X", ownCommand},
		{"upper case, own bot, spaces", "/NEXT@Lamsach_Bot   Thôn Đông  ", cmdEntity(0, 17), "next", "Thôn Đông", ownCommand},
		{"other bot", "/start@other_bot", cmdEntity(0, 16), "", "", otherBot},
		{"other bot with args", "/find@other_bot An", cmdEntity(0, 15), "", "", otherBot},
		{"Vietnamese and emoji args", "/find Nguyễn Văn 😀 Ánh", cmdEntity(0, 5), "find", "Nguyễn Văn 😀 Ánh", ownCommand},
		{"decomposed Vietnamese args", "/find Nguye\u0302\u0303n", cmdEntity(0, 5), "find", "Nguye\u0302\u0303n", ownCommand},
		{"newline before args", "/deadline\n31/12/2026", cmdEntity(0, 9), "deadline", "31/12/2026", ownCommand},
		{"no entity", "/find  Trần Thị Bé", nil, "find", "Trần Thị Bé", ownCommand},
		{"no entity, own bot", "/help@lamsach_bot", nil, "help", "", ownCommand},
		{"no entity, other bot", "/help@someone_else x", nil, "", "", otherBot},
		{"other entities only", "/where now", []models.MessageEntity{{Type: models.MessageEntityTypeBold, Offset: 7, Length: 3}}, "where", "now", ownCommand},
		{"command later in text", "hello /start", cmdEntity(6, 6), "", "", notCommand},
		{"emoji before command", "😀 /start", cmdEntity(3, 6), "", "", notCommand},
		{"Vietnamese before command", "Chào /start", cmdEntity(5, 6), "", "", notCommand},
		{"slash alone", "/", nil, "", "", notCommand},
		{"slash then space", "/ start", nil, "", "", notCommand},
		{"date is not a command", "05/1990", nil, "", "", notCommand},
		{"non-ASCII after slash", "/ấp 3", nil, "", "", notCommand},
		// Telegram marks only the ASCII head of "/tìm"; the rest is args,
		// as in its clients, and flows answers "unknown command".
		{"ASCII head only", "/tìm An", cmdEntity(0, 2), "t", "ìm An", ownCommand},
		{"entity splitting an emoji", "/a😀 x", cmdEntity(0, 3), "a", "😀 x", ownCommand},
		{"entity past the end", "/ab", cmdEntity(0, 40), "ab", "", ownCommand},
		{"entity over a space", "/find x", cmdEntity(0, 7), "find", "x", ownCommand},
		{"at sign without bot", "/find@ x", nil, "find", "@ x", ownCommand},
		{"empty name before at", "/@lamsach_bot", nil, "", "", notCommand},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, args, kind := parseCommand(tt.text, tt.entities, me)
			if cmd != tt.cmd || args != tt.args || kind != tt.kind {
				t.Errorf("parseCommand(%q) = %q, %q, %v; want %q, %q, %v", tt.text, cmd, args, kind, tt.cmd, tt.args, tt.kind)
			}
		})
	}
}

func TestByteOffset(t *testing.T) {
	tests := []struct {
		s     string
		units int
		want  int
		ok    bool
	}{
		{"abc", 0, 0, true},
		{"abc", 3, 3, true},
		{"abc", 4, 0, false},
		{"abc", -1, 0, false},
		{"😀a", 2, 4, true},  // an emoji is two UTF-16 units, four bytes
		{"😀a", 1, 0, false}, // half a surrogate pair
		{"😀a", 3, 5, true},
		{"ễa", 1, 3, true},      // one unit, three bytes
		{"Đông /x", 5, 7, true}, // Đ and ô are one unit, two bytes each
		{"\xffa", 1, 1, true},   // invalid UTF-8 counts as one unit
	}
	for _, tt := range tests {
		got, ok := byteOffset(tt.s, tt.units)
		if got != tt.want || ok != tt.ok {
			t.Errorf("byteOffset(%q, %d) = %d, %v; want %d, %v", tt.s, tt.units, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add("/start abc", 0, 6)
	f.Add("😀 /find x", 3, 5)
	f.Add("/a😀", 0, 3)
	f.Fuzz(func(t *testing.T, text string, offset, length int) {
		cmd, args, kind := parseCommand(text, cmdEntity(offset, length), "lamsach_bot")
		if kind != ownCommand && (cmd != "" || args != "") {
			t.Errorf("parseCommand(%q) kind %v with %q %q", text, kind, cmd, args)
		}
	})
}
