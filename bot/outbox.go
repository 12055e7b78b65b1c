package bot

import (
	"context"
	"time"

	"lamsach/flows"
)

// Outbox is the durable queue of outgoing actions the Sender drains. The
// Handler fills it in the same transaction as the changes that caused the
// messages. One Sender drains it; each method is its own transaction.
type Outbox interface {
	// Next claims up to limit due items: for each chat only its oldest
	// unsent item (a chat's messages go in order; a retrying message holds
	// back the ones after it), not before its not-before time.
	//
	// Unsent means neither Sent nor Dropped. A chat whose oldest unsent
	// item is not yet due contributes nothing. Next may claim what it
	// returns (a lease, so a second sender or a retry after a crash waits)
	// or not: the Sender starts every item it gets, and skips an item it is
	// already sending. Attempts counts the Retry calls so far.
	Next(ctx context.Context, now time.Time, limit int) ([]flows.OutboxItem, error)
	// Sent records the item as delivered as message messageID (for an
	// edit, the edited message; 0 for a command menu). A non-zero
	// deleteAt schedules the message for DueDeletions.
	Sent(ctx context.Context, id int64, messageID int, deleteAt time.Time) error // deleteAt zero unless Out.Personal
	// Retry puts the item back, due again at notBefore, and adds one to
	// its Attempts. Reasons: a 429 (notBefore is exactly retry_after
	// later), a temporary failure, or a wait for a rate limit too long to
	// hold in memory. reason never holds message text.
	Retry(ctx context.Context, id int64, notBefore time.Time, reason string) error
	// Drop ends the item unsent with a reason, e.g. "400 Bad Request:
	// chat not found", "uncertain: timeout", "gave up after 10 attempts".
	Drop(ctx context.Context, id int64, reason string) error // kept for inspection, never sent
	// Unreachable records that the chat refused the bot (403: blocked,
	// deactivated, kicked). The item itself is dropped next. The store may
	// also drop the chat's other pending items and stop queueing for it
	// until the person writes again; otherwise each is tried and dropped.
	Unreachable(ctx context.Context, chatID int64) error // the person blocked the bot
	// DueDeletions returns up to limit sent messages whose deleteAt is
	// not after now and that are not yet Deleted.
	DueDeletions(ctx context.Context, now time.Time, limit int) ([]flows.Deletion, error)
	// Deleted records that the message is gone (or can no longer be
	// deleted), so DueDeletions stops returning it.
	Deleted(ctx context.Context, chatID int64, messageID int) error
	// RecentSends lists the sends recorded since since, oldest first, so
	// a Sender started after a crash knows how much of each chat's limit
	// the last process used.
	RecentSends(ctx context.Context, since time.Time) ([]flows.SentAt, error)
	// NextDue returns when the earliest pending item that is not due at
	// now comes due, or the zero time when none waits, so the Sender can
	// sleep until then rather than poll.
	NextDue(ctx context.Context, now time.Time) (time.Time, error)
	// Expire drops the items still unsent that were queued before cutoff,
	// and blanks the text of every dropped item queued before cutoff, as
	// Sent does at once for a delivered one. It returns how many items it
	// dropped. The Sender calls it with the privacy window as the cutoff.
	Expire(ctx context.Context, cutoff time.Time) (int, error)
}
