/*
 * report-hotspots.c - common problems (共性问题), so that the office can
 * step forward (向前一步) from answering calls to governing: the categories
 * and villages whose calls rose significantly against the previous
 * periods, and the categories that came from several villages at once,
 * each with the tickets behind it.
 *
 * The test: with c this period's calls of a category (or village) and m
 * the mean of the previous periods' (the baseline, 3 by default), the
 * rise is significant when c is at least HOT_MIN and a Poisson count of
 * mean max(m, 1) reaches c with a probability under HOT_ALPHA (a one-sided
 * Poisson test).  The floor of one call a period keeps a small village's
 * jump from 0 to 1 or 2 (or 3) from counting.  Every call counts, repeat
 * calls too: the calls are what rose.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

#define HOT_MIN 3               /* calls this period, at the least */
#define HOT_ALPHA 0.01          /* significance of the rise */
#define HOT_FLOOR 1.0           /* the baseline mean, at the least */
#define SPREAD_VILLAGES 3       /* villages one problem came from */

static const struct hl_col category_cols[] = {
	{ "category", "问题分类", HL_CELL_TEXT, 0 },
	{ "count", "本期", HL_CELL_INT, 0 },
	{ "baseline", "前期均值", HL_CELL_NUM, 0 },
	{ "p_value", "P 值", HL_CELL_NUM, 0 },
	{ "tickets", "工单", HL_CELL_LIST, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col village_cols[] = {
	{ "village", "村", HL_CELL_TEXT, HL_COL_UNIT },
	{ "count", "本期", HL_CELL_INT, 0 },
	{ "baseline", "前期均值", HL_CELL_NUM, 0 },
	{ "p_value", "P 值", HL_CELL_NUM, 0 },
	{ "tickets", "工单", HL_CELL_LIST, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col spread_cols[] = {
	{ "category", "问题分类", HL_CELL_TEXT, 0 },
	{ "villages", "涉及村", HL_CELL_LIST, 0 },
	{ "count", "本期", HL_CELL_INT, 0 },
	{ "tickets", "工单", HL_CELL_LIST, 0 },
	{ NULL, NULL, 0, 0 },
};

static const char sql_calls[] =
	"SELECT id, received_at, category, village FROM tickets "
	"WHERE received_at >= ?1 AND received_at < ?2 AND created_at <= ?3 "
	"ORDER BY received_at, id";

double
hl_poisson_tail(long c, double lambda)
{
	double term, sum = 0;
	long i;

	if (c <= 0)
		return 1.0;
	if (lambda <= 0)
		return 0.0;
	/* P(X >= c) summed from c up: the terms fall once i > lambda, and
	 * summing the tail directly keeps a tiny probability exact. */
	if (c <= lambda)
		return 1.0;     /* not a rise: no need for the exact figure */
	term = exp(-lambda + (double)c * log(lambda) - lgamma((double)c + 1));
	for (i = c; term > sum * 1e-17 && i < c + 100000; i++) {
		sum += term;
		term *= lambda / (double)(i + 1);
	}
	return sum > 1.0 ? 1.0 : sum;
}

/* Counts per period of a name: {"n": [current, previous 1, ...],
 * "tickets": [ids this period], "villages": [...]} in obj. */
static json_t *
entry(json_t *obj, const char *name, long periods)
{
	json_t *e = json_object_get(obj, name), *n;
	long i;

	if (e)
		return e;
	n = json_array();
	for (i = 0; i < periods; i++)
		json_array_append_new(n, json_integer(0));
	e = json_pack("{s:o, s:[], s:[]}", "n", n, "tickets", "villages");
	json_object_set_new(obj, name, e);
	return e;
}

static void
count(json_t *e, long p, const char *id, const char *village)
{
	json_t *n = json_array_get(json_object_get(e, "n"), (size_t)p);
	json_t *v = json_object_get(e, "villages"), *x;
	size_t i;
	int seen = 0;

	json_integer_set(n, json_integer_value(n) + 1);
	if (p)
		return;
	json_array_append_new(json_object_get(e, "tickets"), json_string(id));
	if (!village)
		return;
	json_array_foreach(v, i, x)
		seen |= strcmp(json_string_value(x), village) == 0;
	if (!seen)
		json_array_append_new(v, json_string(village));
}

/* The names of obj (the key of their column) that rose, into rows. */
static void
rising(json_t *rows, const char *key, json_t *obj, long k)
{
	const char *name;
	json_t *e;

	json_object_foreach(obj, name, e) {
		json_t *n = json_object_get(e, "n");
		long c = (long)json_integer_value(json_array_get(n, 0)), i;
		double sum = 0, mean, p;

		for (i = 1; i <= k; i++)
			sum += (double)json_integer_value(json_array_get(n, (size_t)i));
		mean = sum / (double)k;
		if (c < HOT_MIN)
			continue;
		p = hl_poisson_tail(c, mean > HOT_FLOOR ? mean : HOT_FLOOR);
		if (p >= HOT_ALPHA)
			continue;
		json_array_append_new(rows, json_pack(
			"{s:s, s:I, s:f, s:f, s:O}", key, name, "count", (json_int_t)c,
			"baseline", mean, "p_value", p, "tickets",
			json_object_get(e, "tickets")));
	}
}

static int
by_p(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	double x = json_real_value(json_object_get(a, "p_value"));
	double y = json_real_value(json_object_get(b, "p_value"));
	json_int_t ca = json_integer_value(json_object_get(a, "count"));
	json_int_t cb = json_integer_value(json_object_get(b, "count"));
	const char *na = json_string_value(json_object_get(a, "category"));
	const char *nb = json_string_value(json_object_get(b, "category"));

	if (x != y)
		return x < y ? -1 : 1;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	if (!na) {
		na = json_string_value(json_object_get(a, "village"));
		nb = json_string_value(json_object_get(b, "village"));
	}
	return strcmp(na, nb);
}

static int
by_spread(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	size_t va = json_array_size(json_object_get(a, "villages"));
	size_t vb = json_array_size(json_object_get(b, "villages"));
	json_int_t ca = json_integer_value(json_object_get(a, "count"));
	json_int_t cb = json_integer_value(json_object_get(b, "count"));

	if (va != vb)
		return va > vb ? -1 : 1;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	return strcmp(json_string_value(json_object_get(a, "category")),
	              json_string_value(json_object_get(b, "category")));
}

/* Sorts rows with cmp and adds them to t. */
static int
add_sorted(struct hl_rtable *t, json_t *rows,
           int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(rows), i;
	json_t **v = calloc(n ? n : 1, sizeof *v);
	int st = 0;

	if (!v)
		return EX_SOFTWARE;
	for (i = 0; i < n; i++)
		v[i] = json_array_get(rows, i);
	qsort(v, n, sizeof *v, cmp);
	for (i = 0; i < n && !st; i++)
		st = hl_rtable_add(t, json_incref(v[i]));
	free(v);
	return st;
}

int
hl_report_hotspots(struct hl_ledger *L, const struct hl_rules_store *rs,
                   const struct hl_report_opts *o, struct hl_report *r)
{
	long k = o->baseline > 0 ? o->baseline : 3, i;
	hl_time *start = calloc((size_t)k + 2, sizeof *start);
	json_t *cats = json_object(), *vils = json_object();
	json_t *rcat = json_array(), *rvil = json_array(), *spread = json_array();
	json_t *e;
	struct hl_rtable *t1, *t2, *t3;
	char title[96], sub[320], a[16], b[16], w[16];
	const char *name;
	sqlite3_stmt *q = NULL;
	int st = 0, rc;

	(void)rs;
	if (!start) {
		st = EX_SOFTWARE;
		goto out;
	}
	/* start[0] the period's, start[i] the ith previous one's. */
	start[0] = o->from;
	{
		hl_time f = o->from, t = o->to, pf, pt;

		for (i = 1; i <= k; i++) {
			hl_period_previous(&o->p, f, t, &pf, &pt);
			start[i] = pf;
			f = pf;
			t = pt;
		}
	}
	snprintf(title, sizeof title, "共性问题 %s 至 %s",
	         hl_report_when(o->from, 1, a, sizeof a),
	         hl_report_when(o->to - 1, 1, b, sizeof b));
	snprintf(sub, sizeof sub, "截至 %s；与前 %ld 期比较：本期至少 %d 件，"
	         "且按前期均值（至少 1 件）的泊松分布，本期件数的上尾概率小于 "
	         "%.2f；多村共性：同一分类本期来自 %d 个以上村",
	         hl_report_when(o->as_of, 0, w, sizeof w), k, HOT_MIN, HOT_ALPHA,
	         SPREAD_VILLAGES);
	if ((st = hl_report_init(r, "hotspots", title, sub, o->from, o->to,
	                         o->as_of)))
		goto out;
	if (!(t1 = hl_report_add(r, "categories", "来电明显上升的问题分类",
	                         category_cols, "没有")) ||
	    !(t2 = hl_report_add(r, "villages", "来电明显上升的村", village_cols,
	                         "没有")) ||
	    !(t3 = hl_report_add(r, "spread", "多村共性问题", spread_cols,
	                         "没有"))) {
		st = EX_SOFTWARE;
		goto out;
	}
	if (!(q = hl_prepare(L, sql_calls))) {
		st = EX_SOFTWARE;
		goto out;
	}
	sqlite3_bind_int64(q, 1, start[k]);
	sqlite3_bind_int64(q, 2, o->to);
	sqlite3_bind_int64(q, 3, o->as_of);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		hl_time at = sqlite3_column_int64(q, 1);
		const char *cat = (const char *)sqlite3_column_text(q, 2);
		const char *vil = (const char *)sqlite3_column_text(q, 3);
		long p;

		/* The period it falls in: 0 this one, then back. */
		for (p = 0; p <= k && at < start[p]; p++)
			;
		if (p > k)
			continue;
		if (cat)
			count(entry(cats, cat, k + 1), p, id, vil);
		if (vil)
			count(entry(vils, vil, k + 1), p, id, NULL);
	}
	if (rc != SQLITE_DONE) {
		st = hl_ledger_fail(L, rc, "cannot read the calls");
		goto out;
	}
	rising(rcat, "category", cats, k);
	rising(rvil, "village", vils, k);
	json_object_foreach(cats, name, e) {
		json_t *v = json_object_get(e, "villages");

		if (json_array_size(v) >= SPREAD_VILLAGES)
			json_array_append_new(spread, json_pack(
				"{s:s, s:O, s:I, s:O}", "category", name, "villages", v,
				"count", json_integer_value(json_array_get(
					json_object_get(e, "n"), 0)),
				"tickets", json_object_get(e, "tickets")));
	}
	if (!(st = add_sorted(t1, rcat, by_p)) && !(st = add_sorted(t2, rvil, by_p)))
		st = add_sorted(t3, spread, by_spread);
out:
	sqlite3_finalize(q);
	free(start);
	json_decref(cats);
	json_decref(vils);
	json_decref(rcat);
	json_decref(rvil);
	json_decref(spread);
	return st;
}
