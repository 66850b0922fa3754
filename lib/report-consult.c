/*
 * report-consult.c - the week's consultation (周会商): the hard cases open
 * at the cut-off, for each area leader (包片领导) to take to the meeting with
 * the village committees: repeat callers (the policy's repeat_calls, 3),
 * callers unsatisfied at a return visit, tickets past their resolve
 * deadline, deadlines extended, and legacy problems (历史遗留).  Each case
 * comes with its history in three lines: when it was received, what was
 * done, what is still owed.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const struct hl_col case_cols[] = {
	{ "area_leader", "包片领导", HL_CELL_TEXT, HL_COL_GROUP | HL_COL_PERSON },
	{ "area", "片区", HL_CELL_TEXT, HL_COL_GROUP },
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "village", "村", HL_CELL_TEXT, 0 },
	{ "title", "标题", HL_CELL_TEXT, 0 },
	{ "unit", "承办单位", HL_CELL_TEXT, HL_COL_UNIT },
	{ "person", "承办人", HL_CELL_TEXT, HL_COL_PERSON },
	{ "reasons", "会商原因", HL_CELL_WORDS, 0 },
	{ "calls", "来电", HL_CELL_INT, 0 },
	{ "history", "经过", HL_CELL_TEXT, HL_COL_BLOCK },
	{ NULL, NULL, 0, 0 },
};

static const char sql_area[] =
	"SELECT area, area_leader FROM villages WHERE village = ?";

struct consult {
	struct hl_ledger *L;
	const struct hl_report_opts *o;
	long repeat_calls;
	json_t *rows;           /* the cases, with "_at" */
};

static void
cat(char *buf, size_t n, const char *fmt, const char *a, const char *b)
{
	size_t len = strlen(buf);

	snprintf(buf + len, n - len, fmt, a, b);
}

/* Received: when, who called, how often, what about. */
static void
line_received(const struct hl_replayed *x, char *buf, size_t n)
{
	char w[16], calls[48];
	json_t *caller = hl_report_caller(&x->t);

	snprintf(buf, n, "受理：%s", hl_report_when(x->t.received_at, 0, w,
	                                              sizeof w));
	if (json_is_string(caller))
		cat(buf, n, "，来电人 %s%s", json_string_value(caller), "");
	json_decref(caller);
	snprintf(calls, sizeof calls, "，共 %ld 次来电", x->calls);
	if (x->calls > 1)
		cat(buf, n, "%s%s", calls, "");
	if (x->t.title)
		cat(buf, n, "：%s%s", x->t.title, "");
}

static int
by_time(const void *pa, const void *pb)
{
	const struct hl_evrec *a = *(const struct hl_evrec *const *)pa;
	const struct hl_evrec *b = *(const struct hl_evrec *const *)pb;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Done: the events that say what was done, in the order they happened;
 * the last six, when there are more. */
static void
line_done(const struct hl_replayed *x, char *buf, size_t n)
{
	static const char *const skip[] = {
		"receive", "repeat", "amend", "correct", NULL,
	};
	const struct hl_evrec **ev = calloc(x->nev ? x->nev : 1, sizeof *ev);
	char w[16], what[512], one[768];
	size_t i, k = 0, from;

	snprintf(buf, n, "经过：");
	if (!ev)
		return;
	for (i = 0; i < x->nev; i++)
		if (!hl_word_in(x->ev[i].event, skip) &&
		    !hl_event_voided(x->ev, x->nev, x->ev[i].seq))
			ev[k++] = &x->ev[i];
	qsort(ev, k, sizeof *ev, by_time);
	from = k > 6 ? k - 6 : 0;
	if (from)
		snprintf(buf + strlen(buf), n - strlen(buf), "（前 %zu 项略）", from);
	for (i = from; i < k; i++) {
		hl_event_describe(ev[i], what, sizeof what);
		hl_utf8_trim(what);
		snprintf(one, sizeof one, "%s%s %s%s%s%s%s", i > from ? "；" : "",
		         hl_report_when(ev[i]->at, 0, w, sizeof w),
		         hl_label(ev[i]->event), *what ? " " : "", what,
		         ev[i]->actor ? "（" : "", "");
		if (ev[i]->actor)
			snprintf(one + strlen(one), sizeof one - strlen(one), "%s）",
			         ev[i]->actor);
		cat(buf, n, "%s%s", one, "");
	}
	if (!k)
		cat(buf, n, "%s%s", "尚无", "");
	free(ev);
}

/* Owed: the running deadlines of the current round, by due time. */
static void
line_owed(const struct hl_replayed *x, char *buf, size_t n)
{
	const struct hl_derived *d = &x->d;
	const struct hl_clock *c[16];
	char w[16], dur[32], one[128];
	size_t i, j, k = 0;

	snprintf(buf, n, "待办：");
	if (d->suspended) {
		cat(buf, n, "%s%s", "挂起中，待恢复", "");
		return;
	}
	for (i = 0; i < d->nclk && k < 16; i++)
		if (d->clk[i].cycle == d->cycle && !d->clk[i].met_at &&
		    !d->clk[i].paused_at)
			c[k++] = &d->clk[i];
	/* (A handful: insertion sort.) */
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && c[j - 1]->due_at > c[j]->due_at; j--) {
			const struct hl_clock *t = c[j];

			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	for (i = 0; i < k; i++) {
		snprintf(one, sizeof one, "%s%s 时限 %s", i ? "；" : "",
		         hl_label(c[i]->stage),
		         hl_report_when(c[i]->due_at, 0, w, sizeof w));
		if (c[i]->due_at < x->as_of)
			snprintf(one + strlen(one), sizeof one - strlen(one),
			         "，已超期 %s", hl_duration_zh((long)(x->as_of -
			                                             c[i]->due_at),
			                                    dur, sizeof dur));
		cat(buf, n, "%s%s", one, "");
	}
	if (!k)
		cat(buf, n, "%s%s", "无", "");
}

static int
on_ticket(void *ctx, const struct hl_replayed *x)
{
	struct consult *s = ctx;
	const struct hl_derived *d = &x->d;
	const struct hl_assignment *h;
	const struct hl_clock *res = NULL;
	json_t *reasons, *row;
	char l1[1024], l2[4096], l3[1024], *hist;
	const char *area = NULL, *leader = NULL;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	/* A repeat call merged into an open ticket counts once, with it. */
	if (!hl_status_open(d->status) || x->merged_into)
		return 0;
	reasons = json_array();
	if (x->calls >= s->repeat_calls)
		json_array_append_new(reasons, json_string("repeat"));
	for (i = 0; i < d->nvisit; i++)
		if (d->visit[i].resolved == 'n' || !d->visit[i].satisfied) {
			json_array_append_new(reasons, json_string("unsatisfied"));
			break;
		}
	for (i = 0; i < d->nclk; i++)
		if (d->clk[i].cycle == d->cycle &&
		    strcmp(d->clk[i].stage, "resolve") == 0)
			res = &d->clk[i];
	if (res && !res->met_at && !res->paused_at && res->due_at < x->as_of)
		json_array_append_new(reasons, json_string("overdue"));
	for (i = 0; i < d->nclk; i++)
		if (d->clk[i].extended) {
			json_array_append_new(reasons, json_string("extended"));
			break;
		}
	for (i = 0; x->t.category && i < s->o->nlegacy; i++)
		if (strcmp(x->t.category, s->o->legacy[i]) == 0) {
			json_array_append_new(reasons, json_string("legacy"));
			break;
		}
	if (!json_array_size(reasons)) {
		json_decref(reasons);
		return 0;
	}
	if (x->t.village) {
		if (!(st = hl_stmt(s->L, sql_area))) {
			json_decref(reasons);
			return EX_SOFTWARE;
		}
		sqlite3_bind_text(st, 1, x->t.village, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			area = (const char *)sqlite3_column_text(st, 0);
			leader = (const char *)sqlite3_column_text(st, 1);
		} else if (rc != SQLITE_DONE) {
			json_decref(reasons);
			return hl_ledger_fail(s->L, rc, "cannot read the villages");
		}
	}
	line_received(x, l1, sizeof l1);
	line_done(x, l2, sizeof l2);
	line_owed(x, l3, sizeof l3);
	/* A line cut at its buffer's end stays valid UTF-8. */
	hl_utf8_trim(l1);
	hl_utf8_trim(l2);
	hl_utf8_trim(l3);
	hist = malloc(strlen(l1) + strlen(l2) + strlen(l3) + 3);
	if (hist)
		sprintf(hist, "%s\n%s\n%s", l1, l2, l3);
	h = hl_report_holder(d);
	row = json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:o, "
	                "s:I}", "area_leader", hl_report_text(leader),
	                "area", hl_report_text(area), "ticket", x->t.id,
	                "village", hl_report_text(x->t.village),
	                "title", hl_report_text(x->t.title),
	                "unit", hl_report_text(h ? h->unit : NULL),
	                "person", hl_report_text(h ? h->person : NULL),
	                "reasons", reasons, "calls", (int)x->calls,
	                "history", hl_report_text(hist),
	                "_at", (json_int_t)x->t.received_at);
	free(hist);
	if (st)
		sqlite3_reset(st);
	return row && !json_array_append_new(s->rows, row) ? 0 : EX_SOFTWARE;
}

static const char *
str(const json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

/* By area leader (none last), area, then as received. */
static int
by_leader(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	const char *const keys[] = { "area_leader", "area" };
	json_int_t x, y;
	int i, c;

	for (i = 0; i < 2; i++) {
		const char *u = str(a, keys[i]), *v = str(b, keys[i]);

		if (!u || !v) {
			if (u != v)
				return u ? -1 : 1;
			continue;
		}
		if ((c = strcmp(u, v)))
			return c;
	}
	x = json_integer_value(json_object_get(a, "_at"));
	y = json_integer_value(json_object_get(b, "_at"));
	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(str(a, "ticket"), str(b, "ticket"));
}

int
hl_report_consult(struct hl_ledger *L, const struct hl_rules_store *rs,
                  const struct hl_report_opts *o, struct hl_report *r)
{
	struct consult s = { L, o, 0, json_array() };
	struct hl_rtable *t;
	json_t **v = NULL, *row;
	char sub[256], w[16];
	size_t i, n = 0;
	int st;

	s.repeat_calls = hl_policy_number(&rs->pol, "repeat_calls");
	snprintf(sub, sizeof sub, "截至 %s；重复来电 %ld 次以上、回访不满意、"
	         "超期未办结、延期、历史遗留", hl_report_when(o->as_of, 0, w,
	                                                 sizeof w),
	         s.repeat_calls);
	if ((st = hl_report_init(r, "consult", "周会商：重难点问题", sub, 0, 0,
	                         o->as_of)))
		goto out;
	if (!(t = hl_report_add(r, "cases", "会商事项（按包片领导）", case_cols,
	                        "没有需要会商的问题"))) {
		st = EX_SOFTWARE;
		goto out;
	}
	if ((st = hl_report_pass(L, &rs->rules, HL_PASS_OPEN, 0, 0, o->as_of,
	                         on_ticket, &s)))
		goto out;
	if (!(v = calloc(json_array_size(s.rows) + 1, sizeof *v))) {
		st = EX_SOFTWARE;
		goto out;
	}
	json_array_foreach(s.rows, i, row)
		v[n++] = row;
	qsort(v, n, sizeof *v, by_leader);
	for (i = 0; i < n && !st; i++) {
		json_t *c = json_deep_copy(v[i]);

		json_object_del(c, "_at");
		st = hl_rtable_add(t, c);
	}
out:
	free(v);
	json_decref(s.rows);
	return st;
}
