package telegramtest

import (
	"fmt"
	"strconv"
	"time"
)

// chat is a private chat with one person or a group the bot is in.
type chat struct {
	id        int64
	typ       string // private, group or supergroup
	title     string // first name in a private chat
	nextMsgID int
	msgs      []*message // both directions, in order
	byID      map[int]*message
	// The indexes below make a person's reads cost what they return, not
	// everything the chat ever held.
	sent    []*message    // the bot's messages, in order: what the person reads
	presses []*callback   // button presses in this chat, in order
	changed chan struct{} // nil, or closed at the bot's next send, edit or delete here
}

// message is any message in a chat, sent by the bot or by a person.
type message struct {
	id        int
	from      *wireUser
	fromBot   bool
	date      time.Time
	editDate  time.Time
	edits     int
	text      string // text or caption as shown
	raw       string // text or caption as the bot sent it
	parseMode string
	entities  []entity
	buttons   [][]Button
	file      *file
	deleted   bool
}

// file is an uploaded or person-sent document or photo.
type file struct {
	id, uniqueID, path string
	name, mime         string
	data               []byte
	photo              bool
	width, height      int
}

// callback is a callback query a person made by pressing a button.
type callback struct {
	id        string
	chatID    int64
	userID    int64
	messageID int
	data      string
	at        time.Time
	answered  bool
	text      string
	showAlert bool
}

func newChat(id int64, typ, title string) *chat {
	return &chat{id: id, typ: typ, title: title, nextMsgID: 1, byID: map[int]*message{}}
}

// addLocked appends a new message with the next message_id of the chat.
func (c *chat) addLocked(m *message) *message {
	m.id = c.nextMsgID
	c.nextMsgID++
	c.msgs = append(c.msgs, m)
	c.byID[m.id] = m
	if m.fromBot {
		c.sent = append(c.sent, m)
		c.touchLocked()
	}
	return m
}

// changedLocked returns a channel closed when the bot next sends, edits or
// deletes a message in the chat. It is made only when someone waits, so a
// chat nobody watches costs nothing.
func (c *chat) changedLocked() <-chan struct{} {
	if c.changed == nil {
		c.changed = make(chan struct{})
	}
	return c.changed
}

// touchLocked wakes those waiting on changedLocked.
func (c *chat) touchLocked() {
	if c.changed != nil {
		close(c.changed)
		c.changed = nil
	}
}

// chatLocked finds the chat named by the request's chat_id.
func (s *Server) chatLocked(r *request) (*chat, *APIError) {
	raw := r.p.str("chat_id")
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, errChatNotFound
	}
	c, ok := s.chats[id]
	if !ok {
		return nil, errChatNotFound
	}
	return c, nil
}

// newFileLocked stores data under a new file_id and file_path.
func (s *Server) newFileLocked(name, mimeType string, data []byte, photo bool) *file {
	s.nextFile++
	n := s.nextFile
	dir := "documents"
	if photo {
		dir = "photos"
	}
	f := &file{
		id:       fmt.Sprintf("BQACAgIAAxkBAAI%06d", n),
		uniqueID: fmt.Sprintf("AgAD%06d", n),
		path:     fmt.Sprintf("%s/file_%d%s", dir, n, extension(name)),
		name:     name,
		mime:     mimeType,
		data:     data,
		photo:    photo,
	}
	s.files[f.id] = f
	s.paths[f.path] = f
	return f
}
