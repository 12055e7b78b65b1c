package flows

import (
	"context"
	"time"
)

// Repo is everything the conversations need from durable storage, inside
// the one transaction that handles an update. The SQLite store implements
// it; every method checks the actor's access in its own queries. Each
// role's handler sees only its own narrow part (villageRepo, policeRepo,
// stationRepo, coordRepo, joinRepo, and passportRepo for the daily report
// of vaccine passports), so a handler's reads and writes are named by its
// type and a test can fake just those.
type Repo interface {
	engineRepo
	villageRepo
	policeRepo
	stationRepo
	coordRepo
	joinRepo
	clockRepo
	passportRepo
}

// engineRepo is what the Engine itself writes around a turn.
type engineRepo interface {
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
	// ClaimGroupNotice records that a group chat is told today (day,
	// yyyy-mm-dd local) that the bot works only in private chats; false
	// when it was told already that day.
	ClaimGroupNotice(ctx context.Context, chatID int64, day string) (bool, error)
	MemberByTelegram(ctx context.Context, telegramID int64) (Member, error)
}

// commonRepo is what every member's handler reads: the people, the
// commune, its villages and the counts of records in the member's scope.
type commonRepo interface {
	Member(ctx context.Context, id int64) (Member, error)
	SetMemberLang(ctx context.Context, memberID int64, lang string) error
	Commune(ctx context.Context, id int64) (Commune, error)
	Villages(ctx context.Context, communeID int64) ([]Village, error)
	// Counts returns how many records of the actor's scope are in each
	// state, per village (village id 0: unassigned).
	Counts(ctx context.Context, actor Actor) (map[int64]map[State]int, error)
}

// recordRepo is what the record editor the village and the police share
// needs: reading a record and making a move of the lifecycle.
type recordRepo interface {
	commonRepo
	Record(ctx context.Context, actor Actor, id int64) (Record, error)
	// ChangeRecord applies one action to one record, as Lifecycle allows
	// it for the record's state and the actor's role, at ch.Version.
	ChangeRecord(ctx context.Context, actor Actor, ch Change) (Record, error)
	// SameID returns the other records of the actor's commune holding ID
	// number (never record exclude).
	SameID(ctx context.Context, actor Actor, number string, exclude int64) ([]Twin, error)
}

// villageRepo is what a village member's review needs.
type villageRepo interface {
	recordRepo
	// Queue returns up to limit records of the actor's villages waiting for
	// review, returned ones first, skipping the ids in skip.
	Queue(ctx context.Context, actor Actor, skip []int64, limit int) ([]Record, error)
	// FindRecords finds records of the actor's scope whose name key contains
	// nameKey, or whose ID number contains digits (one of the two is set).
	FindRecords(ctx context.Context, actor Actor, nameKey, digits string, limit int) ([]Record, error)
}

// joinRepo is what joining through an invite link needs.
type joinRepo interface {
	commonRepo
	RedeemInvite(ctx context.Context, code string, telegramID int64, name, lang string) (Member, error)
	// PeekInvite returns the invite a code names without using it, and
	// why it could not be used now.
	PeekInvite(ctx context.Context, code string) (Invite, error)
	// Members lists the commune's members (the coordinators are told of a
	// role change).
	Members(ctx context.Context, actor Actor, communeID int64) ([]Member, error)
}
