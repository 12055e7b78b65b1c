package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// AuditFiles names the files outside the database that keep its audit log
// honest against someone who holds only the database file: the key the
// chain is keyed with, and the anchor file of signed heads. Empty names take
// the defaults, next to the database.
type AuditFiles struct {
	Key     string // default: the database's path + ".auditkey"
	Anchors string // default: the database's path + ".anchors"
}

// withDefaults fills in the default names for the database at path.
func (f AuditFiles) withDefaults(path string) AuditFiles {
	if f.Key == "" {
		f.Key = path + ".auditkey"
	}
	if f.Anchors == "" {
		f.Anchors = path + ".anchors"
	}
	return f
}

// AuditFiles returns the audit key and anchor files the database uses.
func (db *DB) AuditFiles() AuditFiles { return db.audit.files }

// WithAuditFiles makes the database use these audit key and anchor files
// instead of the ones next to it.
func WithAuditFiles(f AuditFiles) Option {
	return func(db *DB) { db.audit.files = f }
}

// keyBytes is the audit key's size: 256 bits, HMAC-SHA256's block-sized
// sweet spot.
const keyBytes = 32

// Domains of the HMACs made with the audit key, so one can never stand in
// for another.
const (
	keyIDDomain  = "lamsach.audit.key-id.v1"
	startDomain  = "lamsach.audit.start.v1"
	keyedDomain  = "lamsach.audit.v3" // an entry's keyed digest
	signedDomain = "lamsach.audit.head.v1"
)

// auditKey is the secret the chain is keyed with and where the keyed part
// of the chain starts.
type auditKey struct {
	secret []byte
	id     string // names the key without revealing it
	start  int64  // the first keyed seq
	// startOK is false when the stored start does not carry this key's
	// MAC: someone moved it, or the row comes from another key.
	startOK bool
}

// mac returns the hex HMAC-SHA256 under k of the length-prefixed parts.
func (k *auditKey) mac(parts ...string) string {
	h := hmac.New(sha256.New, k.secret)
	for _, p := range parts {
		putString(h, p)
	}
	return sum(h)
}

// keyIDOf names a secret: the first 16 hex digits of an HMAC of a fixed
// text, enough to tell two keys apart and useless for guessing either.
func keyIDOf(secret []byte) string {
	k := auditKey{secret: secret}
	return k.mac(keyIDDomain)[:16]
}

// startMAC signs the first keyed seq.
func (k *auditKey) startMAC(start int64) string {
	return k.mac(startDomain, strconv.FormatInt(start, 10))
}

// readKey reads an audit key file: 64 hex digits.
func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(secret) != keyBytes {
		return nil, fmt.Errorf("the audit key file %s is malformed (want %d hex digits)", path, 2*keyBytes)
	}
	return secret, nil
}

// createKey makes a new random key at path, readable by the owner only. It
// never replaces a file: when path appeared meanwhile (another process made
// it), the error is fs.ErrExist.
func createKey(path string) ([]byte, error) {
	secret := make([]byte, keyBytes)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	if err := writeNewFile(path, []byte(hex.EncodeToString(secret)+"\n")); err != nil {
		return nil, err
	}
	return secret, nil
}

// keyRow is the stored audit_key row.
type keyRow struct {
	id    string
	start int64
	mac   string
}

// readKeyRow reads the audit_key row; found is false when there is none.
func readKeyRow(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (row keyRow, found bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT key_id, start_seq, mac FROM audit_key WHERE id = 1`).
		Scan(&row.id, &row.start, &row.mac)
	if errors.Is(err, sql.ErrNoRows) {
		return row, false, nil
	}
	return row, err == nil, err
}

// useKey checks that secret is the key the stored row names and keeps it.
func (db *DB) useKey(secret []byte, row keyRow) error {
	k := &auditKey{secret: secret, id: keyIDOf(secret), start: row.start}
	if k.id != row.id {
		return fmt.Errorf("the audit key in %s (key id %s) is not the key this database's audit log is keyed with (key id %s): "+
			"give the right file with --audit-key-file", db.audit.files.Key, k.id, row.id)
	}
	k.startOK = hmac.Equal([]byte(k.startMAC(row.start)), []byte(row.mac))
	db.audit.key, db.audit.signer = k, k
	return nil
}

// errNoKey says the key of a keyed log is missing, and what to do.
func (db *DB) errNoKey(row keyRow) error {
	return fmt.Errorf("no audit key at %s: this database's audit log is keyed (key id %s); "+
		"restore the key file kept apart from the backups, or give it with --audit-key-file", db.audit.files.Key, row.id)
}

// keyAudit loads the audit key of a database opened for writing, making
// one the first time: a new database is keyed from its first entry, one
// made before keying from the entry after its last. A keyed database whose
// key file is missing or different is refused: writing on with a new key
// would fork the chain.
func (db *DB) keyAudit(ctx context.Context) error {
	row, found, err := readKeyRow(ctx, db.write)
	if err != nil {
		return fmt.Errorf("open: read audit key: %w", err)
	}
	secret, err := readKey(db.audit.files.Key)
	missing := errors.Is(err, fs.ErrNotExist)
	switch {
	case err != nil && !missing:
		return fmt.Errorf("open: %w", err)
	case found && missing:
		return fmt.Errorf("open: %w", db.errNoKey(row))
	case found:
		return db.useKey(secret, row)
	case missing:
		secret, err = createKey(db.audit.files.Key)
		if errors.Is(err, fs.ErrExist) {
			secret, err = readKey(db.audit.files.Key) // another process made it first
		}
		if err != nil {
			return fmt.Errorf("open: create the audit key: %w", err)
		}
	}
	err = db.Update(ctx, func(tx *Tx) error {
		// Checked again inside the write transaction: another process may
		// have keyed the database since the read above.
		if row, found, err = readKeyRow(ctx, tx.tx); err != nil || found {
			return err
		}
		var last int64
		if err := tx.queryRow(ctx, `SELECT last_seq FROM audit_head WHERE id = 1`).Scan(&last); err != nil {
			return err
		}
		k := auditKey{secret: secret}
		row = keyRow{id: keyIDOf(secret), start: last + 1, mac: k.startMAC(last + 1)}
		_, err := tx.exec(ctx, `INSERT INTO audit_key (id, key_id, start_seq, mac, created_at) VALUES (1, ?, ?, ?, ?)`,
			row.id, row.start, row.mac, tx.now.UnixMilli())
		return err
	})
	if err != nil {
		return fmt.Errorf("open: key the audit log: %w", err)
	}
	return db.useKey(secret, row)
}

// loadKeyReadOnly loads the key of a database opened only to read it. It
// never makes a key: a log without a key row stays unkeyed, and the
// verifier says so.
func (db *DB) loadKeyReadOnly(ctx context.Context) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_key'`).
		Scan(&n); err != nil {
		return fmt.Errorf("open: %w", err)
	}
	if n == 0 {
		return nil // made by a lamsach older than the keyed log
	}
	row, found, err := readKeyRow(ctx, db.read)
	if err != nil {
		return err
	}
	secret, err := readKey(db.audit.files.Key)
	switch {
	case !found && err == nil:
		// The log is unkeyed (the verifier says so), but the anchors
		// made with the key can still be checked.
		db.audit.signer = &auditKey{secret: secret, id: keyIDOf(secret)}
		return nil
	case !found && errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return db.errNoKey(row)
	case err != nil:
		return err
	}
	return db.useKey(secret, row)
}
