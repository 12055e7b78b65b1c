package flows

import (
	"context"
	"time"
)

// Sessions keeps what must be shared between replicas but need not be
// durable: each person's conversation state, record leases and the ids of
// updates already seen. SQLite (the embedded default) and Redis implement it.
type Sessions interface {
	// Get returns the saved conversation state of a Telegram user, or nil
	// when there is none or it was idle longer than the store's idle expiry.
	Get(ctx context.Context, userID int64) ([]byte, error)
	// Put saves the conversation state and restarts its idle expiry.
	Put(ctx context.Context, userID int64, state []byte) error
	// Drop forgets the conversation state.
	Drop(ctx context.Context, userID int64) error

	// Lease gives record recordID to member for ttl, or renews it when the
	// member already holds it. It returns the member holding the lease after
	// the call: member itself on success, someone else when taken.
	Lease(ctx context.Context, recordID, member int64, ttl time.Duration) (holder int64, err error)
	// Release ends member's lease on the record; releasing a lease held by
	// someone else does nothing.
	Release(ctx context.Context, recordID, member int64) error

	// Seen reports whether an update was marked handled. It is a fast
	// filter in front of the durable record of handled updates, which stays
	// the authority: a miss here only costs a transaction.
	Seen(ctx context.Context, updateID int64) (bool, error)
	// MarkSeen records, after its transaction committed, that an update was
	// handled, for ttl. Marking before the commit could lose the update if
	// the process stopped in between; a store that joins the update's
	// transaction (UpdateJoiner) is marked in it, and commits with it.
	MarkSeen(ctx context.Context, updateID int64, ttl time.Duration) error
}
