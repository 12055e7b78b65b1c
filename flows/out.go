package flows

import (
	"io"
	"time"
)

// OutKind tells what the transport must do.
type OutKind string

// The kinds of outgoing actions.
const (
	OutSend     OutKind = "send"     // a new text message
	OutEdit     OutKind = "edit"     // replace the text and buttons of MessageID
	OutFile     OutKind = "file"     // a document
	OutPhoto    OutKind = "photo"    // an image (charts)
	OutCommands OutKind = "commands" // set the chat's command menu
	OutUnbutton OutKind = "unbutton" // remove the buttons of MessageID, once acted on
)

// Out is one outgoing action, as plain data. It is stored in the outbox in
// the same transaction as the changes that caused it, and sent later.
type Out struct {
	Kind      OutKind    `json:"kind"`
	ChatID    int64      `json:"chat_id"`
	Text      string     `json:"text,omitempty"` // HTML; every value escaped
	Buttons   [][]Button `json:"buttons,omitempty"`
	MessageID int        `json:"message_id,omitempty"` // for OutEdit
	File      *File      `json:"file,omitempty"`
	Commands  []Command  `json:"commands,omitempty"`
	// Personal marks a message that shows personal data: the bot deletes it
	// after the privacy window.
	Personal bool `json:"personal,omitempty"`
}

// Button is an inline keyboard button; Data is at most 64 bytes.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data"`
}

// File is a document to send. A producer gives its contents as Data, or
// as Open for a file too big to hold in memory. Either is read once, when
// the message is enqueued: the store keeps the contents apart from the
// message (a blob) and the message then names it by Blob. The sender gets
// the contents back through Open and streams them to Telegram.
type File struct {
	Name string `json:"name"`
	Data []byte `json:"data,omitempty"`
	// Open returns the contents as a stream; the caller closes it.
	Open func() (io.ReadCloser, error) `json:"-"`
	// Blob is the id of the stored contents, set by the store.
	Blob int64 `json:"blob,omitempty"`
}

// Command is one entry of a person's command menu.
type Command struct {
	Name        string `json:"command"`
	Description string `json:"description"`
}

// OutboxItem is a stored outgoing action waiting to be sent.
type OutboxItem struct {
	ID       int64
	Out      Out
	Attempts int
}

// Deletion names a sent message to delete from its chat.
type Deletion struct {
	ChatID    int64
	MessageID int
}

// SentAt is one send the outbox recorded: to which chat, and when.
type SentAt struct {
	ChatID int64
	At     time.Time
}
