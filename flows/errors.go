package flows

import "errors"

// Sentinel errors returned by the storage implementations. They are system
// answers, not a person's mistake: conversations turn each into a clear message.
var (
	// ErrNotFound means the thing asked for does not exist (or is outside the
	// caller's commune, which must look the same to the caller).
	ErrNotFound = errors.New("not found")
	// ErrConflict means a write named a version that is no longer current.
	ErrConflict = errors.New("version conflict")
	// ErrForbidden means the actor may not read or change the thing.
	ErrForbidden = errors.New("forbidden")
	// ErrInviteInvalid means no invite has this code.
	ErrInviteInvalid = errors.New("invite code unknown")
	// ErrInviteUsed means the invite was already redeemed.
	ErrInviteUsed = errors.New("invite code already used")
	// ErrInviteExpired means the invite is past its expiry time.
	ErrInviteExpired = errors.New("invite code expired")
	// ErrInviteCancelled means the invite was cancelled, or was made
	// before the person opening it was revoked.
	ErrInviteCancelled = errors.New("invite cancelled")
	// ErrExists means a unique name is already taken (a commune, a village).
	ErrExists = errors.New("already exists")
)
