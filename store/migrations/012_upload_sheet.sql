-- The sheet of an uploaded list the station chose in the preview; empty:
-- the first sheet with a header.
ALTER TABLE pending_uploads ADD COLUMN sheet TEXT NOT NULL DEFAULT '';
