package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lamsach/flows"
)

// TestAuditKeyMadeOnFirstOpen: a new database gets a key file and its log
// is keyed from the first entry; the same key opens it again.
func TestAuditKeyMadeOnFirstOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lamsach.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: "export"})
		return err
	})
	e := entries(t, db)[0]
	if e.Digest == auditDigest(e) || e.Digest != db.audit.key.digest(e) {
		t.Errorf("the first entry's digest is not keyed")
	}
	db.Close()
	b, err := os.ReadFile(path + ".auditkey")
	if err != nil || len(strings.TrimSpace(string(b))) != 2*keyBytes {
		t.Fatalf("key file: %q, %v; want %d hex digits", b, err, 2*keyBytes)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if r := verify(t, db); !r.OK || r.KeyedFrom != 1 || r.KeyID == "" || r.Entries != 1 {
		t.Errorf("verify: %+v, want OK, keyed from seq 1", r)
	}
}

// TestAuditKeyMissingOrWrong: a keyed database never opens with its key
// missing or another key, for writing or reading: a new key would fork
// the chain, and the message says what to do.
func TestAuditKeyMissingOrWrong(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "lamsach.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	other := filepath.Join(dir, "other.auditkey")
	secret := make([]byte, keyBytes)
	rand.Read(secret)
	if err := os.WriteFile(other, []byte(hex.EncodeToString(secret)), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.auditkey")
	if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ key, want string }{
		{filepath.Join(dir, "missing.auditkey"), "no audit key at"},
		{other, "is not the key this database's audit log is keyed with"},
		{bad, "is malformed"},
	}
	for _, tc := range tests {
		for name, open := range map[string]func(context.Context, string, ...Option) (*DB, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
			db, err := open(ctx, path, WithAuditFiles(AuditFiles{Key: tc.key}))
			if err == nil {
				db.Close()
				t.Errorf("%s with key %s succeeded", name, filepath.Base(tc.key))
				continue
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s with key %s: %v, want %q", name, filepath.Base(tc.key), err, tc.want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.auditkey")); err == nil {
		t.Error("opening a keyed database made a new key")
	}
}

// TestAuditKeyedAfterUpgrade: a database whose log was written before
// keying keeps its plain digests, and is keyed from the entry after its
// last one the first time this lamsach opens it.
func TestAuditKeyedAfterUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lamsach.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// What an older lamsach wrote: unkeyed digests, no key row, no key.
	db.audit.key = &auditKey{start: 1 << 62}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		for range 3 {
			if _, err := tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: "export"}); err != nil {
				return err
			}
		}
		return nil
	})
	tamper(t, db, `DELETE FROM audit_key`)
	db.Close()
	if err := os.Remove(path + ".auditkey"); err != nil {
		t.Fatal(err)
	}

	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if r := verify(t, ro); r.OK || r.Problem != AuditUnkeyed || !strings.Contains(r.Detail, "open the database once") {
		t.Errorf("verify before keying: %+v, want %q with what to do", r, AuditUnkeyed)
	}
	ro.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	update(t, db, func(ctx context.Context, tx *Tx) error {
		_, err := tx.Audit(ctx, flows.Operator, flows.AuditEntry{Action: "export"})
		return err
	})
	if r := verify(t, db); !r.OK || r.KeyedFrom != 4 || r.Entries != 4 {
		t.Errorf("verify after keying: %+v, want OK, keyed from seq 4", r)
	}
	if e := entries(t, db)[3]; e.Digest == auditDigest(e) {
		t.Error("the entry written after keying is not keyed")
	}
}
