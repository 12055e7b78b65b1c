package telegramtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func keyboard(rows ...[]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func TestGetMeAndToken(t *testing.T) {
	s := newServer(t)
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()))
	if err != nil {
		t.Fatalf("bot.New with getMe: %v", err)
	}
	me, err := b.GetMe(context.Background())
	if err != nil || !me.IsBot || me.Username != s.Username() || me.ID != b.ID() {
		t.Errorf("GetMe = %+v, %v; want the bot %s with the token's id", me, err, s.Username())
	}
	_, err = bot.New("123:wrong", bot.WithServerURL(s.URL()))
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("bot.New with a wrong token: %v, want ErrorUnauthorized", err)
	}
}

func TestUnknownMethodIsNotFound(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	_, err := b.SendVideo(context.Background(), &bot.SendVideoParams{ChatID: 1})
	if !errors.Is(err, bot.ErrorNotFound) {
		t.Errorf("SendVideo (not served): %v, want ErrorNotFound", err)
	}
	r, err := post(context.Background(), s, "noSuchMethod", "", "")
	if err != nil || r.status != 404 || r.Description != "Not Found" {
		t.Errorf("noSuchMethod = %+v, %v; want 404 Not Found", r, err)
	}
}

func TestSendMessage(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	p := s.User(11, "An", "vi")
	long := strings.Repeat("a", 4096)
	tests := []struct {
		name     string
		params   bot.SendMessageParams
		wantErr  string // substring of the error; "" for success
		wantText string
	}{
		{"plain", bot.SendMessageParams{Text: "hello"}, "", "hello"},
		{"html", bot.SendMessageParams{Text: "<b>Tổng</b>: 5 &lt; 6 &amp; x", ParseMode: models.ParseModeHTML}, "", "Tổng: 5 < 6 & x"},
		{"4096 characters", bot.SendMessageParams{Text: long}, "", long},
		{"4097 characters", bot.SendMessageParams{Text: long + "a"}, "Bad Request: message is too long", ""},
		{"2049 emoji are 4098 UTF-16 units", bot.SendMessageParams{Text: strings.Repeat("😀", 2049)}, "message is too long", ""},
		{"length counts after tags", bot.SendMessageParams{Text: "<b>" + long + "</b>", ParseMode: models.ParseModeHTML}, "", long},
		{"unescaped <", bot.SendMessageParams{Text: "a < b", ParseMode: models.ParseModeHTML}, "can't parse entities", ""},
		{"unescaped &", bot.SendMessageParams{Text: "Tom & Jerry", ParseMode: models.ParseModeHTML}, "can't parse entities", ""},
		{"unknown tag", bot.SendMessageParams{Text: "<div>x</div>", ParseMode: models.ParseModeHTML}, `Unsupported start tag "div"`, ""},
		{"empty", bot.SendMessageParams{Text: ""}, "message text is empty", ""},
		{"unknown chat", bot.SendMessageParams{ChatID: int64(999), Text: "x"}, "chat not found", ""},
		{"callback data 64 bytes", bot.SendMessageParams{Text: "k", ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "b", CallbackData: strings.Repeat("é", 32)}})}, "", "k"},
		{"callback data 65 bytes", bot.SendMessageParams{Text: "k", ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "b", CallbackData: strings.Repeat("é", 32) + "x"}})}, "BUTTON_DATA_INVALID", ""},
		{"button without action", bot.SendMessageParams{Text: "k", ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "b"}})}, "Text buttons are unallowed", ""},
	}
	for _, tt := range tests {
		params := tt.params
		if params.ChatID == nil {
			params.ChatID = p.ChatID()
		}
		m, err := b.SendMessage(context.Background(), &params)
		if tt.wantErr != "" {
			if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: SendMessage error = %v, want ErrorBadRequest with %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || m.Text != tt.wantText || m.Date == 0 || m.From == nil || !m.From.IsBot || m.Chat.ID != p.ChatID() {
			t.Errorf("%s: SendMessage = %+v, %v; want text %q from the bot", tt.name, m, err, tt.wantText)
			continue
		}
		if got := p.Last(); got.ID != m.ID || got.Text != tt.wantText || got.Raw != params.Text {
			t.Errorf("%s: person sees %+v, want message %d %q", tt.name, got, m.ID, tt.wantText)
		}
	}
	if got := len(p.Messages()); got != 5 {
		t.Errorf("person got %d messages, want the 5 accepted", got)
	}
}

func TestEditMessage(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := context.Background()
	p := s.User(11, "An", "vi")
	kb := keyboard([]models.InlineKeyboardButton{{Text: "OK", CallbackData: "ok"}})
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: p.ChatID(), Text: "<b>v1</b>", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(text string, mode models.ParseMode, markup models.ReplyMarkup) error {
		_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: p.ChatID(), MessageID: m.ID, Text: text, ParseMode: mode, ReplyMarkup: markup})
		return err
	}
	if err := edit("<b>v1</b>", models.ParseModeHTML, kb); err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Errorf("identical edit: %v, want message is not modified", err)
	}
	if err := edit("v1", "", kb); err != nil {
		t.Errorf("edit dropping bold: %v, want success (entities differ)", err)
	}
	if err := edit("v2", "", nil); err != nil {
		t.Errorf("edit to v2: %v", err)
	}
	if got := p.Last(); got.Text != "v2" || got.Buttons != nil || got.Edits != 2 {
		t.Errorf("after edits the person sees %+v, want v2, keyboard removed, 2 edits", got)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: p.ChatID(), MessageID: m.ID, ReplyMarkup: kb}); err != nil {
		t.Errorf("EditMessageReplyMarkup: %v", err)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: p.ChatID(), MessageID: m.ID, ReplyMarkup: kb}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("identical EditMessageReplyMarkup: %v, want ErrorBadRequest", err)
	}
	if got := p.Last().Buttons; len(got) != 1 || got[0][0] != (Button{Text: "OK", Data: "ok"}) {
		t.Errorf("buttons = %+v, want OK/ok", got)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: p.ChatID(), MessageID: 999, Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("edit of a missing message: %v", err)
	}
}

func TestDeleteMessage(t *testing.T) {
	clock := newFakeClock()
	s := newServer(t, WithClock(clock.Now))
	b := newBot(t, s)
	ctx := context.Background()
	p := s.User(11, "An", "vi")
	p.Send("mine")
	own := send(t, b, p.ChatID(), "one")
	old := send(t, b, p.ChatID(), "two")
	del := func(id int) error {
		_, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: p.ChatID(), MessageID: id})
		return err
	}
	if err := del(own.ID); err != nil {
		t.Fatalf("delete own message: %v", err)
	}
	if err := del(own.ID); err == nil || !strings.Contains(err.Error(), "message to delete not found") {
		t.Errorf("second delete: %v", err)
	}
	if err := del(p.LastSentID()); err == nil || !strings.Contains(err.Error(), "message can't be deleted") {
		t.Errorf("delete the person's message: %v", err)
	}
	clock.Advance(48*time.Hour + time.Second)
	if err := del(old.ID); err == nil || !strings.Contains(err.Error(), "message can't be deleted") {
		t.Errorf("delete after 48h: %v", err)
	}
	if got := p.Messages(); !got[0].Deleted || got[1].Deleted {
		t.Errorf("deleted flags = %v %v, want true false", got[0].Deleted, got[1].Deleted)
	}
}

func TestAnswerCallbackQuery(t *testing.T) {
	clock := newFakeClock()
	s := newServer(t, WithClock(clock.Now))
	b := newBot(t, s)
	ctx := context.Background()
	p := s.User(11, "An", "vi")
	answer := func(id string) error {
		_, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: "Đã lưu"})
		return err
	}
	p.PressData(1, "a")
	p.PressData(1, "b")
	cbs := p.Callbacks()
	if err := answer(cbs[0].QueryID); err != nil {
		t.Fatalf("answer: %v", err)
	}
	if err := answer(cbs[0].QueryID); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("second answer: %v, want ErrorBadRequest", err)
	}
	if err := answer("123"); err == nil || !strings.Contains(err.Error(), "query is too old") {
		t.Errorf("unknown query: %v", err)
	}
	clock.Advance(16 * time.Second)
	if err := answer(cbs[1].QueryID); err == nil || !strings.Contains(err.Error(), "query is too old") {
		t.Errorf("late answer: %v", err)
	}
	if got := p.Callbacks(); !got[0].Answered || got[0].Text != "Đã lưu" || got[1].Answered {
		t.Errorf("callbacks = %+v, want the first answered", got)
	}
}

func TestSendChatAction(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	p := s.User(11, "An", "vi")
	if ok, err := b.SendChatAction(context.Background(), &bot.SendChatActionParams{ChatID: p.ChatID(), Action: models.ChatActionUploadDocument}); !ok || err != nil {
		t.Errorf("SendChatAction = %v, %v", ok, err)
	}
}

func TestMyCommandsByScope(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := context.Background()
	admin := s.User(11, "An", "vi")
	member := s.User(12, "Bình", "en")
	set := func(scope models.BotCommandScope, lang string, cmds ...string) {
		t.Helper()
		var list []models.BotCommand
		for _, c := range cmds {
			list = append(list, models.BotCommand{Command: c, Description: "d " + c})
		}
		if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: list, Scope: scope, LanguageCode: lang}); err != nil {
			t.Fatalf("SetMyCommands(%v): %v", cmds, err)
		}
	}
	set(nil, "", "start")
	set(&models.BotCommandScopeAllPrivateChats{}, "vi", "batdau")
	set(&models.BotCommandScopeChat{ChatID: admin.ChatID()}, "", "start", "report")
	names := func(cmds []Command) string {
		var out []string
		for _, c := range cmds {
			out = append(out, c.Command)
		}
		return strings.Join(out, ",")
	}
	if got := names(admin.Commands()); got != "start,report" {
		t.Errorf("admin menu = %s, want the chat scope", got)
	}
	if got := names(member.Commands()); got != "start" {
		t.Errorf("English member menu = %s, want the default", got)
	}
	if got := names(s.User(13, "Chi", "vi").Commands()); got != "batdau" {
		t.Errorf("Vietnamese member menu = %s, want all_private_chats/vi", got)
	}
	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: admin.ChatID()}})
	if err != nil || len(got) != 2 || got[1].Command != "report" {
		t.Errorf("GetMyCommands(chat) = %+v, %v", got, err)
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: admin.ChatID()}}); err != nil {
		t.Fatal(err)
	}
	if got := names(admin.Commands()); got != "batdau" {
		t.Errorf("admin menu after delete = %s, want all_private_chats/vi", got)
	}
	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Bad-Name", Description: "x"}}})
	if !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("invalid command name: %v, want ErrorBadRequest", err)
	}
	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "x", Description: "x"}},
		Scope: &models.BotCommandScopeChat{ChatID: 404}})
	if err == nil || !strings.Contains(err.Error(), "chat not found") {
		t.Errorf("scope of an unknown chat: %v", err)
	}
}
