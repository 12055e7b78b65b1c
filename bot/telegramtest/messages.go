package telegramtest

import (
	"encoding/json"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"
)

const (
	maxTextUnits    = 4096
	maxCaptionUnits = 1024
	maxCallbackData = 64
	deleteWindow    = 48 * time.Hour
	callbackTimeout = 15 * time.Second
)

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

// formatted is text after parse-mode processing.
type formatted struct {
	raw, text, mode string
	entities        []entity
}

// formatText applies parse_mode to raw and checks its length in UTF-16 units.
func formatText(raw, mode string, limit int, tooLong string) (formatted, *APIError) {
	f := formatted{raw: raw, text: raw, mode: mode}
	if !utf8.ValidString(raw) {
		return f, badRequest("text must be encoded in UTF-8")
	}
	switch mode {
	case "":
	case "HTML", "html":
		text, ents, err := parseHTML(raw)
		if err != nil {
			return f, badRequest("can't parse entities: " + err.Error())
		}
		f.text, f.entities = text, ents
	case "Markdown", "MarkdownV2", "markdown", "markdownv2":
		// Accepted unchecked: lamsach formats with HTML.
	default:
		return f, badRequest("unsupported parse_mode")
	}
	if utf16Len(f.text) > limit {
		return f, badRequest(tooLong)
	}
	return f, nil
}

// markupJSON is the part of reply_markup the fake understands.
type markupJSON struct {
	InlineKeyboard [][]struct {
		Text         *string                `json:"text"`
		CallbackData *string                `json:"callback_data"`
		URL          *string                `json:"url"`
		CopyText     *struct{ Text string } `json:"copy_text"`
		WebApp       json.RawMessage        `json:"web_app"`
		LoginURL     json.RawMessage        `json:"login_url"`
		SwitchInline *string                `json:"switch_inline_query"`
		SwitchHere   *string                `json:"switch_inline_query_current_chat"`
		Pay          bool                   `json:"pay"`
	} `json:"inline_keyboard"`
}

// parseMarkup validates reply_markup and returns its inline keyboard. Other
// keyboards are accepted and not modelled.
func parseMarkup(raw string) ([][]Button, *APIError) {
	if raw == "" {
		return nil, nil
	}
	var m markupJSON
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	var rows [][]Button
	for _, row := range m.InlineKeyboard {
		var out []Button
		for _, b := range row {
			if b.Text == nil {
				return nil, badRequest("can't parse inline keyboard button: Field \"text\" must be of type String")
			}
			btn := Button{Text: *b.Text}
			action := b.WebApp != nil || b.LoginURL != nil || b.SwitchInline != nil || b.SwitchHere != nil || b.Pay ||
				// go-telegram/bot sends "copy_text":{"text":""} on every button.
				(b.CopyText != nil && b.CopyText.Text != "")
			if b.CallbackData != nil {
				if n := len(*b.CallbackData); n < 1 || n > maxCallbackData {
					return nil, badRequest("BUTTON_DATA_INVALID")
				}
				btn.Data, action = *b.CallbackData, true
			}
			if b.URL != nil {
				if u, err := url.Parse(*b.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") {
					return nil, badRequest("BUTTON_URL_INVALID")
				}
				btn.URL, action = *b.URL, true
			}
			if !action {
				return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			out = append(out, btn)
		}
		if len(out) > 0 {
			rows = append(rows, out)
		}
	}
	return rows, nil
}

func (s *Server) sendMessage(r *request) (any, *APIError) {
	c, e := s.chatLocked(r)
	if e != nil {
		return nil, e
	}
	f, buttons, e := textAndMarkup(r)
	if e != nil {
		return nil, e
	}
	m := c.addLocked(s.botMessage(r, f, buttons))
	s.notifyLocked()
	return m.wire(c), nil
}

// textAndMarkup reads a text message's text, formatted by its
// parse_mode (it may not be empty), and its inline keyboard, as
// sendMessage and editMessageText take them.
func textAndMarkup(r *request) (formatted, [][]Button, *APIError) {
	f, e := formatText(r.p.str("text"), r.p.str("parse_mode"), maxTextUnits, "message is too long")
	if e != nil {
		return f, nil, e
	}
	if f.text == "" {
		return f, nil, badRequest("message text is empty")
	}
	buttons, e := parseMarkup(r.p.str("reply_markup"))
	return f, buttons, e
}

// botMessage makes a message from the bot with formatted text and buttons.
func (s *Server) botMessage(r *request, f formatted, buttons [][]Button) *message {
	return &message{
		from: botUser(), fromBot: true, date: r.at,
		text: f.text, raw: f.raw, parseMode: f.mode, entities: f.entities, buttons: buttons,
	}
}

// editableLocked finds the bot's message named by chat_id and message_id.
func (s *Server) editableLocked(r *request, notFound string) (*chat, *message, *APIError) {
	if r.p.str("inline_message_id") != "" {
		return nil, nil, badRequest("inline messages are not supported by telegramtest")
	}
	c, e := s.chatLocked(r)
	if e != nil {
		return nil, nil, e
	}
	id, _ := r.p.int("message_id")
	m, ok := c.byID[id]
	if !ok || m.deleted {
		return nil, nil, badRequest(notFound)
	}
	return c, m, nil
}

func (s *Server) editMessageText(r *request) (any, *APIError) {
	c, m, e := s.editableLocked(r, "message to edit not found")
	if e != nil {
		return nil, e
	}
	if !m.fromBot {
		return nil, badRequest("message can't be edited")
	}
	if m.file != nil {
		return nil, badRequest("there is no text in the message to edit")
	}
	// Without reply_markup, Telegram removes the message's inline keyboard.
	f, buttons, e := textAndMarkup(r)
	if e != nil {
		return nil, e
	}
	if f.text == m.text && slices.Equal(f.entities, m.entities) && equalButtons(buttons, m.buttons) {
		return nil, errNotModified
	}
	m.text, m.raw, m.parseMode, m.entities, m.buttons = f.text, f.raw, f.mode, f.entities, buttons
	s.editedLocked(r, c, m)
	return m.wire(c), nil
}

func (s *Server) editMessageReplyMarkup(r *request) (any, *APIError) {
	c, m, e := s.editableLocked(r, "message to edit not found")
	if e != nil {
		return nil, e
	}
	if !m.fromBot {
		return nil, badRequest("message can't be edited")
	}
	buttons, e := parseMarkup(r.p.str("reply_markup"))
	if e != nil {
		return nil, e
	}
	if equalButtons(buttons, m.buttons) {
		return nil, errNotModified
	}
	m.buttons = buttons
	s.editedLocked(r, c, m)
	return m.wire(c), nil
}

func (s *Server) editedLocked(r *request, c *chat, m *message) {
	m.edits++
	m.editDate = r.at
	c.touchLocked()
	s.notifyLocked()
}

func equalButtons(a, b [][]Button) bool {
	return slices.EqualFunc(a, b, func(x, y []Button) bool { return slices.Equal(x, y) })
}

func (s *Server) deleteMessage(r *request) (any, *APIError) {
	c, m, e := s.editableLocked(r, "message to delete not found")
	if e != nil {
		return nil, e
	}
	if !m.fromBot || r.at.Sub(m.date) > deleteWindow {
		return nil, badRequest("message can't be deleted")
	}
	m.deleted = true
	c.touchLocked()
	s.notifyLocked()
	return true, nil
}

func (s *Server) answerCallbackQuery(r *request) (any, *APIError) {
	q, ok := s.callbacks[r.p.str("callback_query_id")]
	if !ok || q.answered || r.at.Sub(q.at) > callbackTimeout {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if utf16Len(r.p.str("text")) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	q.answered, q.text, q.showAlert = true, r.p.str("text"), r.p.bool("show_alert")
	s.notifyLocked()
	return true, nil
}

var chatActions = []string{"typing", "upload_photo", "record_video", "upload_video", "record_voice",
	"upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}

func (s *Server) sendChatAction(r *request) (any, *APIError) {
	if _, e := s.chatLocked(r); e != nil {
		return nil, e
	}
	if !slices.Contains(chatActions, r.p.str("action")) {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}
