-- lamsach schema, version 1: everything DESIGN.md describes.
-- Times are Unix milliseconds (INTEGER, UTC); NULL means "not yet".
-- Enumerations in the busy tables (records, outbox) are checked with OR
-- chains, not IN lists: SQLite builds a temporary index for an IN list of
-- three or more values on every row it checks, which made a 100,000-row
-- import several times slower.
-- *_key columns hold a search key (lower case, no diacritics, single spaces)
-- used only for matching; the display text is kept as written.

CREATE TABLE communes (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (name <> ''),
	name_key TEXT NOT NULL UNIQUE,
	deadline INTEGER,
	created_at INTEGER NOT NULL
) STRICT;

-- Per-commune settings that are data, not code: quiet hours, the export
-- template description, the privacy window…
CREATE TABLE commune_settings (
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (commune_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE villages (
	id INTEGER PRIMARY KEY,
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	name TEXT NOT NULL CHECK (name <> ''),
	name_key TEXT NOT NULL,
	merged_into INTEGER REFERENCES villages(id),
	created_at INTEGER NOT NULL,
	-- lets tables that name a commune and a village prove they agree
	UNIQUE (commune_id, id)
) STRICT;
-- A merged village keeps its name for history; a new one may take it.
CREATE UNIQUE INDEX villages_name ON villages(commune_id, name_key) WHERE merged_into IS NULL;

CREATE TABLE members (
	id INTEGER PRIMARY KEY,
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	role TEXT NOT NULL CHECK (role IN ('coordinator', 'station', 'village', 'police')),
	telegram_id INTEGER,
	name TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en')),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	unreachable INTEGER NOT NULL DEFAULT 0 CHECK (unreachable IN (0, 1)),
	joined_at INTEGER NOT NULL,
	left_at INTEGER,
	UNIQUE (id, commune_id)
) STRICT;
-- One active membership per Telegram user; a revoked member who is invited
-- again gets a new row, so the old one keeps its place in the audit log.
CREATE UNIQUE INDEX members_telegram ON members(telegram_id) WHERE telegram_id IS NOT NULL AND active = 1;
-- Every update looks its sender up, active or not (a revoked member is told so).
CREATE INDEX members_telegram_any ON members(telegram_id) WHERE telegram_id IS NOT NULL;
CREATE INDEX members_commune ON members(commune_id, role);

CREATE TABLE member_villages (
	member_id INTEGER NOT NULL,
	commune_id INTEGER NOT NULL,
	village_id INTEGER NOT NULL,
	PRIMARY KEY (member_id, village_id),
	FOREIGN KEY (member_id, commune_id) REFERENCES members(id, commune_id) ON DELETE CASCADE,
	FOREIGN KEY (commune_id, village_id) REFERENCES villages(commune_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_villages_village ON member_villages(village_id);

CREATE TABLE invites (
	id INTEGER PRIMARY KEY,
	code_hash BLOB NOT NULL UNIQUE CHECK (length(code_hash) = 32), -- SHA-256 of the code; the code itself is never stored
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	role TEXT NOT NULL CHECK (role IN ('coordinator', 'station', 'village', 'police')),
	created_by INTEGER REFERENCES members(id), -- NULL: the operator
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_by INTEGER REFERENCES members(id),
	used_at INTEGER,
	CHECK ((used_by IS NULL) = (used_at IS NULL)),
	UNIQUE (id, commune_id)
) STRICT;

CREATE TABLE invite_villages (
	invite_id INTEGER NOT NULL,
	commune_id INTEGER NOT NULL,
	village_id INTEGER NOT NULL,
	PRIMARY KEY (invite_id, village_id),
	FOREIGN KEY (invite_id, commune_id) REFERENCES invites(id, commune_id) ON DELETE CASCADE,
	FOREIGN KEY (commune_id, village_id) REFERENCES villages(commune_id, id)
) STRICT, WITHOUT ROWID;

-- An uploaded spreadsheet: the station's list, or the platform's
-- verification list. The file itself is not kept.
CREATE TABLE imports (
	id INTEGER PRIMARY KEY,
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	kind TEXT NOT NULL DEFAULT 'list' CHECK (kind IN ('list', 'verification')),
	file_name TEXT NOT NULL,
	file_sha256 TEXT NOT NULL,
	headers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(headers)),
	mapping TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(mapping)),
	created_by INTEGER REFERENCES members(id),
	created_at INTEGER NOT NULL,
	row_count INTEGER NOT NULL DEFAULT 0,
	committed INTEGER NOT NULL DEFAULT 0 CHECK (committed IN (0, 1)),
	UNIQUE (commune_id, id)
) STRICT;
CREATE INDEX imports_file ON imports(commune_id, file_sha256);

-- A police officer's signed handover (biên bản bàn giao), numbered per commune.
CREATE TABLE handovers (
	id INTEGER PRIMARY KEY,
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	number INTEGER NOT NULL CHECK (number > 0),
	officer_id INTEGER NOT NULL REFERENCES members(id),
	signed_at INTEGER NOT NULL,
	digest TEXT NOT NULL,
	record_count INTEGER NOT NULL,
	UNIQUE (commune_id, number),
	UNIQUE (commune_id, id)
) STRICT;

-- A file the station downloaded: the platform import file or the edit list,
-- numbered per commune so "/entered <batch>" can name it.
CREATE TABLE exports (
	id INTEGER PRIMARY KEY,
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	kind TEXT NOT NULL CHECK (kind IN ('import', 'edit')),
	number INTEGER NOT NULL CHECK (number > 0),
	member_id INTEGER REFERENCES members(id),
	created_at INTEGER NOT NULL,
	record_count INTEGER NOT NULL,
	entered_by INTEGER REFERENCES members(id),
	entered_at INTEGER,
	UNIQUE (commune_id, number),
	UNIQUE (commune_id, id)
) STRICT;

CREATE TABLE records (
	id INTEGER PRIMARY KEY,
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	village_id INTEGER,
	import_id INTEGER,
	row_num INTEGER NOT NULL DEFAULT 0,
	code TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL DEFAULT '',
	name_key TEXT NOT NULL DEFAULT '',
	dob TEXT NOT NULL DEFAULT '', -- vn.Date.String(): "1990", "1990-05" or "1990-05-12"
	gender TEXT NOT NULL DEFAULT '' CHECK (gender = '' OR gender = 'male' OR gender = 'female'),
	id_number TEXT NOT NULL DEFAULT '',
	id_kind TEXT NOT NULL DEFAULT '' CHECK (
		id_kind = '' OR id_kind = 'cccd' OR id_kind = 'cmnd9' OR id_kind = 'cmnd12' OR
		id_kind = 'doc8' OR id_kind = 'passport_vn' OR id_kind = 'passport_foreign'),
	phone TEXT NOT NULL DEFAULT '',
	orig_name TEXT NOT NULL DEFAULT '',
	orig_dob TEXT NOT NULL DEFAULT '',
	orig_gender TEXT NOT NULL DEFAULT '' CHECK (
		orig_gender = '' OR orig_gender = 'male' OR orig_gender = 'female'),
	orig_id_number TEXT NOT NULL DEFAULT '',
	orig_id_kind TEXT NOT NULL DEFAULT '' CHECK (
		orig_id_kind = '' OR orig_id_kind = 'cccd' OR orig_id_kind = 'cmnd9' OR
		orig_id_kind = 'cmnd12' OR orig_id_kind = 'doc8' OR orig_id_kind = 'passport_vn' OR
		orig_id_kind = 'passport_foreign'),
	id_raw TEXT NOT NULL DEFAULT '',
	problem TEXT NOT NULL DEFAULT '' CHECK (
		problem = '' OR problem = 'missing_id' OR problem = 'bad_id_format' OR
		problem = 'wrong_info'),
	warnings TEXT NOT NULL DEFAULT '[]', -- JSON
	state TEXT NOT NULL CHECK (
		state = 'imported' OR state = 'assigned' OR state = 'reviewed' OR state = 'returned' OR
		state = 'confirmed' OR state = 'signed' OR state = 'exported' OR state = 'entered' OR
		state = 'verified' OR state = 'still_wrong'),
	outcome TEXT NOT NULL DEFAULT '' CHECK (
		outcome = '' OR outcome = 'corrected' OR outcome = 'unchanged' OR outcome = 'not_found'),
	note TEXT NOT NULL DEFAULT '',
	return_reason TEXT NOT NULL DEFAULT '',
	return_note TEXT NOT NULL DEFAULT '',
	reviewed_by INTEGER REFERENCES members(id),
	reviewed_at INTEGER,
	confirmed_by INTEGER REFERENCES members(id),
	confirmed_at INTEGER,
	handover_id INTEGER,
	export_id INTEGER,
	original TEXT NOT NULL DEFAULT '[]', -- JSON array of the uploaded row's cells
	version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	-- a record's village, import, handover and export belong to its commune
	FOREIGN KEY (commune_id, village_id) REFERENCES villages(commune_id, id),
	FOREIGN KEY (commune_id, import_id) REFERENCES imports(commune_id, id),
	FOREIGN KEY (commune_id, handover_id) REFERENCES handovers(commune_id, id),
	FOREIGN KEY (commune_id, export_id) REFERENCES exports(commune_id, id)
) STRICT;
CREATE INDEX records_queue ON records(commune_id, village_id, state);
CREATE INDEX records_id_number ON records(commune_id, id_number);
CREATE INDEX records_name ON records(commune_id, name_key);
CREATE INDEX records_import ON records(import_id, row_num) WHERE import_id IS NOT NULL;
CREATE INDEX records_handover ON records(handover_id) WHERE handover_id IS NOT NULL;
CREATE INDEX records_export ON records(export_id) WHERE export_id IS NOT NULL;

-- The append-only audit log. Each entry's digest covers its content and the
-- previous entry's digest (prev), so an edit, a removal or a swap shows.
-- No foreign keys: the log outlives the rows it talks about.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	member_id INTEGER,
	role TEXT NOT NULL,
	commune_id INTEGER,
	record_id INTEGER,
	action TEXT NOT NULL,
	field TEXT NOT NULL DEFAULT '',
	old TEXT NOT NULL DEFAULT '',
	new TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	prev TEXT NOT NULL,
	digest TEXT NOT NULL
) STRICT;
CREATE INDEX audit_record ON audit(record_id) WHERE record_id IS NOT NULL;

-- The chain's end, updated with every append: removing the last entries
-- leaves it pointing past the end of the log.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	count INTEGER NOT NULL,
	last_seq INTEGER NOT NULL,
	digest TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, count, last_seq, digest) VALUES (1, 0, 0, '');

-- Telegram updates whose effects are committed; written in the same
-- transaction as those effects, so an update is handled once in effect.
CREATE TABLE processed_updates (
	update_id INTEGER PRIMARY KEY,
	handled_at INTEGER NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'poison'))
) STRICT;

-- Updates whose handling failed, for the poison-update decision. Personal
-- data stays out: no update payload, only a keyed hash of the chat.
CREATE TABLE failed_updates (
	update_id INTEGER PRIMARY KEY,
	chat_hash TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error_class TEXT NOT NULL DEFAULT '',
	last_error TEXT NOT NULL DEFAULT '',
	first_at INTEGER NOT NULL,
	last_at INTEGER NOT NULL
) STRICT;

-- Outgoing messages, written in the transaction that caused them and sent
-- afterwards. Once sent, the row remembers the message id, so a message that
-- carries personal data can be deleted from the chat at delete_at.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	chat_id INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind <> ''),
	payload TEXT NOT NULL CHECK (json_valid(payload)),
	update_id INTEGER,
	created_at INTEGER NOT NULL,
	not_before INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = 'sent' OR state = 'dropped'),
	message_id INTEGER,
	sent_at INTEGER,
	error TEXT NOT NULL DEFAULT '',
	delete_after INTEGER, -- milliseconds after sending; NULL keeps the message
	delete_at INTEGER,
	deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX outbox_pending ON outbox(not_before, id) WHERE state = 'pending';
CREATE INDEX outbox_chat ON outbox(chat_id, id) WHERE state = 'pending';
CREATE INDEX outbox_delete ON outbox(delete_at) WHERE state = 'sent' AND deleted = 0 AND delete_at IS NOT NULL;

-- The embedded session store (the Redis one keeps the same three things).
CREATE TABLE sessions (
	user_id INTEGER PRIMARY KEY,
	state BLOB NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE leases (
	record_id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE seen_updates (
	update_id INTEGER PRIMARY KEY,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX seen_updates_expiry ON seen_updates(expires_at);

-- Daily reminders already sent, so a restart does not nudge twice a day.
CREATE TABLE reminders (
	commune_id INTEGER NOT NULL REFERENCES communes(id),
	day TEXT NOT NULL, -- yyyy-mm-dd in the commune's time zone
	sent_at INTEGER NOT NULL,
	PRIMARY KEY (commune_id, day)
) STRICT, WITHOUT ROWID;
