-- The audit chain is keyed: from start_seq on, each entry's digest is an
-- HMAC with a secret kept in a file outside the database (the audit key),
-- so someone holding only the database cannot recompute the chain after
-- changing it. Entries before start_seq were written before the key
-- existed and keep their plain SHA-256 digests. mac is the HMAC of
-- start_seq under the key: moving the start to make more entries "unkeyed"
-- needs the key too. key_id names the key (an HMAC of a fixed text), so
-- opening the database with another key fails instead of forking the chain.
CREATE TABLE audit_key (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	key_id TEXT NOT NULL,
	start_seq INTEGER NOT NULL CHECK (start_seq > 0),
	mac TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

-- An invite can be cancelled before it is used: by a coordinator or the
-- operator, or because the member who made it was revoked. Cancelling also
-- moves expires_at to the moment of cancelling, so every query that looks
-- for open invites (unused, not expired) leaves it out.
ALTER TABLE invites ADD COLUMN cancelled_at INTEGER;
-- The first characters of the code, so the operator and the coordinator can
-- tell invites apart in a list without the code itself being kept: 4 of
-- the code's 24 characters leave 120 bits unknown.
ALTER TABLE invites ADD COLUMN code_prefix TEXT NOT NULL DEFAULT '';
