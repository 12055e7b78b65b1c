package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"lamsach/flows"
)

// PurgeReport counts what purging a commune removes, or would remove.
type PurgeReport struct {
	Commune        flows.Commune
	Records        int // deleted
	Imports        int // deleted
	Uploads        int // station uploads whose file and file name were dropped (rows kept)
	Exports        int // deleted
	Handovers      int // deleted
	Invites        int // deleted, with the villages they named
	Members        int // name and Telegram id blanked, deactivated (rows kept: the audit log names them)
	MemberVillages int // deleted
	Sessions       int // conversation states of the members' chats, deleted
	Leases         int // record leases, deleted
	OutboxDeleted  int // messages to the members not yet sent, deleted
	OutboxBlanked  int // messages already sent, text blanked (rows kept to delete them from the chats)
	Reminders      int // deleted
	AuditRedacted  int // audit entries whose values were blanked
}

// purgeStep is one table's part of a purge. The same condition counts the
// rows for the preview and picks them for the purge, so the preview says
// exactly what the purge does. In where, ?1 is the commune and ?2 now.
type purgeStep struct {
	table string
	where string
	set   string // "" deletes the rows; else the UPDATE's assignments
	count func(r *PurgeReport) *int
}

// memberChat is true for an outbox row sent to a member of the commune
// while they were one: chats are private, so the chat is the person, and a
// person who later joined another commune keeps that commune's messages.
const memberChat = `EXISTS (SELECT 1 FROM members m WHERE m.commune_id = ?1 AND m.telegram_id = outbox.chat_id
	AND outbox.created_at >= m.joined_at AND (m.left_at IS NULL OR outbox.created_at <= m.left_at))`

// purgeSteps run in this order: sessions, leases and messages are found
// through the members' Telegram ids and the records, so they go before
// those are blanked or deleted; records go before the imports, handovers
// and exports they refer to.
var purgeSteps = []purgeStep{
	{table: "leases", where: `member_id IN (SELECT id FROM members WHERE commune_id = ?1)
		OR record_id IN (SELECT id FROM records WHERE commune_id = ?1)`,
		count: func(r *PurgeReport) *int { return &r.Leases }},
	// A person who is now an active member elsewhere keeps their session:
	// it is that other commune's conversation.
	{table: "sessions", where: `user_id IN (SELECT telegram_id FROM members WHERE commune_id = ?1 AND telegram_id IS NOT NULL)
		AND user_id NOT IN (SELECT telegram_id FROM members WHERE commune_id <> ?1 AND active = 1 AND telegram_id IS NOT NULL)`,
		count: func(r *PurgeReport) *int { return &r.Sessions }},
	{table: "outbox", where: `state <> 'sent' AND ` + memberChat,
		count: func(r *PurgeReport) *int { return &r.OutboxDeleted }},
	// Sent rows stay: the sender still needs chat and message id to delete
	// a message carrying personal data from the chat when its time comes.
	{table: "outbox", where: `state = 'sent' AND (payload <> '{}' OR error <> '') AND ` + memberChat,
		set: `payload = '{}', error = ''`, count: func(r *PurgeReport) *int { return &r.OutboxBlanked }},
	{table: "records", where: `commune_id = ?1`, count: func(r *PurgeReport) *int { return &r.Records }},
	{table: "imports", where: `commune_id = ?1`, count: func(r *PurgeReport) *int { return &r.Imports }},
	// Upload rows are never deleted, so their ids are never reused and an
	// old preview button cannot name a newer upload (see PurgeUploads).
	{table: "pending_uploads", where: `commune_id = ?1 AND (length(data) > 0 OR file_name <> '')`,
		set: `data = x'', file_name = '', ended_at = coalesce(ended_at, ?2),
			status = CASE status WHEN 'pending' THEN 'cancelled' ELSE status END`,
		count: func(r *PurgeReport) *int { return &r.Uploads }},
	{table: "exports", where: `commune_id = ?1`, count: func(r *PurgeReport) *int { return &r.Exports }},
	{table: "handovers", where: `commune_id = ?1`, count: func(r *PurgeReport) *int { return &r.Handovers }},
	{table: "invite_villages", where: `commune_id = ?1`},
	{table: "invites", where: `commune_id = ?1`, count: func(r *PurgeReport) *int { return &r.Invites }},
	{table: "member_villages", where: `commune_id = ?1`, count: func(r *PurgeReport) *int { return &r.MemberVillages }},
	{table: "members", where: `commune_id = ?1 AND (name <> '' OR telegram_id IS NOT NULL OR active = 1)`,
		set:   `name = '', telegram_id = NULL, active = 0, left_at = coalesce(left_at, ?2)`,
		count: func(r *PurgeReport) *int { return &r.Members }},
	{table: "reminders", where: `commune_id = ?1`, count: func(r *PurgeReport) *int { return &r.Reminders }},
	// Earlier purge entries keep their counts: they are what lets the
	// verifier accept the entries purged before them.
	{table: "audit", where: `commune_id = ?1 AND purged = 0 AND action <> '` + purgeAction + `'`,
		set:   `old = '', new = '', reason = '', salt = '', purged = 1`,
		count: func(r *PurgeReport) *int { return &r.AuditRedacted }},
}

// purgedKey is the commune_settings key that marks a purged commune; its
// value is the time of the last purge in Unix milliseconds.
const purgedKey = "purged_at"

// PurgePreview counts what PurgeCommune would remove from commune
// communeID, changing nothing. Only the operator may.
func (tx *Tx) PurgePreview(ctx context.Context, actor flows.Actor, communeID int64) (PurgeReport, error) {
	r, err := tx.purge(ctx, actor, communeID, false)
	if err != nil {
		return PurgeReport{}, fmt.Errorf("purge preview: %w", err)
	}
	return r, nil
}

// PurgeCommune deletes the personal data of commune communeID once its
// campaign is over (DOMAIN.md §7): records, imports, exports, handovers,
// invites and the files and messages that carried the data; members are
// kept as blank, inactive rows; the commune's audit entries keep everything
// but their values, so the chain still verifies. The commune and its
// villages stay, marked purged. A "commune.purge" audit entry with the
// counts is written last. Only the operator may; an unknown commune is
// flows.ErrNotFound.
//
// Deleted rows linger in the file's free pages until DB.Vacuum; backups
// taken before still hold everything.
func (tx *Tx) PurgeCommune(ctx context.Context, actor flows.Actor, communeID int64) (PurgeReport, error) {
	r, err := tx.purge(ctx, actor, communeID, true)
	if err != nil {
		return PurgeReport{}, fmt.Errorf("purge commune: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO commune_settings (commune_id, key, value) VALUES (?, ?, ?)
		ON CONFLICT (commune_id, key) DO UPDATE SET value = excluded.value`,
		communeID, purgedKey, strconv.FormatInt(tx.now.UnixMilli(), 10))
	if err != nil {
		return PurgeReport{}, fmt.Errorf("purge commune: %w", err)
	}
	_, err = tx.Audit(ctx, actor, flows.AuditEntry{CommuneID: communeID, Action: purgeAction, Field: "records",
		New: strconv.Itoa(r.Records), Reason: r.summary(), Source: flows.SourceCLI})
	if err != nil {
		return PurgeReport{}, fmt.Errorf("purge commune: %w", err)
	}
	return r, nil
}

// purge counts (apply false) or carries out (apply true) every step.
func (tx *Tx) purge(ctx context.Context, actor flows.Actor, communeID int64, apply bool) (PurgeReport, error) {
	if !isOperator(actor) {
		return PurgeReport{}, flows.ErrForbidden
	}
	c, err := tx.Commune(ctx, communeID)
	if err != nil {
		return PurgeReport{}, err
	}
	r := PurgeReport{Commune: c}
	now := tx.now.UnixMilli()
	for _, s := range purgeSteps {
		n, err := tx.purgeStep(ctx, s, communeID, now, apply)
		if err != nil {
			return PurgeReport{}, fmt.Errorf("%s: %w", s.table, err)
		}
		if s.count != nil {
			*s.count(&r) += n
		}
	}
	return r, nil
}

// purgeStep counts or carries out one step. Both arguments are always
// passed: SQLite binds them by number, and a statement that names only ?1
// leaves ?2 unused.
func (tx *Tx) purgeStep(ctx context.Context, s purgeStep, communeID, now int64, apply bool) (int, error) {
	if !apply {
		var n int
		err := tx.queryRow(ctx, `SELECT count(*) FROM `+s.table+` WHERE `+s.where, communeID, now).Scan(&n)
		return n, err
	}
	q := `DELETE FROM ` + s.table + ` WHERE ` + s.where
	if s.set != "" {
		q = `UPDATE ` + s.table + ` SET ` + s.set + ` WHERE ` + s.where
	}
	res, err := tx.exec(ctx, q, communeID, now)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// summary is the report as the purge's audit entry keeps it: counts only.
func (r PurgeReport) summary() string {
	return fmt.Sprintf("records %d, imports %d, uploads %d, exports %d, handovers %d, invites %d, members %d, "+
		"sessions %d, leases %d, messages deleted %d, messages blanked %d, reminders %d, audit entries %d",
		r.Records, r.Imports, r.Uploads, r.Exports, r.Handovers, r.Invites, r.Members,
		r.Sessions, r.Leases, r.OutboxDeleted, r.OutboxBlanked, r.Reminders, r.AuditRedacted)
}

// PurgedCommunes returns when each purged commune was last purged, by id.
func (tx *Tx) PurgedCommunes(ctx context.Context) (map[int64]time.Time, error) {
	rows, err := tx.query(ctx, `SELECT commune_id, CAST(value AS INTEGER) FROM commune_settings WHERE key = ?`, purgedKey)
	if err != nil {
		return nil, fmt.Errorf("purged communes: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at sql.NullInt64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("purged communes: %w", err)
		}
		out[id] = fromMS(at)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("purged communes: %w", err)
	}
	return out, nil
}

// Vacuum rebuilds the database file so that deleted rows do not linger in
// its free pages, then copies the WAL into the file and truncates it, since
// the WAL still holds pages written before. It reports whether the WAL was
// emptied: a reader in another process (a running bot) can keep it.
//
// It takes the write connection for as long as the rebuild lasts.
func (db *DB) Vacuum(ctx context.Context) (walEmptied bool, err error) {
	if _, err := db.write.ExecContext(ctx, `VACUUM`); err != nil {
		return false, fmt.Errorf("vacuum: %w", err)
	}
	var busy, logFrames, checkpointed int
	err = db.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed)
	if err != nil {
		return false, fmt.Errorf("vacuum: checkpoint: %w", err)
	}
	return busy == 0, nil
}
