-- The station's uploads remember how they ended. The file itself is dropped
-- (data set to an empty blob) once the upload is imported, cancelled or
-- expired; the row stays, so a late press on its preview's button is told
-- exactly what happened, and its id is never reused by a newer upload.
ALTER TABLE pending_uploads ADD COLUMN status TEXT NOT NULL DEFAULT 'pending' CHECK (
	status = 'pending' OR status = 'imported' OR status = 'cancelled' OR status = 'expired');
ALTER TABLE pending_uploads ADD COLUMN import_id INTEGER;
ALTER TABLE pending_uploads ADD COLUMN ended_at INTEGER;
CREATE INDEX pending_uploads_member ON pending_uploads(member_id) WHERE status = 'pending';

-- The verification list names records by the platform's code when it has
-- one; few records carry a code, so the index is partial and costs an
-- import of a list without codes nothing.
CREATE INDEX records_code ON records(commune_id, code) WHERE code <> '';
