package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"lamsach/flows"
)

// memberColumns are read from the members table, unaliased: whether the
// member's unit is a facility (step 6) comes along, so every member loaded
// says which conversation they have.
const memberColumns = `id, commune_id, role, telegram_id, name, lang, active, unreachable, joined_at,
	(SELECT c.kind <> 'commune' FROM communes c WHERE c.id = members.commune_id)`

// scanMember reads one row of memberColumns; the villages are loaded apart.
func scanMember(row interface{ Scan(...any) error }) (flows.Member, error) {
	var m flows.Member
	var role string
	var tg sql.NullInt64
	var joined int64
	err := row.Scan(&m.ID, &m.CommuneID, &role, &tg, &m.Name, &m.Lang, &m.Active, &m.Unreachable, &joined, &m.Facility)
	m.Role, m.TelegramID = flows.Role(role), tg.Int64
	m.JoinedAt = fromMS(sql.NullInt64{Int64: joined, Valid: true})
	return m, err
}

// withVillages fills in a village member's villages.
func (tx *Tx) withVillages(ctx context.Context, m *flows.Member) error {
	if m.Role != flows.RoleVillage {
		return nil
	}
	rows, err := tx.query(ctx, `SELECT village_id FROM member_villages WHERE member_id = ? ORDER BY village_id`, m.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	m.Villages = nil
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return err
		}
		m.Villages = append(m.Villages, v)
	}
	return rows.Err()
}

// oneMember runs a query for at most one member and loads its villages.
func (tx *Tx) oneMember(ctx context.Context, query string, args ...any) (flows.Member, error) {
	m, err := scanMember(tx.queryRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return flows.Member{}, flows.ErrNotFound
	}
	if err != nil {
		return flows.Member{}, err
	}
	if err := tx.withVillages(ctx, &m); err != nil {
		return flows.Member{}, err
	}
	return m, nil
}

// MemberByTelegram returns the member a Telegram user is: the active
// membership when there is one, else the latest revoked one (Active false),
// so the bot can tell a revoked person from a stranger. A user who never
// joined is flows.ErrNotFound. Callers must check Active before acting for
// the member; the store's own access checks do too.
func (tx *Tx) MemberByTelegram(ctx context.Context, telegramID int64) (flows.Member, error) {
	m, err := tx.oneMember(ctx, `SELECT `+memberColumns+` FROM members WHERE telegram_id = ?
		ORDER BY active DESC, id DESC LIMIT 1`, telegramID)
	if err != nil {
		return flows.Member{}, fmt.Errorf("member by telegram: %w", err)
	}
	return m, nil
}

// Member returns the member with id, or flows.ErrNotFound.
func (tx *Tx) Member(ctx context.Context, id int64) (flows.Member, error) {
	m, err := tx.oneMember(ctx, `SELECT `+memberColumns+` FROM members WHERE id = ?`, id)
	if err != nil {
		return flows.Member{}, fmt.Errorf("member: %w", err)
	}
	return m, nil
}

// Members returns the members of a commune, active ones first, then by role
// and joining time. The operator and the commune's coordinators may list
// them: names are personal data.
func (tx *Tx) Members(ctx context.Context, actor flows.Actor, communeID int64) ([]flows.Member, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleCoordinator); err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+memberColumns+` FROM members WHERE commune_id = ?
		ORDER BY active DESC, role, joined_at, id`, communeID)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	var out []flows.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("members: %w", err)
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	// Villages are loaded after the member rows are closed: one query at a
	// time on the transaction's connection keeps the driver simple.
	for i := range out {
		if err := tx.withVillages(ctx, &out[i]); err != nil {
			return nil, fmt.Errorf("members: %w", err)
		}
	}
	return out, nil
}

// langOf maps Telegram's language_code to the languages lamsach speaks:
// English for "en", "en-US"…, Vietnamese otherwise.
func langOf(code string) string {
	if strings.HasPrefix(strings.ToLower(code), "en") {
		return "en"
	}
	return "vi"
}

// setVillages replaces a village member's villages.
func (tx *Tx) setVillages(ctx context.Context, memberID, communeID int64, villages []int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM member_villages WHERE member_id = ?`, memberID); err != nil {
		return err
	}
	for _, v := range villages {
		if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO member_villages (member_id, commune_id, village_id) VALUES (?, ?, ?)`,
			memberID, communeID, v); err != nil {
			return err
		}
	}
	return nil
}
