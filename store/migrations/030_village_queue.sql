-- The village review queue (Tx.Queue): the records a village member may
-- review, returned ones first, then in upload order. Read one village at a
-- time through this index, the next few records come in order without
-- reading and sorting the whole village's on every /next. The WHERE and
-- the sort expression are the ones Queue writes; store tests check that
-- its plan uses the index.
CREATE INDEX records_village_queue ON records(commune_id, village_id, state = 'returned' DESC, id)
	WHERE state IN ('assigned', 'returned') AND village_id IS NOT NULL;
