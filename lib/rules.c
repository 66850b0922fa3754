/*
 * rules.c - escalation (督办): which rule is due for which ticket at a
 * moment, who hears of it, and the claim that makes each firing happen
 * exactly once (spec/DOMAIN.md, "Escalation").
 *
 *   warn-STAGE      the warning share (80%) of a stage's time is gone  level 0
 *   late-STAGE      the stage's deadline passed, unmet                 level 1
 *   late-resolve    the resolve deadline passed                        level 2
 *   late-resolve-2  late_resolve_2 (1 working day) after that          level 3
 *   repeat          an original reaches repeat_calls (3) calls         level 1
 *   unsatisfied     a visit found the caller unsatisfied / unresolved  level 2
 *
 * A repeat call merged into an open ticket has no clocks, so no stage
 * rule of its own: its ticket's rules speak for it.
 *
 * Only clocks whose next rule may have come due are looked at (the partial
 * index deadlines_next, on next_check: each clock's warning point, moved on
 * by each check), so the cost follows what is due now, not the open work,
 * let alone the history.  A firing is claimed by inserting its key (ticket, rule, cycle,
 * clock_start) with ON CONFLICT DO NOTHING inside BEGIN IMMEDIATE: a row
 * back means this run fires it.  Repeat and unsatisfied come from the
 * pending_escalations queue their events filled.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* Who a rule goes to, as bits. */
enum {
	TO_HANDLERS = 1, TO_UNIT_HEAD = 2, TO_AREA_LEADER = 4, TO_DEPUTY = 8,
	TO_PRINCIPAL = 16, TO_DISCIPLINE = 32, TO_CADRE = 64, TO_CENTER = 128,
};

struct firing {
	char rule[32];
	const char *stage;      /* NULL for repeat and unsatisfied */
	int level, cycle;
	hl_time clock_start;    /* the clock's start; 0 for event rules */
	unsigned to;
	hl_time due_at;         /* 0 when the rule has no deadline */
};

/* Adds a person (by name) to the recipients once. */
static void
add_person(json_t *rcpt, const char *name, const char *role, const char *unit,
           const char *phone)
{
	size_t i;
	json_t *r;

	json_array_foreach(rcpt, i, r)
		if (strcmp(json_string_value(json_object_get(r, "name")), name) == 0)
			return;
	json_array_append_new(rcpt, json_pack("{s:s, s:s, s:s?, s:s?}", "name",
	                                       name, "role", role, "unit", unit,
	                                       "phone", phone));
}

/* People of a role (optionally of a unit, or by name) into rcpt; returns how
 * many. */
static int
add_role(struct hl_ledger *L, json_t *rcpt, const char *role,
         const char *unit, const char *name)
{
	static const char sql[] =
		"SELECT name, role, unit, phone FROM people WHERE role = ?1 "
		"AND (?2 IS NULL OR unit = ?2) AND (?3 IS NULL OR name = ?3) "
		"ORDER BY name";
	sqlite3_stmt *st = hl_stmt(L, sql);
	int n = 0;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
	hl_bind_text(st, 2, unit);
	hl_bind_text(st, 3, name);
	while (sqlite3_step(st) == SQLITE_ROW) {
		add_person(rcpt, (const char *)sqlite3_column_text(st, 0),
		           (const char *)sqlite3_column_text(st, 1),
		           (const char *)sqlite3_column_text(st, 2),
		           (const char *)sqlite3_column_text(st, 3));
		n++;
	}
	sqlite3_reset(st);
	return n;
}

/* A village's cadre and area leader (names), "" when unknown. */
static void
village_people(struct hl_ledger *L, const char *village, char *cadre,
               char *leader, size_t n)
{
	static const char sql[] =
		"SELECT cadre, area_leader FROM villages WHERE village = ?";
	sqlite3_stmt *st = hl_stmt(L, sql);

	*cadre = *leader = '\0';
	if (!st || !village)
		return;
	sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			snprintf(cadre, n, "%s", sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 1))
			snprintf(leader, n, "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
}

static void
missing_add(json_t *missing, const char *what)
{
	size_t i;
	json_t *m;

	json_array_foreach(missing, i, m)
		if (strcmp(json_string_value(m), what) == 0)
			return;
	json_array_append_new(missing, json_string(what));
}

/* The recipients of a firing on ticket id (village may be NULL). */
static void
recipients(struct hl_ledger *L, const char *id, const char *village,
           unsigned to, json_t *rcpt, json_t *missing)
{
	static const char sql_asg[] =
		"SELECT a.role, a.unit, a.person, p.role, p.phone, u.kind "
		"FROM assignments a LEFT JOIN people p ON p.name = a.person "
		"LEFT JOIN units u ON u.unit = a.unit "
		"WHERE a.ticket_id = ? AND a.until IS NULL "
		"ORDER BY a.role <> 'primary'";
	char cadre[256], leader[256], unit[256] = "";
	sqlite3_stmt *st;
	int found;

	village_people(L, village, cadre, leader, sizeof cadre);
	/* The assignments give the handlers and the primary unit (whose head
	 * hears of it even when the handlers do not, e.g. late-visit). */
	if ((to & (TO_HANDLERS | TO_UNIT_HEAD)) && (st = hl_stmt(L, sql_asg))) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *role = (const char *)sqlite3_column_text(st, 0);
			const char *u = (const char *)sqlite3_column_text(st, 1);
			const char *person = (const char *)sqlite3_column_text(st, 2);

			if (strcmp(role, "primary") == 0)
				snprintf(unit, sizeof unit, "%s", u);
			if (!(to & TO_HANDLERS))
				continue;
			if (person)
				add_person(rcpt, person, sqlite3_column_text(st, 3)
				           ? (const char *)sqlite3_column_text(st, 3)
				           : role, u, (const char *)sqlite3_column_text(st, 4));
			else
				missing_add(missing, strcmp(role, "primary") == 0
				            ? "handler" : "village_head");
		}
		sqlite3_reset(st);
	}
	if (to & TO_CENTER && !add_role(L, rcpt, "center", NULL, NULL))
		missing_add(missing, "center");
	/* Not yet with a unit (a late dispatch): no unit head to tell. */
	if ((to & TO_UNIT_HEAD) && *unit) {
		found = add_role(L, rcpt, "station_head", unit, NULL) ||
		        add_role(L, rcpt, "village_head", unit, NULL);
		if (!found)
			missing_add(missing, "unit_head");
	}
	if (to & TO_AREA_LEADER &&
	    !(*leader && add_role(L, rcpt, "area_leader", NULL, leader)))
		missing_add(missing, "area_leader");
	if (to & TO_CADRE && !(*cadre && add_role(L, rcpt, "cadre", NULL, cadre)))
		missing_add(missing, "cadre");
	if (to & TO_DEPUTY && !add_role(L, rcpt, "deputy", NULL, NULL))
		missing_add(missing, "deputy");
	if (to & TO_PRINCIPAL && !add_role(L, rcpt, "principal", NULL, NULL))
		missing_add(missing, "principal");
	if (to & TO_DISCIPLINE && !add_role(L, rcpt, "discipline", NULL, NULL))
		missing_add(missing, "discipline");
}

/* The handlers of a stage: who must act on it. */
static unsigned
handlers_of(const char *stage)
{
	if (strcmp(stage, "dispatch") == 0)
		return TO_CENTER;
	if (strcmp(stage, "visit") == 0)
		return TO_DISCIPLINE;   /* 回访 is the discipline commission's */
	return TO_HANDLERS;
}

/* The second level of a late resolve: late_resolve_2 after the deadline. */
static hl_time
second_level_due(const struct hl_rules_store *rs, hl_time due,
                 const char *kind, const char *category)
{
	const char *v = hl_policy_value(&rs->pol, "late_resolve_2", kind,
	                                category, NULL);
	struct hl_limit l = { 1, 'w' };

	if (v && hl_limit_parse(v, &l))
		l.n = 1, l.unit = 'w';
	if (l.unit == 'w')
		return hl_calendar_add_workdays(&rs->cal, due, l.n);
	return due + l.n * (l.unit == 'm' ? 60 : l.unit == 'h' ? 3600 : 86400);
}

/* A running clock, as the rules look at it. */
struct clock {
	const char *stage;      /* static: one of hl_stages */
	hl_time started, due, shifted;
	char limit[16];         /* "30m", "5wd", "due", ... */
	const char *kind, *category;
};

/* True for a limit in working days ("5wd"). */
static int
in_workdays(const char *limit)
{
	size_t n = strlen(limit);

	return n > 2 && strcmp(limit + n - 2, "wd") == 0;
}

hl_time
hl_warn_point(const struct hl_calendar *cal, const char *limit,
              hl_time started, hl_time due, hl_time shifted, long pct)
{
	hl_time span, w, before;

	if (!in_workdays(limit)) {
		/* Pauses moved the deadline by `shifted`: not running time. */
		span = due - started - shifted;
		return started + shifted + span * pct / 100;
	}
	/* The working time up to the deadline, less what pauses added to it
	 * (the working days between the deadline before and after them). */
	w = hl_calendar_worktime(cal, started, due);
	before = w - hl_calendar_worktime(cal, due - shifted, due);
	return hl_calendar_after_worktime(cal, started,
	                                  w - before + before * pct / 100);
}

/* When the warning share of a clock's running time is gone. */
static hl_time
warn_at(const struct hl_rules_store *rs, const struct clock *c, long warn_pct)
{
	return hl_warn_point(&rs->cal, c->limit, c->started, c->due, c->shifted,
	                     warn_pct);
}

/* The rules due for one running clock at now: 0, 1 or 2 firings. */
static int
clock_rules(const struct hl_rules_store *rs, const struct clock *c,
            hl_time now, long warn_pct, struct firing f[2])
{
	int n = 0;

	memset(f, 0, 2 * sizeof *f);
	if (now > c->due) {
		int resolve = strcmp(c->stage, "resolve") == 0;

		snprintf(f[n].rule, sizeof f[n].rule, "late-%s", c->stage);
		f[n].stage = c->stage;
		f[n].level = resolve ? 2 : 1;
		f[n].due_at = c->due;
		f[n].to = handlers_of(c->stage) | TO_UNIT_HEAD | TO_AREA_LEADER |
		          (resolve ? TO_DEPUTY : 0);
		n++;
		if (resolve) {
			hl_time due2 = second_level_due(rs, c->due, c->kind, c->category);

			if (now > due2) {
				snprintf(f[n].rule, sizeof f[n].rule, "late-resolve-2");
				f[n].stage = c->stage;
				f[n].level = 3;
				f[n].due_at = due2;
				f[n].to = f[0].to | TO_PRINCIPAL | TO_DISCIPLINE;
				n++;
			}
		}
	} else if (now >= warn_at(rs, c, warn_pct)) {
		snprintf(f[n].rule, sizeof f[n].rule, "warn-%s", c->stage);
		f[n].stage = c->stage;
		f[n].level = 0;
		f[n].due_at = c->due;
		f[n].to = handlers_of(c->stage);
		n++;
	}
	return n;
}

struct run {
	struct hl_ledger *L;
	const struct hl_rules_store *rs;
	hl_time now;
	int dry;
	FILE *out;              /* where records go */
	long long *ids;         /* the escalations this run claimed */
	size_t nids, cap;
};

/* The escalation record (CONTRACT.md) of a firing, with the ticket as it
 * stands in the ledger. */
static json_t *
record(struct hl_ledger *L, const char *id, const char *rule, int level,
       const char *stage, hl_time due_at, hl_time at, json_t *rcpt,
       json_t *missing, int *status)
{
	json_t *rec, *ticket;
	char buf[40];

	if (!(ticket = hl_store_ticket_json(L, id, status)))
		return NULL;
	rec = json_object();
	json_object_set_new(rec, "event", json_string("escalation"));
	json_object_set_new(rec, "rule", json_string(rule));
	json_object_set_new(rec, "level", json_integer(level));
	json_object_set_new(rec, "stage", stage ? json_string(stage)
	                                        : json_null());
	json_object_set_new(rec, "due_at", due_at
	                    ? json_string(hl_time_format(due_at, buf, sizeof buf))
	                    : json_null());
	json_object_set_new(rec, "at", json_string(hl_time_format(at, buf,
	                                                          sizeof buf)));
	json_object_set_new(rec, "ticket", ticket);
	json_object_set(rec, "recipients", rcpt);
	json_object_set(rec, "missing", missing);
	return rec;
}

/* Claims one firing; on success appends its record.  0 or a status. */
static int
fire(struct run *r, const char *id, const char *village,
     const struct firing *f)
{
	static const char sql_claim[] =
		"INSERT INTO escalations (ticket_id, rule, stage, level, cycle, due_at, "
		"fired_at, recipients, missing, clock_start) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT DO NOTHING RETURNING id";
	static const char sql_seen[] =
		"SELECT 1 FROM escalations WHERE ticket_id = ? AND rule = ? AND "
		"cycle = ? AND clock_start = ?";
	json_t *rcpt = json_array(), *missing = json_array(), *rec;
	char *rtext = NULL, *mtext = NULL;
	long long claimed = 0;
	sqlite3_stmt *st;
	int rc, st_ = 0, fired;
	size_t i;
	json_t *m;

	/* Already fired?  (Cheap, and the dry run has no other way.) */
	if (!(st = hl_stmt(r->L, sql_seen)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->cycle);
	sqlite3_bind_int64(st, 4, f->clock_start);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		goto out;
	if (rc != SQLITE_DONE) {
		st_ = hl_ledger_fail(r->L, rc, "cannot read escalations");
		goto out;
	}
	recipients(r->L, id, village, f->to, rcpt, missing);
	if (!r->dry) {
		rtext = json_dumps(rcpt, HL_JSON);
		mtext = json_array_size(missing) ? json_dumps(missing, HL_JSON)
		                                 : NULL;
		if (!(st = hl_stmt(r->L, sql_claim))) {
			st_ = EX_SOFTWARE;
			goto out;
		}
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->rule, -1, SQLITE_STATIC);
		hl_bind_text(st, 3, f->stage);
		sqlite3_bind_int(st, 4, f->level);
		sqlite3_bind_int(st, 5, f->cycle);
		if (f->due_at)
			sqlite3_bind_int64(st, 6, f->due_at);
		sqlite3_bind_int64(st, 7, r->now);
		sqlite3_bind_text(st, 8, rtext, -1, SQLITE_STATIC);
		hl_bind_text(st, 9, mtext);
		sqlite3_bind_int64(st, 10, f->clock_start);
		rc = sqlite3_step(st);
		fired = rc == SQLITE_ROW;
		if (fired)
			claimed = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			st_ = hl_ledger_fail(r->L, rc, "cannot claim an escalation");
			goto out;
		}
		if (!fired)
			goto out;       /* another run claimed it first */
	}
	json_array_foreach(missing, i, m)
		hl_warn("ticket '%s' %s: no %s in the directory", id, f->rule,
		        json_string_value(m));
	if (!r->dry) {
		/* Claimed: printed after the commit (hl_escalate). */
		if (r->nids == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 256;
			long long *ni = realloc(r->ids, cap * sizeof *ni);

			if (!ni) {
				st_ = EX_SOFTWARE;
				goto out;
			}
			r->ids = ni;
			r->cap = cap;
		}
		r->ids[r->nids++] = claimed;
		goto out;
	}
	/* A dry run claims nothing, holds no lock: say it now. */
	if ((rec = record(r->L, id, f->rule, f->level, f->stage, f->due_at, r->now,
	                  rcpt, missing, &st_))) {
		st_ = hl_print_json(r->out, rec);
		json_decref(rec);
	}
out:
	free(rtext);
	free(mtext);
	json_decref(rcpt);
	json_decref(missing);
	return st_;
}

/* The static name of a stage read from the ledger, or NULL. */
static const char *
stage_name(const unsigned char *s)
{
	int k;

	for (k = 0; s && hl_stages[k]; k++)
		if (strcmp(hl_stages[k], (const char *)s) == 0)
			return hl_stages[k];
	return NULL;
}

/* When a clock next needs a look after now: its warning point, the second
 * after its deadline, the second after the second level of a late
 * resolve; 0 when no rule of it is left. */
static hl_time
next_check(const struct hl_rules_store *rs, const struct clock *c, hl_time now,
           long warn_pct)
{
	hl_time w = warn_at(rs, c, warn_pct), due2;

	if (now < w)
		return w;
	if (now <= c->due)
		return c->due + 1;
	if (strcmp(c->stage, "resolve") == 0 &&
	    now <= (due2 = second_level_due(rs, c->due, c->kind, c->category)))
		return due2 + 1;
	return 0;
}

/* The running clocks to look at: by default those whose next_check has
 * come (an index range: a check that finds nothing due reads nothing);
 * with another warning share than the policy's, every running clock. */
static const char sql_due_clocks[] =
	"SELECT d.ticket_id, d.cycle, d.stage, d.started_at, d.due_at, "
	"d.shifted, t.village, t.kind, t.category, d.\"limit\" "
	"FROM deadlines d JOIN tickets t ON t.id = d.ticket_id "
	"WHERE d.next_check IS NOT NULL AND d.next_check <= ?2 "
	"AND (?1 IS NULL OR d.ticket_id = ?1) ORDER BY d.next_check";
static const char sql_all_clocks[] =
	"SELECT d.ticket_id, d.cycle, d.stage, d.started_at, d.due_at, "
	"d.shifted, t.village, t.kind, t.category, d.\"limit\" "
	"FROM deadlines d JOIN tickets t ON t.id = d.ticket_id "
	"WHERE d.met_at IS NULL AND d.paused_at IS NULL AND d.cycle = t.cycle "
	"AND " HL_SQL_OPEN("t.") " "
	"AND (?1 IS NULL OR d.ticket_id = ?1) ORDER BY d.due_at";
static const char sql_next[] =
	"UPDATE deadlines SET next_check = ?4 WHERE ticket_id = ?1 "
	"AND cycle = ?2 AND stage = ?3";

static int
eval_clocks(struct hl_run_opts *o, struct run *r, int every)
{
	sqlite3_stmt *st = hl_prepare(r->L, every ? sql_all_clocks
	                                          : sql_due_clocks), *up;
	struct firing f[2];
	struct clock c;
	int rc, n, i, s = 0;

	if (!st)
		return EX_SOFTWARE;
	hl_bind_text(st, 1, o->only);
	if (!every)
		sqlite3_bind_int64(st, 2, r->now);
	while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int cycle = sqlite3_column_int(st, 1);
		hl_time next;

		if (!(c.stage = stage_name(sqlite3_column_text(st, 2))))
			continue;
		c.started = sqlite3_column_int64(st, 3);
		c.due = sqlite3_column_int64(st, 4);
		c.shifted = sqlite3_column_int64(st, 5);
		c.kind = (const char *)sqlite3_column_text(st, 7);
		c.category = (const char *)sqlite3_column_text(st, 8);
		snprintf(c.limit, sizeof c.limit, "%s",
		         (const char *)sqlite3_column_text(st, 9));
		n = clock_rules(r->rs, &c, r->now, o->warn_pct, f);
		for (i = 0; i < n && !s; i++) {
			f[i].cycle = cycle;
			f[i].clock_start = c.started;
			s = fire(r, id, (const char *)sqlite3_column_text(st, 6),
			         &f[i]);
		}
		if (s || r->dry)
			continue;
		/* Looked at: not again before its next rule can be due. */
		next = next_check(r->rs, &c, r->now, o->warn_pct);
		if (!(up = hl_stmt(r->L, sql_next))) {
			s = EX_SOFTWARE;
			break;
		}
		sqlite3_bind_text(up, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(up, 2, cycle);
		sqlite3_bind_text(up, 3, c.stage, -1, SQLITE_STATIC);
		if (next)
			sqlite3_bind_int64(up, 4, next);
		if ((rc = sqlite3_step(up)) != SQLITE_DONE)
			s = hl_ledger_fail(r->L, rc, "cannot update a clock");
		sqlite3_reset(up);
	}
	if (!s && rc != SQLITE_DONE && rc != SQLITE_ROW)
		s = hl_ledger_fail(r->L, rc, "cannot read deadlines");
	sqlite3_finalize(st);
	return s;
}

/* Rules an event made due (repeat, unsatisfied), queued with the event:
 * fired, then cleared. */
static int
eval_pending(struct hl_run_opts *o, struct run *r)
{
	static const char sql[] =
		"SELECT p.ticket_id, p.rule, p.cycle, t.village FROM "
		"pending_escalations p JOIN tickets t ON t.id = p.ticket_id "
		"WHERE (?1 IS NULL OR p.ticket_id = ?1) ORDER BY p.since, p.ticket_id";
	static const char sql_clear[] =
		"DELETE FROM pending_escalations WHERE ticket_id = ? AND rule = ? "
		"AND cycle = ?";
	sqlite3_stmt *st = hl_prepare(r->L, sql), *del;
	struct firing f;
	int rc, s = 0;

	if (!st)
		return EX_SOFTWARE;
	hl_bind_text(st, 1, o->only);
	while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *rule = (const char *)sqlite3_column_text(st, 1);

		memset(&f, 0, sizeof f);
		/* The area leader organises the people responsible: the cadre
		 * and the handler's unit head (the seed's 包片领导 role). */
		if (strcmp(rule, "repeat") == 0) {
			f.level = 1;
			f.to = TO_UNIT_HEAD | TO_AREA_LEADER | TO_CADRE;
		} else if (strcmp(rule, "unsatisfied") == 0) {
			f.level = 2;
			f.to = TO_UNIT_HEAD | TO_AREA_LEADER | TO_CADRE |
			       TO_DISCIPLINE;
		} else {
			continue;
		}
		snprintf(f.rule, sizeof f.rule, "%s", rule);
		f.cycle = sqlite3_column_int(st, 2);
		if ((s = fire(r, id, (const char *)sqlite3_column_text(st, 3), &f)))
			break;
		if (r->dry)
			continue;
		if (!(del = hl_stmt(r->L, sql_clear))) {
			s = EX_SOFTWARE;
			break;
		}
		sqlite3_bind_text(del, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 2, rule, -1, SQLITE_STATIC);
		sqlite3_bind_int(del, 3, f.cycle);
		if ((rc = sqlite3_step(del)) != SQLITE_DONE)
			s = hl_ledger_fail(r->L, rc, "cannot clear a fired escalation");
		sqlite3_reset(del);
	}
	if (!s && rc != SQLITE_DONE && rc != SQLITE_ROW)
		s = hl_ledger_fail(r->L, rc, "cannot read due escalations");
	sqlite3_finalize(st);
	return s;
}

/* Prints the records of the escalations this run claimed, from the
 * ledger, one at a time (memory does not grow with their number). */
static int
print_claimed(struct run *r)
{
	static const char sql[] =
		"SELECT ticket_id, rule, level, stage, due_at, fired_at, recipients, "
		"coalesce(missing, '[]') FROM escalations WHERE id = ?";
	sqlite3_stmt *st = hl_stmt(r->L, sql);
	size_t i;
	int s = 0;

	if (!st)
		return EX_SOFTWARE;
	for (i = 0; i < r->nids && !s; i++) {
		json_t *rcpt, *missing, *rec;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r->ids[i]);
		if (sqlite3_step(st) != SQLITE_ROW)
			continue;
		rcpt = json_loads((const char *)sqlite3_column_text(st, 6), 0, NULL);
		missing = json_loads((const char *)sqlite3_column_text(st, 7), 0,
		                     NULL);
		/* The row's text is needed after the ticket is read: copy. */
		{
			char *tid = strdup((const char *)sqlite3_column_text(st, 0));
			char *rule = strdup((const char *)sqlite3_column_text(st, 1));
			char *stage = sqlite3_column_text(st, 3)
			              ? strdup((const char *)sqlite3_column_text(st, 3))
			              : NULL;
			int level = sqlite3_column_int(st, 2);
			hl_time due = sqlite3_column_int64(st, 4);
			hl_time at = sqlite3_column_int64(st, 5);

			sqlite3_reset(st);
			if ((rec = record(r->L, tid, rule, level, stage, due, at, rcpt,
			                  missing, &s))) {
				s = hl_print_json(r->out, rec);
				json_decref(rec);
			}
			free(tid);
			free(rule);
			free(stage);
		}
		json_decref(rcpt);
		json_decref(missing);
	}
	sqlite3_reset(st);
	return s;
}

int
hl_escalate(struct hl_ledger *L, const struct hl_rules_store *rs,
            struct hl_run_opts *o, FILE *out)
{
	struct run r = { L, rs, o->now, o->dry_run, out, NULL, 0, 0 };
	long policy = hl_policy_number(&rs->pol, "warn");
	int st, every;

	/* The clocks' next_check follows the policy's warning share: another
	 * share means looking at every running clock. */
	every = o->warn_pct && o->warn_pct != policy;
	if (!o->warn_pct)
		o->warn_pct = policy;
	if (!o->dry_run && (st = hl_ledger_begin(L)))
		return st;
	if (!(st = eval_clocks(o, &r, every)))
		st = eval_pending(o, &r);
	if (!o->dry_run)
		st = st ? (hl_ledger_rollback(L), st) : hl_ledger_commit(L);
	/* Committed: now, and only now, print what this run fired. */
	if (!st)
		st = print_claimed(&r);
	free(r.ids);
	return st;
}

/* When rule fired on ticket id for the clock of cycle started at start (0
 * for an event rule), or 0. */
static hl_time
fired_at(struct hl_ledger *L, const char *id, const char *rule, int cycle,
         hl_time start)
{
	static const char sql[] =
		"SELECT fired_at FROM escalations WHERE ticket_id = ? AND rule = ? "
		"AND cycle = ? AND clock_start = ?";
	sqlite3_stmt *st = hl_stmt(L, sql);
	hl_time t = 0;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, cycle);
	sqlite3_bind_int64(st, 4, start);
	if (sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return t;
}

/* True if rule is queued for ticket id in cycle. */
static int
pending(struct hl_ledger *L, const char *id, const char *rule, int cycle)
{
	static const char sql[] =
		"SELECT 1 FROM pending_escalations WHERE ticket_id = ? AND rule = ? "
		"AND cycle = ?";
	sqlite3_stmt *st = hl_stmt(L, sql);
	int found;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, cycle);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* One row of --explain for a clock's rule: from (when it comes due: the
 * warning point, or the second after a deadline) and due (the stage's
 * deadline, which ends a warning's chance). */
static void
explain_row(struct hl_table *tab, struct hl_ledger *L, const char *id,
            const char *rule, int cycle, hl_time start, hl_time from,
            hl_time due, hl_time met, hl_time paused, int open, hl_time now,
            int warn)
{
	char a[40], why[160], cyc[16];
	hl_time f = fired_at(L, id, rule, cycle, start);

	if (f)
		snprintf(why, sizeof why, "fired %s", hl_time_format(f, a, sizeof a));
	else if (met && met < from)
		snprintf(why, sizeof why, "not due: stage met %s, in time",
		         hl_time_format(met, a, sizeof a));
	else if (met)
		snprintf(why, sizeof why, "not fired: stage met %s, before a check "
		         "came after %s", hl_time_format(met, a, sizeof a),
		         warn ? "the warning point" : "the deadline");
	else if (!open)
		snprintf(why, sizeof why, "not due: the ticket is closed");
	else if (paused)
		snprintf(why, sizeof why, "not due: clock paused since %s",
		         hl_time_format(paused, a, sizeof a));
	else if (warn && now > due)
		snprintf(why, sizeof why, "passed: the stage was late before a "
		         "check came in the warning time");
	else if (now >= from)
		snprintf(why, sizeof why, "due now: fires on the next run");
	else
		snprintf(why, sizeof why, "due %s", hl_time_format(from, a,
		                                                   sizeof a));
	snprintf(cyc, sizeof cyc, "%d", cycle + 1);
	hl_table_row(tab, rule, cyc, why);
}

/* The repeat or unsatisfied row: fired, queued, or not due. */
static void
explain_event_rule(struct hl_table *tab, struct hl_ledger *L, const char *id,
                   const char *rule, int cycle, const char *not_due)
{
	char a[40], why[160], cyc[16];
	hl_time f = fired_at(L, id, rule, cycle, 0);

	if (f)
		snprintf(why, sizeof why, "fired %s", hl_time_format(f, a, sizeof a));
	else if (pending(L, id, rule, cycle))
		snprintf(why, sizeof why, "due now: fires on the next run");
	else
		snprintf(why, sizeof why, "%s", not_due);
	snprintf(cyc, sizeof cyc, "%d", cycle + 1);
	hl_table_row(tab, rule, cyc, why);
}

int
hl_escalate_explain(struct hl_ledger *L, const struct hl_rules_store *rs,
                    const char *id, hl_time now, long warn_pct, FILE *fp)
{
	static const char sql[] =
		"SELECT d.cycle, d.stage, d.started_at, d.due_at, d.met_at, "
		"d.paused_at, d.shifted, t.status, d.\"limit\" FROM deadlines d "
		"JOIN tickets t "
		"ON t.id = d.ticket_id WHERE d.ticket_id = ? ORDER BY d.cycle, "
		"instr('dispatch respond verify plan reply follow_up resolve visit', "
		"d.stage)";
	struct hl_ticket t;
	struct hl_ticket_state s;
	struct hl_table tab;
	struct hl_evrec *ev;
	struct hl_derived d;
	struct clock c;
	sqlite3_stmt *st;
	char rule[40], why[160];
	long need = hl_policy_number(&rs->pol, "repeat_calls");
	size_t n, i;
	int rc, r, any = 0;

	if ((r = hl_store_get(L, id, &t, &s))) {
		if (r == HL_BAD)
			hl_err("error: unknown ticket '%s'", id);
		return r == HL_BAD ? EX_DATAERR : r;
	}
	if (!warn_pct)
		warn_pct = hl_policy_number(&rs->pol, "warn");
	hl_table_init(&tab, 3);
	hl_table_row(&tab, "rule", "cycle", "state");
	if (!(st = hl_prepare(L, sql))) {
		r = EX_SOFTWARE;
		goto out;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int cycle = sqlite3_column_int(st, 0);
		hl_time met = sqlite3_column_int64(st, 4);
		hl_time paused = sqlite3_column_int64(st, 5);
		int open = hl_status_open((const char *)sqlite3_column_text(st, 7));

		if (!(c.stage = stage_name(sqlite3_column_text(st, 1))))
			continue;
		c.started = sqlite3_column_int64(st, 2);
		c.due = sqlite3_column_int64(st, 3);
		c.shifted = sqlite3_column_int64(st, 6);
		snprintf(c.limit, sizeof c.limit, "%s",
		         (const char *)sqlite3_column_text(st, 8));
		c.kind = t.kind;
		c.category = t.category;
		snprintf(rule, sizeof rule, "warn-%s", c.stage);
		explain_row(&tab, L, id, rule, cycle, c.started,
		            warn_at(rs, &c, warn_pct),
		            c.due, met, paused, open, now, 1);
		/* A late rule fires the second after the deadline. */
		snprintf(rule, sizeof rule, "late-%s", c.stage);
		explain_row(&tab, L, id, rule, cycle, c.started, c.due + 1, c.due,
		            met, paused, open, now, 0);
		if (strcmp(c.stage, "resolve") == 0)
			explain_row(&tab, L, id, "late-resolve-2", cycle, c.started,
			            second_level_due(rs, c.due, t.kind, t.category) + 1,
			            c.due, met, paused, open, now, 0);
	}
	sqlite3_finalize(st);
	/* What fired on clocks since replaced (by a transfer, a reply). */
	if ((st = hl_prepare(L, "SELECT e.rule, e.cycle, e.clock_start, "
	                     "e.fired_at FROM escalations e WHERE e.ticket_id = ? "
	                     "AND e.clock_start <> 0 AND NOT EXISTS (SELECT 1 FROM "
	                     "deadlines d WHERE d.ticket_id = e.ticket_id AND "
	                     "d.cycle = e.cycle AND d.started_at = e.clock_start) "
	                     "ORDER BY e.fired_at, e.id"))) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char a[40], b[40], cyc[16];

			snprintf(why, sizeof why, "fired %s, on an earlier clock "
			         "(started %s)", hl_time_format(sqlite3_column_int64(st,
			         3), a, sizeof a), hl_time_format(
			         sqlite3_column_int64(st, 2), b, sizeof b));
			snprintf(cyc, sizeof cyc, "%d", sqlite3_column_int(st, 1) + 1);
			hl_table_row(&tab, (const char *)sqlite3_column_text(st, 0), cyc,
			             why);
		}
		sqlite3_finalize(st);
	}
	if (s.merged_into) {
		snprintf(why, sizeof why, "none: a repeat call merged into '%s', "
		         "whose clocks count for it", s.merged_into);
		hl_table_row(&tab, "warn-*, late-*", "-", why);
	}
	if (s.repeat_of) {
		snprintf(why, sizeof why, "a repeat call: the rule is on the "
		         "original '%s'", s.repeat_of);
		hl_table_row(&tab, "repeat", "1", why);
	} else {
		snprintf(why, sizeof why, "not due: %ld call%s of %ld",
		         s.repeat_count, s.repeat_count == 1 ? "" : "s", need);
		explain_event_rule(&tab, L, id, "repeat", 0, why);
	}
	if (!(r = hl_events_load(L, id, &ev, &n))) {
		hl_derive(&rs->rules, &t, ev, n, NULL, 0, &d);
		for (i = 0; i < d.nvisit; i++)
			if (d.visit[i].resolved == 'n' || !d.visit[i].satisfied) {
				any = 1;
				explain_event_rule(&tab, L, id, "unsatisfied",
				                   d.visit[i].cycle, "not due");
			}
		if (!any)
			hl_table_row(&tab, "unsatisfied", "-",
			             "not due: no unsatisfied visit");
		hl_derived_free(&d);
		hl_evrec_free(ev, n);
		hl_table_print(fp, &tab, "", 0);
	}
out:
	hl_table_free(&tab);
	hl_ticket_clear(&t);
	hl_state_clear(&s);
	return r;
}
