package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// Person is a simulated Telegram user writing to the bot in one chat: their
// private chat with the bot, or a group (see InGroup).
type Person struct {
	s      *Server
	user   wireUser
	chatID int64
}

// User returns the person with Telegram user id (> 0), first name and
// language code, creating their private chat with the bot on first use.
func (s *Server) User(id int64, firstName string, lang string) *Person {
	if id <= 0 {
		panic("telegramtest: user id must be positive")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.chats[id]; ok {
		c.title = firstName
	} else {
		s.chats[id] = newChat(id, "private", firstName)
	}
	u := wireUser{ID: id, FirstName: firstName, LanguageCode: lang}
	s.people[id] = u
	return &Person{s: s, user: u, chatID: id}
}

// InGroup returns the same person writing in the group groupID (< 0), which
// is created on first use; ids below -10^12 are supergroups.
func (p *Person) InGroup(groupID int64) *Person {
	if groupID >= 0 {
		panic("telegramtest: group id must be negative")
	}
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.chats[groupID]; !ok {
		typ := "group"
		if groupID < -1_000_000_000_000 {
			typ = "supergroup"
		}
		s.chats[groupID] = newChat(groupID, typ, "Group "+strconv.FormatInt(-groupID, 10))
	}
	return &Person{s: s, user: p.user, chatID: groupID}
}

// ID returns the person's user id.
func (p *Person) ID() int64 { return p.user.ID }

// ChatID returns the chat this Person writes in.
func (p *Person) ChatID() int64 { return p.chatID }

// Send sends text to the bot and returns the update_id. A "/command" at the
// start or after whitespace gets a bot_command entity, as Telegram adds.
func (p *Person) Send(text string) int64 {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	id, _ := p.sendLocked(text)
	return id
}

// sendLocked posts text and returns the update_id and the message.
func (p *Person) sendLocked(text string) (int64, *wireMessage) {
	m := p.postLocked(&message{text: text, raw: text, entities: commandEntities(text)})
	return p.s.enqueueLocked(wireUpdate{Message: m}), m
}

// Command sends "/cmd args" (cmd with or without its slash).
func (p *Person) Command(cmd string, args string) int64 {
	text := "/" + strings.TrimPrefix(cmd, "/")
	if args != "" {
		text += " " + args
	}
	return p.Send(text)
}

// SendDocument sends a file to the bot; getFile and the download URL serve it.
func (p *Person) SendDocument(name string, data []byte, mime string) int64 {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	id, _ := p.sendDocumentLocked(name, append([]byte(nil), data...), mime)
	return id
}

// sendDocumentLocked posts a document holding data (not copied) and
// returns the update_id and the message.
func (p *Person) sendDocumentLocked(name string, data []byte, mime string) (int64, *wireMessage) {
	f := p.s.newFileLocked(name, mime, data, false)
	m := p.postLocked(&message{file: f})
	return p.s.enqueueLocked(wireUpdate{Message: m}), m
}

// postLocked adds a message from the person to the chat and renders it.
func (p *Person) postLocked(m *message) *wireMessage {
	c := p.s.chats[p.chatID]
	u := p.user
	m.from, m.date = &u, p.s.clock()
	return c.addLocked(m).wire(c)
}

// LastSentID returns the message_id of the last message the person sent in
// this chat, or 0.
func (p *Person) LastSentID() int {
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	msgs := s.chats[p.chatID].msgs
	for i := len(msgs) - 1; i >= 0; i-- {
		if !msgs[i].fromBot && msgs[i].from.ID == p.user.ID {
			return msgs[i].id
		}
	}
	return 0
}

// Edit changes the text of the person's message messageID and sends the
// edited_message update.
func (p *Person) Edit(messageID int, newText string) (int64, error) {
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[p.chatID]
	m, ok := c.byID[messageID]
	if !ok || m.fromBot || m.from.ID != p.user.ID || m.file != nil {
		return 0, fmt.Errorf("telegramtest: no text message %d from user %d in chat %d", messageID, p.user.ID, p.chatID)
	}
	m.text, m.raw, m.entities, m.editDate = newText, newText, commandEntities(newText), s.clock()
	m.edits++
	return s.enqueueLocked(wireUpdate{EditedMessage: m.wire(c)}), nil
}

// Press presses the inline button labelled buttonText on msg, a message the
// bot sent to this chat, as it is now (after edits), and sends the
// callback_query update with the button's data and the message attached.
func (p *Person) Press(msg Message, buttonText string) (int64, error) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	if msg.ChatID != p.chatID {
		return 0, fmt.Errorf("telegramtest: no message %d from the bot in chat %d", msg.ID, p.chatID)
	}
	id, _, err := p.pressLocked(msg.ID, buttonText)
	return id, err
}

// pressLocked presses the button labelled buttonText on the bot's message
// messageID and returns the update_id and the callback query id.
func (p *Person) pressLocked(messageID int, buttonText string) (int64, string, error) {
	c := p.s.chats[p.chatID]
	m, ok := c.byID[messageID]
	if !ok || !m.fromBot {
		return 0, "", fmt.Errorf("telegramtest: no message %d from the bot in chat %d", messageID, p.chatID)
	}
	if m.deleted {
		return 0, "", fmt.Errorf("telegramtest: message %d was deleted", messageID)
	}
	var labels []string
	for _, row := range m.buttons {
		for _, b := range row {
			if b.Text == buttonText && b.Data != "" {
				id, query := p.callbackLocked(c, messageID, b.Data)
				return id, query, nil
			}
			labels = append(labels, strconv.Quote(b.Text))
		}
	}
	return 0, "", fmt.Errorf("telegramtest: message %d has no callback button %q; it has [%s]", messageID, buttonText, strings.Join(labels, " "))
}

// PressData sends a callback_query with any data for messageID, as a forged
// or stale client would. When the message does not exist it is attached as
// inaccessible (date 0).
func (p *Person) PressData(messageID int, data string) int64 {
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := p.callbackLocked(s.chats[p.chatID], messageID, data)
	return id
}

// callbackLocked sends a callback_query with data for messageID and returns
// the update_id and the query id.
func (p *Person) callbackLocked(c *chat, messageID int, data string) (int64, string) {
	s := p.s
	q := &callback{id: strconv.FormatInt(s.nextQuery, 10), chatID: c.id, userID: p.user.ID,
		messageID: messageID, data: data, at: s.clock()}
	s.nextQuery++
	s.callbacks[q.id] = q
	c.presses = append(c.presses, q)
	var attached any = struct {
		Chat      wireChat `json:"chat"`
		MessageID int      `json:"message_id"`
		Date      int      `json:"date"`
	}{c.wire(), messageID, 0}
	if m, ok := c.byID[messageID]; ok && !m.deleted {
		attached = m.wire(c)
	}
	raw, err := json.Marshal(attached)
	if err != nil {
		panic("telegramtest: marshal callback message: " + err.Error())
	}
	return s.enqueueLocked(wireUpdate{CallbackQuery: &wireCallback{
		ID: q.id, From: p.user, Message: raw, Data: data,
		ChatInstance: strconv.FormatInt(c.id*7919+13, 10),
	}}), q.id
}

// commandEntities marks each "/command" (optionally "@bot") at the start of
// text or after whitespace, with offsets in UTF-16 units.
func commandEntities(text string) []entity {
	var ents []entity
	runes := []rune(text)
	offset := 0
	for i, r := range runes {
		if r == '/' && (i == 0 || unicode.IsSpace(runes[i-1])) {
			if n := commandLen(runes[i+1:]); n > 0 {
				ents = append(ents, entity{Type: "bot_command", Offset: offset, Length: n + 1})
			}
		}
		offset += utf16.RuneLen(r)
	}
	return ents
}

// commandLen measures "name" or "name@bot" after a slash: ASCII letters,
// digits and "_", so runes and UTF-16 units coincide.
func commandLen(rs []rune) int {
	word := func(from int) int {
		n := from
		for n < len(rs) && n-from < 64 && (rs[n] < 128 && (isAlnum(byte(rs[n])) || rs[n] == '_')) {
			n++
		}
		return n
	}
	n := word(0)
	if n == 0 {
		return 0
	}
	if n < len(rs) && rs[n] == '@' {
		if m := word(n + 1); m > n+1 {
			return m
		}
	}
	return n
}
