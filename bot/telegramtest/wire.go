package telegramtest

import (
	"encoding/json"
	"time"
)

// The wire types below follow the Bot API documentation field by field; they
// are not go-telegram/bot's models, so the fake also checks that library's
// decoding.

type wireUser struct {
	ID                      int64  `json:"id"`
	IsBot                   bool   `json:"is_bot"`
	FirstName               string `json:"first_name"`
	Username                string `json:"username,omitempty"`
	LanguageCode            string `json:"language_code,omitempty"`
	CanJoinGroups           bool   `json:"can_join_groups,omitempty"`
	CanReadAllGroupMessages *bool  `json:"can_read_all_group_messages,omitempty"`
	SupportsInlineQueries   *bool  `json:"supports_inline_queries,omitempty"`
}

type wireChat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	FirstName string `json:"first_name,omitempty"`
}

type entity struct {
	Type     string `json:"type"`
	Offset   int    `json:"offset"`
	Length   int    `json:"length"`
	URL      string `json:"url,omitempty"`
	Language string `json:"language,omitempty"`
	EmojiID  string `json:"custom_emoji_id,omitempty"`
}

type wireDocument struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

type wirePhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

type wireButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

type wireMarkup struct {
	InlineKeyboard [][]wireButton `json:"inline_keyboard"`
}

type wireMessage struct {
	MessageID       int             `json:"message_id"`
	From            *wireUser       `json:"from,omitempty"`
	Chat            wireChat        `json:"chat"`
	Date            int64           `json:"date"`
	EditDate        int64           `json:"edit_date,omitempty"`
	Text            string          `json:"text,omitempty"`
	Entities        []entity        `json:"entities,omitempty"`
	Document        *wireDocument   `json:"document,omitempty"`
	Photo           []wirePhotoSize `json:"photo,omitempty"`
	Caption         string          `json:"caption,omitempty"`
	CaptionEntities []entity        `json:"caption_entities,omitempty"`
	ReplyMarkup     *wireMarkup     `json:"reply_markup,omitempty"`
}

type wireCallback struct {
	ID           string          `json:"id"`
	From         wireUser        `json:"from"`
	Message      json.RawMessage `json:"message,omitempty"`
	ChatInstance string          `json:"chat_instance"`
	Data         string          `json:"data,omitempty"`
}

type wireUpdate struct {
	UpdateID      int64         `json:"update_id"`
	Message       *wireMessage  `json:"message,omitempty"`
	EditedMessage *wireMessage  `json:"edited_message,omitempty"`
	CallbackQuery *wireCallback `json:"callback_query,omitempty"`
}

type wireFile struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int    `json:"file_size,omitempty"`
	FilePath     string `json:"file_path,omitempty"`
}

func botUser() *wireUser {
	f := false
	return &wireUser{
		ID: botID, IsBot: true, FirstName: "Lamsach Test", Username: botUsername,
		CanJoinGroups: true, CanReadAllGroupMessages: &f, SupportsInlineQueries: &f,
	}
}

// unixDate is a message date; never 0, which go-telegram/bot reads as an
// inaccessible message.
func unixDate(t time.Time) int64 {
	if d := t.Unix(); d > 0 {
		return d
	}
	return 1
}

// wire renders a message as the Bot API returns it.
func (m *message) wire(c *chat) *wireMessage {
	w := &wireMessage{
		MessageID: m.id,
		From:      m.from,
		Chat:      c.wire(),
		Date:      unixDate(m.date),
		Text:      m.text,
		Entities:  m.entities,
	}
	if !m.editDate.IsZero() {
		w.EditDate = unixDate(m.editDate)
	}
	if f := m.file; f != nil && f.photo {
		w.Photo = []wirePhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID, Width: f.width, Height: f.height, FileSize: len(f.data)}}
	} else if f != nil {
		w.Document = &wireDocument{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: len(f.data)}
	}
	if m.file != nil {
		w.Text, w.Entities = "", nil
		w.Caption, w.CaptionEntities = m.text, m.entities
	}
	if len(m.buttons) > 0 {
		w.ReplyMarkup = &wireMarkup{InlineKeyboard: make([][]wireButton, len(m.buttons))}
		for i, row := range m.buttons {
			for _, b := range row {
				w.ReplyMarkup.InlineKeyboard[i] = append(w.ReplyMarkup.InlineKeyboard[i], wireButton{Text: b.Text, CallbackData: b.Data, URL: b.URL})
			}
		}
	}
	return w
}

func (c *chat) wire() wireChat {
	w := wireChat{ID: c.id, Type: c.typ}
	if c.typ == "private" {
		w.FirstName = c.title
	} else {
		w.Title = c.title
	}
	return w
}
