package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"lamsach/flows"
)

// fakeOutbox is an in-memory Outbox with the semantics the store must
// give: per chat, only the oldest unsent item, and only once due. With
// claim set, Next claims what it returns for that long, as store.Outbox
// does.
type fakeOutbox struct {
	signal
	claim       time.Duration
	onSent      func(id int64) // runs inside Sent, after the item is marked
	mu          sync.Mutex
	nexts       int // Next calls
	items       []*fakeItem
	unreachable []int64
	deleted     []flows.Deletion
	failSent    int // Sent fails this many more times
	sends       []flows.SentAt
}

type fakeItem struct {
	flows.OutboxItem
	created   time.Time // zero: never expires
	notBefore time.Time
	claimed   time.Time // until
	state     string    // pending, sent, dropped
	messageID int
	deleteAt  time.Time
	reasons   []string
	deleted   bool
}

func (o *fakeOutbox) add(outs ...flows.Out) []int64 {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	var ids []int64
	for _, out := range outs {
		id := int64(len(o.items) + 1)
		o.items = append(o.items, &fakeItem{OutboxItem: flows.OutboxItem{ID: id, Out: out}, state: "pending"})
		ids = append(ids, id)
	}
	return ids
}

func (o *fakeOutbox) Next(_ context.Context, now time.Time, limit int) ([]flows.OutboxItem, error) {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.nexts++
	seen := map[int64]bool{}
	var out []flows.OutboxItem
	for _, it := range o.items {
		if it.state != "pending" || seen[it.Out.ChatID] {
			continue
		}
		seen[it.Out.ChatID] = true
		if it.notBefore.After(now) || it.claimed.After(now) || len(out) == limit {
			continue
		}
		if o.claim > 0 {
			it.claimed = now.Add(o.claim)
		}
		out = append(out, it.OutboxItem)
	}
	return out, nil
}

func (o *fakeOutbox) item(id int64) *fakeItem { return o.items[id-1] }

func (o *fakeOutbox) Sent(_ context.Context, id int64, messageID int, deleteAt time.Time) error {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failSent > 0 {
		o.failSent--
		return errors.New("database is locked")
	}
	it := o.item(id)
	if it.state != "pending" {
		panic("Sent on an item not pending")
	}
	it.state, it.messageID, it.deleteAt = "sent", messageID, deleteAt
	o.sends = append(o.sends, flows.SentAt{ChatID: it.Out.ChatID, At: time.Now()})
	it.claimed = time.Time{}
	if o.onSent != nil {
		o.mu.Unlock()
		o.onSent(id)
		o.mu.Lock()
	}
	return nil
}

func (o *fakeOutbox) nextCalls() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.nexts
}

func (o *fakeOutbox) Retry(_ context.Context, id int64, notBefore time.Time, reason string) error {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	it := o.item(id)
	it.Attempts++
	it.notBefore = notBefore
	it.claimed = time.Time{}
	it.reasons = append(it.reasons, reason)
	return nil
}

func (o *fakeOutbox) Drop(_ context.Context, id int64, reason string) error {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	it := o.item(id)
	it.state = "dropped"
	it.claimed = time.Time{}
	it.reasons = append(it.reasons, reason)
	return nil
}

func (o *fakeOutbox) Unreachable(_ context.Context, chatID int64) error {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.unreachable = append(o.unreachable, chatID)
	return nil
}

func (o *fakeOutbox) DueDeletions(_ context.Context, now time.Time, limit int) ([]flows.Deletion, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []flows.Deletion
	for _, it := range o.items {
		if it.state == "sent" && !it.deleted && !it.deleteAt.IsZero() && !it.deleteAt.After(now) && len(out) < limit {
			out = append(out, flows.Deletion{ChatID: it.Out.ChatID, MessageID: it.messageID})
		}
	}
	return out, nil
}

func (o *fakeOutbox) Deleted(_ context.Context, chatID int64, messageID int) error {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, it := range o.items {
		if it.Out.ChatID == chatID && it.messageID == messageID && it.state == "sent" {
			it.deleted = true
		}
	}
	o.deleted = append(o.deleted, flows.Deletion{ChatID: chatID, MessageID: messageID})
	return nil
}

func (o *fakeOutbox) NextDue(_ context.Context, now time.Time) (time.Time, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var due time.Time
	for _, it := range o.items {
		if it.state == "pending" && it.notBefore.After(now) && (due.IsZero() || it.notBefore.Before(due)) {
			due = it.notBefore
		}
	}
	return due, nil
}

func (o *fakeOutbox) Expire(_ context.Context, cutoff time.Time) (int, error) {
	defer o.notify()
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, it := range o.items {
		if it.state == "pending" && !it.created.IsZero() && !it.created.After(cutoff) {
			it.state = "dropped"
			it.reasons = append(it.reasons, "expired")
			n++
		}
	}
	return n, nil
}

// snapshot returns a copy of item id.
func (o *fakeOutbox) snapshot(id int64) fakeItem {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.item(id)
}

// settled reports whether every item is sent or dropped.
func (o *fakeOutbox) settled() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, it := range o.items {
		if it.state == "pending" {
			return false
		}
	}
	return true
}

func (o *fakeOutbox) waitSettled(t *testing.T) {
	t.Helper()
	o.waitFor(t, "every outbox item sent or dropped", o.settled)
}

func (o *fakeOutbox) RecentSends(_ context.Context, since time.Time) ([]flows.SentAt, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []flows.SentAt
	for _, s := range o.sends {
		if !s.At.Before(since) {
			out = append(out, s)
		}
	}
	return out, nil
}
