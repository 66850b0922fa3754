/*
 * update.c - the history and the derived state in the ledger: reading a
 * ticket's events, recording a new one after checking that it can happen,
 * and writing what the rules derive (status, assignments, clocks) beside the
 * ticket.  Runs inside the caller's transaction.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const char sql_events[] =
	"SELECT seq, event, at, recorded_at, actor, os_user, program, details, "
	"corrects FROM events WHERE ticket_id = ? ORDER BY seq";

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

int
hl_events_load(struct hl_ledger *L, const char *id, struct hl_evrec **out,
               size_t *nout)
{
	sqlite3_stmt *st = hl_stmt(L, sql_events);
	struct hl_evrec *ev = NULL, *e;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if (!st)
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct hl_evrec *ne;

			cap = cap ? cap * 2 : 16;
			if (!(ne = realloc(ev, cap * sizeof *ne))) {
				hl_evrec_free(ev, n);
				sqlite3_reset(st);
				return EX_SOFTWARE;
			}
			ev = ne;
		}
		e = &ev[n++];
		memset(e, 0, sizeof *e);
		e->seq = sqlite3_column_int64(st, 0);
		e->event = dup_col(st, 1);
		e->at = sqlite3_column_int64(st, 2);
		e->recorded_at = sqlite3_column_int64(st, 3);
		e->actor = dup_col(st, 4);
		e->os_user = dup_col(st, 5);
		e->program = dup_col(st, 6);
		if (sqlite3_column_text(st, 7))
			e->details = json_loads((const char *)sqlite3_column_text(st, 7),
			                        0, NULL);
		e->corrects = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		hl_evrec_free(ev, n);
		return hl_ledger_fail(L, rc, "cannot read the history");
	}
	*out = ev;
	*nout = n;
	return 0;
}

static const char sql_state[] =
	"UPDATE tickets SET status = ?2, verdict = ?3, cycle = ?4, "
	"resolved_at = ?5, closed_at = ?6, updated_at = ?7 WHERE id = ?1";
static const char sql_del_asg[] = "DELETE FROM assignments WHERE ticket_id = ?";
static const char sql_ins_asg[] =
	"INSERT INTO assignments (ticket_id, role, unit, person, since, until, "
	"event_seq) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_del_clk[] = "DELETE FROM deadlines WHERE ticket_id = ?";
static const char sql_ins_clk[] =
	"INSERT INTO deadlines (ticket_id, cycle, stage, started_at, \"limit\", "
	"due_at, met_at, paused_at, extended, shifted, next_check, implied) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static void
bind_time(sqlite3_stmt *st, int i, hl_time t)
{
	if (t)
		sqlite3_bind_int64(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

static int
step(struct hl_ledger *L, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : hl_ledger_fail(L, rc, what);
}

/* Once a year and program run: a deadline counted on weekends alone. */
static void
say_uncovered(const char *id, int year)
{
	static int said[8];
	size_t i;

	for (i = 0; i < sizeof said / sizeof said[0] && said[i]; i++)
		if (said[i] == year)
			return;
	if (i < sizeof said / sizeof said[0])
		said[i] = year;
	hl_warn("ticket '%s': a working-day deadline falls in %d, which the "
	        "ledger's calendar does not cover: counted on weekends alone "
	        "(import %d's holidays with hl-ledger import calendar)", id, year,
	        year);
}

int
hl_derived_store(struct hl_ledger *L, const char *id,
                 const struct hl_derived *d, hl_time updated_at, int fresh)
{
	sqlite3_stmt *st;
	size_t i;
	int r;

	if (d->uncovered)
		say_uncovered(id, d->uncovered);

	/* A new ticket's row already says received, with no verdict. */
	if (fresh)
		goto rows;
	if (!(st = hl_stmt(L, sql_state)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->status, -1, SQLITE_STATIC);
	hl_bind_text(st, 3, *d->verdict ? d->verdict : NULL);
	sqlite3_bind_int(st, 4, d->cycle);
	bind_time(st, 5, d->resolved_at);
	bind_time(st, 6, d->closed_at);
	sqlite3_bind_int64(st, 7, updated_at);
	if ((r = step(L, st, "cannot update a ticket")))
		return r;
	if (!(st = hl_stmt(L, sql_del_asg)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((r = step(L, st, "cannot update assignments")))
		return r;
	if (!(st = hl_stmt(L, sql_del_clk)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((r = step(L, st, "cannot update deadlines")))
		return r;
rows:
	for (i = 0; i < d->nasg; i++) {
		const struct hl_assignment *a = &d->asg[i];

		if (!(st = hl_stmt(L, sql_ins_asg)))
			return EX_SOFTWARE;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, a->role, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a->unit, -1, SQLITE_STATIC);
		hl_bind_text(st, 4, a->person);
		sqlite3_bind_int64(st, 5, a->since);
		bind_time(st, 6, a->until);
		sqlite3_bind_int64(st, 7, a->seq);
		if ((r = step(L, st, "cannot store an assignment")))
			return r;
	}
	for (i = 0; i < d->nclk; i++) {
		const struct hl_clock *c = &d->clk[i];

		if (!(st = hl_stmt(L, sql_ins_clk)))
			return EX_SOFTWARE;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, c->cycle);
		sqlite3_bind_text(st, 3, c->stage, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, c->started_at);
		sqlite3_bind_text(st, 5, c->limit, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, c->due_at);
		bind_time(st, 7, c->met_at);
		bind_time(st, 8, c->paused_at);
		sqlite3_bind_int(st, 9, c->extended);
		sqlite3_bind_int64(st, 10, c->shifted);
		bind_time(st, 11, c->next_check);
		sqlite3_bind_int(st, 12, c->implied);
		if ((r = step(L, st, "cannot store a deadline")))
			return r;
	}
	return 0;
}

int
hl_rules_load(struct hl_ledger *L, struct hl_rules_store *rs)
{
	int st;

	memset(rs, 0, sizeof *rs);
	if ((st = hl_policy_load(L, &rs->pol)))
		return st;
	if ((st = hl_calendar_load(L, &rs->cal))) {
		hl_policy_free(&rs->pol);
		return st;
	}
	rs->rules.pol = &rs->pol;
	rs->rules.cal = &rs->cal;
	return 0;
}

int
hl_ledger_open_rules(struct hl_ledger **L, const char *path, int mode,
                     struct hl_rules_store *rs)
{
	int st;

	if ((st = hl_ledger_open(L, path, mode)))
		return st;
	if ((st = hl_rules_load(*L, rs))) {
		hl_ledger_close(*L);
		*L = NULL;
	}
	return st;
}

void
hl_rules_free(struct hl_rules_store *rs)
{
	hl_policy_free(&rs->pol);
	hl_calendar_free(&rs->cal);
}

/* A correct event answers one earlier event of the same ticket that is
 * not corrected already (a correction may itself be corrected, which
 * restores what it answered). */
static int
check_correct(const struct hl_evrec *ev, size_t n, long long target,
              const char *id, char *why, size_t whyn)
{
	const struct hl_evrec *x = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (ev[i].seq == target)
			x = &ev[i];
	if (!x)
		snprintf(why, whyn, "ticket '%s': cannot correct: event %lld is not "
		         "in its history", id, target);
	else if (strcmp(x->event, "receive") == 0 ||
	         strcmp(x->event, "repeat") == 0 || strcmp(x->event, "amend") == 0)
		snprintf(why, whyn, "ticket '%s': cannot correct: event %lld is a "
		         "%s event, which is not corrected this way", id, target,
		         x->event);
	else if (hl_event_voided(ev, n, target))
		snprintf(why, whyn, "ticket '%s': cannot correct: event %lld is "
		         "corrected already", id, target);
	else
		return 0;
	return HL_BAD;
}

static int rederive(struct hl_ledger *L, const char *sql, long *n);

int
hl_rederive_open(struct hl_ledger *L, long *n)
{
	return rederive(L, "SELECT id FROM tickets WHERE " HL_SQL_OPEN("")
	                " ORDER BY id", n);
}

int
hl_rederive_all(struct hl_ledger *L, long *n)
{
	return rederive(L, "SELECT id FROM tickets ORDER BY id", n);
}

static int
rederive(struct hl_ledger *L, const char *sql, long *n)
{
	struct hl_rules_store rs;
	sqlite3_stmt *st;
	int rc, r;

	*n = 0;
	/* The rules as this transaction sees them: the policy or calendar
	 * just imported. */
	if ((r = hl_rules_load(L, &rs)))
		return r;
	if (!(st = hl_prepare(L, sql))) {
		hl_rules_free(&rs);
		return EX_SOFTWARE;
	}
	while (!r && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hl_ticket t;
		struct hl_ticket_state s;
		struct hl_evrec *ev;
		struct hl_derived d;
		size_t k;

		if ((r = hl_store_get(L, (const char *)sqlite3_column_text(st, 0), &t,
		                      &s)))
			break;
		if (!(r = hl_events_load(L, t.id, &ev, &k))) {
			hl_derive(&rs.rules, &t, ev, k, NULL, 0, &d);
			/* Not an event: the ticket's updated_at stays. */
			r = hl_derived_store(L, t.id, &d, s.updated_at, 0);
			hl_derived_free(&d);
			hl_evrec_free(ev, k);
			(*n)++;
		}
		hl_ticket_clear(&t);
		hl_state_clear(&s);
	}
	if (!r && rc != SQLITE_DONE)
		r = hl_ledger_fail(L, rc, "cannot read the tickets");
	sqlite3_finalize(st);
	hl_rules_free(&rs);
	return r;
}

int
hl_pending_add(struct hl_ledger *L, const char *id, const char *rule,
               int cycle, hl_time now)
{
	static const char sql[] =
		"INSERT INTO pending_escalations (ticket_id, rule, cycle, since) "
		"VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st = hl_stmt(L, sql);

	if (!st)
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, cycle);
	sqlite3_bind_int64(st, 4, now);
	return step(L, st, "cannot queue an escalation");
}

/* An extension (延期) is approved by someone in the directory whose role
 * the policy lets approve (extend_approvers: deputy or principal).  Checked
 * when it is recorded, not on replay: people come and go, approvals stay. */
static int
check_approver(struct hl_ledger *L, const struct hl_rules *rules,
               const struct hl_ticket *t, const struct hl_event *e, char *why,
               size_t whyn)
{
	static const char sql[] = "SELECT role FROM people WHERE name = ?";
	const char *name = json_string_value(json_object_get(e->details,
	                                                     "approved_by"));
	const char *v, *p;
	sqlite3_stmt *st;
	char role[32] = "", list[256] = "";
	size_t k, n;
	int rc;

	if (!name)
		return 0;       /* the rules say an approver is needed */
	if (!(st = hl_stmt(L, sql)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(role, sizeof role, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hl_ledger_fail(L, rc, "cannot read people");
	if (rc == SQLITE_DONE) {
		snprintf(why, whyn, "ticket '%s': cannot extend: approver '%s' is "
		         "not in the directory", t->id, name);
		return HL_BAD;
	}
	if (hl_policy_approves(rules->pol, t->kind, t->category, role))
		return 0;
	/* "deputy/principal" said "deputy or principal" */
	v = hl_policy_value(rules->pol, "extend_approvers", t->kind, t->category,
	                    NULL);
	for (p = v ? v : "", k = 0; *p; p += n + (p[n] == '/'), k++) {
		n = strcspn(p, "/");
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%.*s",
		         !k ? "" : p[n] ? ", " : " or ", (int)n, p);
	}
	snprintf(why, whyn, "ticket '%s': cannot extend: approver '%s' is a "
	         "%s; extensions are approved by a %s (policy extend_approvers)",
	         t->id, name, role, list);
	return HL_BAD;
}

int
hl_record(struct hl_ledger *L, const struct hl_rules *rules,
          const struct hl_event *e, hl_time now, long long *seq,
          char *why, size_t whyn)
{
	struct hl_ticket t;
	struct hl_ticket_state s;
	struct hl_evrec *ev = NULL, *ne;
	struct hl_derived d;
	long long *known = NULL, newseq = 0;
	size_t n = 0, nknown = 0;
	int st;

	*why = '\0';
	if (e->at > now + HL_SKEW) {
		char buf[40];

		snprintf(why, whyn, "ticket '%s': cannot %s: %s is in the future",
		         e->ticket_id, e->event, hl_time_format(e->at, buf, sizeof buf));
		return HL_BAD;
	}
	if ((st = hl_store_get(L, e->ticket_id, &t, &s))) {
		if (st == HL_BAD)
			snprintf(why, whyn, "unknown ticket '%s'", e->ticket_id);
		return st;
	}
	hl_state_clear(&s);
	if (strcmp(e->event, "extend") == 0 &&
	    (st = check_approver(L, rules, &t, e, why, whyn)))
		goto out;
	if ((st = hl_event_people_check(L, e, why, whyn)))
		goto out;
	if ((st = hl_events_load(L, t.id, &ev, &n)))
		goto out;
	if (strcmp(e->event, "correct") == 0 &&
	    (st = check_correct(ev, n, e->corrects, t.id, why, whyn)))
		goto out;
	/* What in the history already cannot happen (after a correction, say)
	 * is not the new event's fault. */
	if ((st = hl_derive_failures(rules, &t, ev, n, &known, &nknown)))
		goto out;
	if (!(ne = realloc(ev, (n + 1) * sizeof *ne))) {
		st = EX_SOFTWARE;
		goto out;
	}
	ev = ne;
	memset(&ev[n], 0, sizeof ev[n]);
	ev[n].seq = LLONG_MAX;  /* the next seq: it sorts after every other */
	ev[n].event = strdup(e->event);
	ev[n].at = e->at;
	ev[n].details = e->details ? json_incref(e->details) : NULL;
	ev[n].corrects = e->corrects;
	n++;
	st = hl_derive(rules, &t, ev, n, known, nknown, &d);
	if (st == HL_BAD) {
		if (d.bad_seq == LLONG_MAX)
			snprintf(why, whyn, "ticket '%s': cannot %s: %s", t.id, e->event,
			         d.why);
		else
			snprintf(why, whyn, "ticket '%s': cannot %s: event %lld would "
			         "no longer fit (%s)", t.id, e->event, d.bad_seq, d.why);
		hl_derived_free(&d);
		goto out;
	}
	if (st == 0 && !(st = hl_event_append(L, e, now, &newseq))) {
		size_t i;

		/* The trial numbered the new event LLONG_MAX: the real number. */
		for (i = 0; i < d.nasg; i++)
			if (d.asg[i].seq == LLONG_MAX)
				d.asg[i].seq = newseq;
		for (i = 0; i < d.nvisit; i++)
			if (d.visit[i].seq == LLONG_MAX)
				d.visit[i].seq = newseq;
		if (seq)
			*seq = newseq;
		st = hl_derived_store(L, t.id, &d, now, 0);
		/* An unsatisfied visit makes its escalation due, whatever comes
		 * before the next check. */
		for (i = 0; !st && i < d.nvisit; i++)
			if (d.visit[i].seq == newseq &&
			    (d.visit[i].resolved == 'n' || !d.visit[i].satisfied))
				st = hl_pending_add(L, t.id, "unsatisfied", d.visit[i].cycle,
				                    now);
	}
	hl_derived_free(&d);
out:
	free(known);
	hl_evrec_free(ev, n);
	hl_ticket_clear(&t);
	return st;
}
