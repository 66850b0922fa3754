/*
 * report-daily.c - the daily dispatch sheet (日调度) and the principal's
 * list of work orders to annotate (件批示), and the daily digest that
 * hl-notify delivers to each person who holds work.
 *
 * The sheet is the ledger as of the cut-off: every ticket open then (a
 * repeat call merged into its open original counts once, through the
 * original), under each unit and person holding it (the primary handler
 * and the village committee), with its next deadline, whether something
 * falls due today, how long it is overdue, the calls behind it and
 * whether the principal has annotated it; then what waits for dispatch
 * and for the return visit.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const char *const weekdays[] = {
	"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日",
};

/* ---- what the principal has not annotated (件批示) ---- */

static const struct hl_col instruct_cols[] = {
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "received_at", "受理", HL_CELL_TIME, 0 },
	{ "title", "标题", HL_CELL_TEXT, 0 },
	{ "village", "村", HL_CELL_TEXT, 0 },
	{ "kind", "类型", HL_CELL_WORD, 0 },
	{ "category", "分类", HL_CELL_TEXT, 0 },
	{ "unit", "承办单位", HL_CELL_TEXT, HL_COL_UNIT },
	{ "person", "承办人", HL_CELL_TEXT, HL_COL_PERSON },
	{ "status", "状态", HL_CELL_WORD, 0 },
	{ "resolve_due", "办结时限", HL_CELL_TIME, 0 },
	{ "repeat_of", "原工单", HL_CELL_TEXT, 0 },
	{ NULL, NULL, 0, 0 },
};

/* The clock of stage in d's current cycle, or NULL. */
static const struct hl_clock *
clock_now(const struct hl_derived *d, const char *stage)
{
	size_t i;

	for (i = d->nclk; i-- > 0;)
		if (d->clk[i].cycle == d->cycle &&
		    strcmp(d->clk[i].stage, stage) == 0)
			return &d->clk[i];
	return NULL;
}

struct waiting {
	struct hl_rtable *t;    /* NULL: count only */
	long n;
};

static int
on_waiting(void *ctx, const struct hl_replayed *x)
{
	struct waiting *w = ctx;
	const struct hl_assignment *h;
	const struct hl_clock *c;

	if (hl_report_has_event(x, "instruct", NULL))
		return 0;
	w->n++;
	if (!w->t)
		return 0;
	h = hl_report_holder(&x->d);
	c = clock_now(&x->d, "resolve");
	return hl_rtable_add(w->t, json_pack(
		"{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}",
		"ticket", x->t.id, "received_at", hl_report_time(x->t.received_at),
		"title", hl_report_text(x->t.title),
		"village", hl_report_text(x->t.village),
		"kind", hl_report_text(x->t.kind),
		"category", hl_report_text(x->t.category),
		"unit", hl_report_text(h ? h->unit : NULL),
		"person", hl_report_text(h ? h->person : NULL),
		"status", x->d.status,
		"resolve_due", hl_report_time(c ? c->due_at : 0),
		"repeat_of", hl_report_text(x->repeat_of)));
}

/* The annotations recorded by as_of of each ticket received in [from,
 * to): most have none, and need no replay to be counted. */
static const char sql_instructs[] =
	"SELECT t.id, (SELECT count(*) FROM events e WHERE e.ticket_id = t.id "
	"AND e.event = 'instruct' AND e.recorded_at <= ?3) FROM tickets t "
	"WHERE t.received_at >= ?1 AND t.received_at < ?2 AND t.created_at <= ?3";

/* True if ticket id has an annotation recorded by as_of that no correction
 * recorded by then answers. */
static int
annotated(struct hl_ledger *L, const char *id, hl_time as_of, int *st)
{
	struct hl_evrec *ev;
	size_t n, i, k;
	int yes = 0;

	if ((*st = hl_report_history(L, id, as_of, &ev, &n, &k)))
		return 0;
	for (i = 0; i < k && !yes; i++)
		yes = strcmp(ev[i].event, "instruct") == 0 &&
		      !hl_event_voided(ev, k, ev[i].seq);
	hl_evrec_free(ev, n);
	return yes;
}

/* The tickets received in [from, to) and not annotated by as_of: into t
 * (replayed, for their handler and deadline), or, t NULL, only counted. */
static int
waiting(struct hl_ledger *L, const struct hl_rules_store *rs, hl_time from,
        hl_time to, hl_time as_of, struct hl_rtable *t, long *n)
{
	struct waiting w = { t, 0 };
	sqlite3_stmt *q;
	int st = 0, rc;

	if (t) {
		st = hl_report_pass(L, &rs->rules, HL_PASS_RECEIVED, from, to, as_of,
		                    on_waiting, &w);
		*n = w.n;
		return st;
	}
	*n = 0;
	if (!(q = hl_prepare(L, sql_instructs)))
		return EX_SOFTWARE;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, to);
	sqlite3_bind_int64(q, 3, as_of);
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW)
		if (sqlite3_column_int(q, 1) == 0 ||
		    !annotated(L, (const char *)sqlite3_column_text(q, 0), as_of, &st))
			(*n)++;
	if (!st && rc != SQLITE_DONE)
		st = hl_ledger_fail(L, rc, "cannot read the annotations");
	sqlite3_finalize(q);
	return st;
}

int
hl_report_instruct(struct hl_ledger *L, const struct hl_rules_store *rs,
                   const struct hl_report_opts *o, struct hl_report *r)
{
	struct hl_rtable *t;
	char a[16], b[16], c[16], sub[128];
	long n;
	int st;

	snprintf(sub, sizeof sub, "受理 %s 至 %s，截至 %s", hl_report_when(o->from, 0, a, sizeof a),
	         hl_report_when(o->to - 1, 0, b, sizeof b),
	         hl_report_when(o->as_of, 0, c, sizeof c));
	if ((st = hl_report_init(r, "instruct", "件批示：待批示工单", sub, o->from,
	                         o->to, o->as_of)))
		return st;
	if (!(t = hl_report_add(r, "waiting", "待批示（按受理先后）", instruct_cols,
	                        "没有待批示的工单")))
		return EX_SOFTWARE;
	return waiting(L, rs, o->from, o->to, o->as_of, t, &n);
}

/* ---- the daily sheet (日调度) ---- */

static const struct hl_col summary_cols[] = {
	{ "open", "待办", HL_CELL_INT, 0 },
	{ "due_today", "今日到期", HL_CELL_INT, 0 },
	{ "overdue", "超时", HL_CELL_INT, 0 },
	{ "undispatched", "待派单", HL_CELL_INT, 0 },
	{ "awaiting_visit", "待回访", HL_CELL_INT, 0 },
	{ "repeat_callers", "重复来电", HL_CELL_INT, 0 },
	{ "awaiting_instruct", "待批示", HL_CELL_INT, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col holder_cols[] = {
	{ "unit", "单位", HL_CELL_TEXT, HL_COL_UNIT },
	{ "person", "责任人", HL_CELL_TEXT, HL_COL_PERSON },
	{ "role", "角色", HL_CELL_WORD, 0 },
	{ "open", "待办", HL_CELL_INT, 0 },
	{ "due_today", "今日到期", HL_CELL_INT, 0 },
	{ "overdue", "超时", HL_CELL_INT, 0 },
	{ "repeat_callers", "重复来电", HL_CELL_INT, 0 },
	{ "awaiting_instruct", "待批示", HL_CELL_INT, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col ticket_cols[] = {
	{ "unit", "单位", HL_CELL_TEXT, HL_COL_GROUP | HL_COL_UNIT },
	{ "person", "责任人", HL_CELL_TEXT, HL_COL_GROUP | HL_COL_PERSON },
	{ "role", "角色", HL_CELL_WORD, HL_COL_GROUP },
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "title", "标题", HL_CELL_TEXT, 0 },
	{ "village", "村", HL_CELL_TEXT, 0 },
	{ "status", "状态", HL_CELL_WORD, 0 },
	{ "suspended", "挂起", HL_CELL_BOOL, 0 },
	{ "stage", "环节", HL_CELL_WORD, 0 },
	{ "due_at", "时限", HL_CELL_TIME, 0 },
	{ "due_today", "今日到期", HL_CELL_BOOL, 0 },
	{ "overdue_minutes", "超时", HL_CELL_MINUTES, 0 },
	{ "calls", "来电", HL_CELL_INT, 0 },
	{ "caller", "来电人", HL_CELL_TEXT, 0 },
	{ "instructed", "已批示", HL_CELL_BOOL, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col undispatched_cols[] = {
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "received_at", "受理", HL_CELL_TIME, 0 },
	{ "title", "标题", HL_CELL_TEXT, 0 },
	{ "village", "村", HL_CELL_TEXT, 0 },
	{ "category", "分类", HL_CELL_TEXT, 0 },
	{ "due_at", "派单时限", HL_CELL_TIME, 0 },
	{ "overdue_minutes", "超时", HL_CELL_MINUTES, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col visit_cols[] = {
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "title", "标题", HL_CELL_TEXT, 0 },
	{ "village", "村", HL_CELL_TEXT, 0 },
	{ "unit", "承办单位", HL_CELL_TEXT, HL_COL_UNIT },
	{ "resolved_at", "办结", HL_CELL_TIME, 0 },
	{ "due_at", "回访时限", HL_CELL_TIME, 0 },
	{ "overdue_minutes", "超时", HL_CELL_MINUTES, 0 },
	{ NULL, NULL, 0, 0 },
};

/* One open ticket and who holds it. */
struct holding {
	char role[8];
	char *unit, *person;
};
struct item {
	char *id, *title, *village, *category, *unit;
	char status[16];
	int suspended;
	hl_time received_at, resolved_at, due;
	const char *stage;      /* the next deadline's (static) */
	long overdue_minutes, calls;
	int due_today, instructed;
	json_t *caller;
	struct holding *h;
	size_t nh;
};

struct sheet {
	struct item *it;
	size_t n, cap;
	hl_time as_of, day_end;
	int failed;
};

static void
item_free(struct item *it)
{
	size_t i;

	for (i = 0; i < it->nh; i++) {
		free(it->h[i].unit);
		free(it->h[i].person);
	}
	free(it->h);
	free(it->id);
	free(it->title);
	free(it->village);
	free(it->category);
	free(it->unit);
	json_decref(it->caller);
}

static char *
dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
on_open(void *ctx, const struct hl_replayed *x)
{
	struct sheet *s = ctx;
	const struct hl_derived *d = &x->d;
	struct item *it;
	size_t i;

	/* A repeat call merged into an open ticket counts once, with it. */
	if (!hl_status_open(d->status) || x->merged_into)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct item *ni = realloc(s->it, cap * sizeof *ni);

		if (!ni)
			return EX_SOFTWARE;
		s->it = ni;
		s->cap = cap;
	}
	it = &s->it[s->n++];
	memset(it, 0, sizeof *it);
	it->id = dup(x->t.id);
	it->title = dup(x->t.title);
	it->village = dup(x->t.village);
	it->category = dup(x->t.category);
	snprintf(it->status, sizeof it->status, "%s", d->status);
	it->suspended = d->suspended;
	it->unit = hl_report_holder(d) ? dup(hl_report_holder(d)->unit) : NULL;
	it->received_at = x->t.received_at;
	it->resolved_at = d->resolved_at;
	it->calls = x->calls;
	it->caller = x->calls > 1 ? hl_report_caller(&x->t) : json_null();
	it->instructed = hl_report_has_event(x, "instruct", NULL) > 0;
	/* The next deadline: the earliest running clock of the cycle. */
	for (i = 0; i < d->nclk; i++) {
		const struct hl_clock *c = &d->clk[i];

		if (c->cycle != d->cycle || c->met_at || c->paused_at)
			continue;
		if (!it->due || c->due_at < it->due) {
			it->due = c->due_at;
			it->stage = c->stage;
		}
		if (c->due_at >= s->as_of && c->due_at < s->day_end)
			it->due_today = 1;
	}
	if (it->due && it->due < s->as_of)
		it->overdue_minutes = (long)((s->as_of - it->due + 59) / 60);
	if (!(it->h = calloc(d->nasg ? d->nasg : 1, sizeof *it->h)))
		return EX_SOFTWARE;
	for (i = 0; i < d->nasg; i++) {
		struct holding *h;

		if (d->asg[i].until)
			continue;
		h = &it->h[it->nh++];
		snprintf(h->role, sizeof h->role, "%s", d->asg[i].role);
		h->unit = dup(d->asg[i].unit);
		h->person = dup(d->asg[i].person);
	}
	return it->id ? 0 : EX_SOFTWARE;
}

/* A row of the tickets table: one ticket under one holder. */
struct line {
	const struct item *it;
	const struct holding *h;
};

static int
strcmp0(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
by_holder(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int c;

	/* The handlers (primary) first, then the village committees. */
	if ((c = strcmp(a->h->role, b->h->role)))
		return c;
	if ((c = strcmp(a->h->unit, b->h->unit)))
		return c;
	if ((c = strcmp0(a->h->person, b->h->person)))
		return c;
	if (a->it->due != b->it->due)
		return !a->it->due ? 1 : !b->it->due ? -1
		       : a->it->due < b->it->due ? -1 : 1;
	return strcmp(a->it->id, b->it->id);
}

static int
by_due(const void *pa, const void *pb)
{
	const struct item *a = *(struct item *const *)pa;
	const struct item *b = *(struct item *const *)pb;

	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int
handled(const struct item *it)
{
	return strcmp(it->status, "received") != 0 &&
	       strcmp(it->status, "resolved") != 0;
}

static json_t *
minutes(long m)
{
	return m ? json_integer(m) : json_null();
}

static int
same_holder(const struct holding *a, const struct holding *b)
{
	return strcmp(a->unit, b->unit) == 0 && strcmp(a->role, b->role) == 0 &&
	       strcmp0(a->person, b->person) == 0;
}

/* The holders table from the sorted lines. */
static int
holders(struct hl_rtable *t, const struct line *ln, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		long open = 0, today = 0, late = 0, rep = 0, wait = 0;

		for (j = i; j < n && same_holder(ln[j].h, ln[i].h); j++) {
			open++;
			today += ln[j].it->due_today;
			late += ln[j].it->overdue_minutes > 0;
			rep += ln[j].it->calls > 1;
			wait += !ln[j].it->instructed;
		}
		if (hl_rtable_add(t, json_pack("{s:s, s:o, s:s, s:i, s:i, s:i, "
		                               "s:i, s:i}", "unit", ln[i].h->unit,
		                               "person",
		                               hl_report_text(ln[i].h->person),
		                               "role", ln[i].h->role, "open",
		                               (int)open, "due_today", (int)today,
		                               "overdue", (int)late, "repeat_callers",
		                               (int)rep, "awaiting_instruct",
		                               (int)wait)))
			return EX_SOFTWARE;
		i = j;
	}
	return 0;
}

static int
sheet_tables(struct hl_report *r, struct sheet *s, long awaiting_instruct)
{
	struct hl_rtable *sum, *hold, *tick, *und, *vis;
	struct line *ln;
	struct item **byd;
	size_t i, j, n = 0, nl = 0;
	long open = 0, today = 0, late = 0, nund = 0, nvis = 0, rep = 0;
	int st = 0;

	if (!(sum = hl_report_add(r, "summary", "概况", summary_cols, NULL)) ||
	    !(hold = hl_report_add(r, "holders", "各单位、责任人", holder_cols,
	                           "没有待办的工单")) ||
	    !(tick = hl_report_add(r, "tickets", "待办工单", ticket_cols,
	                           "没有待办的工单")) ||
	    !(und = hl_report_add(r, "undispatched", "待派单", undispatched_cols,
	                          NULL)) ||
	    !(vis = hl_report_add(r, "visits", "待回访（镇纪委）", visit_cols,
	                          NULL)))
		return EX_SOFTWARE;
	for (i = 0; i < s->n; i++)
		n += s->it[i].nh;
	ln = calloc(n ? n : 1, sizeof *ln);
	byd = calloc(s->n ? s->n : 1, sizeof *byd);
	if (!ln || !byd) {
		free(ln);
		free(byd);
		return EX_SOFTWARE;
	}
	for (i = 0, n = 0; i < s->n; i++) {
		struct item *it = &s->it[i];

		byd[n++] = it;
		open++;
		today += it->due_today;
		late += it->overdue_minutes > 0;
		rep += it->calls > 1;
		nund += strcmp(it->status, "received") == 0;
		nvis += strcmp(it->status, "resolved") == 0;
		if (handled(it))
			for (j = 0; j < it->nh; j++) {
				ln[nl].it = it;
				ln[nl++].h = &it->h[j];
			}
	}
	st = hl_rtable_add(sum, json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
	                                  "open", (int)open, "due_today",
	                                  (int)today, "overdue", (int)late,
	                                  "undispatched", (int)nund,
	                                  "awaiting_visit", (int)nvis,
	                                  "repeat_callers", (int)rep,
	                                  "awaiting_instruct",
	                                  (int)awaiting_instruct));
	qsort(ln, nl, sizeof *ln, by_holder);
	if (!st)
		st = holders(hold, ln, nl);
	for (i = 0; !st && i < nl; i++) {
		const struct item *it = ln[i].it;

		st = hl_rtable_add(tick, json_pack(
			"{s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:b, s:o, s:o, s:b, "
			"s:o, s:i, s:O, s:b}", "unit", ln[i].h->unit,
			"person", hl_report_text(ln[i].h->person),
			"role", ln[i].h->role, "ticket", it->id,
			"title", hl_report_text(it->title),
			"village", hl_report_text(it->village),
			"status", it->status, "suspended", it->suspended,
			"stage", hl_report_text(it->stage),
			"due_at", hl_report_time(it->due), "due_today", it->due_today,
			"overdue_minutes", minutes(it->overdue_minutes),
			"calls", (int)it->calls, "caller", it->caller,
			"instructed", it->instructed));
	}
	qsort(byd, n, sizeof *byd, by_due);
	for (i = 0; !st && i < n; i++) {
		const struct item *it = byd[i];

		if (strcmp(it->status, "received") == 0)
			st = hl_rtable_add(und, json_pack(
				"{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "ticket", it->id,
				"received_at", hl_report_time(it->received_at),
				"title", hl_report_text(it->title),
				"village", hl_report_text(it->village),
				"category", hl_report_text(it->category),
				"due_at", hl_report_time(it->due),
				"overdue_minutes", minutes(it->overdue_minutes)));
		else if (strcmp(it->status, "resolved") == 0)
			st = hl_rtable_add(vis, json_pack(
				"{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "ticket", it->id,
				"title", hl_report_text(it->title),
				"village", hl_report_text(it->village),
				"unit", hl_report_text(it->unit),
				"resolved_at", hl_report_time(it->resolved_at),
				"due_at", hl_report_time(it->due),
				"overdue_minutes", minutes(it->overdue_minutes)));
	}
	free(ln);
	free(byd);
	return st;
}

int
hl_report_daily(struct hl_ledger *L, const struct hl_rules_store *rs,
                const struct hl_report_opts *o, struct hl_report *r)
{
	struct sheet s;
	char title[64], sub[64], a[16], b[16];
	int64_t day = hl_day_of(o->as_of);
	long waits = 0;
	size_t i;
	int st;

	memset(&s, 0, sizeof s);
	s.as_of = o->as_of;
	s.day_end = o->to;
	snprintf(title, sizeof title, "日调度 %s（%s）",
	         hl_report_when(o->as_of, 1, a, sizeof a),
	         weekdays[hl_weekday(day)]);
	snprintf(sub, sizeof sub, "截至 %s",
	         hl_report_when(o->as_of, 0, b, sizeof b));
	if ((st = hl_report_init(r, "daily", title, sub, o->from, o->to,
	                         o->as_of)))
		return st;
	st = hl_report_pass(L, &rs->rules, HL_PASS_OPEN, 0, 0, o->as_of, on_open,
	                    &s);
	/* What waits for the principal: the list of hl-report instruct. */
	if (!st)
		st = waiting(L, rs, o->as_of - 30 * 86400, o->as_of + 1, o->as_of,
		             NULL, &waits);
	if (!st)
		st = sheet_tables(r, &s, waits);
	for (i = 0; i < s.n; i++)
		item_free(&s.it[i]);
	free(s.it);
	return st;
}

int
hl_report_daily_empty(const struct hl_report *daily)
{
	size_t i;

	for (i = 0; i < daily->ntab; i++)
		if (strcmp(daily->tab[i]->key, "summary") == 0) {
			const json_t *row = json_array_get(daily->tab[i]->rows, 0);

			return json_integer_value(json_object_get(row, "open")) == 0 &&
			       json_integer_value(json_object_get(row,
			                                          "awaiting_instruct")) == 0;
		}
	return 0;
}

/* ---- the digest for hl-notify ---- */

int
hl_report_digest(FILE *fp, const struct hl_report *daily)
{
	const struct hl_rtable *hold = NULL;
	const json_t *head = json_array_get(daily->tab[0]->rows, 0);
	const char *asof = json_string_value(json_object_get(head, "as_of"));
	char date[16];
	size_t i, k, j;
	json_t *row;
	int st = 0;

	snprintf(date, sizeof date, "%.10s", asof ? asof : "");
	for (i = 0; i < daily->ntab; i++)
		if (strcmp(daily->tab[i]->key, "holders") == 0)
			hold = daily->tab[i];
	if (!hold)
		return EX_SOFTWARE;
	json_array_foreach(hold->rows, k, row) {
		const char *person = json_string_value(json_object_get(row,
		                                                       "person"));
		struct hl_report part;
		char *text = NULL;
		size_t len = 0;
		FILE *mem;
		json_t *line;
		int seen = 0;

		if (!person)
			continue;
		/* Once a person, however many units and roles they hold. */
		for (j = 0; j < k; j++)
			seen |= json_equal(json_object_get(json_array_get(hold->rows, j),
			                                   "person"),
			                   json_object_get(row, "person"));
		if (seen)
			continue;
		if ((st = hl_report_select(daily, HL_COL_PERSON, person, &part)))
			break;
		if (!(mem = open_memstream(&text, &len))) {
			hl_report_free(&part);
			return EX_SOFTWARE;
		}
		st = hl_report_write(mem, &part, "text", 0);
		fclose(mem);
		hl_report_free(&part);
		while (len && text[len - 1] == '\n')
			text[--len] = '\0';
		line = json_pack("{s:s, s:s, s:s, s:s, s:s}", "event", "digest",
		                 "kind", "daily", "date", date, "person", person,
		                 "text", text ? text : "");
		free(text);
		if (!st)
			st = line ? hl_print_json(fp, line) : EX_SOFTWARE;
		json_decref(line);
		if (st)
			break;
	}
	return st;
}
