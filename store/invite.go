package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"lamsach/flows"
)

// inviteBytes is the code's entropy: 144 bits, 24 characters of base64url,
// well inside Telegram's 64-character deep-link limit ([A-Za-z0-9_-]).
const inviteBytes = 18

// codePrefixLen is how much of a code is kept to tell invites apart in a
// list: 24 of its 144 bits.
const codePrefixLen = 4

// hashCode is what the database keeps of an invite code. A plain SHA-256
// is enough: the code is random, not a password that could be guessed.
func hashCode(code string) []byte {
	h := sha256.Sum256([]byte(code))
	return h[:]
}

// CreateInvite makes a single-use invite to commune communeID with role,
// valid for ttl, and returns its code. Only the code's hash is stored, so
// the code is shown once, here. The operator and the commune's coordinators
// may invite. A village invite names one or more villages of the commune;
// other roles name none. A facility (step 6) takes station invites only:
// any other is flows.ErrNotCleaning.
func (tx *Tx) CreateInvite(ctx context.Context, actor flows.Actor, communeID int64, role flows.Role, villages []int64, ttl time.Duration) (string, flows.Invite, error) {
	fail := func(err error) (string, flows.Invite, error) {
		return "", flows.Invite{}, fmt.Errorf("create invite: %w", err)
	}
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return fail(err)
	}
	c, err := tx.Commune(ctx, communeID)
	if err != nil {
		return fail(err)
	}
	switch {
	case c.Kind.Facility() && role != flows.RoleStation:
		// A facility signs vaccine passports and cleans no data: nobody
		// there reviews, confirms or coordinates records.
		return fail(fmt.Errorf("%s invite: %w", role, flows.ErrNotCleaning))
	case !role.Valid():
		return fail(fmt.Errorf("unknown role %q", role))
	case ttl <= 0:
		return fail(errors.New("the lifetime must be positive"))
	case role == flows.RoleVillage && len(villages) == 0:
		return fail(errors.New("a village invite needs at least one village"))
	case role != flows.RoleVillage && len(villages) > 0:
		return fail(fmt.Errorf("a %s invite takes no village", role))
	}
	villages = slices.Compact(slices.Sorted(slices.Values(villages)))
	for _, v := range villages {
		if err := tx.checkVillage(ctx, communeID, v); err != nil {
			return fail(err)
		}
	}
	code, err := newInviteCode()
	if err != nil {
		return fail(err)
	}
	inv := flows.Invite{CommuneID: communeID, Role: role, Villages: villages, CreatedBy: actor.MemberID,
		ExpiresAt: tx.now.Add(ttl), CodePrefix: code[:codePrefixLen]}
	res, err := tx.exec(ctx, `INSERT INTO invites (code_hash, code_prefix, commune_id, role, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, hashCode(code), inv.CodePrefix, communeID, string(role), nullID(actor.MemberID),
		tx.now.UnixMilli(), inv.ExpiresAt.UnixMilli())
	if err != nil {
		return fail(err)
	}
	if inv.ID, err = res.LastInsertId(); err != nil {
		return fail(err)
	}
	for _, v := range villages {
		if _, err := tx.exec(ctx, `INSERT INTO invite_villages (invite_id, commune_id, village_id) VALUES (?, ?, ?)`,
			inv.ID, communeID, v); err != nil {
			return fail(err)
		}
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: communeID, Action: "invite.create", Field: "role",
		New: string(role), Reason: "invite " + strconv.FormatInt(inv.ID, 10) + villageText(villages), Source: sourceOf(actor)})
	if err != nil {
		return fail(err)
	}
	return code, inv, nil
}

// newInviteCode draws a fresh random invite code.
func newInviteCode() (string, error) {
	raw := make([]byte, inviteBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	// The first character is then a letter, never "-" or "_": a code is
	// typed after flags on the command line (invite cancel), where a
	// leading "-" would read as one. One bit of the 144 is given up.
	raw[0] &= 0x7f
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// villageText lists village ids for the audit log.
func villageText(vs []int64) string {
	if len(vs) == 0 {
		return ""
	}
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.FormatInt(v, 10)
	}
	return ", villages " + strings.Join(s, ",")
}

// RedeemInvite turns an invite code into a membership for a Telegram user
// and uses the invite up. An unknown code is flows.ErrInviteInvalid, a used
// one flows.ErrInviteUsed, an expired one flows.ErrInviteExpired, a
// cancelled one ErrInviteCancelled (which is also flows.ErrInviteExpired).
// A Telegram account that was ever revoked can use only an invite made
// after its last revocation: an older one counts as cancelled, so a link
// handed to someone before they were revoked does not let them back in.
//
// A user who is already an active member of the same commune takes the
// invite's role and villages, keeping their member id (that is how a
// coordinator changes someone's role). A user who is an active member of
// another commune gets flows.ErrExists and the invite stays unused: one
// person, one commune, until revoked. A revoked member who is invited again
// becomes a new member.
func (tx *Tx) RedeemInvite(ctx context.Context, code string, telegramID int64, name, lang string) (flows.Member, error) {
	fail := func(err error) (flows.Member, error) { return flows.Member{}, fmt.Errorf("redeem invite: %w", err) }
	if code == "" || len(code) > 64 {
		return fail(flows.ErrInviteInvalid)
	}
	if telegramID <= 0 {
		return fail(errors.New("no telegram user"))
	}
	inv, err := tx.inviteByCode(ctx, code)
	if err != nil {
		return fail(err)
	}
	if err := inv.open(tx.now); err != nil {
		return fail(err)
	}
	if revoked, err := tx.revokedSince(ctx, telegramID, inv.createdAt); err != nil {
		return fail(err)
	} else if revoked {
		return fail(ErrInviteCancelled)
	}
	m, err := tx.MemberByTelegram(ctx, telegramID)
	switch {
	case errors.Is(err, flows.ErrNotFound) || (err == nil && !m.Active):
		m, err = tx.addMember(ctx, inv.Invite, telegramID, name, lang)
	case err != nil:
	case m.CommuneID != inv.CommuneID:
		err = flows.ErrExists
	default:
		m, err = tx.changeRole(ctx, m, inv.Invite, name)
	}
	if err != nil {
		return fail(err)
	}
	if _, err := tx.exec(ctx, `UPDATE invites SET used_by = ?, used_at = ? WHERE id = ?`, m.ID, tx.now.UnixMilli(), inv.ID); err != nil {
		return fail(err)
	}
	err = tx.record(ctx, m.Actor(), flows.AuditEntry{CommuneID: m.CommuneID, Action: "invite.redeem", Field: "role",
		New: string(m.Role), Reason: "invite " + strconv.FormatInt(inv.ID, 10), Source: flows.SourceChat})
	if err != nil {
		return fail(err)
	}
	// Read back as every member is loaded, so the new member comes with
	// what their unit is (a facility has only the passport report).
	if m, err = tx.Member(ctx, m.ID); err != nil {
		return fail(err)
	}
	return m, nil
}

// storedInvite is an invite with what only the store needs of it.
type storedInvite struct {
	flows.Invite
	createdAt, cancelledAt time.Time
}

// open says why an invite cannot be used at now, or nil when it can.
func (inv storedInvite) open(now time.Time) error {
	switch {
	case inv.UsedBy != 0:
		return flows.ErrInviteUsed
	case !inv.cancelledAt.IsZero():
		return ErrInviteCancelled
	case !now.Before(inv.ExpiresAt):
		return flows.ErrInviteExpired
	}
	return nil
}

// inviteColumns are the columns scanInvite reads.
const inviteColumns = `id, commune_id, role, created_by, created_at, expires_at, used_by, used_at, cancelled_at, code_prefix`

// scanInvite reads one row of inviteColumns; the villages are loaded apart.
func scanInvite(row scanner) (storedInvite, error) {
	var inv storedInvite
	var role string
	var createdBy, usedBy, usedAt, cancelledAt sql.NullInt64
	var created, expires int64
	err := row.Scan(&inv.ID, &inv.CommuneID, &role, &createdBy, &created, &expires, &usedBy, &usedAt,
		&cancelledAt, &inv.CodePrefix)
	inv.Role, inv.CreatedBy, inv.UsedBy = flows.Role(role), createdBy.Int64, usedBy.Int64
	inv.createdAt = fromMS(sql.NullInt64{Int64: created, Valid: true})
	inv.ExpiresAt = fromMS(sql.NullInt64{Int64: expires, Valid: true})
	inv.UsedAt, inv.cancelledAt = fromMS(usedAt), fromMS(cancelledAt)
	return inv, err
}

// inviteByCode loads the invite a code names, villages included.
func (tx *Tx) inviteByCode(ctx context.Context, code string) (storedInvite, error) {
	return tx.oneInvite(ctx, `code_hash = ?`, hashCode(code))
}

// oneInvite loads the invite a condition names, villages included;
// flows.ErrInviteInvalid when there is none.
func (tx *Tx) oneInvite(ctx context.Context, cond string, args ...any) (storedInvite, error) {
	inv, err := scanInvite(tx.queryRow(ctx, `SELECT `+inviteColumns+` FROM invites WHERE `+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, flows.ErrInviteInvalid
	}
	if err != nil {
		return inv, err
	}
	inv.Villages, err = tx.ids(ctx, `SELECT village_id FROM invite_villages WHERE invite_id = ? ORDER BY village_id`, inv.ID)
	return inv, err
}

// addMember makes a new member from an invite.
func (tx *Tx) addMember(ctx context.Context, inv flows.Invite, telegramID int64, name, lang string) (flows.Member, error) {
	m := flows.Member{CommuneID: inv.CommuneID, Role: inv.Role, Villages: inv.Villages, TelegramID: telegramID,
		Name: cleanName(name), Lang: langOf(lang), Active: true, JoinedAt: tx.now}
	res, err := tx.exec(ctx, `INSERT INTO members (commune_id, role, telegram_id, name, lang, joined_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.CommuneID, string(m.Role), telegramID, m.Name, m.Lang, tx.now.UnixMilli())
	if err != nil {
		return m, err
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return m, err
	}
	return m, tx.setVillages(ctx, m.ID, m.CommuneID, m.Villages)
}

// changeRole gives an active member the role and villages of a new invite
// to their own commune.
func (tx *Tx) changeRole(ctx context.Context, m flows.Member, inv flows.Invite, name string) (flows.Member, error) {
	if n := cleanName(name); n != "" {
		m.Name = n
	}
	if _, err := tx.exec(ctx, `UPDATE members SET role = ?, name = ? WHERE id = ?`, string(inv.Role), m.Name, m.ID); err != nil {
		return m, err
	}
	if m.Role != inv.Role {
		err := tx.record(ctx, m.Actor(), flows.AuditEntry{CommuneID: m.CommuneID, Action: "member.role", Field: "role",
			Old: string(m.Role), New: string(inv.Role), Source: flows.SourceChat})
		if err != nil {
			return m, err
		}
	}
	m.Role, m.Villages = inv.Role, inv.Villages
	return m, tx.setVillages(ctx, m.ID, m.CommuneID, m.Villages)
}
