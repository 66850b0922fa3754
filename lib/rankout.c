/*
 * rankout.c - writing a ranking: the JSON line of a unit (the contract's
 * hl-rank record), CSV and TSV rows with a header, and the aligned table
 * for people with its title and the township total; and one explained
 * ticket.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static json_t *
num_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

json_t *
hl_tally_json(const char *level, const struct hl_tally *u,
              const struct hl_tally *prev)
{
	json_t *o = json_object();

	json_object_set_new(o, "level", json_string(level));
	json_object_set_new(o, "unit", u->unit ? json_string(u->unit)
	                                       : json_null());
	json_object_set_new(o, "rank", u->rank ? json_integer(u->rank)
	                                       : json_null());
#define N(k, v) json_object_set_new(o, k, json_integer(v))
	N("tickets", u->tickets);
	N("genuine", u->genuine);
	N("dispatched", u->dispatched);
	N("responded_on_time", u->responded_on_time);
	N("resolve_due", u->resolve_counted);
	N("resolved_on_time", u->resolved_on_time);
	N("visits", u->visits);
	N("resolved_by_caller", u->resolved_by_caller);
	N("satisfied", u->satisfied);
	N("unresolved_overdue", u->unresolved_overdue);
#undef N
	json_object_set_new(o, "response_rate", num_or_null(u->response_rate));
	json_object_set_new(o, "completion_rate",
	                    num_or_null(u->completion_rate));
	json_object_set_new(o, "resolution_rate",
	                    num_or_null(u->resolution_rate));
	json_object_set_new(o, "satisfaction_rate",
	                    num_or_null(u->satisfaction_rate));
	json_object_set_new(o, "score", num_or_null(u->score));
	json_object_set_new(o, "average_response_minutes",
	                    num_or_null(u->avg_response_minutes));
	json_object_set_new(o, "overdue", json_integer(u->overdue));
	json_object_set_new(o, "previous", json_pack("{s:o, s:o, s:o}",
		"rank", prev && prev->rank ? json_integer(prev->rank) : json_null(),
		"score", prev ? num_or_null(prev->score) : json_null(),
		"tickets", prev ? json_integer(prev->tickets) : json_null()));
	return o;
}

static const char *const csv_columns[] = {
	"level", "unit", "rank", "tickets", "genuine", "dispatched",
	"responded_on_time", "resolve_due", "resolved_on_time", "visits",
	"resolved_by_caller", "satisfied", "unresolved_overdue",
	"response_rate", "completion_rate",
	"resolution_rate", "satisfaction_rate", "score",
	"average_response_minutes", "overdue", "previous_rank",
	"previous_score", "previous_tickets", NULL,
};

void
hl_tally_csv_header(FILE *fp, char sep)
{
	int i;

	for (i = 0; csv_columns[i]; i++) {
		if (i)
			fputc(sep, fp);
		fputs(csv_columns[i], fp);
	}
	fputs(sep == ',' ? "\r\n" : "\n", fp);
}

/* One cell: text guarded (CSV) or cleaned of tabs (TSV). */
static void
cell(FILE *fp, const char *s, char sep)
{
	const char *p;

	if (sep == ',') {
		hl_csv_write_field(fp, s, 1);
		return;
	}
	for (p = s ? s : ""; *p; p++)
		fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, fp);
}

static void
number(FILE *fp, double v)
{
	if (!isnan(v))
		fprintf(fp, "%.10g", v);
}

void
hl_tally_csv(FILE *fp, const char *level, const struct hl_tally *u,
             const struct hl_tally *prev, char sep)
{
	long counts[] = {
		u->tickets, u->genuine, u->dispatched, u->responded_on_time,
		u->resolve_counted, u->resolved_on_time, u->visits,
		u->resolved_by_caller, u->satisfied, u->unresolved_overdue,
	};
	double rates[] = {
		u->response_rate, u->completion_rate, u->resolution_rate,
		u->satisfaction_rate, u->score, u->avg_response_minutes,
	};
	size_t i;

	cell(fp, level, sep);
	fputc(sep, fp);
	cell(fp, u->unit ? u->unit : "", sep);
	fputc(sep, fp);
	if (u->rank)
		fprintf(fp, "%ld", u->rank);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		fprintf(fp, "%c%ld", sep, counts[i]);
	for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
		fputc(sep, fp);
		number(fp, rates[i]);
	}
	fprintf(fp, "%c%ld%c", sep, u->overdue, sep);
	if (prev && prev->rank)
		fprintf(fp, "%ld", prev->rank);
	fputc(sep, fp);
	if (prev)
		number(fp, prev->score);
	fputc(sep, fp);
	if (prev)
		fprintf(fp, "%ld", prev->tickets);
	fputs(sep == ',' ? "\r\n" : "\n", fp);
}

/* "95.0%" or "-". */
static const char *
pct(double v, char *buf, size_t n)
{
	if (isnan(v))
		return "-";
	snprintf(buf, n, "%.1f%%", v * 100.0);
	return buf;
}

static const char *
one(double v, char *buf, size_t n)
{
	if (isnan(v))
		return "-";
	snprintf(buf, n, "%.1f", v);
	return buf;
}

void
hl_tally_row(struct hl_table *t, const struct hl_tally *u,
             const struct hl_tally *prev, const char *name, int growth)
{
	char rank[16], tickets[16], genuine[16], r1[16], r2[16], r3[16], r4[16];
	char score[16], avg[16], over[16], before[48];

	snprintf(rank, sizeof rank, "%ld", u->rank);
	snprintf(tickets, sizeof tickets, "%ld", u->tickets);
	snprintf(genuine, sizeof genuine, "%ld", u->genuine);
	snprintf(over, sizeof over, "%ld", u->overdue);
	if (!prev)
		snprintf(before, sizeof before, "-");
	else if (growth)
		snprintf(before, sizeof before, "%ld (%+ld)", prev->tickets,
		         u->tickets - prev->tickets);
	else if (prev->rank)
		snprintf(before, sizeof before, "%ld / %s", prev->rank,
		         one(prev->score, r1, sizeof r1));
	else
		snprintf(before, sizeof before, "- / %s", one(prev->score, r1,
		                                              sizeof r1));
	hl_table_row(t, u->rank ? rank : "-", name ? name : u->unit, tickets,
	             genuine, pct(u->response_rate, r1, sizeof r1),
	             pct(u->completion_rate, r2, sizeof r2),
	             pct(u->resolution_rate, r3, sizeof r3),
	             pct(u->satisfaction_rate, r4, sizeof r4),
	             one(u->score, score, sizeof score),
	             one(u->avg_response_minutes, avg, sizeof avg), over, before);
}

void
hl_tally_table_header(struct hl_table *t, int growth)
{
	hl_table_row(t, "名次", "单位", "工单", "真实", "响应率", "办结率",
	             "解决率", "满意率", "得分", "平均响应(分)", "超时",
	             growth ? "上期工单(增减)" : "上期名次/得分");
}

/* ---- one ticket behind a unit's figures ---- */

/* What the response cost: on time, late by, not yet, not dispatched. */
static void
response_text(const struct hl_ticket_figures *f, hl_time as_of, char *buf,
              size_t n)
{
	char d[32];

	if (!f->dispatched)
		snprintf(buf, n, "未派单");
	else if (f->response_implied)
		snprintf(buf, n, "未记响应，按办结计：%s%s",
		         f->responded_on_time ? "按时" : "超时 ",
		         f->responded_on_time ? "" : hl_duration_zh(f->responded_at -
		                                                   f->respond_due, d,
		                                                   sizeof d));
	else if (f->responded_on_time)
		snprintf(buf, n, "按时 (%s)", hl_duration_zh(f->responded_at -
		                                             f->respond_start, d,
		                                             sizeof d));
	else if (f->responded_at)
		snprintf(buf, n, "超时 %s", hl_duration_zh(f->responded_at -
		                                           f->respond_due, d,
		                                           sizeof d));
	else if (f->respond_paused)
		snprintf(buf, n, "未响应，暂停中");
	else if (as_of > f->respond_due)
		snprintf(buf, n, "未响应，已超时 %s", hl_duration_zh(as_of -
		                                                   f->respond_due, d,
		                                                   sizeof d));
	else
		snprintf(buf, n, "未响应，未到期");
}

static void
completion_text(const struct hl_ticket_figures *f, hl_time as_of, char *buf,
                size_t n)
{
	char d[32];

	if (f->resolved_on_time)
		snprintf(buf, n, "按时办结");
	else if (f->resolved_at)
		snprintf(buf, n, "超时办结 %s", hl_duration_zh(f->resolved_at -
		                                              f->resolve_due, d,
		                                              sizeof d));
	else if (f->resolve_counted)
		snprintf(buf, n, "未办结，已超期 %s", hl_duration_zh(as_of -
		                                                   f->resolve_due, d,
		                                                   sizeof d));
	else
		snprintf(buf, n, "未到期（不计）");
}

void
hl_explain_row(struct hl_table *t, const struct hl_ticket *tk,
               const struct hl_derived *d, const struct hl_ticket_figures *f,
               hl_time as_of)
{
	char recv[40], verdict[64], resp[96], comp[96], visits[320];
	size_t i;

	hl_time_format(tk->received_at, recv, sizeof recv);
	recv[16] = '\0';
	recv[10] = ' ';
	snprintf(verdict, sizeof verdict, "%s%s", *d->verdict
	         ? hl_label(d->verdict) : "未核实", f->genuine ? "" : "（不计）");
	if (!f->genuine) {
		hl_table_row(t, tk->id, recv, verdict, "-", "-", "-");
		return;
	}
	response_text(f, as_of, resp, sizeof resp);
	completion_text(f, as_of, comp, sizeof comp);
	visits[0] = '\0';
	for (i = 0; i < d->nvisit; i++)
		snprintf(visits + strlen(visits), sizeof visits - strlen(visits),
		         "%s%s%s", i ? "；" : "",
		         d->visit[i].resolved == 'y' ? "已解决" :
		         d->visit[i].resolved == 'p' ? "部分解决" : "未解决",
		         d->visit[i].satisfied ? "/满意" : "/不满意");
	/* Which stands in the rates: the latest visit, or the worst one. */
	if (f->visited && d->nvisit > 1)
		snprintf(visits + strlen(visits), sizeof visits - strlen(visits),
		         "（计末次）");
	if (f->unresolved_overdue)
		snprintf(visits + strlen(visits), sizeof visits - strlen(visits),
		         "%s，按未解决/不满意计", *visits ? "；重办超期" : "未回访");
	hl_table_row(t, tk->id, recv, verdict, resp, comp,
	             *visits ? visits : "未回访");
}

json_t *
hl_explain_json(const struct hl_ticket *tk, const struct hl_derived *d,
                const struct hl_ticket_figures *f)
{
	char buf[40];
	json_t *v = json_array(), *o;
	size_t i;

#define T(x) ((x) ? json_string(hl_time_format((x), buf, sizeof buf)) \
                  : json_null())
	for (i = 0; i < d->nvisit; i++)
		json_array_append_new(v, json_pack("{s:o, s:s, s:b}", "at",
		                                   T(d->visit[i].at), "resolved",
		                                   d->visit[i].resolved == 'y' ? "yes"
		                                   : d->visit[i].resolved == 'p'
		                                   ? "partly" : "no", "satisfied",
		                                   d->visit[i].satisfied));
	o = json_object();
	json_object_set_new(o, "ticket", json_string(tk->id));
	json_object_set_new(o, "received_at", T(tk->received_at));
	json_object_set_new(o, "verdict", *d->verdict ? json_string(d->verdict)
	                                              : json_null());
	json_object_set_new(o, "genuine", json_boolean(f->genuine));
	json_object_set_new(o, "unit", f->holder ? json_string(f->holder)
	                                         : json_null());
	json_object_set_new(o, "dispatched", json_boolean(f->dispatched));
	json_object_set_new(o, "respond_start", T(f->respond_start));
	json_object_set_new(o, "respond_due", T(f->respond_due));
	json_object_set_new(o, "responded_at", T(f->responded_at));
	json_object_set_new(o, "responded_on_time",
	                    json_boolean(f->responded_on_time));
	json_object_set_new(o, "response_implied",
	                    json_boolean(f->response_implied));
	json_object_set_new(o, "resolve_due", T(f->resolve_due));
	json_object_set_new(o, "resolved_at", T(f->resolved_at));
	json_object_set_new(o, "resolve_counted", json_boolean(f->resolve_counted));
	json_object_set_new(o, "resolved_on_time",
	                    json_boolean(f->resolved_on_time));
	json_object_set_new(o, "visits", v);
	json_object_set_new(o, "visited", json_boolean(f->visited));
	json_object_set_new(o, "resolved_by_caller",
	                    json_boolean(f->resolved_by_caller));
	json_object_set_new(o, "satisfied", json_boolean(f->satisfied));
	json_object_set_new(o, "unresolved_overdue",
	                    json_boolean(f->unresolved_overdue));
	json_object_set_new(o, "late_stages", json_integer(f->late_stages));
#undef T
	return o;
}

const char *
hl_level_label(const char *level)
{
	return strcmp(level, "station") == 0 ? "站所" :
	       strcmp(level, "cadre") == 0 ? "包村干部" :
	       strcmp(level, "area") == 0 ? "包片" :
	       strcmp(level, "village") == 0 ? "村" : "问题分类";
}

/* A unit's previous figures; a unit without tickets then (a new category,
 * say) has zeros, not nothing. */
const struct hl_tally *
hl_rank_previous_of(const struct hl_rank *prev, const char *unit)
{
	static struct hl_tally none;
	const struct hl_tally *u = hl_rank_find(prev, unit);

	if (u)
		return u;
	memset(&none, 0, sizeof none);
	none.score = none.response_rate = none.completion_rate = NAN;
	none.resolution_rate = none.satisfaction_rate = NAN;
	none.avg_response_minutes = NAN;
	return &none;
}

void
hl_rank_print_table(FILE *fp, const struct hl_rank *rk,
                    const struct hl_rank *prev, hl_time from, hl_time to,
                    hl_time as_of)
{
	struct hl_table tab;
	char a[40], b[40], c[40];
	int growth = strcmp(rk->level, "category") == 0;
	size_t i;

	hl_time_format(from, a, sizeof a);
	hl_time_format(to - 1, b, sizeof b);
	hl_time_format(as_of, c, sizeof c);
	fprintf(fp, "%s排名  %.10s 至 %.10s  截至 %.10s %.5s  权重 %ld/%ld/%ld",
	        hl_level_label(rk->level), a, b, c, c + 11, rk->weights[0],
	        rk->weights[1], rk->weights[2]);
	if (rk->weights[3])     /* completion weighs too */
		fprintf(fp, "/%ld", rk->weights[3]);
	fprintf(fp, "  最少 %ld 件\n\n", rk->min_tickets);
	hl_table_init(&tab, 12);
	hl_tally_table_header(&tab, growth);
	for (i = 0; i < rk->n; i++)
		hl_tally_row(&tab, &rk->unit[i], hl_rank_previous_of(prev, rk->unit[i].unit),
		             NULL, growth);
	hl_tally_row(&tab, &rk->total, &prev->total, "全镇", growth);
	/* Numbers right-aligned: every column but the unit's. */
	hl_table_print(fp, &tab, "", 0xFFDu);
	hl_table_free(&tab);
}

int
hl_rank_print_lines(FILE *fp, const struct hl_rank *rk,
                    const struct hl_rank *prev, const char *format, int bom)
{
	char sep = strcmp(format, "tsv") == 0 ? '\t' : ',';
	size_t i;
	json_t *line;
	int st = 0;

	if (strcmp(format, "json") == 0) {
		for (i = 0; i <= rk->n && !st; i++) {
			const struct hl_tally *u = i < rk->n ? &rk->unit[i] : &rk->total;

			line = hl_tally_json(rk->level, u, i < rk->n
			                     ? hl_rank_previous_of(prev, u->unit) : &prev->total);
			st = hl_print_json(fp, line);
			json_decref(line);
		}
		return st;
	}
	if (bom && sep == ',')
		fputs("\xEF\xBB\xBF", fp);
	hl_tally_csv_header(fp, sep);
	for (i = 0; i < rk->n; i++)
		hl_tally_csv(fp, rk->level, &rk->unit[i],
		             hl_rank_previous_of(prev, rk->unit[i].unit), sep);
	hl_tally_csv(fp, rk->level, &rk->total, &prev->total, sep);
	return 0;
}
