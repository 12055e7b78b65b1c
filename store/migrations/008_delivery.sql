-- Delivery that survives faults (issue 9) and files kept apart from
-- messages (issue 10).

-- A file the bot sends, stored once in chunks, so that it is written and
-- streamed to Telegram a piece at a time and never travels inside the
-- outbox's JSON. It lives only as long as the message that sends it.
CREATE TABLE blobs (
	id INTEGER PRIMARY KEY,
	size INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE blob_chunks (
	blob_id INTEGER NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (blob_id, seq)
) STRICT;
ALTER TABLE outbox ADD COLUMN blob_id INTEGER;
-- The file goes when its message is sent or dropped, or when the message
-- itself is deleted (purge): no code path can forget it.
CREATE TRIGGER outbox_blob_done AFTER UPDATE OF state ON outbox
	WHEN new.state <> 'pending' AND new.blob_id IS NOT NULL
	BEGIN DELETE FROM blobs WHERE id = new.blob_id; END;
CREATE TRIGGER outbox_blob_gone AFTER DELETE ON outbox
	WHEN old.blob_id IS NOT NULL
	BEGIN DELETE FROM blobs WHERE id = old.blob_id; END;

-- A claim names the sender process that made it, so a new process takes
-- over at once the claims of a process that is gone (see store/procs.go).
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
-- Items not sent within the privacy window are dropped and blanked; this
-- finds those still holding text without scanning the delivered ones.
CREATE INDEX outbox_unblanked ON outbox(created_at) WHERE state <> 'sent' AND payload <> '{}';

-- Handled updates are remembered for a bounded time (store/updates.go).
CREATE INDEX processed_updates_age ON processed_updates(handled_at);
-- Where a set-aside update failed: an operation or function name, never
-- the error's text.
ALTER TABLE failed_updates ADD COLUMN op TEXT NOT NULL DEFAULT '';

-- Who has a conversation open while the states themselves live in Redis,
-- so that a state Redis lost can be told from no state (store/convos.go).
CREATE TABLE open_convos (
	user_id INTEGER PRIMARY KEY,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX open_convos_expiry ON open_convos(expires_at);
