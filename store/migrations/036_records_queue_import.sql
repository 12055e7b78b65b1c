-- The readers' condition that leaves out a staging list's records (035)
-- reads records.import_id: with it in the queue index, the counts per
-- village and state stay answered from the index alone, as before 035.
DROP INDEX records_queue;
CREATE INDEX records_queue ON records(commune_id, village_id, state, import_id);
