-- schema.sql - the hotline ledger, version 1.  Built into every program and
-- applied by the migration to user_version 1; documented in hl-ledger(5).
--
-- Conventions: every time is INTEGER seconds since the Unix epoch (the views
-- show them as local text); names are the glossary's (spec/DOMAIN.md); the
-- event history is the truth and the columns marked "derived" are a cache of
-- it that hl-ledger check recomputes.  Checks and partial indexes spell out
-- "a = 'x' OR a = 'y'" rather than "a IN ('x', 'y')": SQLite builds a
-- temporary table for an IN list on every row it checks, which made taking
-- in tickets several times slower.

-- Work orders.  One row per ticket id; the input fields as received (or as
-- amended by hl-intake --update, which records an amend event).
CREATE TABLE tickets (
	id           TEXT PRIMARY KEY,      -- upstream work-order number
	received_at  INTEGER NOT NULL,
	title        TEXT,
	content      TEXT NOT NULL,
	kind         TEXT CHECK (kind = 'consult' OR kind = 'help' OR
	                        kind = 'complaint' OR kind = 'report' OR
	                        kind = 'suggestion' OR kind = 'praise'),
	category     TEXT,
	village      TEXT,
	address      TEXT,
	channel      TEXT,
	caller_name  TEXT,
	caller_phone TEXT,                  -- digits only; personal data
	due_at       INTEGER,               -- upstream resolve limit, if given
	urgent       INTEGER NOT NULL DEFAULT 0 CHECK (urgent = 0 OR urgent = 1),
	extra        TEXT,                  -- JSON object of other input fields
	source_hash  TEXT NOT NULL,         -- SHA-256 of the canonical input
	repeat_of    TEXT REFERENCES tickets (id),  -- the original call (并单)
	repeat_count INTEGER NOT NULL DEFAULT 1,    -- calls on the original so far
	status       TEXT NOT NULL DEFAULT 'received',  -- derived
	verdict      TEXT CHECK (verdict = 'genuine' OR verdict = 'malicious' OR
	                        verdict = 'unfounded'),
	cycle        INTEGER NOT NULL DEFAULT 0,    -- derived: reopenings so far
	resolved_at  INTEGER,                       -- derived
	closed_at    INTEGER,                       -- derived
	created_at   INTEGER NOT NULL,              -- first stored
	updated_at   INTEGER NOT NULL               -- last event recorded
) STRICT;

CREATE INDEX tickets_received ON tickets (received_at);
-- Repeat calls: same phone, village and category within the window.
CREATE INDEX tickets_repeat ON tickets (caller_phone, village, category,
                                        received_at)
	WHERE caller_phone IS NOT NULL;
-- (<> rather than NOT IN: SQLite evaluates an IN list through a temporary
-- table, on every insert and update that maintains the index.)
CREATE INDEX tickets_open ON tickets (status)
	WHERE status <> 'visited' AND status <> 'closed' AND status <> 'rejected';
CREATE INDEX tickets_repeat_of ON tickets (repeat_of)
	WHERE repeat_of IS NOT NULL;

-- The append-only history.  seq orders events as they were recorded; "at"
-- is when the thing happened (hl-update --at).
CREATE TABLE events (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	ticket_id   TEXT NOT NULL REFERENCES tickets (id),
	event       TEXT NOT NULL,          -- receive, dispatch, respond, ...
	at          INTEGER NOT NULL,
	recorded_at INTEGER NOT NULL,
	actor       TEXT,                   -- the name given with --by
	os_user     TEXT,                   -- the system user that ran the program
	program     TEXT,                   -- e.g. "hl-update 0.1.0"
	details     TEXT,                   -- JSON object of the event's options
	corrects    INTEGER REFERENCES events (seq),  -- for a correct event
	prev_hash   TEXT,                   -- hash chain (tamper evidence)
	hash        TEXT
) STRICT;

CREATE INDEX events_ticket ON events (ticket_id, seq);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only: record a correct event');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only: record a correct event');
END;

-- Who holds a ticket: the primary handler (station or cadre) and the
-- village committee (双派单).  A transfer ends one row and starts another.
CREATE TABLE assignments (
	ticket_id TEXT NOT NULL REFERENCES tickets (id),
	role      TEXT NOT NULL CHECK (role = 'primary' OR role = 'village'),
	unit      TEXT NOT NULL,
	person    TEXT,
	since     INTEGER NOT NULL,
	until     INTEGER,                  -- NULL while current
	event_seq INTEGER REFERENCES events (seq)
) STRICT;

CREATE INDEX assignments_ticket ON assignments (ticket_id);
CREATE UNIQUE INDEX assignments_current ON assignments (ticket_id, role)
	WHERE until IS NULL;
CREATE INDEX assignments_unit ON assignments (unit, since);

-- Stage clocks (derived): one row per ticket, cycle and stage.  A cycle is
-- the handling between reopenings (0 for the first).
CREATE TABLE deadlines (
	ticket_id  TEXT NOT NULL REFERENCES tickets (id),
	cycle      INTEGER NOT NULL,
	stage      TEXT NOT NULL,           -- dispatch, respond, verify, plan,
	                                    -- reply, follow_up, resolve, visit
	started_at INTEGER NOT NULL,
	"limit"    TEXT NOT NULL,           -- limit applied: 30m, 5wd, or "due"
	due_at     INTEGER NOT NULL,        -- after pauses and extensions
	met_at     INTEGER,                 -- NULL while the stage is unmet
	paused_at  INTEGER,                 -- set while the clock is suspended
	extended   INTEGER NOT NULL DEFAULT 0,  -- an extension moved due_at
	shifted    INTEGER NOT NULL DEFAULT 0,  -- seconds pauses moved due_at
	next_check INTEGER,                 -- when hl-escalate next looks at it:
	                                    -- the warning point, then the second
	                                    -- after the deadline, ...; NULL when
	                                    -- no rule is left to fire
	PRIMARY KEY (ticket_id, cycle, stage)
) STRICT, WITHOUT ROWID;

-- What hl-escalate watches: unmet, running clocks by when a rule of theirs
-- comes due next, so that a check finding nothing due reads nothing.
CREATE INDEX deadlines_next ON deadlines (next_check)
	WHERE next_check IS NOT NULL;

-- Fired escalations (督办).  The unique key is the "exactly once": each
-- rule once per clock (a ticket's stage in a cycle, restarted by a
-- transfer or a reply).
CREATE TABLE escalations (
	id         INTEGER PRIMARY KEY,
	ticket_id  TEXT NOT NULL REFERENCES tickets (id),
	rule       TEXT NOT NULL,           -- warn-respond, late-resolve-2, ...
	stage      TEXT,
	level      INTEGER NOT NULL,
	cycle      INTEGER NOT NULL DEFAULT 0,
	clock_start INTEGER NOT NULL DEFAULT 0,  -- started_at of the clock it
	                                    -- watched (a transfer starts a new
	                                    -- clock); 0 for repeat, unsatisfied
	due_at     INTEGER,
	fired_at   INTEGER NOT NULL,
	recipients TEXT NOT NULL,           -- JSON array of {name, role, unit,
	                                    -- phone}
	missing    TEXT,                    -- JSON array of roles nobody fills
	notified_at INTEGER,                -- when hl-notify queued its messages
	UNIQUE (ticket_id, rule, cycle, clock_start)
) STRICT;

CREATE INDEX escalations_unnotified ON escalations (fired_at)
	WHERE notified_at IS NULL;

-- Rules that an event makes due (a repeat call reaching repeat_calls, an
-- unsatisfied visit), queued in the same transaction as the event and
-- cleared when hl-escalate fires them: none is lost however the ticket
-- moves on before the next check.
CREATE TABLE pending_escalations (
	ticket_id TEXT NOT NULL REFERENCES tickets (id),
	rule      TEXT NOT NULL,
	cycle     INTEGER NOT NULL,
	since     INTEGER NOT NULL,
	PRIMARY KEY (ticket_id, rule, cycle)
) STRICT, WITHOUT ROWID;

-- Messages to deliver.  Claimed, delivered through a command outside any
-- transaction, then marked; a later run retries what is not marked.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	key             TEXT NOT NULL UNIQUE,  -- what it is about, for idempotence
	ticket_id       TEXT REFERENCES tickets (id),
	escalation_id   INTEGER REFERENCES escalations (id),
	recipient       TEXT,
	channel         TEXT,
	address         TEXT,
	subject         TEXT,
	body            TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	claimed_at      INTEGER,
	sent_at         INTEGER,
	failed_at       INTEGER,
	last_error      TEXT
) STRICT;

CREATE INDEX outbox_pending ON outbox (next_attempt_at)
	WHERE sent_at IS NULL AND failed_at IS NULL;

-- The office's directory and tables (hl-ledger import).
CREATE TABLE units (
	unit TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind = 'station' OR kind = 'village' OR
	                        kind = 'center' OR kind = 'leadership' OR
	                        kind = 'discipline')
) STRICT;

CREATE TABLE people (
	name  TEXT PRIMARY KEY,
	role  TEXT NOT NULL CHECK (role = 'cadre' OR role = 'area_leader' OR
	                        role = 'station_head' OR role = 'village_head' OR
	                        role = 'deputy' OR role = 'principal' OR
	                        role = 'discipline' OR role = 'grid' OR
	                        role = 'center'),
	unit  TEXT,
	phone TEXT,
	email TEXT
) STRICT;

CREATE INDEX people_unit ON people (unit, role);

CREATE TABLE villages (
	village     TEXT PRIMARY KEY,
	area        TEXT,
	cadre       TEXT,                   -- a person's name (包村干部)
	area_leader TEXT                    -- a person's name (包片领导)
) STRICT;

CREATE TABLE routes (
	category TEXT PRIMARY KEY,
	station  TEXT NOT NULL
) STRICT;

-- Policy: stage limits by scope ("*", a kind or a category), and the
-- ranking and repeat settings; a row absent here takes the built-in default.
CREATE TABLE policy (
	stage   TEXT NOT NULL,
	scope   TEXT NOT NULL DEFAULT '*',
	"limit" TEXT NOT NULL,
	PRIMARY KEY (stage, scope)
) STRICT;

-- Days that differ from "Monday to Friday work": holidays (0) and make-up
-- working days (1).
CREATE TABLE calendar (
	date    TEXT PRIMARY KEY,           -- YYYY-MM-DD
	workday INTEGER NOT NULL CHECK (workday = 0 OR workday = 1),
	name    TEXT
) STRICT;

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT
) STRICT;

-- Views for ad hoc questions (sqlite3 hotline.db 'SELECT * FROM overdue').

-- Open tickets with readable times and their current handlers.
CREATE VIEW open_tickets AS
SELECT t.id, t.status, t.kind, t.category, t.village, t.title,
       datetime(t.received_at, 'unixepoch', 'localtime') AS received,
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

-- Stages past due now and still unmet.
CREATE VIEW overdue AS
SELECT d.ticket_id, d.stage,
       datetime(d.due_at, 'unixepoch', 'localtime') AS due,
       (unixepoch() - d.due_at) / 60 AS minutes_late,
       t.status, t.category, t.village,
       (SELECT unit FROM assignments a
         WHERE a.ticket_id = t.id AND a.role = 'primary' AND a.until IS NULL)
         AS primary_unit
  FROM deadlines d JOIN tickets t ON t.id = d.ticket_id AND t.cycle = d.cycle
 WHERE d.met_at IS NULL AND d.paused_at IS NULL AND d.due_at < unixepoch()
   AND t.status <> 'visited' AND t.status <> 'closed'
   AND t.status <> 'rejected';

-- Each unit's tickets by month received (the current primary handler).
CREATE VIEW unit_month AS
SELECT a.unit, strftime('%Y-%m', t.received_at, 'unixepoch', 'localtime')
         AS month,
       count(*) AS tickets,
       sum(t.resolved_at IS NOT NULL) AS resolved,
       sum(t.status IN ('visited', 'closed', 'rejected')) AS closed
  FROM tickets t
  JOIN assignments a ON a.ticket_id = t.id AND a.role = 'primary'
                    AND a.until IS NULL
 GROUP BY a.unit, month;

-- The history with readable times.
CREATE VIEW history AS
SELECT e.seq, e.ticket_id, e.event,
       datetime(e.at, 'unixepoch', 'localtime') AS at,
       e.actor, e.os_user, e.program, e.details, e.corrects
  FROM events e;
