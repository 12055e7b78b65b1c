package flows

import "time"

// Commune is one commune running the process; many share one server.
type Commune struct {
	ID       int64
	Name     string
	Deadline time.Time // zero when not set
	// Kind is KindCommune for a commune; a facility of step 6 has its own
	// kind and only reports vaccine passports.
	Kind    CommuneKind
	Created time.Time
}

// Village is a village, hamlet or residential group of a commune. Villages
// are data: they are renamed and merged.
type Village struct {
	ID        int64
	CommuneID int64
	Name      string
}

// Member is a person who joined a commune through an invite.
type Member struct {
	ID          int64
	CommuneID   int64
	Role        Role
	Villages    []int64 // for village members
	TelegramID  int64   // 0 until the invite is redeemed
	Name        string  // as Telegram gave it; personal data
	Lang        string  // "vi" or "en"
	Active      bool
	Unreachable bool // the person blocked the bot
	JoinedAt    time.Time
	// Facility is set for a member of a facility that signs vaccine
	// passports but does not clean data (step 6): they report step 5 only.
	Facility bool
}

// Actor is the member acting, for access checks.
func (m Member) Actor() Actor {
	return Actor{MemberID: m.ID, Role: m.Role, CommuneID: m.CommuneID, Villages: m.Villages}
}

// Invite is a single-use, expiring code that makes a member. Only a hash of
// the code is stored.
type Invite struct {
	ID        int64
	CommuneID int64
	Role      Role
	Villages  []int64
	CreatedBy int64 // member id; 0 for the operator
	ExpiresAt time.Time
	UsedBy    int64 // member id once redeemed
	UsedAt    time.Time
	// CodePrefix is the code's first characters, to tell invites apart in
	// a list; the code itself is shown once, when made.
	CodePrefix string
}
