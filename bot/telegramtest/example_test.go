package telegramtest_test

import (
	"context"
	"fmt"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"lamsach/bot/telegramtest"
)

func Example() {
	srv := telegramtest.New()
	defer srv.Close()
	b, err := bot.New(srv.Token(), bot.WithServerURL(srv.URL()), bot.WithSkipGetMe())
	if err != nil {
		panic(err)
	}
	an := srv.User(11, "An", "vi")
	an.Command("start", "")

	// The bot under test would answer from its update loop; here directly.
	ctx := context.Background()
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID: an.ChatID(), Text: "Chào <b>An</b>!", ParseMode: models.ParseModeHTML,
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "Bắt đầu", CallbackData: "begin"}},
		}},
	})
	if err != nil {
		panic(err)
	}
	msgs, _ := an.WaitMessages(ctx, 1)
	fmt.Println(msgs[0].Text, msgs[0].Buttons[0][0].Data)
	if _, err := an.Press(msgs[0], "Bắt đầu"); err != nil {
		panic(err)
	}
	fmt.Println(srv.Pending(), "updates pending")
	// Output:
	// Chào An! begin
	// 2 updates pending
}
