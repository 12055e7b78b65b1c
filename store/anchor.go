package store

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// anchoredActions are the audit actions after which the head is anchored
// at once rather than at the next round: the moments a person's data
// leaves lamsach (an export, a handover file) or is removed (a purge).
// The store notices them as the entries are appended, so the code that
// writes those entries needs to know nothing of anchors.
var anchoredActions = map[string]bool{
	"export":        true,
	"handover.sign": true,
	purgeAction:     true,
}

// auditState is what a DB keeps about its audit log outside the file.
type auditState struct {
	files AuditFiles
	key   *auditKey
	// signer signs and checks anchors: the key, or the key file's secret
	// when the log lost its key row and so has no key to verify with.
	signer *auditKey
	// kicks holds one pending request for an anchor: a transaction that
	// appended an anchored action committed.
	kicks chan struct{}
	mu    sync.Mutex // one anchor write at a time
	last  int64      // the last seq this process anchored
}

// kick asks for an anchor soon; a request already pending covers it.
func (a *auditState) kick() {
	select {
	case a.kicks <- struct{}{}:
	default:
	}
}

// SignedHead is the end of the audit chain at one moment: the last entry's
// seq and digest, signed with the audit key. Kept outside the database (in
// the anchor file, or noted by an operator), it lets audit verify prove
// that no entry up to Seq was removed or changed since.
type SignedHead struct {
	Seq    int64
	Digest string
	Sig    string // empty when an operator gives only SEQ:DIGEST
}

// String is the head as lamsach prints and reads it: SEQ:DIGEST:SIG.
func (h SignedHead) String() string {
	return strconv.FormatInt(h.Seq, 10) + ":" + h.Digest + ":" + h.Sig
}

var headForm = regexp.MustCompile(`^([1-9][0-9]{0,18}):([0-9a-f]{64})(?::([0-9a-f]{64}))?$`)

// ParseHead reads SEQ:DIGEST or SEQ:DIGEST:SIG, as audit head prints it.
func ParseHead(s string) (SignedHead, error) {
	m := headForm.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return SignedHead{}, errors.New("want SEQ:DIGEST or SEQ:DIGEST:SIGNATURE as lamsach audit head prints it")
	}
	seq, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return SignedHead{}, errors.New("the seq is too large")
	}
	return SignedHead{Seq: seq, Digest: m[2], Sig: m[3]}, nil
}

// sign returns the signature of a head under k.
func (k *auditKey) sign(seq int64, digest string) string {
	return k.mac(signedDomain, strconv.FormatInt(seq, 10), digest)
}

// signed reports whether h carries k's signature.
func (k *auditKey) signed(h SignedHead) bool {
	return hmac.Equal([]byte(k.sign(h.Seq, h.Digest)), []byte(h.Sig))
}

// Head returns the current end of the chain, signed. The last entry must
// match its digest: signing a forged entry would vouch for it. An empty
// log has no head (Seq 0).
func (db *DB) Head(ctx context.Context) (SignedHead, error) {
	k := db.audit.key
	if k == nil {
		return SignedHead{}, errors.New("head: the audit log is not keyed")
	}
	var h SignedHead
	err := db.View(ctx, func(tx *Tx) error {
		e, err := scanAudit(tx.queryRow(ctx, `SELECT `+auditColumns+` FROM audit ORDER BY seq DESC LIMIT 1`))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if !e.valuesMatch() || k.digest(e) != e.Digest {
			return fmt.Errorf("the last entry (seq %d) does not match its digest: run lamsach audit verify", e.Seq)
		}
		h = SignedHead{Seq: e.Seq, Digest: e.Digest, Sig: k.sign(e.Seq, e.Digest)}
		return nil
	})
	if err != nil {
		return SignedHead{}, fmt.Errorf("head: %w", err)
	}
	return h, nil
}

// Anchor appends the current signed head to the anchor file, unless this
// process anchored that seq already, and returns it. The line is synced
// before Anchor returns. The file only grows: it is opened for appending.
func (db *DB) Anchor(ctx context.Context) (SignedHead, error) {
	h, _, err := db.anchor(ctx)
	return h, err
}

// anchor is Anchor, also telling whether a line was written.
func (db *DB) anchor(ctx context.Context) (SignedHead, bool, error) {
	a := &db.audit
	a.mu.Lock()
	defer a.mu.Unlock()
	h, err := db.Head(ctx)
	if err != nil || h.Seq == 0 || h.Seq == a.last {
		return h, false, err
	}
	if err := appendAnchor(a.files.Anchors, db.now(), h); err != nil {
		return h, false, fmt.Errorf("anchor: %w", err)
	}
	a.last = h.Seq
	return h, true, nil
}

// appendAnchor writes one line "TIME SEQ:DIGEST:SIG" to the anchor file,
// creating it owner-only.
func appendAnchor(path string, at time.Time, h SignedHead) error {
	if err := makeParent(path); err != nil {
		return err
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, fileMode)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "%s %s\n", at.UTC().Format(time.RFC3339), h)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && statErr != nil {
		err = syncDir(filepath.Dir(path)) // the file is new: keep its name too
	}
	return err
}

// anchorPending writes the anchor an anchored action asked for when no
// anchor writer took the request: the command line's exports.
func (db *DB) anchorPending() error {
	select {
	case <-db.audit.kicks:
		_, err := db.Anchor(context.Background())
		return err
	default:
		return nil
	}
}

// RunAnchors anchors the head every interval (when it moved) and soon
// after each export, handover or purge, until ctx is done; then it anchors
// once more. A failed anchor is logged and tried again next time: the bot
// goes on serving.
func (db *DB) RunAnchors(ctx context.Context, every time.Duration, log *slog.Logger) error {
	t := time.NewTicker(every)
	defer t.Stop()
	return db.runAnchors(ctx, t.C, log)
}

func (db *DB) runAnchors(ctx context.Context, tick <-chan time.Time, log *slog.Logger) error {
	anchor := func(ctx context.Context) {
		h, wrote, err := db.anchor(ctx)
		switch {
		case err != nil:
			log.Error("audit anchor failed", "err", err)
		case wrote:
			// The log line is a second copy of the anchor, wherever the
			// logs go; seq and digest carry no personal data.
			log.Info("audit anchored", "seq", h.Seq, "digest", h.Digest)
		default:
			log.Debug("audit head unchanged", "seq", h.Seq)
		}
	}
	for {
		select {
		case <-ctx.Done():
			anchor(context.WithoutCancel(ctx))
			return nil
		case <-tick:
		case <-db.audit.kicks:
		}
		anchor(ctx)
	}
}
