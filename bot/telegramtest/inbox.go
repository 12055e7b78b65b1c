package telegramtest

import (
	"context"
	"time"
)

// Message is a message the bot sent, as the person sees it now.
type Message struct {
	ID        int
	ChatID    int64
	Date      time.Time
	Text      string // text, or caption of a document or photo, as shown: tags removed, entities decoded
	Raw       string // Text as the bot sent it, e.g. HTML source
	ParseMode string
	Buttons   [][]Button // inline keyboard, nil when none
	Document  *File
	Photo     *File
	Edits     int // successful edits of text or keyboard
	Deleted   bool
}

// Button is an inline keyboard button.
type Button struct {
	Text string
	Data string // callback_data
	URL  string
}

// File is a document or photo the bot sent.
type File struct {
	ID   string // file_id
	Name string
	MIME string
	Data []byte
}

// Callback is a button press by the person and the bot's answer to it.
type Callback struct {
	QueryID   string
	MessageID int
	Data      string
	Answered  bool
	Text      string // text of answerCallbackQuery
	ShowAlert bool
}

// Messages returns everything the bot sent to this chat, in order, with
// edits applied and deleted messages flagged.
func (p *Person) Messages() []Message {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.exportLocked(0)
}

// exportLocked copies the bot's messages to this chat from the index from on.
func (p *Person) exportLocked(from int) []Message {
	sent := p.s.chats[p.chatID].sent
	out := make([]Message, 0, len(sent)-min(from, len(sent)))
	for _, m := range sent[min(from, len(sent)):] {
		out = append(out, m.export(p.chatID))
	}
	return out
}

// Last returns the latest message the bot sent to this chat, or a zero
// Message when there is none.
func (p *Person) Last() Message {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	sent := p.s.chats[p.chatID].sent
	if len(sent) == 0 {
		return Message{}
	}
	return sent[len(sent)-1].export(p.chatID)
}

// WaitMessages blocks until the bot has sent at least n messages to this
// chat (deleted ones count), ctx is done or the server closes, and returns
// them all.
func (p *Person) WaitMessages(ctx context.Context, n int) ([]Message, error) {
	var msgs []Message
	err := p.waitChat(ctx, func(c *chat) bool {
		if len(c.sent) < n {
			return false
		}
		msgs = p.exportLocked(0)
		return true
	})
	return msgs, err
}

// WaitAfter blocks until the bot has sent more than seen messages to this
// chat (deleted ones count), ctx is done or the server closes, and returns
// the messages after the first seen. A driver that keeps count of what it
// has read waits for its next messages at the cost of those alone.
func (p *Person) WaitAfter(ctx context.Context, seen int) ([]Message, error) {
	var msgs []Message
	err := p.waitChat(ctx, func(c *chat) bool {
		if len(c.sent) <= seen {
			return false
		}
		msgs = p.exportLocked(max(seen, 0))
		return true
	})
	return msgs, err
}

// waitChat blocks until ready, called with the server's lock held,
// reports true. Only the bot's sends, edits and deletes in this chat wake
// it, so people waiting in other chats cost it nothing.
func (p *Person) waitChat(ctx context.Context, ready func(c *chat) bool) error {
	return p.s.waitOn(ctx, func() (bool, <-chan struct{}) {
		c := p.s.chats[p.chatID]
		if ready(c) {
			return true, nil
		}
		return false, c.changedLocked()
	})
}

// Commands returns the command menu this person sees in this chat,
// resolved through the scopes and languages set with setMyCommands.
func (p *Person) Commands() []Command {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.s.menuLocked(p.chatID, p.user.ID, p.user.LanguageCode)
}

// Callbacks returns the person's button presses in this chat, in order,
// with the bot's answers.
func (p *Person) Callbacks() []Callback {
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Callback{}
	for _, q := range s.chats[p.chatID].presses {
		if q.userID == p.user.ID {
			out = append(out, Callback{QueryID: q.id, MessageID: q.messageID, Data: q.data,
				Answered: q.answered, Text: q.text, ShowAlert: q.showAlert})
		}
	}
	return out
}

// export copies a message for a reader.
func (m *message) export(chatID int64) Message {
	out := Message{ID: m.id, ChatID: chatID, Date: m.date, Text: m.text, Raw: m.raw,
		ParseMode: m.parseMode, Edits: m.edits, Deleted: m.deleted}
	for _, row := range m.buttons {
		out.Buttons = append(out.Buttons, append([]Button(nil), row...))
	}
	if f := m.file; f != nil {
		cp := &File{ID: f.id, Name: f.name, MIME: f.mime, Data: append([]byte(nil), f.data...)}
		if f.photo {
			out.Photo = cp
		} else {
			out.Document = cp
		}
	}
	return out
}
