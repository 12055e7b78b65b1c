package flows

import "time"

// EventKind tells what a person (or the clock) did.
type EventKind int

// The kinds of events a conversation receives.
const (
	EventText     EventKind = iota + 1 // a text message that is not a command
	EventCommand                       // "/cmd args"
	EventButton                        // an inline button press
	EventDocument                      // a file
	EventEdited                        // an edited message
	EventOther                         // a sticker, photo, voice…: answered, never acted on
	EventTick                          // the clock: reminders, clean-up
)

// Event is one thing that happened, as plain data. The transport fills it
// from a Telegram update; tests and the demo build it directly.
type Event struct {
	Kind     EventKind
	UpdateID int64
	At       time.Time

	UserID   int64  // Telegram user id of the person
	ChatID   int64  // chat to answer in
	Private  bool   // false in groups and channels: the bot refuses to work there
	UserName string // the person's display name, as Telegram gives it
	LangCode string // Telegram's language_code, a hint for new people

	Text    string // message text (EventText, EventEdited)
	Command string // lower case, without "/" and "@bot" (EventCommand)
	Args    string // the rest of the command line, trimmed
	// Addressed: the command named this bot ("/next@lamsach_bot"), as a
	// command meant for it in a group chat is written.
	Addressed bool

	Data      string // callback data (EventButton)
	MessageID int    // the message the button was on

	Doc *Document // EventDocument
}

// Document is a file a person sent, already downloaded by the transport.
// Data is nil when the file was over the download limit.
type Document struct {
	Name string
	MIME string
	Size int64
	Data []byte
}
