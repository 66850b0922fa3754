/*
 * report.c - the meetings' lists (hl-report): the report model, the pass
 * over the tickets a report reads, and the kinds.
 *
 * A report is a list of tables; a table has columns (what each cell holds,
 * how people read it, whether it names a person or a unit) and rows (JSON
 * objects keyed by column).  Each kind (report-*.c) only fills tables; the
 * writers (report-write.c) render any report as text, JSON lines or CSV,
 * so that a new output format is one writer and no kind changes.
 *
 * Every ticket a report shows is replayed with the events recorded by the
 * cut-off, through the rules of workflow.c, so a report as of a past
 * moment says what the ledger said then.  Tickets are found through
 * indexes only: by when they were received (tickets_received), or, for
 * what was open at the cut-off, among the open tickets (tickets_open) and
 * the done ones changed since (tickets_done).
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* ---- the model ---- */

static const struct hl_col head_cols[] = {
	{ "kind", "报表", HL_CELL_WORD, 0 },
	{ "title", "标题", HL_CELL_TEXT, 0 },
	{ "subtitle", "说明", HL_CELL_TEXT, 0 },
	{ "from", "起", HL_CELL_TIME, 0 },
	{ "to", "止（不含）", HL_CELL_TIME, 0 },
	{ "as_of", "截至", HL_CELL_TIME, 0 },
	{ NULL, NULL, 0, 0 },
};

json_t *
hl_report_time(hl_time t)
{
	char buf[40];

	return t ? json_string(hl_time_format(t, buf, sizeof buf)) : json_null();
}

json_t *
hl_report_text(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;

	return v ? v : json_null();
}

struct hl_rtable *
hl_report_add(struct hl_report *r, const char *key, const char *title,
              const struct hl_col *col, const char *empty)
{
	struct hl_rtable **nt, *t;

	if (!(nt = realloc(r->tab, (r->ntab + 1) * sizeof *nt)))
		return NULL;
	r->tab = nt;
	if (!(t = calloc(1, sizeof *t)))
		return NULL;
	t->key = key;
	t->col = col;
	while (col[t->ncol].key)
		t->ncol++;
	t->empty = empty ? empty : "无";
	if (!(t->title = strdup(title)) || !(t->rows = json_array())) {
		free(t->title);
		free(t);
		return NULL;
	}
	r->tab[r->ntab++] = t;
	return t;
}

int
hl_report_init(struct hl_report *r, const char *kind, const char *title,
               const char *subtitle, hl_time from, hl_time to, hl_time as_of)
{
	struct hl_rtable *h;

	memset(r, 0, sizeof *r);
	r->kind = kind;
	if (!(h = hl_report_add(r, "report", title, head_cols, NULL)))
		return EX_SOFTWARE;
	return hl_rtable_add(h, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}",
	                                  "kind", kind, "title", title,
	                                  "subtitle", hl_report_text(subtitle),
	                                  "from", hl_report_time(from),
	                                  "to", hl_report_time(to),
	                                  "as_of", hl_report_time(as_of)));
}

int
hl_rtable_add(struct hl_rtable *t, json_t *row)
{
	if (!row)
		return EX_SOFTWARE;
	return json_array_append_new(t->rows, row) ? EX_SOFTWARE : 0;
}

void
hl_report_free(struct hl_report *r)
{
	size_t i;

	for (i = 0; i < r->ntab; i++) {
		free(r->tab[i]->title);
		json_decref(r->tab[i]->rows);
		free(r->tab[i]);
	}
	free(r->tab);
	memset(r, 0, sizeof *r);
}

/* True if a row's cells in the columns flagged `flag` name value. */
static int
row_names(const struct hl_rtable *t, const json_t *row, int flag,
          const char *value)
{
	size_t c;

	for (c = 0; c < t->ncol; c++) {
		const char *s;

		if (!(t->col[c].flags & flag))
			continue;
		s = json_string_value(json_object_get(row, t->col[c].key));
		if (s && strcmp(s, value) == 0)
			return 1;
	}
	return 0;
}

int
hl_report_select(const struct hl_report *r, int flag, const char *value,
                 struct hl_report *out)
{
	size_t i, c, k;
	json_t *row;

	memset(out, 0, sizeof *out);
	out->kind = r->kind;
	for (i = 0; i < r->ntab; i++) {
		const struct hl_rtable *t = r->tab[i];
		struct hl_rtable *nt;
		int has = 0;

		for (c = 0; c < t->ncol; c++)
			has |= (t->col[c].flags & flag) != 0;
		if (i > 0 && !has)
			continue;
		if (!(nt = hl_report_add(out, t->key, t->title, t->col, t->empty)))
			goto fail;
		json_array_foreach(t->rows, k, row)
			if ((i == 0 || row_names(t, row, flag, value)) &&
			    json_array_append(nt->rows, row))
				goto fail;
	}
	return 0;
fail:
	hl_report_free(out);
	return EX_SOFTWARE;
}

/* ---- the pass over the tickets a report reads ---- */

/* The ticket and its events, joined, in the order of the ticket and then
 * of the history; %s is the ticket columns, the WHERE its selection. */
static const char sql_received[] =
	"SELECT %s, e.seq, e.event, e.at, e.recorded_at, e.actor, e.details, "
	"e.corrects FROM tickets t JOIN events e ON e.ticket_id = t.id "
	"WHERE t.received_at >= ?1 AND t.received_at < ?2 "
	"AND t.created_at <= ?3 AND e.recorded_at <= ?3 %s"
	"ORDER BY t.received_at, t.rowid, e.seq";
/* Open at the cut-off: open now, or done (visited, closed, rejected) with
 * a change recorded after it; the replay decides. */
static const char sql_open[] =
	"SELECT %s, e.seq, e.event, e.at, e.recorded_at, e.actor, e.details, "
	"e.corrects FROM tickets t JOIN events e ON e.ticket_id = t.id "
	"WHERE t.rowid IN (SELECT rowid FROM tickets WHERE " HL_SQL_OPEN("")
	" UNION ALL SELECT rowid FROM tickets WHERE (status = 'visited' OR "
	"status = 'closed' OR status = 'rejected') AND updated_at > ?3) "
	"AND t.created_at <= ?3 AND e.recorded_at <= ?3 %s"
	"ORDER BY t.received_at, t.rowid, e.seq";

/* Replays x's history into x->d and calls fn. */
static int
replay_one(const struct hl_rules *rules, struct hl_replayed *x,
           hl_replay_fn fn, void *ctx)
{
	size_t i;
	int r;

	x->calls = 1;
	for (i = 0; i < x->nev; i++)
		if (strcmp(x->ev[i].event, "repeat") == 0)
			x->calls++;
	hl_derive(rules, &x->t, x->ev, x->nev, NULL, 0, &x->d);
	r = fn(ctx, x);
	hl_derived_free(&x->d);
	return r;
}

static void
replayed_clear(struct hl_replayed *x)
{
	hl_evrec_free(x->ev, x->nev);
	hl_ticket_clear(&x->t);
	free(x->repeat_of);
	free(x->merged_into);
	memset(x, 0, sizeof *x);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

int
hl_report_pass(struct hl_ledger *L, const struct hl_rules *rules, int mode,
               hl_time from, hl_time to, hl_time as_of, hl_replay_fn fn,
               void *ctx)
{
	char sql[1536];
	sqlite3_stmt *st;
	struct hl_replayed x;
	struct hl_ticket_state s;
	size_t cap = 0;
	int rc, r = 0, have = 0;

	memset(&x, 0, sizeof x);
	snprintf(sql, sizeof sql, mode == HL_PASS_OPEN ? sql_open : sql_received,
	         hl_ticket_columns_t,
	         mode == HL_PASS_UNMERGED ? "AND t.merged_into IS NULL " : "");
	if (!(st = hl_prepare(L, sql)))
		return EX_SOFTWARE;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, as_of);
	x.as_of = as_of;
	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && have &&
		    strcmp((const char *)sqlite3_column_text(st, 0), x.t.id) == 0)
			goto event;
		if (have) {
			r = replay_one(rules, &x, fn, ctx);
			replayed_clear(&x);
			x.as_of = as_of;
			cap = 0;
			have = 0;
			if (r)
				break;
		}
		if (rc != SQLITE_ROW)
			break;
		if ((r = hl_ticket_from_row(st, 0, &x.t, &s)))
			break;
		x.repeat_of = s.repeat_of;
		x.merged_into = s.merged_into;
		s.repeat_of = s.merged_into = NULL;
		hl_state_clear(&s);
		have = 1;
event:
		if (x.nev == cap) {
			struct hl_evrec *ne;

			cap = cap ? cap * 2 : 16;
			if (!(ne = realloc(x.ev, cap * sizeof *ne))) {
				r = EX_SOFTWARE;
				break;
			}
			x.ev = ne;
		}
		{
			struct hl_evrec *e = &x.ev[x.nev++];
			int b = HL_TICKET_NCOLUMNS;
			const char *d;

			memset(e, 0, sizeof *e);
			e->seq = sqlite3_column_int64(st, b);
			e->event = col_dup(st, b + 1);
			e->at = sqlite3_column_int64(st, b + 2);
			e->recorded_at = sqlite3_column_int64(st, b + 3);
			e->actor = col_dup(st, b + 4);
			if ((d = (const char *)sqlite3_column_text(st, b + 5)))
				e->details = json_loads(d, 0, NULL);
			e->corrects = sqlite3_column_int64(st, b + 6);
			if (!e->event) {
				r = EX_SOFTWARE;
				break;
			}
		}
	}
	if (!r && rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = hl_ledger_fail(L, rc, "cannot read the tickets");
	replayed_clear(&x);
	sqlite3_finalize(st);
	return r;
}

/* ---- what the kinds share ---- */

const struct hl_assignment *
hl_report_holder(const struct hl_derived *d)
{
	const struct hl_assignment *h = NULL;
	size_t i;

	/* The newest primary assignment; a ticket returned (退单) and not
	 * dispatched again is with the center, not with the unit that rightly
	 * sent it back (as in the rankings). */
	for (i = 0; i < d->nasg; i++)
		if (strcmp(d->asg[i].role, "primary") == 0 &&
		    (!h || d->asg[i].since >= h->since))
			h = &d->asg[i];
	if (h && h->until && strcmp(d->status, "received") == 0)
		return NULL;
	return h;
}

json_t *
hl_report_caller(const struct hl_ticket *t)
{
	char *m = t->caller_phone ? hl_phone_mask(t->caller_phone) : NULL;
	char buf[256];
	json_t *v;

	if (!t->caller_name && !m)
		return json_null();
	snprintf(buf, sizeof buf, "%s%s%s", t->caller_name ? t->caller_name : "",
	         t->caller_name && m ? " " : "", m ? m : "");
	free(m);
	v = json_string(buf);
	return v ? v : json_null();
}

int
hl_report_has_event(const struct hl_replayed *x, const char *event,
                    const struct hl_evrec **last)
{
	size_t i;
	int n = 0;

	if (last)
		*last = NULL;
	for (i = 0; i < x->nev; i++)
		if (strcmp(x->ev[i].event, event) == 0 &&
		    !hl_event_voided(x->ev, x->nev, x->ev[i].seq)) {
			n++;
			if (last)
				*last = &x->ev[i];
		}
	return n;
}

int
hl_report_history(struct hl_ledger *L, const char *id, hl_time as_of,
                  struct hl_evrec **ev, size_t *n, size_t *k)
{
	struct hl_evrec x;
	size_t i;
	int st;

	*k = 0;
	if ((st = hl_events_load(L, id, ev, n)))
		return st;
	for (i = 0; i < *n; i++)
		if ((*ev)[i].recorded_at <= as_of) {
			x = (*ev)[*k];
			(*ev)[(*k)++] = (*ev)[i];
			(*ev)[i] = x;
		}
	return 0;
}

const char *
hl_report_label(const char *word, char *buf, size_t n)
{
	const char *l;

	if (!word)
		return "";
	/* Escalation rules: warn-STAGE, late-STAGE, late-resolve-2. */
	if (strcmp(word, "late-resolve-2") == 0)
		return "二次督办";
	if (strncmp(word, "warn-", 5) == 0) {
		snprintf(buf, n, "预警·%s", hl_label(word + 5));
		return buf;
	}
	if (strncmp(word, "late-", 5) == 0) {
		snprintf(buf, n, "超时·%s", hl_label(word + 5));
		return buf;
	}
	if ((l = hl_label(word)) != word)
		return l;
	return hl_kind_label(word);
}

/* "2026-09-21" and "09-21 09:00" of t, local. */
const char *
hl_report_when(hl_time t, int date_only, char *buf, size_t n)
{
	char full[40];

	hl_time_format(t, full, sizeof full);
	if (date_only)
		snprintf(buf, n, "%.10s", full);
	else
		snprintf(buf, n, "%.5s %.5s", full + 5, full + 11);
	return buf;
}

/* ---- the kinds ---- */

static const struct {
	const char *name;
	int (*make)(struct hl_ledger *, const struct hl_rules_store *,
	            const struct hl_report_opts *, struct hl_report *);
	int period;             /* takes a period (else the cut-off alone) */
} kinds[] = {
	{ "daily", hl_report_daily, 0 },
	{ "instruct", hl_report_instruct, 1 },
	{ "consult", hl_report_consult, 0 },
	{ "weekly", hl_report_weekly, 1 },
	{ "monthly", hl_report_monthly, 1 },
	{ "cases", hl_report_cases, 1 },
	{ "hotspots", hl_report_hotspots, 1 },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

int
hl_report_kind_known(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < NKINDS; i++)
		if (strcmp(kind, kinds[i].name) == 0)
			return 1;
	return 0;
}

int
hl_report_takes_period(const char *kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kind, kinds[i].name) == 0)
			return kinds[i].period;
	return 0;
}

/* The Monday (day number) of the ISO week of day. */
static int64_t
monday_of(int64_t day)
{
	return day - hl_weekday(day);
}

int
hl_report_period(const char *kind, struct hl_report_opts *o)
{
	const struct hl_period *p = &o->p;
	int given = p->month || p->week || p->from || p->to;
	int64_t day;

	o->from = o->to = 0;
	if (given && !hl_report_takes_period(kind))
		return hl_usage_error("%s takes no period (--month, --week, "
		                      "--from, --to): it is as of the cut-off "
		                      "(--as-of)", kind);
	if (strcmp(kind, "daily") == 0) {
		day = hl_day_of(o->as_of);
		o->from = hl_day_at(day, 0, 0, 0);
		o->to = hl_day_at(day + 1, 0, 0, 0);
		return 0;
	}
	if (!hl_report_takes_period(kind))
		return 0;
	if (given)
		return hl_period_parse(p, o->now, &o->from, &o->to);
	if (strcmp(kind, "instruct") == 0) {
		/* What came in over the last 30 days, to the cut-off. */
		o->from = o->as_of - 30 * 86400;
		o->to = o->as_of + 1;
		return 0;
	}
	if (strcmp(kind, "weekly") == 0) {
		/* The last full ISO week before now. */
		day = monday_of(hl_day_of(o->now)) - 7;
		o->from = hl_day_at(day, 0, 0, 0);
		o->to = hl_day_at(day + 7, 0, 0, 0);
		return 0;
	}
	return hl_period_parse(p, o->now, &o->from, &o->to);
}

int
hl_report_make(struct hl_ledger *L, const struct hl_rules_store *rs,
               const char *kind, const struct hl_report_opts *o,
               struct hl_report *out)
{
	size_t i;
	int st;

	memset(out, 0, sizeof *out);
	for (i = 0; i < NKINDS; i++)
		if (strcmp(kind, kinds[i].name) == 0) {
			if ((st = kinds[i].make(L, rs, o, out)))
				hl_report_free(out);
			return st;
		}
	return EX_SOFTWARE;
}
