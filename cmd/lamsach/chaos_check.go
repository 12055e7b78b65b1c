package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"lamsach/bot/telegramtest"
)

// outboxRow is one outgoing action as the database recorded it.
type outboxRow struct {
	id, chat, update int64
	kind, state      string
	message          int
	reason           string
}

// creates reports whether the row makes a new message in the chat (edits
// and command menus do not).
func (o outboxRow) creates() bool {
	return o.kind == "send" || o.kind == "file" || o.kind == "photo"
}

// chaosDB is what the checks read from the database once the server is
// stopped.
type chaosDB struct {
	outcome map[int64]string         // processed_updates: update → ok or poison
	replies map[int64][]outboxRow    // by update
	byChat  map[int64][]outboxRow    // rows that make a message, by chat, in outbox order
	applied map[string]map[int64]int // state entered ("reviewed", "confirmed") → record → times
}

// openRead opens the database for reading only, beside a running server.
func openRead(path string) (*sql.DB, error) {
	return sql.Open("sqlite", path+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)")
}

// pendingOutbox counts the outgoing actions not yet sent nor dropped.
func pendingOutbox(ctx context.Context, path string) (int, error) {
	db, err := openRead(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = 'pending'`).Scan(&n)
	return n, err
}

// readChaosDB reads the outcome of every update, the outbox and the state
// changes of the audit log, and runs PRAGMA integrity_check.
func readChaosDB(ctx context.Context, path string) (*chaosDB, string, error) {
	db, err := openRead(path)
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	var integrity []string
	if err := eachRow(ctx, db, `PRAGMA integrity_check`, func(r *sql.Rows) error {
		var s string
		integrity = append(integrity, s)
		return r.Scan(&integrity[len(integrity)-1])
	}); err != nil {
		return nil, "", fmt.Errorf("integrity check: %w", err)
	}
	d := &chaosDB{outcome: map[int64]string{}, replies: map[int64][]outboxRow{}, byChat: map[int64][]outboxRow{},
		applied: map[string]map[int64]int{"reviewed": {}, "confirmed": {}}}
	err = eachRow(ctx, db, `SELECT update_id, outcome FROM processed_updates`, func(r *sql.Rows) error {
		var id int64
		var o string
		err := r.Scan(&id, &o)
		d.outcome[id] = o
		return err
	})
	if err == nil {
		err = eachRow(ctx, db, `SELECT id, chat_id, kind, coalesce(update_id, 0), state, coalesce(message_id, 0), error
			FROM outbox ORDER BY id`, func(r *sql.Rows) error {
			var o outboxRow
			if err := r.Scan(&o.id, &o.chat, &o.kind, &o.update, &o.state, &o.message, &o.reason); err != nil {
				return err
			}
			d.replies[o.update] = append(d.replies[o.update], o)
			if o.creates() {
				d.byChat[o.chat] = append(d.byChat[o.chat], o)
			}
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, `SELECT record_id, new FROM audit WHERE field = 'state' AND new IN ('reviewed', 'confirmed')`,
			func(r *sql.Rows) error {
				var rec int64
				var state string
				err := r.Scan(&rec, &state)
				d.applied[state][rec]++
				return err
			})
	}
	if err != nil {
		return nil, "", fmt.Errorf("read the database: %w", err)
	}
	return d, strings.Join(integrity, "; "), nil
}

func eachRow(ctx context.Context, db *sql.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// auditVerify runs "lamsach audit verify" on the database, as an operator
// would, and returns its verdict and output.
func (c *chaos) auditVerify(ctx context.Context) (bool, string) {
	cmd := exec.CommandContext(ctx, c.cfg.Bin, "--db", c.db, "audit", "verify")
	cmd.Env, cmd.Dir = childEnv(c.cfg.Env), c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return err == nil, strings.TrimSpace(strings.SplitN(out.String(), "\n", 2)[0])
}

// check reads the outcome and judges it.
func (c *chaos) check(ctx context.Context) (*chaosReport, error) {
	d, integrity, err := readChaosDB(ctx, c.db)
	if err != nil {
		return nil, err
	}
	r := newChaosReport(c)
	r.Integrity = integrity
	r.AuditOK, r.Audit = c.auditVerify(ctx)
	for _, p := range c.people {
		chat := d.byChat[p.ChatID()]
		r.judgeActs(p.ChatID(), p.acts, p.police, p.Messages(), chat, d)
		r.judgeChat(chat)
	}
	r.judgeEffects(d)
	r.timings(c)
	for _, a := range c.tg.AllSent() {
		if a.Early {
			r.Early++
		}
	}
	for _, v := range c.tg.Violations() {
		r.Violations[v.Rule]++
	}
	return r, nil
}

// judgeActs checks each of a person's acts: its update handled once, and
// the person shown exactly the replies it queued, ending with one final
// reply (after at most one acknowledgement of a save, or the privacy
// notice on joining). The replies of an act are the messages the outbox
// records as its update's, whenever they came, and the messages no outbox
// item records (second copies) that came between it and the person's next
// act. A reply is judged by what sent it, not by when it came: after a
// second copy the person takes the recorded reply that follows as the
// answer to their next act and stays one reply behind for a while, which
// is no loss and must not make every later act look answered twice.
func (r *chaosReport) judgeActs(chatID int64, acts []chaosAct, police bool, msgs []telegramtest.Message, chat []outboxRow, d *chaosDB) {
	recorded := map[int]int64{} // message → the update whose outbox item records it as sent
	for _, o := range chat {
		if o.state == "sent" {
			recorded[o.message] = o.update
		}
	}
	present := map[int]bool{}
	for _, m := range msgs {
		present[m.ID] = true
	}
	for i, act := range acts {
		end := len(msgs)
		if i+1 < len(acts) {
			end = min(end, acts[i+1].From)
		}
		var seg []telegramtest.Message
		for j, m := range msgs[min(act.From, len(msgs)):] {
			u, ok := recorded[m.ID]
			if (ok && u == act.Update) || (!ok && act.From+j < end) {
				seg = append(seg, m)
			}
		}
		r.Updates++
		switch d.outcome[act.Update] {
		case "ok":
			r.Handled++
		case "poison":
			r.lose(act, "set aside", "")
			continue
		default:
			r.lose(act, "never handled", "")
			continue
		}
		r.judgeReplies(act, chatID, seg, d.replies[act.Update], recorded, present)
		r.countAcks(police, act, seg, recorded, d.replies[act.Update])
	}
}

// judgeReplies compares what an act's update queued with what reached the
// chat. A reply recorded as sent must be in the chat; one still queued is
// lost; one given up on (dropped) is lost unless it arrived all the same,
// as a message no outbox item records, or the person was told it may be
// missing (the store's notice after an uncertain send: reported). Any other message nobody records
// among the act's replies is a second copy of one sent again after a
// crash. A notice the update sent to another chat must have been sent.
func (r *chaosReport) judgeReplies(act chaosAct, chat int64, seg []telegramtest.Message, rows []outboxRow,
	recorded map[int]int64, present map[int]bool) {
	lost, dropped := r.outcomes(chat, rows, present)
	unrecorded, finals, interims, told := 0, 0, 0, false
	for _, m := range seg {
		if _, ok := recorded[m.ID]; !ok {
			unrecorded++
		}
		switch {
		case isSessionLost(m) && !act.tap():
			// A command after the sessions were lost: the notice, then
			// the command's own answer.
		case isUncertainNotice(m):
			told = true
		case isInterim(m):
			interims++
		default:
			finals++
		}
	}
	arrived := min(unrecorded, dropped)
	if told {
		// The person was told a reply may be missing and how to see it
		// again: reported, not lost. The notice answers the act when
		// nothing else did.
		r.Reported += dropped - arrived
		arrived = dropped
		finals = max(finals, 1)
	}
	for range dropped - arrived {
		lost = append(lost, "reply dropped")
	}
	copies := unrecorded - arrived
	r.Copies += copies
	switch {
	case len(lost) > 0:
		r.lose(act, lost[0], fmt.Sprintf("%v", lost))
	case copies > 0:
		r.doubleCopy(act, fmt.Sprintf("%d replies shown, %d of them second copies", len(seg), copies))
	case finals != 1 || interims > 1 || (interims == 1 && !act.tap() && act.Kind != "start"):
		// Each reply sent once, yet not the shape of one answer: the bot
		// itself answered twice.
		r.double(act, fmt.Sprintf("%d final and %d interim replies shown", finals, interims))
	default:
		r.Answered++
	}
}

// outcomes counts what became of an act's replies: the losses seen in the
// outbox alone, and how many replies to the act's own chat were dropped
// (maybe delivered all the same: judgeReplies looks).
func (r *chaosReport) outcomes(chat int64, rows []outboxRow, present map[int]bool) (lost []string, dropped int) {
	for _, o := range rows {
		r.Replies++
		switch {
		case o.state == "sent":
			r.Delivered++
			if o.chat == chat && o.creates() && !present[o.message] {
				lost = append(lost, "reply missing")
			}
		case o.state == "dropped":
			r.DropReasons[reasonClass(o.reason)]++
			if o.chat == chat && o.creates() {
				dropped++
			} else {
				lost = append(lost, "reply dropped")
			}
		default:
			r.Undelivered++
			lost = append(lost, "reply still queued")
		}
	}
	return lost, dropped
}

// reasonClass keeps the kind of a drop reason, not its details.
func reasonClass(s string) string {
	s, _, _ = strings.Cut(s, ":")
	if s == "" {
		return "unknown"
	}
	return s
}

// judgeChat checks that the messages the outbox recorded as sent arrived
// in the order they were queued.
func (r *chaosReport) judgeChat(rows []outboxRow) {
	last := 0
	for _, o := range rows {
		if o.state != "sent" {
			continue
		}
		if o.message <= last {
			r.OutOfOrder++
		}
		last = o.message
	}
}

// timings works out the restart and recovery figures. A fault's recovery
// is the time from its end until every act made before its end was
// answered; a fault after which some earlier act was never answered is
// counted apart.
func (r *chaosReport) timings(c *chaos) {
	var acts []chaosAct
	for _, p := range c.people {
		acts = append(acts, p.acts...)
	}
	for _, a := range acts {
		if !a.Answered.IsZero() {
			r.SlowestAnswer = max(r.SlowestAnswer, a.Answered.Sub(a.Sent))
		}
	}
	for _, ev := range c.events {
		if ev.Kind == "kill" {
			r.Restart = append(r.Restart, ev.Restart)
		}
		var rec time.Duration
		never := false
		for _, a := range acts {
			if a.Sent.After(ev.End) || (!a.Answered.IsZero() && a.Answered.Before(ev.End)) {
				continue
			}
			if a.Answered.IsZero() {
				never = true
				continue
			}
			rec = max(rec, a.Answered.Sub(ev.End))
		}
		r.Recovery[ev.Kind] = max(r.Recovery[ev.Kind], rec)
		if never {
			r.Unrecovered[ev.Kind]++
		}
	}
}
