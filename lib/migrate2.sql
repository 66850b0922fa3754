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

-- Ad hoc SQL gives the same answers as the programs (hl-ledger(5), "HL-RANK
-- IN SQL").  A stage met by the resolution that came after it (a response
-- nobody recorded: struct hl_clock.implied) is marked, so that an average
-- over met_at can leave it out as hl-rank does; hl-update stores it and
-- hl-ledger check compares it.  A ledger from before finds it here: such a
-- stage was met at the very time of its round's resolution, and no event
-- of its own (not answered by a correct event) was recorded at that time.
ALTER TABLE deadlines ADD COLUMN implied INTEGER NOT NULL DEFAULT 0;
UPDATE deadlines SET implied = 1
 WHERE stage IN ('respond', 'verify', 'plan', 'reply') AND met_at IS NOT NULL
   AND met_at = (SELECT r.met_at FROM deadlines r
                  WHERE r.ticket_id = deadlines.ticket_id
                    AND r.cycle = deadlines.cycle AND r.stage = 'resolve')
   AND NOT EXISTS (SELECT 1 FROM events e
                    WHERE e.ticket_id = deadlines.ticket_id
                      AND e.event = deadlines.stage
                      AND e.at = deadlines.met_at
                      AND NOT EXISTS (SELECT 1 FROM events c
                                       WHERE c.ticket_id = e.ticket_id
                                         AND c.event = 'correct'
                                         AND c.corrects = e.seq));

-- The views show local times in the ledger's own zone (settings
-- utc_offset, seconds east of UTC, beside zone), not in the TZ of whoever
-- runs sqlite3; overdue names the person holding the ticket too.
DROP VIEW open_tickets;
CREATE VIEW open_tickets AS
SELECT t.id, t.status, t.kind, t.category, t.village, t.title,
       datetime(t.received_at + (SELECT value FROM settings
                                  WHERE key = 'utc_offset'), 'unixepoch')
         AS received,
       (SELECT unit FROM assignments a
         WHERE a.ticket_id = t.id AND a.role = 'primary' AND a.until IS NULL)
         AS primary_unit,
       (SELECT person FROM assignments a
         WHERE a.ticket_id = t.id AND a.role = 'primary' AND a.until IS NULL)
         AS primary_person,
       t.repeat_count
  FROM tickets t
 WHERE t.status <> 'visited' AND t.status <> 'closed'
   AND t.status <> 'rejected';

DROP VIEW overdue;
CREATE VIEW overdue AS
SELECT d.ticket_id, d.stage,
       datetime(d.due_at + (SELECT value FROM settings
                             WHERE key = 'utc_offset'), 'unixepoch') AS due,
       (unixepoch() - d.due_at) / 60 AS minutes_late,
       t.status, t.category, t.village,
       (SELECT unit FROM assignments a
         WHERE a.ticket_id = t.id AND a.role = 'primary' AND a.until IS NULL)
         AS primary_unit,
       (SELECT person FROM assignments a
         WHERE a.ticket_id = t.id AND a.role = 'primary' AND a.until IS NULL)
         AS primary_person
  FROM deadlines d JOIN tickets t ON t.id = d.ticket_id AND t.cycle = d.cycle
 WHERE d.met_at IS NULL AND d.paused_at IS NULL AND d.due_at < unixepoch()
   AND t.status <> 'visited' AND t.status <> 'closed'
   AND t.status <> 'rejected';

DROP VIEW unit_month;
CREATE VIEW unit_month AS
SELECT a.unit,
       strftime('%Y-%m', t.received_at + (SELECT value FROM settings
                                           WHERE key = 'utc_offset'),
                'unixepoch') AS month,
       count(*) AS tickets,
       sum(t.resolved_at IS NOT NULL) AS resolved,
       sum(t.status IN ('visited', 'closed', 'rejected')) AS closed
  FROM tickets t
  JOIN assignments a ON a.ticket_id = t.id AND a.role = 'primary'
                    AND a.until IS NULL
 GROUP BY a.unit, month;

DROP VIEW history;
CREATE VIEW history AS
SELECT e.seq, e.ticket_id, e.event,
       datetime(e.at + (SELECT value FROM settings WHERE key = 'utc_offset'),
                'unixepoch') AS at,
       e.actor, e.os_user, e.program, e.details, e.corrects
  FROM events e;

-- Repeat calls (hl-intake, workflow.c, rates.c): a call that repeats a
-- ticket still open when it came is merged into it (并单): closed on
-- receipt, no clocks or stage escalations of its own, counted once with
-- the ticket it joined.  merged_into names that ticket (the original, or a
-- repeat that brought the problem back), as the call's receive event
-- records; NULL for an original and for a repeat of a ticket already
-- resolved or closed, which is a ticket of its own.  Repeats taken in
-- before version 2 stay as they were handled: not merged.
ALTER TABLE tickets ADD COLUMN merged_into TEXT REFERENCES tickets (id);
-- (Filled from the receive events, which say it: none do in a ledger made
-- before version 2, so this only keeps column and history in step.)
UPDATE tickets SET merged_into = (SELECT json_extract(e.details, '$.merged_into')
                                    FROM events e
                                   WHERE e.ticket_id = tickets.id
                                     AND e.event = 'receive')
 WHERE repeat_of IS NOT NULL;

-- Warnings in working time (rules.c, hl_warn_point): a clock with a limit
-- in working days warns when 80% of its working time is gone, no longer of
-- its wall-clock time, which could fall on a day off.  Every running clock
-- is looked at by the next hl-escalate run, which moves its next_check to
-- the warning point as now reckoned (it may come earlier than before).
UPDATE deadlines SET next_check = started_at WHERE next_check IS NOT NULL;

-- hl-notify: where people are reached, what the outbox row is about, and
-- what has been handed to a channel command (hl-notify(1), hl-ledger(5)).
--
-- channels: a unit's work group or a person's own channel, imported with
-- "hl-ledger import channels"; one channel a unit or person.  channel is
-- wecom, dingtalk, mail or cmd:NAME; address is the robot's key file
-- (mode 0600, read only by the channel command), a mail address, or what
-- a cmd:NAME command takes.  A person's mail channel with an empty
-- address goes to the person's email in people.
CREATE TABLE channels (
	target  TEXT PRIMARY KEY,           -- a unit or a person's name
	channel TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT ''
) STRICT;

-- The outbox row's notice (rows of one notice to one group are sent as
-- one entry), the template it was rendered with, whether quiet hours may
-- hold it, a file to attach, and the @mentions of its last attempt.
ALTER TABLE outbox ADD COLUMN notice TEXT;
ALTER TABLE outbox ADD COLUMN kind TEXT;
ALTER TABLE outbox ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN attach TEXT;
ALTER TABLE outbox ADD COLUMN mentions TEXT;

-- Every message handed to a channel command: when, to what, with what
-- result (75 for a command killed at its timeout).  The robots' 20
-- messages a minute are counted here.
CREATE TABLE deliveries (
	id         INTEGER PRIMARY KEY,
	channel    TEXT,
	address    TEXT,
	command    TEXT NOT NULL,
	started_at INTEGER NOT NULL,
	status     INTEGER NOT NULL,
	outbox     TEXT NOT NULL,           -- the outbox ids, space-separated
	error      TEXT
) STRICT;

CREATE INDEX deliveries_address ON deliveries (address, started_at);

-- New assignments are found by their dispatch and transfer events: the
-- events up to settings.notify_seq have had their assignments queued.  A
-- ledger made before version 2 starts from the events of its last day,
-- and its escalations fired before that day are marked notified_at 0
-- (never sent): the first run of hl-notify does not send months of them.
INSERT INTO settings (key, value)
	SELECT 'notify_seq', CAST(coalesce(max(seq), 0) AS TEXT) FROM events
	 WHERE recorded_at < unixepoch() - 86400
	ON CONFLICT (key) DO NOTHING;
UPDATE escalations SET notified_at = 0
 WHERE notified_at IS NULL AND fired_at < unixepoch() - 86400;

-- hl-report (the meetings' lists): what the reports read, through indexes,
-- so that a year's ledger is no slower than a month's.
-- Tickets done (visited, closed, rejected) by when they last changed: a
-- report as of a past moment finds the ones still open then among the open
-- tickets (tickets_open) and these, changed after it.
CREATE INDEX tickets_done ON tickets (updated_at)
	WHERE status = 'visited' OR status = 'closed' OR status = 'rejected';
-- Escalations by when they fired: the weekly report's escalations.
CREATE INDEX escalations_fired ON escalations (fired_at);
-- Interviews (约谈) by when they were held: the weekly report.
CREATE INDEX events_interview ON events (at) WHERE event = 'interview';
