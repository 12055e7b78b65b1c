-- A list the station sends again brings corrections to records the commune
-- already has. They wait here, one row per record, until the station applies
-- or skips them. The version is the record's when the list was imported, so
-- a record changed since is never overwritten. They go with their record or
-- their import (purging a commune deletes both).
CREATE TABLE amendments (
	import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
	record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	row_num INTEGER NOT NULL,
	fields TEXT NOT NULL, -- JSON object: person column → value after the correction
	PRIMARY KEY (import_id, record_id)
) STRICT;
CREATE INDEX amendments_record ON amendments(record_id);
