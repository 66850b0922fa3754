/*
 * bulletin.c - the monthly bulletin (通报) of a ranking: the page the
 * township circulates, read on a phone in a WeCom group or printed for the
 * meeting.  Its figures are hl-rank's (rates.c), its writers html.c and
 * svg.c.
 *
 * Six passes over the ledger: this period and the one before at the
 * ranking's level, filling the ranking by category (the growing problems)
 * and the tickets behind lost points from the same pass; then the four
 * periods before those, for the township's trend.  Each period is taken
 * as of its own cut-off, moved back by the length of the period after it,
 * as hl-rank takes the previous one.
 *
 * Every figure is marked for programs (see hl_bulletin_write in hl.h);
 * text that is not a figure but holds digits (titles, ticket ids, masked
 * phones, the reasons) has class "txt", names of units and categories
 * class "name", dates are <time>, the charts' scales class "axis", and the
 * ranking's parameters class "param".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

#define PERIODS 6       /* of the township's trend, this one included */
#define LISTED 10       /* tickets behind lost points listed per unit */
#define GROWING 10      /* growing categories listed */

/* A ticket behind a unit's lost points (all owned). */
struct lost {
	char *unit, *id, *title, *caller, *why;
	hl_time received_at;
	int grave;              /* 3 unresolved past due, 2 a bad visit,
	                         * 1 resolved late, 0 another stage late */
	size_t place;           /* the unit's place in the ranking */
};

struct bulletin {
	FILE *fp;
	const struct hl_period *opt;
	const char *level;
	int by_category;
	hl_time from[PERIODS], to[PERIODS], as_of[PERIODS];
	/* [0] this period and [1] the one before at the level; the others
	 * at category, the cheapest, for their township totals only. */
	struct hl_rank rk[PERIODS];
	struct hl_rank cat[2];  /* by category, unless the level is */
	struct lost *lost;
	size_t nlost, cap;
};

/* ---- the passes ---- */

struct pass {
	struct bulletin *b;
	int k;                  /* the period: 0 or 1 */
};

/* True if the ticket's visit side cost its unit points, as hl-rank counts
 * it: its latest visit found the problem unresolved or the caller
 * unsatisfied, or, unresolved past its deadline, it counts as the worst
 * visit.  (An earlier bad visit made good by a later one costs nothing.) */
static int
bad_visit(const struct hl_ticket_figures *f)
{
	return (f->visited && (!f->resolved_by_caller || !f->satisfied)) ||
	       f->unresolved_overdue;
}

/* Appends "sep what text" to buf. */
static void
reason(char *buf, size_t n, const char *what, const char *text)
{
	size_t len = strlen(buf);

	snprintf(buf + len, n - len, "%s%s%s", len ? "；" : "", what, text);
}

/* Why ticket t lost points: its response, completion and visits as
 * hl-rank --explain words them, then the other stages it missed. */
static char *
lost_why(const struct hl_ticket *t, const struct hl_derived *d,
         const struct hl_ticket_figures *f, hl_time as_of)
{
	struct hl_table row;
	char buf[1024] = "", stages[256] = "";
	const char *seen[16];
	size_t i, j, nseen = 0;
	int resp = f->dispatched && !f->responded_on_time;
	int comp = f->resolve_counted && !f->resolved_on_time;

	hl_table_init(&row, 6);
	hl_explain_row(&row, t, d, f, as_of);
	if (row.nrow) {
		if (resp)
			reason(buf, sizeof buf, "响应：", row.cell[3]);
		if (comp)
			reason(buf, sizeof buf, "办结：", row.cell[4]);
		if (bad_visit(f))
			reason(buf, sizeof buf, "回访：", row.cell[5]);
	}
	hl_table_free(&row);
	for (i = 0; i < d->nclk; i++) {
		const char *stage = d->clk[i].stage;

		if (!hl_clock_late(&d->clk[i], as_of) ||
		    (resp && strcmp(stage, "respond") == 0) ||
		    (comp && strcmp(stage, "resolve") == 0))
			continue;
		for (j = 0; j < nseen && strcmp(seen[j], stage); j++)
			;
		if (j < nseen || nseen == sizeof seen / sizeof seen[0])
			continue;
		seen[nseen++] = stage;
		snprintf(stages + strlen(stages), sizeof stages - strlen(stages),
		         "%s%s", j ? "、" : "", hl_label(stage));
	}
	if (*stages)
		reason(buf, sizeof buf, *buf ? "其他超时环节：" : "超时环节：",
		       stages);
	return strdup(buf);
}

/* The title, or failing one the start of the content. */
static char *
title_of(const struct hl_ticket *t)
{
	const char *s = t->title && *t->title ? t->title : t->content;
	size_t n;
	char *out;

	if (!s)
		return strdup("");
	if (hl_text_width(s) <= 60)
		return strdup(s);
	n = hl_text_cut(s, 58);
	if ((out = malloc(n + 4))) {
		memcpy(out, s, n);
		memcpy(out + n, "…", 4);
	}
	return out;
}

static int
keep_lost(struct bulletin *b, const struct hl_ticket *t,
          const struct hl_derived *d, const struct hl_ticket_figures *f,
          hl_time as_of)
{
	struct lost *x;

	if (b->nlost == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;

		if (!(x = realloc(b->lost, cap * sizeof *x)))
			return EX_SOFTWARE;
		b->lost = x;
		b->cap = cap;
	}
	x = &b->lost[b->nlost];
	memset(x, 0, sizeof *x);
	x->unit = strdup(f->unit);
	x->id = strdup(t->id);
	x->title = title_of(t);
	x->caller = t->caller_phone ? hl_phone_mask(t->caller_phone)
	                            : strdup("");
	x->why = lost_why(t, d, f, as_of);
	x->received_at = t->received_at;
	x->grave = f->resolve_counted && !f->resolved_at ? 3 : bad_visit(f) ? 2 :
	           f->resolved_at && !f->resolved_on_time ? 1 : 0;
	b->nlost++;
	if (!x->unit || !x->id || !x->title || !x->caller || !x->why)
		return EX_SOFTWARE;
	return 0;
}

static int
on_ticket(void *ctx, const struct hl_ticket *t, const struct hl_derived *d,
          const struct hl_ticket_figures *f)
{
	struct pass *p = ctx;
	struct bulletin *b = p->b;

	if (!b->by_category && hl_rank_add(&b->cat[p->k], t->category, f))
		return EX_SOFTWARE;
	if (p->k == 0 && !b->by_category && f->unit && f->genuine &&
	    (f->late_stages > 0 || bad_visit(f)))
		return keep_lost(b, t, d, f, b->as_of[0]);
	return 0;
}

static int
by_place(const void *a, const void *b)
{
	const struct lost *x = a, *y = b;

	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	if (x->grave != y->grave)
		return x->grave > y->grave ? -1 : 1;
	if (x->received_at != y->received_at)
		return x->received_at < y->received_at ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
compute(struct bulletin *b, struct hl_ledger *L,
        const struct hl_rules_store *rs, const struct hl_rank *how)
{
	size_t i;
	int k, st;

	for (k = 0; k < PERIODS; k++) {
		if (k) {
			hl_period_previous(b->opt, b->from[k - 1], b->to[k - 1],
			                   &b->from[k], &b->to[k]);
			b->as_of[k] = b->as_of[k - 1] - (b->to[k - 1] - b->from[k - 1]);
		}
		b->rk[k] = *how;
		b->rk[k].unit = NULL;
		b->rk[k].n = 0;
		memset(&b->rk[k].total, 0, sizeof b->rk[k].total);
		if (k >= 2)
			b->rk[k].level = "category";
	}
	for (k = 0; k < 2; k++) {
		struct pass p = { b, k };

		b->cat[k] = b->rk[k];
		b->cat[k].level = "category";
		st = hl_rank_compute_each(L, rs, &b->rk[k], b->from[k], b->to[k],
		                          b->as_of[k], on_ticket, &p);
		if (st)
			return st;
		if (!b->by_category)
			hl_rank_finish(&b->cat[k]);
	}
	for (k = 2; k < PERIODS; k++)
		if ((st = hl_rank_compute(L, rs, &b->rk[k], b->from[k], b->to[k],
		                          b->as_of[k], NULL, NULL, NULL)))
			return st;
	for (i = 0; i < b->nlost; i++) {
		const struct hl_tally *u = hl_rank_find(&b->rk[0], b->lost[i].unit);

		b->lost[i].place = u ? (size_t)(u - b->rk[0].unit) : b->rk[0].n;
	}
	if (b->nlost)
		qsort(b->lost, b->nlost, sizeof *b->lost, by_place);
	return 0;
}

/* ---- figures as shown ---- */

/* "85.7%": a rate in percent, one decimal (GB/T 8170 rounding of exact
 * halves, as printf does); "-" for none. */
static const char *
pct(double v, char *buf, size_t n)
{
	if (isnan(v))
		return "-";
	snprintf(buf, n, "%.1f%%", v * 100.0);
	return buf;
}

/* "95.5": a score; "-" for none. */
static const char *
one(double v, char *buf, size_t n)
{
	if (isnan(v))
		return "-";
	snprintf(buf, n, "%.1f", v);
	return buf;
}

/* A change with its sign, one decimal ("+1.2", "-0.4", "0.0" when it
 * rounds to nothing); "-" when either side is missing. */
static const char *
change(double now, double before, double scale, char *buf, size_t n)
{
	if (isnan(now) || isnan(before))
		return "-";
	snprintf(buf, n, "%+.1f", (now - before) * scale);
	if (strcmp(buf, "+0.0") == 0 || strcmp(buf, "-0.0") == 0)
		snprintf(buf, n, "0.0");
	return buf;
}

/* A change of rank: "↑2" up, "↓1" down, "—" the same, "新" for a unit
 * not ranked before; "" for a unit not ranked now. */
static const char *
rank_change(long now, long before, char *buf, size_t n)
{
	if (!now)
		return "";
	if (!before)
		return "新";
	if (now == before)
		return "—";
	snprintf(buf, n, "%s%ld", now < before ? "↑" : "↓",
	         now < before ? before - now : now - before);
	return buf;
}

/* The local date and time "2026-11-05 08:00" and its RFC 3339 form. */
static void
when(hl_time t, char *rfc, size_t n, char *shown, size_t m)
{
	hl_time_format(t, rfc, n);
	snprintf(shown, m, "%.10s %.5s", rfc, rfc + 11);
}

/* <time datetime="RFC 3339">text</time> */
static void
time_el(FILE *fp, hl_time t, int with_time)
{
	char rfc[40], shown[40];

	when(t, rfc, sizeof rfc, shown, sizeof shown);
	fprintf(fp, "<time datetime=\"%s\">%.*s</time>", rfc,
	        with_time ? 16 : 10, shown);
}

/* The period's name: long ("2026年10月", "2026年第44周", "2026-10-01至
 * 2026-10-15") or short, for a chart's axis ("10月", "W44", "10-01"). */
static void
period_name(const struct bulletin *b, int k, int shortly, char *buf,
            size_t n)
{
	int64_t day = hl_day_of(b->from[k]), last = hl_day_of(b->to[k] - 1);
	int y, m, d, y2, m2, d2;

	hl_civil_from_days(day, &y, &m, &d);
	hl_civil_from_days(last, &y2, &m2, &d2);
	if (b->opt->week) {
		int64_t thu = day + 3;
		int ty, tm, td;

		hl_civil_from_days(thu, &ty, &tm, &td);
		if (shortly)
			snprintf(buf, n, "W%02d", (int)((thu -
			         hl_days_from_civil(ty, 1, 1)) / 7 + 1));
		else
			snprintf(buf, n, "%d年第%d周", ty, (int)((thu -
			         hl_days_from_civil(ty, 1, 1)) / 7 + 1));
	} else if (b->opt->month || (!b->opt->from && !b->opt->to)) {
		if (shortly)
			snprintf(buf, n, "%d月", m);
		else
			snprintf(buf, n, "%d年%d月", y, m);
	} else if (shortly) {
		snprintf(buf, n, "%02d-%02d", m, d);
	} else {
		snprintf(buf, n, "%04d-%02d-%02d至%04d-%02d-%02d", y, m, d, y2, m2,
		         d2);
	}
}

/* The period as a <time> element. */
static void
period_el(FILE *fp, const struct bulletin *b, int k, int shortly)
{
	char name[64], rfc[40];

	period_name(b, k, shortly, name, sizeof name);
	hl_time_format(b->from[k], rfc, sizeof rfc);
	fprintf(fp, "<time datetime=\"%.10s\">%s</time>", rfc, name);
}

/* ` data-u="unit"` (unit NULL: the township, "") */
static void
unit_attr(FILE *fp, const char *unit)
{
	hl_html_attr(fp, "data-u", unit ? unit : "");
}

/* The same as a string, for a chart's values (caller frees). */
static char *
unit_attr_str(const char *unit)
{
	char *e = hl_html_escape(unit ? unit : ""), *s = NULL;

	if (e && asprintf(&s, " data-u=\"%s\"", e) < 0)
		s = NULL;
	free(e);
	return s;
}

/* A table cell with a figure. */
static void
cell(FILE *fp, const char *th, const char *key, const char *extra,
     const char *text)
{
	fprintf(fp, "<td class=\"num\" data-th=\"%s\" data-k=\"%s\"%s>%s</td>",
	        th, key, extra ? extra : "", text);
}

/* The rates of a tally, in the order the page shows them. */
static const char *const rate_key[] = {
	"response_rate", "completion_rate", "resolution_rate",
	"satisfaction_rate",
};
static const char *const rate_name[] = { "响应率", "办结率", "解决率", "满意率" };

static double
rate_of(const struct hl_tally *u, int i)
{
	return i == 0 ? u->response_rate : i == 1 ? u->completion_rate :
	       i == 2 ? u->resolution_rate : u->satisfaction_rate;
}

/* ---- the sections ---- */

static void
header(struct bulletin *b, const struct hl_rank *rk)
{
	FILE *fp = b->fp;
	static const char *const wname[] = {
		"响应率", "解决率", "满意率", "办结率",
	};
	size_t i, nw = sizeof rk->weights / sizeof rk->weights[0];

	fputs("<header>\n<h1 class=\"txt\">12345热线接诉即办通报</h1>\n"
	      "<p class=\"sub\">", fp);
	fprintf(fp, "%s%s · ", hl_level_label(b->level),
	        b->by_category ? "情况" : "排名");
	period_el(fp, b, 0, 0);
	fputs("</p>\n<p class=\"meta\">统计期 ", fp);
	time_el(fp, b->from[0], 0);
	fputs(" 至 ", fp);
	time_el(fp, b->to[0] - 1, 0);
	fputs("，受理的工单按截至 ", fp);
	time_el(fp, b->as_of[0], 1);
	fputs(" 已记录的情况计。", fp);
	if (!b->by_category) {
		fputs("得分为", fp);
		for (i = 0; i < nw && i < 4; i++)
			if (i < 3 || rk->weights[i])
				fprintf(fp, "%s%s", i ? "、" : "", wname[i]);
		fputs("的加权平均，权重 <span class=\"param\" "
		      "data-param=\"weights\">", fp);
		for (i = 0; i < nw && i < 4; i++)
			if (i < 3 || rk->weights[i])
				fprintf(fp, "%s%ld", i ? "/" : "", rk->weights[i]);
		fprintf(fp, "</span>；真实工单不少于 <span class=\"param\" "
		        "data-param=\"min\">%ld</span> 件的单位参加排名。",
		        rk->min_tickets);
	}
	fputs("</p>\n</header>\n", fp);
}

/* One total: name, value, change and the previous value. */
static void
kpi(FILE *fp, const char *name, const char *key, const char *now,
    const char *diff, const char *before)
{
	fprintf(fp, "<div class=\"kpi\"><span class=\"label\">%s</span>"
	        "<b data-p=\"0\" data-k=\"%s\">%s</b><span class=\"was\">"
	        "较上期 <span data-p=\"0\" data-k=\"%s\" data-d=\"1\">%s</span>"
	        " · 上期 <span data-p=\"1\" data-k=\"%s\">%s</span></span>"
	        "</div>\n", name, key, now, key, diff, key, before);
}

static void
totals(struct bulletin *b)
{
	const struct hl_tally *u = &b->rk[0].total, *v = &b->rk[1].total;
	char x[32], y[32], z[32];
	int i;

	fprintf(b->fp, "<section id=\"totals\" data-l=\"%s\" data-u=\"\">\n"
	        "<h2>全镇总体</h2>\n<div class=\"kpis\">\n", b->level);
	snprintf(x, sizeof x, "%ld", u->tickets);
	snprintf(y, sizeof y, "%+ld", u->tickets - v->tickets);
	snprintf(z, sizeof z, "%ld", v->tickets);
	kpi(b->fp, "工单", "tickets", x, y, z);
	for (i = 0; i < 4; i++) {
		char a[32], c[32], d[32];

		kpi(b->fp, rate_name[i], rate_key[i], pct(rate_of(u, i), a, sizeof a),
		    change(rate_of(u, i), rate_of(v, i), 100, c, sizeof c),
		    pct(rate_of(v, i), d, sizeof d));
	}
	kpi(b->fp, "得分", "score", one(u->score, x, sizeof x),
	    change(u->score, v->score, 1, y, sizeof y),
	    one(v->score, z, sizeof z));
	fputs("</div>\n<p class=\"note\">比率的变化以百分点计；上期为", b->fp);
	period_el(b->fp, b, 1, 0);
	fputs("，截至 ", b->fp);
	time_el(b->fp, b->as_of[1], 1);
	fputs("。</p>\n</section>\n", b->fp);
}

static void
ranking_row(struct bulletin *b, const struct hl_tally *u,
            const struct hl_tally *prev, int total)
{
	FILE *fp = b->fp;
	char r[32], c[32], s[32];
	int i;

	fprintf(fp, "<tr class=\"%s%s\"", total ? "total" : "",
	        b->by_category ? "" : " led");
	unit_attr(fp, u->unit);
	fputs(">", fp);
	if (!b->by_category) {
		if (u->rank)
			snprintf(r, sizeof r, "%ld", u->rank);
		fprintf(fp, "<td class=\"num lead\"%s>%s</td>",
		        u->rank ? " data-k=\"rank\"" : "",
		        u->rank ? r : total ? "" : "-");
		fprintf(fp, "<td class=\"tail\"%s>%s</td>", u->rank && !total
		        ? " data-k=\"rank\" data-d=\"1\"" : "",
		        total ? "" : rank_change(u->rank, prev->rank, c, sizeof c));
	}
	fputs("<td class=\"head name\">", fp);
	hl_html_text(fp, total ? "全镇" : u->unit);
	fputs("</td>", fp);
	snprintf(s, sizeof s, "%ld", u->tickets);
	cell(fp, "工单", "tickets", NULL, s);
	for (i = 0; i < 4; i++)
		cell(fp, rate_name[i], rate_key[i], NULL, pct(rate_of(u, i), s,
		                                              sizeof s));
	cell(fp, "得分", "score", NULL, one(u->score, s, sizeof s));
	cell(fp, "得分较上期", "score", " data-d=\"1\"", change(u->score,
	     prev->score, 1, s, sizeof s));
	snprintf(s, sizeof s, "%ld", u->overdue);
	cell(fp, "超时", "overdue", NULL, s);
	fputs("</tr>\n", fp);
}

static void
ranking(struct bulletin *b)
{
	const struct hl_rank *rk = &b->rk[0];
	size_t i;

	fprintf(b->fp, "<section id=\"ranking\" data-l=\"%s\" data-p=\"0\">\n"
	        "<h2>%s</h2>\n<table class=\"cards\">\n<thead><tr>", b->level,
	        b->by_category ? "各问题分类" : "排名");
	if (!b->by_category)
		fputs("<th class=\"num\">名次</th><th>升降</th>", b->fp);
	fprintf(b->fp, "<th>%s</th><th class=\"num\">工单</th>"
	        "<th class=\"num\">响应率</th><th class=\"num\">办结率</th>"
	        "<th class=\"num\">解决率</th><th class=\"num\">满意率</th>"
	        "<th class=\"num\">得分</th><th class=\"num\">较上期</th>"
	        "<th class=\"num\">超时</th></tr></thead>\n<tbody>\n",
	        hl_level_label(b->level));
	for (i = 0; i < rk->n; i++)
		ranking_row(b, &rk->unit[i],
		            hl_rank_previous_of(&b->rk[1], rk->unit[i].unit), 0);
	ranking_row(b, &rk->total, &b->rk[1].total, 1);
	fputs("</tbody>\n</table>\n<p class=\"note\">", b->fp);
	if (!b->by_category)
		fputs("名次为“-”的单位真实工单不足，列出而不排名。", b->fp);
	fputs("“较上期”为得分之差；“超时”为有环节超时的工单数。</p>\n"
	      "</section>\n", b->fp);
}

/* The units that rose (dir 1) or fell (-1) most: up to three, by the
 * size of the move, then by rank. */
struct move {
	const struct hl_tally *u;
	long before, by;
};

static int
by_move(const void *a, const void *b)
{
	const struct move *x = a, *y = b;

	if (x->by != y->by)
		return x->by > y->by ? -1 : 1;
	if (x->u->rank != y->u->rank)
		return x->u->rank < y->u->rank ? -1 : 1;
	return strcmp(x->u->unit, y->u->unit);
}

static void
moves(struct bulletin *b, int dir)
{
	const struct hl_rank *rk = &b->rk[0];
	struct move *m = calloc(rk->n ? rk->n : 1, sizeof *m);
	size_t i, n = 0;

	if (!m)
		return;
	for (i = 0; i < rk->n; i++) {
		const struct hl_tally *u = &rk->unit[i];
		const struct hl_tally *p = hl_rank_previous_of(&b->rk[1], u->unit);

		if (u->rank && p->rank && (p->rank - u->rank) * dir > 0) {
			m[n].u = u;
			m[n].before = p->rank;
			m[n++].by = (p->rank - u->rank) * dir;
		}
	}
	qsort(m, n, sizeof *m, by_move);
	fprintf(b->fp, "<h3>%s</h3>\n", dir > 0 ? "上升最多" : "下降最多");
	if (!n)
		fprintf(b->fp, "<p>没有%s的单位。</p>\n", dir > 0 ? "上升" : "下降");
	else
		fputs("<ul class=\"plain\">\n", b->fp);
	for (i = 0; i < n && i < 3; i++) {
		char c[32];

		fputs("<li", b->fp);
		unit_attr(b->fp, m[i].u->unit);
		fputs("><b class=\"name\">", b->fp);
		hl_html_text(b->fp, m[i].u->unit);
		fprintf(b->fp, "</b> <span data-k=\"rank\" data-d=\"1\">%s</span>"
		        "：第 <span data-p=\"1\" data-k=\"rank\">%ld</span> 名"
		        "→第 <span data-k=\"rank\">%ld</span> 名</li>\n",
		        rank_change(m[i].u->rank, m[i].before, c, sizeof c),
		        m[i].before, m[i].u->rank);
	}
	if (n)
		fputs("</ul>\n", b->fp);
	free(m);
}

static void
movers(struct bulletin *b)
{
	size_t i;
	int both = 0;

	for (i = 0; i < b->rk[0].n; i++)
		both |= b->rk[0].unit[i].rank &&
		        hl_rank_previous_of(&b->rk[1], b->rk[0].unit[i].unit)->rank;
	fprintf(b->fp, "<section id=\"moves\" data-l=\"%s\" data-p=\"0\">\n"
	        "<h2>名次升降</h2>\n", b->level);
	if (both) {
		moves(b, 1);
		moves(b, -1);
	} else {
		fputs("<p>没有单位在本期和上期都参加了排名，无从比较。</p>\n", b->fp);
	}
	fputs("</section>\n", b->fp);
}

/* The bar charts: the score and each rate of every unit, this period
 * beside the previous one. */
static void
charts(struct bulletin *b)
{
	const struct hl_rank *rk = &b->rk[0];
	size_t n = rk->n, i;
	const char **label = calloc(n ? n : 1, sizeof *label);
	char **attr = calloc(n ? n : 1, sizeof *attr);
	double *v = calloc(2 * (n ? n : 1), sizeof *v);
	/* The previous period beside this one, if it had any ticket. */
	size_t ns = b->rk[1].total.tickets ? 2 : 1;
	int m, ok = label && attr && v;

	for (i = 0; ok && i < n; i++) {
		label[i] = rk->unit[i].unit;
		ok = (attr[i] = unit_attr_str(rk->unit[i].unit)) != NULL;
	}
	if (ok && n) {
		fprintf(b->fp, "<section id=\"charts\" data-l=\"%s\">\n"
		        "<h2>各%s得分与比率</h2>\n<p class=\"note\">%s</p>\n"
		        "<div class=\"charts\">\n", b->level,
		        hl_level_label(b->level), ns > 1 ? "每组上为本期（实心），"
		        "下为上期（斜纹）。" : "上期没有工单，只有本期。");
	}
	for (m = -1; ok && n && m < 4; m++) {
		const char *key = m < 0 ? "score" : rate_key[m];
		char a0[64], a1[64];
		struct hl_chart_series s[2] = {
			{ "本期", a0, v },
			{ "上期", a1, v + n },
		};
		struct hl_chart c = {
			.n = n, .label = label, .attr = (const char *const *)attr,
			.ns = ns, .s = s, .lo = 0, .hi = 100, .step = 20,
			.decimals = 1,
		};
		char id[16];

		snprintf(a0, sizeof a0, " data-p=\"0\" data-k=\"%s\"", key);
		snprintf(a1, sizeof a1, " data-p=\"1\" data-k=\"%s\"", key);
		snprintf(id, sizeof id, "bar%d", m + 1);
		c.id = id;
		c.title = m < 0 ? "得分" : rate_name[m];
		c.scale = m < 0 ? 1 : 100;
		c.suffix = m < 0 ? NULL : "%";
		for (i = 0; i < n; i++) {
			const struct hl_tally *u = &rk->unit[i];
			const struct hl_tally *p = hl_rank_previous_of(&b->rk[1],
			                                               u->unit);

			v[i] = m < 0 ? u->score : rate_of(u, m);
			v[n + i] = m < 0 ? p->score : rate_of(p, m);
		}
		fputs("<figure>\n", b->fp);
		hl_svg_bars(b->fp, &c);
		fputs("</figure>\n", b->fp);
	}
	if (ok && n)
		fputs("</div>\n</section>\n", b->fp);
	for (i = 0; attr && i < n; i++)
		free(attr[i]);
	free(attr);
	free(label);
	free(v);
}

/* The township over the six periods: a line chart of its rates and the
 * table of its figures. */
static void
trend(struct bulletin *b)
{
	char names[PERIODS][32], pattr[PERIODS][24], s[32];
	const char *label[PERIODS], *attr[PERIODS];
	double v[4][PERIODS], lo = 100;
	struct hl_chart_series series[4];
	struct hl_chart c = {
		.id = "trend", .title = "全镇各项比率", .n = PERIODS,
		.label = label, .attr = attr, .ns = 4, .s = series, .scale = 100,
		.suffix = "%", .decimals = 1, .hi = 100,
	};
	char key[4][40];
	int i, k;

	/* Oldest first along x. */
	for (k = 0; k < PERIODS; k++) {
		int x = PERIODS - 1 - k;

		period_name(b, k, 1, names[x], sizeof names[x]);
		label[x] = names[x];
		snprintf(pattr[x], sizeof pattr[x], " data-p=\"%d\"", k);
		attr[x] = pattr[x];
		for (i = 0; i < 4; i++) {
			v[i][x] = rate_of(&b->rk[k].total, i);
			if (!isnan(v[i][x]) && v[i][x] * 100 < lo)
				lo = v[i][x] * 100;
		}
	}
	for (i = 0; i < 4; i++) {
		snprintf(key[i], sizeof key[i], " data-k=\"%s\"", rate_key[i]);
		series[i].name = rate_name[i];
		series[i].attr = key[i];
		series[i].v = v[i];
	}
	/* The axis from a round number under the lowest rate, so that the
	 * months' differences show; it says where it starts. */
	c.lo = lo >= 100 ? 90 : floor((lo - 2) / 10) * 10;
	if (c.lo < 0)
		c.lo = 0;
	c.step = 100 - c.lo > 50 ? 20 : 100 - c.lo > 20 ? 10 : 5;
	fprintf(b->fp, "<section id=\"trend\" data-l=\"%s\" data-u=\"\">\n"
	        "<h2>全镇近六期走势</h2>\n<figure>\n", b->level);
	hl_svg_lines(b->fp, &c);
	fputs("</figure>\n<table class=\"cards\">\n<thead><tr><th>期间</th>"
	      "<th>截至</th><th class=\"num\">工单</th><th class=\"num\">响应率"
	      "</th><th class=\"num\">办结率</th><th class=\"num\">解决率</th>"
	      "<th class=\"num\">满意率</th><th class=\"num\">得分</th></tr>"
	      "</thead>\n<tbody>\n", b->fp);
	for (k = 0; k < PERIODS; k++) {
		const struct hl_tally *u = &b->rk[k].total;
		char f[40], t[40], a[40];

		hl_time_format(b->from[k], f, sizeof f);
		hl_time_format(b->to[k], t, sizeof t);
		hl_time_format(b->as_of[k], a, sizeof a);
		fprintf(b->fp, "<tr data-p=\"%d\" data-from=\"%s\" data-to=\"%s\" "
		        "data-as-of=\"%s\"><td class=\"head\">", k, f, t, a);
		period_el(b->fp, b, k, 0);
		fputs("</td><td data-th=\"截至\">", b->fp);
		time_el(b->fp, b->as_of[k], 1);
		fputs("</td>", b->fp);
		snprintf(s, sizeof s, "%ld", u->tickets);
		cell(b->fp, "工单", "tickets", NULL, s);
		for (i = 0; i < 4; i++)
			cell(b->fp, rate_name[i], rate_key[i], NULL,
			     pct(rate_of(u, i), s, sizeof s));
		cell(b->fp, "得分", "score", NULL, one(u->score, s, sizeof s));
		fputs("</tr>\n", b->fp);
	}
	fputs("</tbody>\n</table>\n<p class=\"note\">每期按各自的截至时点计"
	      "（逐期前移一期的长度），与当时的通报一致。</p>\n</section>\n",
	      b->fp);
}

/* Per unit, the tickets behind its lost points: one table, a group of
 * rows a unit, so that the columns line up. */
static void
lost(struct bulletin *b)
{
	size_t i = 0, j, n;

	fprintf(b->fp, "<section id=\"lost\" data-l=\"%s\" data-p=\"0\">\n"
	        "<h2>失分工单</h2>\n<p class=\"note\">有环节超时、回访未解决或"
	        "不满意的真实工单，按轻重排列：超期未办结、回访未解决或不满意、"
	        "超期办结、其他环节超时。来电号码已隐去中间四位。</p>\n",
	        b->level);
	if (!b->nlost)
		fputs("<p>本期没有失分工单。</p>\n", b->fp);
	else
		fputs("<table class=\"cards\">\n<thead><tr><th>工单</th>"
		      "<th>受理</th><th>来电</th><th>标题</th><th>失分原因</th>"
		      "</tr></thead>\n", b->fp);
	while (i < b->nlost) {
		const char *unit = b->lost[i].unit;
		const struct hl_tally *u = hl_rank_find(&b->rk[0], unit);

		for (n = 0; i + n < b->nlost && strcmp(b->lost[i + n].unit,
		                                       unit) == 0; n++)
			;
		fputs("<tbody", b->fp);
		unit_attr(b->fp, unit);
		fputs(">\n<tr class=\"group\"><th colspan=\"5\"><b class=\"name\">",
		      b->fp);
		hl_html_text(b->fp, unit);
		fputs("</b>", b->fp);
		if (u)
			fprintf(b->fp, " <span>超时 <span data-k=\"overdue\">%ld"
			        "</span> 件</span>", u->overdue);
		fputs("</th></tr>\n", b->fp);
		for (j = 0; j < n && j < LISTED; j++) {
			const struct lost *x = &b->lost[i + j];

			fputs("<tr", b->fp);
			hl_html_attr(b->fp, "data-ticket", x->id);
			fputs("><td class=\"head txt\">", b->fp);
			hl_html_text(b->fp, x->id);
			fputs("</td><td data-th=\"受理\">", b->fp);
			time_el(b->fp, x->received_at, 1);
			fputs("</td><td class=\"txt\" data-th=\"来电\">", b->fp);
			hl_html_text(b->fp, *x->caller ? x->caller : "-");
			fputs("</td><td class=\"long title txt\" data-th=\"标题\">",
			      b->fp);
			hl_html_text(b->fp, x->title);
			fputs("</td><td class=\"long txt\" data-th=\"失分原因\">",
			      b->fp);
			hl_html_text(b->fp, x->why);
			fputs("</td></tr>\n", b->fp);
		}
		if (n > LISTED) {
			fprintf(b->fp, "<tr><td colspan=\"5\" class=\"long note\">"
			        "另有 <span data-k=\"unlisted\">%zu</span> 件未列出，"
			        "见 <code class=\"txt\">hl-rank --by %s --explain ",
			        n - LISTED, b->level);
			hl_html_text(b->fp, unit);
			fputs("</code></td></tr>\n", b->fp);
		}
		fputs("</tbody>\n", b->fp);
		i += n;
	}
	if (b->nlost)
		fputs("</table>\n", b->fp);
	fputs("</section>\n", b->fp);
}

/* The categories whose tickets grew: by how much, most first. */
struct growth {
	const struct hl_tally *u;
	long before;
};

static int
by_growth(const void *a, const void *b)
{
	const struct growth *x = a, *y = b;
	long gx = x->u->tickets - x->before, gy = y->u->tickets - y->before;

	if (gx != gy)
		return gx > gy ? -1 : 1;
	if (x->u->tickets != y->u->tickets)
		return x->u->tickets > y->u->tickets ? -1 : 1;
	return strcmp(x->u->unit, y->u->unit);
}

static void
growing(struct bulletin *b)
{
	const struct hl_rank *now = b->by_category ? &b->rk[0] : &b->cat[0];
	const struct hl_rank *then = b->by_category ? &b->rk[1] : &b->cat[1];
	struct growth *g = calloc(now->n ? now->n : 1, sizeof *g);
	size_t i, n = 0;

	if (!g)
		return;
	for (i = 0; i < now->n; i++) {
		const struct hl_tally *p = hl_rank_previous_of(then,
		                                               now->unit[i].unit);

		if (now->unit[i].tickets > p->tickets) {
			g[n].u = &now->unit[i];
			g[n++].before = p->tickets;
		}
	}
	qsort(g, n, sizeof *g, by_growth);
	fputs("<section id=\"growth\" data-l=\"category\" data-p=\"0\">\n"
	      "<h2>共性问题：工单增加的问题分类</h2>\n", b->fp);
	if (!n)
		fputs("<p>本期没有工单增加的问题分类。</p>\n", b->fp);
	else
		fputs("<table class=\"cards\">\n<thead><tr><th>问题分类</th>"
		      "<th class=\"num\">本期</th><th class=\"num\">上期</th>"
		      "<th class=\"num\">增加</th><th class=\"num\">超时</th>"
		      "<th class=\"num\">满意率</th></tr></thead>\n<tbody>\n", b->fp);
	for (i = 0; i < n && i < GROWING; i++) {
		char s[32];

		fputs("<tr", b->fp);
		unit_attr(b->fp, g[i].u->unit);
		fputs("><td class=\"head name\">", b->fp);
		hl_html_text(b->fp, g[i].u->unit);
		fputs("</td>", b->fp);
		snprintf(s, sizeof s, "%ld", g[i].u->tickets);
		cell(b->fp, "本期", "tickets", NULL, s);
		snprintf(s, sizeof s, "%ld", g[i].before);
		cell(b->fp, "上期", "tickets", " data-p=\"1\"", s);
		snprintf(s, sizeof s, "%+ld", g[i].u->tickets - g[i].before);
		cell(b->fp, "增加", "tickets", " data-d=\"1\"", s);
		snprintf(s, sizeof s, "%ld", g[i].u->overdue);
		cell(b->fp, "超时", "overdue", NULL, s);
		cell(b->fp, "满意率", "satisfaction_rate", NULL,
		     pct(g[i].u->satisfaction_rate, s, sizeof s));
		fputs("</tr>\n", b->fp);
	}
	if (n)
		fputs("</tbody>\n</table>\n", b->fp);
	fputs("</section>\n", b->fp);
	free(g);
}

static void
footer(struct bulletin *b)
{
	fputs("<footer>\n<p class=\"note\">各项比率与得分的口径见 "
	      "<code class=\"txt\">hl-rank(1)</code>；每个数字都可用 <code>hl-rank "
	      "--explain</code> 追溯到工单。由 hotline 的 hl-rank 生成。</p>\n"
	      "</footer>\n", b->fp);
}

int
hl_bulletin_write(FILE *fp, struct hl_ledger *L,
                  const struct hl_rules_store *rs, const struct hl_rank *how,
                  const struct hl_period *p, hl_time from, hl_time to,
                  hl_time as_of)
{
	struct bulletin b;
	char title[128], period[64];
	size_t i;
	int k, st;

	memset(&b, 0, sizeof b);
	b.fp = fp;
	b.opt = p;
	b.level = how->level;
	b.by_category = strcmp(how->level, "category") == 0;
	b.from[0] = from;
	b.to[0] = to;
	b.as_of[0] = as_of;
	if (!(st = compute(&b, L, rs, how))) {
		period_name(&b, 0, 0, period, sizeof period);
		snprintf(title, sizeof title, "12345热线通报 %s%s %s",
		         hl_level_label(b.level), b.by_category ? "情况" : "排名",
		         period);
		hl_html_begin(fp, title);
		header(&b, &b.rk[0]);
		totals(&b);
		ranking(&b);
		if (!b.by_category)
			movers(&b);
		charts(&b);
		trend(&b);
		if (!b.by_category)
			lost(&b);
		growing(&b);
		footer(&b);
		hl_html_end(fp);
	}
	for (k = 0; k < PERIODS; k++)
		hl_rank_free(&b.rk[k]);
	for (k = 0; k < 2; k++)
		hl_rank_free(&b.cat[k]);
	for (i = 0; i < b.nlost; i++) {
		free(b.lost[i].unit);
		free(b.lost[i].id);
		free(b.lost[i].title);
		free(b.lost[i].caller);
		free(b.lost[i].why);
	}
	free(b.lost);
	return st;
}
