-- A village member or the police stated that the person has no ID number
-- (a child, or never issued): the record goes to the platform's import
-- file with an empty ID cell (Official Letter 2262, step 4).
ALTER TABLE records ADD COLUMN no_id INTEGER NOT NULL DEFAULT 0 CHECK (no_id IN (0, 1));
