package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"lamsach/flows"
)

const passportColumns = `p.commune_id, p.day, p.signed, p.none_pending, coalesce(p.member_id, 0),
	coalesce(m.name, ''), p.first_at, p.reported_at`

// passportFrom joins each report to the member who made it, for the name.
const passportFrom = ` FROM passport_reports p LEFT JOIN members m ON m.id = p.member_id`

func scanPassport(row scanner) (flows.PassportReport, error) {
	var r flows.PassportReport
	var first, at int64
	err := row.Scan(&r.CommuneID, &r.Day, &r.Signed, &r.NonePending, &r.MemberID, &r.By, &first, &at)
	r.FirstAt = fromMS(sql.NullInt64{Int64: first, Valid: true})
	r.At = fromMS(sql.NullInt64{Int64: at, Valid: true})
	return r, err
}

// PassportReport returns the unit's report of step 5 for day (yyyy-mm-dd),
// or flows.ErrNotFound. The operator and the unit's station members and
// coordinators may read it.
func (tx *Tx) PassportReport(ctx context.Context, actor flows.Actor, communeID int64, day string) (flows.PassportReport, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation, flows.RoleCoordinator); err != nil {
		return flows.PassportReport{}, fmt.Errorf("passport report: %w", err)
	}
	r, err := tx.passportReport(ctx, communeID, day)
	if err != nil {
		return flows.PassportReport{}, fmt.Errorf("passport report: %w", err)
	}
	return r, nil
}

func (tx *Tx) passportReport(ctx context.Context, communeID int64, day string) (flows.PassportReport, error) {
	r, err := scanPassport(tx.queryRow(ctx, `SELECT `+passportColumns+passportFrom+`
		WHERE p.commune_id = ? AND p.day = ?`, communeID, day))
	if errors.Is(err, sql.ErrNoRows) {
		return r, flows.ErrNotFound
	}
	return r, err
}

// SavePassportReport records r as its unit's report for r.Day, made by
// actor now, replacing the day's earlier report; the audit log gets the
// old and the new value. The operator and the unit's station members may
// report. A day that is no date, a negative or impossibly large count, or
// "none pending" with a count is refused.
func (tx *Tx) SavePassportReport(ctx context.Context, actor flows.Actor, r flows.PassportReport) error {
	fail := func(err error) error { return fmt.Errorf("save passport report: %w", err) }
	if err := tx.authorize(ctx, actor, r.CommuneID, flows.RoleStation); err != nil {
		return fail(err)
	}
	if _, err := time.Parse(time.DateOnly, r.Day); err != nil {
		return fail(fmt.Errorf("day %q is not yyyy-mm-dd", r.Day))
	}
	if r.Signed < 0 || r.Signed > flows.PassportMax || (r.NonePending && r.Signed != 0) {
		return fail(fmt.Errorf("count %d (none pending %t) is not a report", r.Signed, r.NonePending))
	}
	old, err := tx.passportReport(ctx, r.CommuneID, r.Day)
	if err != nil && !errors.Is(err, flows.ErrNotFound) {
		return fail(err)
	}
	prev := ""
	if err == nil {
		prev = old.Value()
	}
	_, err = tx.exec(ctx, `INSERT INTO passport_reports (commune_id, day, signed, none_pending, member_id, first_at, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (commune_id, day) DO UPDATE SET signed = excluded.signed, none_pending = excluded.none_pending,
			member_id = excluded.member_id, reported_at = excluded.reported_at`,
		r.CommuneID, r.Day, r.Signed, r.NonePending, nullID(actor.MemberID), tx.now.UnixMilli(), tx.now.UnixMilli())
	if err != nil {
		return fail(err)
	}
	err = tx.record(ctx, actor, flows.AuditEntry{CommuneID: r.CommuneID, Action: "passport.report", Field: "signed",
		Old: prev, New: r.Value(), Reason: "day " + r.Day, Source: sourceOf(actor)})
	if err != nil {
		return fail(err)
	}
	return nil
}

// PassportMonth returns the unit's reports of month (yyyy-mm), by day. The
// operator and the unit's station members and coordinators may read them.
func (tx *Tx) PassportMonth(ctx context.Context, actor flows.Actor, communeID int64, month string) ([]flows.PassportReport, error) {
	if err := tx.authorize(ctx, actor, communeID, flows.RoleStation, flows.RoleCoordinator); err != nil {
		return nil, fmt.Errorf("passport month: %w", err)
	}
	if _, err := time.Parse("2006-01", month); err != nil {
		return nil, fmt.Errorf("passport month: %q is not yyyy-mm", month)
	}
	// Days are text in one form, so a month is a range of them.
	out, err := queryAll(ctx, tx, scanPassport, `SELECT `+passportColumns+passportFrom+`
		WHERE p.commune_id = ? AND p.day >= ? AND p.day <= ? ORDER BY p.day`, communeID, month+"-01", month+"-31")
	if err != nil {
		return nil, fmt.Errorf("passport month: %w", err)
	}
	return out, nil
}

// DuePassportReminders returns the units (communes and facilities) to
// remind of day's report: no report for day, no reminder of day yet, and
// an active station member the bot can reach. Only the operator (the
// clock) may ask.
func (tx *Tx) DuePassportReminders(ctx context.Context, actor flows.Actor, day string) ([]flows.Commune, error) {
	if !isOperator(actor) {
		return nil, fmt.Errorf("due passport reminders: %w", flows.ErrForbidden)
	}
	out, err := queryAll(ctx, tx, scanCommune, `SELECT `+communeColumns+` FROM communes c
		WHERE NOT EXISTS (SELECT 1 FROM passport_reports p WHERE p.commune_id = c.id AND p.day = ?1)
		AND NOT EXISTS (SELECT 1 FROM passport_reminders r WHERE r.commune_id = c.id AND r.day = ?1)
		AND EXISTS (SELECT 1 FROM members m WHERE m.commune_id = c.id AND m.role = 'station' AND m.active = 1
			AND m.telegram_id IS NOT NULL AND m.unreachable = 0)
		ORDER BY c.id`, day)
	if err != nil {
		return nil, fmt.Errorf("due passport reminders: %w", err)
	}
	return out, nil
}

// ClaimPassportReminder records that the unit's reminder to report day
// goes out now; false, writing nothing, when one was already recorded, so
// a restart or a second replica never reminds twice. Only the operator
// (the clock) may.
func (tx *Tx) ClaimPassportReminder(ctx context.Context, actor flows.Actor, communeID int64, day string) (bool, error) {
	if !isOperator(actor) {
		return false, fmt.Errorf("claim passport reminder: %w", flows.ErrForbidden)
	}
	res, err := tx.exec(ctx, `INSERT OR IGNORE INTO passport_reminders (commune_id, day, sent_at) VALUES (?, ?, ?)`,
		communeID, day, tx.now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("claim passport reminder: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim passport reminder: %w", err)
	}
	return n == 1, nil
}

// LastPassportDays returns, per unit that ever reported, the last day it
// reported (yyyy-mm-dd). Only the operator may ask.
func (tx *Tx) LastPassportDays(ctx context.Context, actor flows.Actor) (map[int64]string, error) {
	if !isOperator(actor) {
		return nil, fmt.Errorf("last passport days: %w", flows.ErrForbidden)
	}
	type last struct {
		id  int64
		day string
	}
	rows, err := queryAll(ctx, tx, func(s scanner) (last, error) {
		var l last
		return l, s.Scan(&l.id, &l.day)
	}, `SELECT commune_id, max(day) FROM passport_reports GROUP BY commune_id`)
	if err != nil {
		return nil, fmt.Errorf("last passport days: %w", err)
	}
	out := map[int64]string{}
	for _, l := range rows {
		out[l.id] = l.day
	}
	return out, nil
}
