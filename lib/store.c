/*
 * store.c - tickets in the ledger: storing a new work order (with its receive
 * event and its repeat link), telling duplicates from conflicts, amending,
 * and reading tickets back as the contract's JSON line.
 *
 * All writes here run inside the caller's transaction (hl_ledger_begin).
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* The ticket columns in the order hl_ticket_from_row reads them, with a
 * table alias prefix p. */
#define TICKET_COLUMNS(p) \
	p "id, " p "received_at, " p "title, " p "content, " p "kind, " \
	p "category, " p "village, " p "address, " p "channel, " \
	p "caller_name, " p "caller_phone, " p "due_at, " p "urgent, " \
	p "extra, " p "source_hash, " p "repeat_of, " p "repeat_count, " \
	p "status, " p "verdict, " p "updated_at, " p "merged_into"

const char hl_ticket_columns[] = TICKET_COLUMNS("");
const char hl_ticket_columns_t[] = TICKET_COLUMNS("t.");

void
hl_state_clear(struct hl_ticket_state *s)
{
	free(s->repeat_of);
	free(s->merged_into);
	json_decref(s->assignments);
	json_decref(s->deadlines);
	memset(s, 0, sizeof *s);
}

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

int
hl_ticket_from_row(sqlite3_stmt *st, int col, struct hl_ticket *t,
                   struct hl_ticket_state *s)
{
	const char *extra, *text;

	memset(t, 0, sizeof *t);
	t->id = col_str(st, col + 0);
	t->received_at = sqlite3_column_int64(st, col + 1);
	t->title = col_str(st, col + 2);
	t->content = col_str(st, col + 3);
	t->kind = col_str(st, col + 4);
	t->category = col_str(st, col + 5);
	t->village = col_str(st, col + 6);
	t->address = col_str(st, col + 7);
	t->channel = col_str(st, col + 8);
	t->caller_name = col_str(st, col + 9);
	t->caller_phone = col_str(st, col + 10);
	t->due_at = sqlite3_column_int64(st, col + 11);
	t->urgent = sqlite3_column_int(st, col + 12);
	if ((extra = (const char *)sqlite3_column_text(st, col + 13)))
		t->extra = json_loads(extra, 0, NULL);
	if ((text = (const char *)sqlite3_column_text(st, col + 14)))
		snprintf(t->source_hash, sizeof t->source_hash, "%s", text);
	if (s) {
		memset(s, 0, sizeof *s);
		s->repeat_of = col_str(st, col + 15);
		s->repeat_count = sqlite3_column_int(st, col + 16);
		text = (const char *)sqlite3_column_text(st, col + 17);
		snprintf(s->status, sizeof s->status, "%s", text ? text : "");
		text = (const char *)sqlite3_column_text(st, col + 18);
		snprintf(s->verdict, sizeof s->verdict, "%s", text ? text : "");
		s->updated_at = sqlite3_column_int64(st, col + 19);
		s->merged_into = col_str(st, col + 20);
	}
	if (!t->id)
		return EX_SOFTWARE;
	return 0;
}

static const char sql_get[] =
	"SELECT " TICKET_COLUMNS("") " FROM tickets WHERE id = ?";

int
hl_store_get(struct hl_ledger *L, const char *id, struct hl_ticket *t,
             struct hl_ticket_state *s)
{
	sqlite3_stmt *st = hl_stmt(L, sql_get);
	int rc, r;

	if (!st)
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return HL_BAD;
	}
	if (rc != SQLITE_ROW)
		return hl_ledger_fail(L, rc, "cannot read a ticket");
	r = hl_ticket_from_row(st, 0, t, s);
	sqlite3_reset(st);
	return r;
}

/* (By the partial index assignments_current: primary, then village.) */
static const char sql_assignments[] =
	"SELECT role, unit, person FROM assignments "
	"WHERE ticket_id = ? AND until IS NULL ORDER BY role";
/* (By the primary key, no sort: the stages are put in order below.) */
static const char sql_deadlines[] =
	"SELECT stage, due_at FROM deadlines WHERE ticket_id = ?1 "
	"AND cycle = (SELECT cycle FROM tickets WHERE id = ?1)";

json_t *
hl_store_assignments(struct hl_ledger *L, const char *id, int *status)
{
	sqlite3_stmt *st = hl_stmt(L, sql_assignments);
	json_t *a = json_array(), *o;
	int rc;

	if (!st || !a) {
		json_decref(a);
		*status = EX_SOFTWARE;
		return NULL;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o = json_object();
		json_object_set_new(o, "role", hl_column_json_text(st, 0));
		json_object_set_new(o, "unit", hl_column_json_text(st, 1));
		json_object_set_new(o, "person", hl_column_json_text(st, 2));
		json_array_append_new(a, o);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		*status = hl_ledger_fail(L, rc, "cannot read assignments");
		return NULL;
	}
	return a;
}

json_t *
hl_store_deadlines(struct hl_ledger *L, const char *id, int *status)
{
	sqlite3_stmt *st = hl_stmt(L, sql_deadlines);
	json_t *d = json_object();
	hl_time due[16] = { 0 };
	char buf[40];
	int rc, k;

	if (!st || !d) {
		json_decref(d);
		*status = EX_SOFTWARE;
		return NULL;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *stage = (const char *)sqlite3_column_text(st, 0);

		for (k = 0; hl_stages[k] && k < 16; k++)
			if (strcmp(stage, hl_stages[k]) == 0)
				due[k] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(d);
		*status = hl_ledger_fail(L, rc, "cannot read deadlines");
		return NULL;
	}
	/* In the workflow's order of stages. */
	for (k = 0; hl_stages[k] && k < 16; k++)
		if (due[k])
			json_object_set_new(d, hl_stages[k], json_string(
				hl_time_format(due[k], buf, sizeof buf)));
	return d;
}

int
hl_store_state_extra(struct hl_ledger *L, const char *id,
                     struct hl_ticket_state *s)
{
	int st = 0;

	json_decref(s->assignments);
	json_decref(s->deadlines);
	s->deadlines = NULL;
	if (!(s->assignments = hl_store_assignments(L, id, &st)))
		return st;
	if (!(s->deadlines = hl_store_deadlines(L, id, &st)))
		return st;
	return 0;
}

json_t *
hl_store_ticket_json(struct hl_ledger *L, const char *id, int *status)
{
	struct hl_ticket t;
	struct hl_ticket_state s;
	json_t *o = NULL;
	int r;

	*status = 0;
	if ((r = hl_store_get(L, id, &t, &s))) {
		*status = r == HL_BAD ? EX_DATAERR : r;
		return NULL;
	}
	if (!(*status = hl_store_state_extra(L, id, &s)) &&
	    !(o = hl_ticket_json(&t, &s)))
		*status = EX_SOFTWARE;
	hl_ticket_clear(&t);
	hl_state_clear(&s);
	return o;
}

/* ---- intake ---- */

static const char sql_hash[] = "SELECT source_hash FROM tickets WHERE id = ?";
/* The original call (not itself a repeat) of the same phone, village and
 * category received within the window before this one. */
static const char sql_repeat[] =
	"SELECT id FROM tickets "
	"WHERE caller_phone = ?1 AND village IS ?2 AND category IS ?3 "
	"AND received_at BETWEEN ?4 - ?5 AND ?4 AND id <> ?6 "
	"AND repeat_of IS NULL ORDER BY received_at DESC, rowid DESC LIMIT 1";
/* The ticket a repeat call of original ?1 received at ?2 merges into: the
 * original, or else the newest call that brought the problem back (a
 * repeat not merged), received before the call and not yet resolved or
 * closed when it came. */
static const char sql_merge[] =
	"SELECT id FROM tickets "
	"WHERE (id = ?1 OR (repeat_of = ?1 AND merged_into IS NULL)) "
	"AND received_at <= ?2 AND NOT ((status = 'resolved' OR "
	"status = 'visited' OR status = 'closed' OR status = 'rejected') AND "
	"coalesce(resolved_at, closed_at) <= ?2) "
	"ORDER BY id = ?1 DESC, received_at DESC, rowid DESC LIMIT 1";
static const char sql_count[] =
	"UPDATE tickets SET repeat_count = repeat_count + 1, updated_at = ?2 "
	"WHERE id = ?1 RETURNING repeat_count";
static const char sql_insert[] =
	"INSERT INTO tickets (id, received_at, title, content, kind, category, "
	"village, address, channel, caller_name, caller_phone, due_at, urgent, "
	"extra, source_hash, repeat_of, repeat_count, status, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"'received', ?, ?) ON CONFLICT (id) DO NOTHING";
static const char sql_amend[] =
	"UPDATE tickets SET received_at = ?2, title = ?3, content = ?4, "
	"kind = ?5, category = ?6, village = ?7, address = ?8, channel = ?9, "
	"caller_name = ?10, caller_phone = ?11, due_at = ?12, urgent = ?13, "
	"extra = ?14, source_hash = ?15, updated_at = ?16 WHERE id = ?1";

/* Binds a text that outlives the statement's step (no copy), or NULL. */
static void
bind_static(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Binds the input fields of t at 2..15 (id at 1); t and extra must live
 * until the statement is stepped. */
static void
bind_input(sqlite3_stmt *st, const struct hl_ticket *t, const char *extra)
{
	bind_static(st, 1, t->id);
	sqlite3_bind_int64(st, 2, t->received_at);
	bind_static(st, 3, t->title);
	bind_static(st, 4, t->content);
	bind_static(st, 5, t->kind);
	bind_static(st, 6, t->category);
	bind_static(st, 7, t->village);
	bind_static(st, 8, t->address);
	bind_static(st, 9, t->channel);
	bind_static(st, 10, t->caller_name);
	bind_static(st, 11, t->caller_phone);
	if (t->due_at)
		sqlite3_bind_int64(st, 12, t->due_at);
	sqlite3_bind_int(st, 13, t->urgent);
	bind_static(st, 14, extra);
	sqlite3_bind_text(st, 15, t->source_hash, -1, SQLITE_STATIC);
}

/* Finds the original this call repeats (s->repeat_of, or NULL) and,
 * when the call came while the original or a call that brought the
 * problem back was still open, the ticket it merges into (*into, caller
 * frees; NULL for a ticket of its own).  Writes nothing. */
static int
find_repeat(struct hl_ledger *L, const struct hl_ticket *t, long window,
            struct hl_ticket_state *s, char **into)
{
	sqlite3_stmt *st;
	int rc;

	*into = NULL;
	s->repeat_count = 1;
	if (!t->caller_phone || window <= 0)
		return 0;
	if (!(st = hl_stmt(L, sql_repeat)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, t->caller_phone, -1, SQLITE_STATIC);
	hl_bind_text(st, 2, t->village);
	hl_bind_text(st, 3, t->category);
	sqlite3_bind_int64(st, 4, t->received_at);
	sqlite3_bind_int64(st, 5, window);
	sqlite3_bind_text(st, 6, t->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return hl_ledger_fail(L, rc, "cannot look for repeat calls");
	s->repeat_of = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!s->repeat_of || !(st = hl_stmt(L, sql_merge)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, s->repeat_of, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, t->received_at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    !(*into = strdup((const char *)sqlite3_column_text(st, 0))))
		rc = SQLITE_NOMEM;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hl_ledger_fail(L, rc, "cannot look for repeat calls");
	return 0;
}

/* Counts the call on its original s->repeat_of (a repeat event there, and
 * the repeat rule due at repeat_calls) and links the call to it. */
static int
count_repeat(struct hl_ledger *L, const struct hl_rules *rules,
             const struct hl_ticket *t, const char *into, hl_time now,
             struct hl_ticket_state *s)
{
	static const char sql_link[] =
		"UPDATE tickets SET repeat_of = ?2, repeat_count = ?3, "
		"merged_into = ?4 WHERE id = ?1";
	sqlite3_stmt *st;
	struct hl_event e = { 0 };
	json_t *details;
	int rc, r;

	if (!(st = hl_stmt(L, sql_count)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, s->repeat_of, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return hl_ledger_fail(L, rc, "cannot count a repeat call");
	}
	s->repeat_count = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	details = json_pack("{s:s, s:i, s:s*}", "call", t->id, "repeat_count",
	                    (json_int_t)s->repeat_count, "merged_into", into);
	e.ticket_id = s->repeat_of;
	e.event = "repeat";
	e.at = t->received_at;
	e.details = details;
	r = hl_event_append(L, &e, now, NULL);
	json_decref(details);
	/* The call that makes repeat_calls: the repeat rule is due. */
	if (!r && s->repeat_count >= hl_policy_number(rules->pol, "repeat_calls"))
		r = hl_pending_add(L, s->repeat_of, "repeat", 0, now);
	if (r)
		return r;
	if (!(st = hl_stmt(L, sql_link)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->repeat_of, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->repeat_count);
	hl_bind_text(st, 4, into);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return hl_ledger_fail(L, rc, "cannot link a repeat call");
	return 0;
}

/* The fields that differ between old and new, as {field: [old, new]}. */
static json_t *
changes(const struct hl_ticket *old, const struct hl_ticket *t)
{
	json_t *a = hl_ticket_input_json(old), *b = hl_ticket_input_json(t);
	json_t *c = json_object(), *va, *vb;
	const char *k;

	json_object_foreach(b, k, vb) {
		va = json_object_get(a, k);
		if (!json_equal(va, vb))
			json_object_set_new(c, k, json_pack("[OO]", va, vb));
	}
	json_decref(a);
	json_decref(b);
	return c;
}

static int
amend(struct hl_ledger *L, const struct hl_ticket *t, hl_time now,
      struct hl_ticket_state *s)
{
	struct hl_ticket old;
	struct hl_event e = { 0 };
	sqlite3_stmt *st;
	json_t *details;
	char *extra = NULL;
	int rc, r;

	if ((r = hl_store_get(L, t->id, &old, s)))
		return r == HL_BAD ? EX_SOFTWARE : r;
	details = json_pack("{s:o}", "changed", changes(&old, t));
	hl_ticket_clear(&old);
	if (t->extra && !(extra = json_dumps(t->extra, HL_JSON)))
		return EX_SOFTWARE;
	if (!(st = hl_stmt(L, sql_amend))) {
		free(extra);
		json_decref(details);
		return EX_SOFTWARE;
	}
	bind_input(st, t, extra);
	sqlite3_bind_int64(st, 16, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(extra);
	if (rc != SQLITE_DONE) {
		json_decref(details);
		return hl_ledger_fail(L, rc, "cannot amend a ticket");
	}
	e.ticket_id = t->id;
	e.event = "amend";
	e.at = now;
	e.details = details;
	r = hl_event_append(L, &e, now, NULL);
	json_decref(details);
	s->updated_at = now;
	return r;
}

int
hl_derive_new(const struct hl_rules *rules, const struct hl_ticket *t,
              struct hl_derived *d)
{
	struct hl_evrec first;
	int st;

	/* A new ticket's history is its receive event: nothing to read. */
	memset(&first, 0, sizeof first);
	first.seq = 1;
	first.event = (char *)"receive";
	first.at = t->received_at;
	st = hl_derive(rules, t, &first, 1, NULL, 0, d);
	return st == HL_BAD ? 0 : st;
}

/* Derives the state of ticket t from its history (or takes pre, derived
 * already for a new ticket) and stores it. */
static int
rederive(struct hl_ledger *L, const struct hl_rules *rules,
         const struct hl_ticket *t, hl_time now, int fresh,
         const struct hl_derived *pre, struct hl_ticket_state *s)
{
	struct hl_evrec *ev = NULL;
	struct hl_derived own;
	const struct hl_derived *d = &own;
	size_t n = 0;
	int st;

	memset(&own, 0, sizeof own);
	if (fresh && pre) {
		d = pre;
		st = 0;
	} else if (fresh) {
		st = hl_derive_new(rules, t, &own);
	} else {
		if ((st = hl_events_load(L, t->id, &ev, &n)))
			return st;
		st = hl_derive(rules, t, ev, n, NULL, 0, &own);
		hl_evrec_free(ev, n);
		if (st == HL_BAD)
			st = 0; /* what cannot happen is left out; check names it */
	}
	if (!st)
		st = hl_derived_store(L, t->id, d, now, fresh);
	if (!st) {
		snprintf(s->status, sizeof s->status, "%s", d->status);
		snprintf(s->verdict, sizeof s->verdict, "%s", d->verdict);
		if (!(fresh && pre)) {
			/* (Replacing what a caller rendered for a new ticket.) */
			json_decref(s->assignments);
			json_decref(s->deadlines);
			s->assignments = hl_derived_assignments_json(d);
			s->deadlines = hl_derived_deadlines_json(d);
		}
	}
	hl_derived_free(&own);
	return st;
}

int
hl_store_intake(struct hl_ledger *L, const struct hl_rules *rules,
                const struct hl_ticket *t, const struct hl_derived *pre,
                long window, int update, hl_time now,
                enum hl_intake_result *res, struct hl_ticket_state *s)
{
	sqlite3_stmt *st;
	struct hl_event e = { 0 };
	json_t *rendered, *details = NULL;
	char *extra = NULL, *into = NULL;
	int rc, r, same;

	/* The caller may have rendered a new ticket's deadlines: kept for a
	 * new ticket, dropped otherwise. */
	rendered = s->deadlines;
	memset(s, 0, sizeof *s);
	if (t->extra && !(extra = json_dumps(t->extra, HL_JSON))) {
		json_decref(rendered);
		return EX_SOFTWARE;
	}
	/* Insert first: for a new ticket (the common case) the primary key's
	 * own check is the only lookup. */
	if (!(st = hl_stmt(L, sql_insert))) {
		free(extra);
		json_decref(rendered);
		return EX_SOFTWARE;
	}
	bind_input(st, t, extra);
	sqlite3_bind_int64(st, 17, 1);
	sqlite3_bind_int64(st, 18, now);
	sqlite3_bind_int64(st, 19, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(extra);
	if (rc != SQLITE_DONE) {
		json_decref(rendered);
		return hl_ledger_fail(L, rc, "cannot store a ticket");
	}
	if (sqlite3_changes(L->db) == 0) {
		json_decref(rendered);
		/* The id is there already: the same work order, or not. */
		if (!(st = hl_stmt(L, sql_hash)))
			return EX_SOFTWARE;
		sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			return hl_ledger_fail(L, rc, "cannot look up a ticket");
		}
		same = strcmp((const char *)sqlite3_column_text(st, 0),
		              t->source_hash) == 0;
		sqlite3_reset(st);
		*res = same ? HL_DUPLICATE : update ? HL_UPDATED : HL_CONFLICT;
		if (*res != HL_UPDATED)
			return 0;
		if ((r = amend(L, t, now, s)))
			return r;
		return rederive(L, rules, t, now, 0, NULL, s);
	}
	*res = HL_NEW;
	s->deadlines = rendered;
	snprintf(s->status, sizeof s->status, "received");
	s->updated_at = now;
	if ((r = find_repeat(L, t, window, s, &into)))
		goto out;
	/* The receive event says whether the call was merged: the rules
	 * derive a merged call's state from it, like everything else. */
	if (into && !(details = json_pack("{s:s}", "merged_into", into))) {
		r = EX_SOFTWARE;
		goto out;
	}
	e.ticket_id = t->id;
	e.event = "receive";
	e.at = t->received_at;
	e.details = details;
	if ((r = hl_event_append(L, &e, now, NULL)))
		goto out;
	/* A merged call's state is not what the reader derived for it. */
	if ((r = rederive(L, rules, t, now, !into, into ? NULL : pre, s)))
		goto out;
	if (s->repeat_of)
		r = count_repeat(L, rules, t, into, now, s);
	if (!r && into) {
		s->merged_into = into;
		into = NULL;
	}
out:
	json_decref(details);
	free(into);
	return r;
}
