-- A sender claims the items it is about to send, so two replicas sharing
-- the database never send the same message. A claim that outlives its
-- sender (a crash mid-send) expires and the item is tried again.
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;

-- A station upload waiting for the person to confirm the preview. The file
-- is kept only until it is imported, cancelled or expires.
CREATE TABLE pending_uploads (
	id INTEGER PRIMARY KEY,
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	kind TEXT NOT NULL CHECK (kind = 'list' OR kind = 'verification'),
	file_name TEXT NOT NULL,
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX pending_uploads_expiry ON pending_uploads(expires_at);
