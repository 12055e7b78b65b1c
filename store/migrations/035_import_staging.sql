-- A list the command line imports is stored in chunks, each its own short
-- write transaction, so the bot keeps answering while a large list goes in.
-- Until the last step publishes it, its records are staged: staging holds
-- the id of the process storing them (procs.go), and every reader leaves
-- out the records of a staging import. Publishing empties staging in the
-- same transaction as the import's audit entries. A staging import whose
-- process is gone (killed) is deleted, records first, at the next open.
ALTER TABLE imports ADD COLUMN staging TEXT NOT NULL DEFAULT '';
CREATE INDEX imports_staging ON imports(id) WHERE staging <> '';
