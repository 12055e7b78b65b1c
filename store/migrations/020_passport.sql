-- Steps 5 and 6 of Official Letter 2262/BYT-CNTT.
--
-- Step 6: facilities of the Ministry of Health, other ministries, the
-- province or the old district level sign vaccine passports but do not
-- clean data. A facility is a communes row with a kind: its members,
-- invites, sessions and audit entries work exactly as a commune's, and
-- every table that names a commune can name a facility.
ALTER TABLE communes ADD COLUMN kind TEXT NOT NULL DEFAULT 'commune' CHECK (
	kind = 'commune' OR kind = 'ministry' OR kind = 'other_ministry' OR
	kind = 'province' OR kind = 'district');

-- Step 5: every vaccination facility (a commune's health station, or a
-- facility) checks and signs the vaccine-passport confirmations every day
-- and reports it: one row per unit and local day, replaced when the report
-- is corrected that day (the audit log keeps each value).
CREATE TABLE passport_reports (
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'), -- yyyy-mm-dd, Asia/Ho_Chi_Minh
	signed INTEGER NOT NULL CHECK (signed >= 0),
	-- "none pending" is a report of its own, not a count of 0: nothing was
	-- waiting to be signed
	none_pending INTEGER NOT NULL DEFAULT 0 CHECK (none_pending IN (0, 1) AND (none_pending = 0 OR signed = 0)),
	member_id INTEGER REFERENCES members(id), -- who reported last; NULL: the operator
	first_at INTEGER NOT NULL, -- the day's first report
	reported_at INTEGER NOT NULL, -- the last change
	PRIMARY KEY (commune_id, day)
) STRICT, WITHOUT ROWID;

-- Morning reminders to report the day, claimed like the cleaning reminders
-- so a restart or a second replica never sends one twice.
CREATE TABLE passport_reminders (
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	day TEXT NOT NULL,
	sent_at INTEGER NOT NULL,
	PRIMARY KEY (commune_id, day)
) STRICT, WITHOUT ROWID;
