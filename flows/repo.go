package flows

import (
	"context"
	"time"
)

// Repo is what conversations need from durable storage, inside the one
// transaction that handles an update. The SQLite store implements it; every
// method checks the actor's access in its own queries.
type Repo interface {
	policeRepo
	stationRepo
	coordRepo

	// Now is the transaction's time, fixed when it began.
	Now() time.Time

	// MarkUpdate records that an update is being handled in this
	// transaction; false means it was already handled and must be skipped.
	MarkUpdate(ctx context.Context, updateID int64) (bool, error)
	// MarkPoison records an update that kept failing as handled, so it is
	// never retried; f says what failed and where, never the error's text.
	MarkPoison(ctx context.Context, updateID int64, f Fault) error
	// Enqueue writes outgoing messages to the outbox.
	Enqueue(ctx context.Context, updateID int64, outs []Out) error

	MemberByTelegram(ctx context.Context, telegramID int64) (Member, error)
	Member(ctx context.Context, id int64) (Member, error)
	Members(ctx context.Context, actor Actor, communeID int64) ([]Member, error)
	SetMemberLang(ctx context.Context, memberID int64, lang string) error
	RedeemInvite(ctx context.Context, code string, telegramID int64, name, lang string) (Member, error)

	Commune(ctx context.Context, id int64) (Commune, error)
	Villages(ctx context.Context, communeID int64) ([]Village, error)

	Record(ctx context.Context, actor Actor, id int64) (Record, error)
	UpdateRecord(ctx context.Context, actor Actor, rec Record, src Source, reason string) (Record, error)
	// Queue returns up to limit records of the actor's villages waiting for
	// review, returned ones first, skipping the ids in skip.
	Queue(ctx context.Context, actor Actor, skip []int64, limit int) ([]Record, error)
	// Counts returns how many records of the actor's scope are in each
	// state, per village (village id 0: unassigned).
	Counts(ctx context.Context, actor Actor) (map[int64]map[State]int, error)
	// FindRecords finds records of the actor's scope whose name key contains
	// nameKey, or whose ID number contains digits (one of the two is set).
	FindRecords(ctx context.Context, actor Actor, nameKey, digits string, limit int) ([]Record, error)
}
