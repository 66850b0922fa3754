-- migrate2.sql - the ledger from version 1 to 2.  Built into every program
-- and applied, under the write lock, to every ledger older than 2 (a new one
-- too: schema.sql, then this); documented in hl-ledger(5).  Each section
-- says which part of the toolkit needs it.

-- The ledger's own time zone: every local time (working days, 23:59:59,
-- the next working morning, times printed) is taken in it, whatever TZ the
-- program runs under.  A ledger made before version 2 was meant for
-- Asia/Shanghai; hl-ledger init --zone sets another on a new ledger.
INSERT INTO settings (key, value) VALUES ('zone', 'Asia/Shanghai')
	ON CONFLICT (key) DO NOTHING;
-- Its offset east of UTC in seconds, for the views' local times (SQLite
-- knows no zones): exact for a zone without summer time, such as China's.
INSERT INTO settings (key, value) VALUES ('utc_offset', '28800')
	ON CONFLICT (key) DO NOTHING;

-- Repeat calls (hl-intake, workflow.c, rates.c): a call that repeats a
-- ticket still open when it came is merged into it (并单): closed on
-- receipt, no clocks or stage escalations of its own, counted once with
-- the ticket it joined.  merged_into names that ticket (the original, or a
-- repeat that brought the problem back), as the call's receive event
-- records; NULL for an original and for a repeat of a ticket already
-- resolved or closed, which is a ticket of its own.  Repeats taken in
-- before version 2 stay as they were handled: not merged.
ALTER TABLE tickets ADD COLUMN merged_into TEXT REFERENCES tickets (id);

-- Warnings in working time (rules.c, hl_warn_point): a clock with a limit
-- in working days warns when 80% of its working time is gone, no longer of
-- its wall-clock time, which could fall on a day off.  Every running clock
-- is looked at by the next hl-escalate run, which moves its next_check to
-- the warning point as now reckoned (it may come earlier than before).
UPDATE deadlines SET next_check = started_at WHERE next_check IS NOT NULL;
