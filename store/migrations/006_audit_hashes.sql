-- Audit digest version 2: an entry's digest covers a salted hash of its
-- old, new and reason values instead of the values, so a commune's personal
-- data can be purged from the log (values and salt blanked, purged = 1)
-- while the chain still verifies. While an entry is not purged, its values
-- must match their hashes. The salt is random per entry and blanked with
-- the values: without it a hash of a 12-digit ID number could be reversed
-- by trying every number.
-- Nothing was deployed with version 1, so old entries are not converted.
ALTER TABLE audit ADD COLUMN old_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN new_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN reason_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN salt TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN purged INTEGER NOT NULL DEFAULT 0 CHECK (purged IN (0, 1));
