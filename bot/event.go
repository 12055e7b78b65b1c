package bot

import (
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"lamsach/flows"
)

// incoming is an update converted for the conversation, with what the
// transport still has to do before handing it on.
type incoming struct {
	ev         flows.Event
	kind       string           // update kind, for logs
	callbackID string           // answer this callback query first
	doc        *models.Document // download this document first
	answered   chan struct{}    // closed once the callback is answered (polling)
}

// convert turns an update into a flows.Event. ok is false for updates
// lamsach does not act on: kinds it does not subscribe to, and commands
// addressed to another bot in a group. now stamps callback queries, which
// carry no date of their own.
func convert(u *models.Update, botName string, now time.Time) (in incoming, ok bool) {
	switch {
	case u.Message != nil:
		return fromMessage(u.ID, u.Message, botName)
	case u.EditedMessage != nil:
		in.kind = models.AllowedUpdateEditedMessage
		m := u.EditedMessage
		in.ev = base(u.ID, m)
		in.ev.Kind, in.ev.MessageID = flows.EventEdited, m.ID
		in.ev.Text = m.Text
		if in.ev.Text == "" {
			in.ev.Text = m.Caption
		}
		if m.EditDate != 0 {
			in.ev.At = time.Unix(int64(m.EditDate), 0)
		}
		return in, true
	case u.CallbackQuery != nil:
		return fromCallback(u.ID, u.CallbackQuery, now), true
	}
	in.kind = "other"
	return in, false
}

func fromMessage(id int64, m *models.Message, botName string) (incoming, bool) {
	in := incoming{kind: models.AllowedUpdateMessage, ev: base(id, m)}
	switch {
	case m.Document != nil:
		in.ev.Kind, in.doc = flows.EventDocument, m.Document
		in.ev.Doc = &flows.Document{Name: m.Document.FileName, MIME: m.Document.MimeType, Size: m.Document.FileSize}
	case m.Text != "":
		name, args, kind := parseCommand(m.Text, m.Entities, botName)
		switch kind {
		case otherBot:
			return in, false
		case ownCommand:
			in.ev.Addressed = strings.Contains(strings.Fields(m.Text)[0], "@")
			in.ev.Kind, in.ev.Command, in.ev.Args = flows.EventCommand, name, args
		default:
			in.ev.Kind, in.ev.Text = flows.EventText, m.Text
		}
	default:
		// Stickers, photos, voice, location, contacts, service messages…
		in.ev.Kind = flows.EventOther
	}
	return in, true
}

// base fills what every message-based event carries.
func base(id int64, m *models.Message) flows.Event {
	ev := flows.Event{
		UpdateID: id,
		At:       time.Unix(int64(m.Date), 0),
		ChatID:   m.Chat.ID,
		Private:  m.Chat.Type == models.ChatTypePrivate,
	}
	if m.From != nil {
		ev.UserID, ev.UserName, ev.LangCode = m.From.ID, fullName(m.From), m.From.LanguageCode
	}
	return ev
}

func fromCallback(id int64, q *models.CallbackQuery, now time.Time) incoming {
	in := incoming{kind: models.AllowedUpdateCallbackQuery, callbackID: q.ID}
	in.ev = flows.Event{
		Kind: flows.EventButton, UpdateID: id, At: now, Data: q.Data,
		UserID: q.From.ID, UserName: fullName(&q.From), LangCode: q.From.LanguageCode,
	}
	var chat *models.Chat
	switch {
	case q.Message.Message != nil:
		chat, in.ev.MessageID = &q.Message.Message.Chat, q.Message.Message.ID
	case q.Message.InaccessibleMessage != nil:
		// The message is too old or deleted; its chat and id still arrive.
		chat, in.ev.MessageID = &q.Message.InaccessibleMessage.Chat, q.Message.InaccessibleMessage.MessageID
	}
	if chat != nil && chat.ID != 0 {
		in.ev.ChatID = chat.ID
		// An inaccessible message may come without the chat's type; a
		// positive chat id is always a private chat.
		in.ev.Private = chat.Type == models.ChatTypePrivate || (chat.Type == "" && chat.ID > 0)
	} else {
		// No message at all (an inline message): lamsach never sends those,
		// so answer in the person's private chat.
		in.ev.ChatID, in.ev.Private = q.From.ID, true
	}
	return in
}

func fullName(u *models.User) string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}
