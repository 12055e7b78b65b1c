package telegramtest

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestCommandEntities(t *testing.T) {
	tests := []struct {
		text string
		want []entity
	}{
		{"/start", []entity{{Type: "bot_command", Offset: 0, Length: 6}}},
		{"/start@lamsach_test_bot abc", []entity{{Type: "bot_command", Offset: 0, Length: 23}}},
		{"Chào /help", []entity{{Type: "bot_command", Offset: 5, Length: 5}}},
		{"😀 /report now", []entity{{Type: "bot_command", Offset: 3, Length: 7}}},
		{"a/b /", nil},
		{"/bắt", []entity{{Type: "bot_command", Offset: 0, Length: 2}}},
	}
	for _, tt := range tests {
		got := commandEntities(tt.text)
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("commandEntities(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestPressAndWait(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	p := s.User(11, "An", "vi")

	sent := make(chan *models.Message)
	go func() {
		m, _ := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: p.ChatID(), Text: "Chọn ca:",
			ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "Sáng", CallbackData: "shift:am"}, {Text: "Chiều", CallbackData: "shift:pm"}},
				[]models.InlineKeyboardButton{{Text: "Web", URL: "https://example.com"}})})
		sent <- m
	}()
	msgs, err := p.WaitMessages(ctx, 1)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("WaitMessages(1) = %+v, %v", msgs, err)
	}
	<-sent
	want := [][]Button{{{Text: "Sáng", Data: "shift:am"}, {Text: "Chiều", Data: "shift:pm"}}, {{Text: "Web", URL: "https://example.com"}}}
	if !equalButtons(msgs[0].Buttons, want) {
		t.Errorf("buttons = %+v, want %+v", msgs[0].Buttons, want)
	}
	id, err := p.Press(msgs[0], "Chiều")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Press(msgs[0], "Tối"); err == nil || !strings.Contains(err.Error(), `"Sáng" "Chiều" "Web"`) {
		t.Errorf("Press on a missing button: %v, want the labels listed", err)
	}
	if _, err := p.Press(msgs[0], "Web"); err == nil {
		t.Error("Press on a URL button succeeded")
	}
	forged := p.PressData(404, "shift:night")
	ups, _, err := getUpdates(ctx, s, url.Values{})
	if err != nil || len(ups) != 2 || ups[0].ID != id || ups[1].ID != forged {
		t.Fatalf("getUpdates = %+v, %v", ups, err)
	}
	q := ups[0].CallbackQuery
	if q.Data != "shift:pm" || q.Message.Message == nil || q.Message.Message.Text != "Chọn ca:" || q.ChatInstance == "" {
		t.Errorf("pressed callback = %+v", q)
	}
	f := ups[1].CallbackQuery
	if f.Data != "shift:night" || f.Message.Message != nil || f.Message.InaccessibleMessage == nil || f.Message.InaccessibleMessage.MessageID != 404 {
		t.Errorf("forged callback = %+v, want an inaccessible message 404", f)
	}
	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: p.ChatID(), MessageID: msgs[0].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Press(msgs[0], "Sáng"); err == nil {
		t.Error("Press on a deleted message succeeded")
	}
}

func TestWaitMessagesHonoursContext(t *testing.T) {
	s := newServer(t)
	p := s.User(11, "An", "vi")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.WaitMessages(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitMessages on a cancelled context: %v", err)
	}
}

func TestGroupChat(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	p := s.User(11, "An", "vi")
	g := p.InGroup(-5001234)
	g.Send("/report@" + s.Username())
	ups, _, err := getUpdates(testCtx(t), s, url.Values{})
	if err != nil || len(ups) != 1 {
		t.Fatal(ups, err)
	}
	m := ups[0].Message
	if m.Chat.ID != g.ChatID() || m.Chat.Type != models.ChatTypeGroup || m.From.ID != 11 || m.Chat.Title == "" {
		t.Errorf("group message = %+v", m)
	}
	send(t, b, g.ChatID(), "nhóm")
	if len(g.Messages()) != 1 || len(p.Messages()) != 0 {
		t.Errorf("group got %d, private chat got %d; want 1 and 0", len(g.Messages()), len(p.Messages()))
	}
	sg := s.User(12, "B", "vi").InGroup(-1001234567890)
	sg.Send("hi")
	ups, _, _ = getUpdates(testCtx(t), s, url.Values{"offset": {itoa(ups[0].ID + 1)}})
	if len(ups) != 1 || ups[0].Message.Chat.Type != models.ChatTypeSupergroup {
		t.Errorf("supergroup update = %+v, want chat type supergroup", ups)
	}
}
