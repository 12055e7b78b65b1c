-- The village as the uploaded list wrote it, so records that matched no
-- village of the commune can be assigned by the coordinator in groups.
ALTER TABLE records ADD COLUMN village_text TEXT NOT NULL DEFAULT '';
CREATE INDEX records_unassigned ON records(commune_id, village_text) WHERE village_id IS NULL;
