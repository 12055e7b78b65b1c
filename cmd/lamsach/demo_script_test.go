package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"lamsach/bot/telegramtest"
)

// TestScriptNamesLateReplies plays the script against the fake Telegram
// with an outbox table written by hand, so the order is fixed: An and Bình
// act, then each gets a reply. Each reply comes after the other's action,
// so it names its own; replies right under their action do not.
func TestScriptNamesLateReplies(t *testing.T) {
	tg := telegramtest.New()
	defer tg.Close()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "outbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE outbox (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, kind TEXT NOT NULL,
		update_id INTEGER, message_id INTEGER, state TEXT NOT NULL DEFAULT 'sent')`); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s := newScript(tg, db, &out, 5*time.Second)
	an, binh := s.player(1, "An (thôn Đông)"), s.player(2, "Bình (thôn Tây)")
	// reply sends text to p's chat as the bot, with the outbox row that
	// records it as caused by the update.
	reply := func(p *player, update int64, kind, text string) {
		t.Helper()
		msgID := 0
		if kind == "send" {
			msgID = botSend(t, tg, p.ChatID(), text)
		}
		if _, err := db.Exec(`INSERT INTO outbox (chat_id, kind, update_id, message_id) VALUES (?, ?, ?, ?)`,
			p.ChatID(), kind, update, msgID); err != nil {
			t.Fatal(err)
		}
	}
	// Right after an action, the script's last printed update is its own.
	an.say("một")
	one := s.last
	binh.say("hai")
	two := s.last
	reply(an, one, "send", "trả lời An")
	reply(binh, two, "send", "trả lời Bình")
	for _, c := range []struct {
		p    *player
		want string
	}{{an, "trả lời An"}, {binh, "trả lời Bình"}} {
		if _, err := c.p.expect(c.want); err != nil {
			t.Fatal(err)
		}
	}
	binh.say("ba")
	three := s.last
	reply(binh, three, "edit", "")
	reply(binh, three, "send", "lần một")
	reply(binh, three, "send", "lần hai")
	if _, err := binh.expect("lần hai"); err != nil {
		t.Fatal(err)
	}
	want := `
👤 An (thôn Đông): một

👤 Bình (thôn Tây): hai
🤖 → An (thôn Đông)  ↪ trả lời cho «👤 An: một»
   trả lời An
🤖 → Bình (thôn Tây)  ↪ trả lời cho «👤 Bình: hai»
   trả lời Bình

👤 Bình (thôn Tây): ba
🤖 → Bình (thôn Tây):
   lần một
🤖 → Bình (thôn Tây):
   lần hai
`
	if got := out.String(); got != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", got, want)
	}

	// An outbox that does not match the chat is an error, not a guess.
	if _, err := db.Exec(`INSERT INTO outbox (chat_id, kind, update_id, message_id) VALUES (1, 'send', 0, 9999)`); err != nil {
		t.Fatal(err)
	}
	botSend(t, tg, 1, "lạc")
	if _, err := an.expect("lạc"); err == nil || !strings.Contains(err.Error(), "the outbox sent message 9999") {
		t.Errorf("a message the outbox records under another id: %v", err)
	}
}

// botSend sends text to chatID through the fake's Bot API, as the bot
// does, and returns the message id.
func botSend(t *testing.T, tg *telegramtest.Server, chatID int64, text string) int {
	t.Helper()
	resp, err := http.PostForm(tg.URL()+"/bot"+tg.Token()+"/sendMessage",
		url.Values{"chat_id": {strconv.FormatInt(chatID, 10)}, "text": {text}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		OK     bool
		Result struct {
			MessageID int `json:"message_id"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || !r.OK {
		t.Fatalf("sendMessage: %v %+v", err, r)
	}
	return r.Result.MessageID
}
