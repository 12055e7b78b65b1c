package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"
)

// AnchorKind names what is wrong with one anchor.
type AnchorKind string

// The anchor problems CheckAnchors and CheckHead report.
const (
	AnchorMissing   AnchorKind = "anchored entry missing" // the log no longer has the anchored seq
	AnchorChanged   AnchorKind = "anchored entry changed" // the entry at the seq has another digest
	AnchorUnsigned  AnchorKind = "not signed with this key"
	AnchorMalformed AnchorKind = "unreadable line"
)

// AnchorProblem is one anchor the database does not agree with.
type AnchorProblem struct {
	Line   int       // line in the anchor file; 0 for a head given by hand
	At     time.Time // when the anchor was written; zero for a head given by hand
	Seq    int64
	Kind   AnchorKind
	Detail string
}

// maxAnchorProblems is how many problems a report lists; the rest are
// counted. A wiped log fails every anchor, and the first few say it all.
const maxAnchorProblems = 20

// AnchorReport is the result of checking the database against its anchor
// file.
type AnchorReport struct {
	File     string
	Found    bool // the anchor file exists
	Anchors  int  // anchors read and checked
	Last     SignedHead
	LastAt   time.Time
	Problems []AnchorProblem // the first maxAnchorProblems
	More     int             // problems beyond those listed
}

func (r *AnchorReport) add(p AnchorProblem) {
	r.Problems = addCapped(r.Problems, &r.More, p, maxAnchorProblems)
}

// addCapped appends p to list while it holds fewer than limit, and past
// that only counts it in more: a check's report lists its first problems
// and says how many more there are, so a badly broken log cannot make it
// huge.
func addCapped[T any](list []T, more *int, p T, limit int) []T {
	if len(list) < limit {
		return append(list, p)
	}
	*more++
	return list
}

// CheckAnchors reads the anchor file and checks every anchor in it: its
// signature, and that the log still has the anchored entry with the
// anchored digest. A missing file is reported (Found false), not an error:
// a database nobody anchored yet has none.
func (db *DB) CheckAnchors(ctx context.Context) (AnchorReport, error) {
	r := AnchorReport{File: db.audit.files.Anchors}
	k := db.audit.signer
	f, err := os.Open(r.File)
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("check anchors: %w", err)
	}
	defer f.Close()
	r.Found = true
	err = db.View(ctx, func(tx *Tx) error {
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			at, h, err := parseAnchorLine(sc.Text())
			switch {
			case err != nil:
				r.add(AnchorProblem{Line: line, Kind: AnchorMalformed, Detail: err.Error()})
				continue
			case k == nil || !k.signed(h):
				r.add(AnchorProblem{Line: line, At: at, Seq: h.Seq, Kind: AnchorUnsigned,
					Detail: "its signature is not this audit key's: written by hand or with another key"})
				continue
			}
			r.Anchors++
			if h.Seq >= r.Last.Seq {
				r.Last, r.LastAt = h, at
			}
			p, err := tx.checkHead(ctx, h)
			if err != nil {
				return err
			}
			if p != nil {
				p.Line, p.At = line, at
				r.add(*p)
			}
		}
		return sc.Err()
	})
	if err != nil {
		return r, fmt.Errorf("check anchors: %w", err)
	}
	return r, nil
}

// parseAnchorLine reads "TIME SEQ:DIGEST:SIG".
func parseAnchorLine(s string) (time.Time, SignedHead, error) {
	ts, hs, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return time.Time{}, SignedHead{}, errors.New("want TIME SEQ:DIGEST:SIGNATURE")
	}
	at, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return time.Time{}, SignedHead{}, errors.New("the time is not RFC 3339")
	}
	h, err := ParseHead(hs)
	if err != nil || h.Sig == "" {
		return at, h, errors.New("the head is not SEQ:DIGEST:SIGNATURE")
	}
	return at, h, nil
}

// CheckHead checks one head an operator kept: when it carries a signature
// the signature must be this key's, and the log must still have the entry
// at its seq with its digest. It returns nil when the log agrees.
func (db *DB) CheckHead(ctx context.Context, h SignedHead) (*AnchorProblem, error) {
	if k := db.audit.signer; h.Sig != "" && (k == nil || !k.signed(h)) {
		return &AnchorProblem{Seq: h.Seq, Kind: AnchorUnsigned, Detail: "the head's signature is not this audit key's"}, nil
	}
	var p *AnchorProblem
	err := db.View(ctx, func(tx *Tx) (err error) {
		p, err = tx.checkHead(ctx, h)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("check head: %w", err)
	}
	return p, nil
}

// checkHead compares the entry at h.Seq with h.
func (tx *Tx) checkHead(ctx context.Context, h SignedHead) (*AnchorProblem, error) {
	var digest string
	err := tx.queryRow(ctx, `SELECT digest FROM audit WHERE seq = ?`, h.Seq).Scan(&digest)
	if errors.Is(err, sql.ErrNoRows) {
		var last int64
		if err := tx.queryRow(ctx, `SELECT coalesce(max(seq), 0) FROM audit`).Scan(&last); err != nil {
			return nil, err
		}
		detail := fmt.Sprintf("the log has no entry %d (it ends at seq %d)", h.Seq, last)
		if last > h.Seq {
			detail = fmt.Sprintf("the log has no entry %d (removed from the middle)", h.Seq)
		}
		return &AnchorProblem{Seq: h.Seq, Kind: AnchorMissing, Detail: detail}, nil
	}
	if err != nil {
		return nil, err
	}
	if digest != h.Digest {
		return &AnchorProblem{Seq: h.Seq, Kind: AnchorChanged,
			Detail: "its digest is not the anchored one: the entry or one before it was rewritten"}, nil
	}
	return nil, nil
}
