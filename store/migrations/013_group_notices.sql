-- The days the bot told a group chat that it works only in private chats:
-- once per group and day, so it never answers every message of a group.
CREATE TABLE group_notices (
	chat_id INTEGER NOT NULL,
	day TEXT NOT NULL,
	PRIMARY KEY (chat_id, day)
) WITHOUT ROWID;
