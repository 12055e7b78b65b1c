package telegramtest

// The JSON of the control API (control.go), shared by the server and the
// Remote client. Keys are snake_case and always present, so a driver in
// any language can rely on them; README.md documents each endpoint.

// RemoteStatus is the answer of GET /control/status.
type RemoteStatus struct {
	BotID          int64  `json:"bot_id"`
	BotUsername    string `json:"bot_username"`
	People         int    `json:"people"`
	UpdatesMade    int    `json:"updates_made"`    // by the simulated people, since the start
	UpdatesPending int    `json:"updates_pending"` // not yet confirmed by the bot
}

// RemotePerson is a simulated person with their private chat with the bot.
type RemotePerson struct {
	ID           int64     `json:"id"` // Telegram user id, also the chat id
	FirstName    string    `json:"first_name"`
	LanguageCode string    `json:"language_code"`
	Received     int       `json:"messages_received"` // messages the bot sent them, deleted ones included
	Commands     []Command `json:"commands"`          // the command menu they see
}

// RemoteMessage is a message the bot sent to a person, as it is now.
type RemoteMessage struct {
	MessageID int              `json:"message_id"`
	Date      int64            `json:"date"` // Unix seconds
	Text      string           `json:"text"` // text or caption as shown: tags removed, entities decoded
	RawText   string           `json:"raw_text"`
	ParseMode string           `json:"parse_mode"`
	Buttons   [][]RemoteButton `json:"buttons"` // inline keyboard rows; [] when none
	Document  *RemoteFile      `json:"document"`
	Photo     *RemoteFile      `json:"photo"`
	Edits     int              `json:"edits"`
	EditDate  int64            `json:"edit_date"` // Unix seconds; 0 when never edited
	Deleted   bool             `json:"deleted"`
}

// RemoteButton is an inline keyboard button.
type RemoteButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
	URL          string `json:"url"`
}

// RemoteFile is a document or photo the bot sent; its bytes are at
// DownloadPath on the server.
type RemoteFile struct {
	FileID       string `json:"file_id"`
	FileName     string `json:"file_name"`
	MimeType     string `json:"mime_type"`
	FileSize     int    `json:"file_size"`
	DownloadPath string `json:"download_path"`
}

// RemoteMessages is the answer of GET /control/people/{id}/messages: the
// messages after the first `after` ones, and Count, how many the bot has
// sent the person in all; pass Count as the next `after`.
type RemoteMessages struct {
	Messages []RemoteMessage `json:"messages"`
	Count    int             `json:"count"`
}

// RemoteSent is the answer to a person's message, command, document or
// button press: the update it made.
type RemoteSent struct {
	UpdateID        int64  `json:"update_id"`
	MessageID       int    `json:"message_id"`        // the person's message, or the pressed one
	FileID          string `json:"file_id"`           // documents only, else ""
	CallbackQueryID string `json:"callback_query_id"` // presses only, else ""
}

// RemotePress is a button press and the bot's answer to it.
type RemotePress struct {
	CallbackQueryID string `json:"callback_query_id"`
	MessageID       int    `json:"message_id"`
	CallbackData    string `json:"callback_data"`
	Answered        bool   `json:"answered"`
	AnswerText      string `json:"answer_text"`
	ShowAlert       bool   `json:"show_alert"`
}

// remoteError is the body of every refused control call.
type remoteError struct {
	Error string `json:"error"`
}

// remoteMessage renders m for the control API.
func remoteMessage(m *message) RemoteMessage {
	out := RemoteMessage{MessageID: m.id, Date: unixDate(m.date), Text: m.text, RawText: m.raw,
		ParseMode: m.parseMode, Buttons: [][]RemoteButton{}, Edits: m.edits, Deleted: m.deleted}
	if !m.editDate.IsZero() {
		out.EditDate = unixDate(m.editDate)
	}
	for _, row := range m.buttons {
		r := make([]RemoteButton, len(row))
		for i, b := range row {
			r[i] = RemoteButton{Text: b.Text, CallbackData: b.Data, URL: b.URL}
		}
		out.Buttons = append(out.Buttons, r)
	}
	if f := m.file; f != nil {
		rf := &RemoteFile{FileID: f.id, FileName: f.name, MimeType: f.mime, FileSize: len(f.data),
			DownloadPath: controlPrefix + "files/" + f.id}
		if f.photo {
			out.Photo = rf
		} else {
			out.Document = rf
		}
	}
	return out
}
