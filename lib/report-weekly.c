/*
 * report-weekly.c - the weekly report (周汇报) with the discipline
 * commission's notice (通报), and the deputy's monthly dispatch meeting
 * (调度会).
 *
 * The weekly report ranks the area leaders (by their areas), cadres,
 * stations and village party branches by the seed's four figures, 件数量,
 * 响应率, 办结率 and 满意率, through the very library hl-rank uses
 * (rates.c), so that its figures are hl-rank --week's; then the week's
 * escalations by level and the interviews (约谈) held.  The monthly one
 * counts, per station, what was received, resolved, overdue, extended,
 * transferred and returned, and lists the cases that needed another
 * unit's help.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* ---- the weekly report ---- */

#define RATE_COLS \
	{ "tickets", "件数量", HL_CELL_INT, 0 }, \
	{ "genuine", "真实", HL_CELL_INT, 0 }, \
	{ "response_rate", "响应率", HL_CELL_RATE, 0 }, \
	{ "completion_rate", "办结率", HL_CELL_RATE, 0 }, \
	{ "resolution_rate", "解决率", HL_CELL_RATE, 0 }, \
	{ "satisfaction_rate", "满意率", HL_CELL_RATE, 0 }, \
	{ "score", "得分", HL_CELL_NUM, 0 }, \
	{ NULL, NULL, 0, 0 }

static const struct hl_col area_cols[] = {
	{ "rank", "名次", HL_CELL_INT, 0 },
	{ "unit", "片区", HL_CELL_TEXT, HL_COL_UNIT | HL_COL_TOTAL },
	{ "area_leader", "包片领导", HL_CELL_TEXT, HL_COL_PERSON },
	RATE_COLS,
};
static const struct hl_col cadre_cols[] = {
	{ "rank", "名次", HL_CELL_INT, 0 },
	{ "unit", "包村干部", HL_CELL_TEXT, HL_COL_PERSON | HL_COL_TOTAL },
	RATE_COLS,
};
static const struct hl_col unit_cols[] = {
	{ "rank", "名次", HL_CELL_INT, 0 },
	{ "unit", "单位", HL_CELL_TEXT, HL_COL_UNIT | HL_COL_TOTAL },
	RATE_COLS,
};
static const struct hl_col escalation_cols[] = {
	{ "level", "级别", HL_CELL_INT, 0 },
	{ "rule", "督办", HL_CELL_WORD, 0 },
	{ "count", "件次", HL_CELL_INT, 0 },
	{ "tickets", "工单", HL_CELL_LIST, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col interview_cols[] = {
	{ "at", "时间", HL_CELL_TIME, 0 },
	{ "person", "被约谈人", HL_CELL_TEXT, HL_COL_PERSON },
	{ "unit", "单位", HL_CELL_TEXT, HL_COL_UNIT },
	{ "role", "职务", HL_CELL_WORD, 0 },
	{ "by", "约谈人", HL_CELL_TEXT, 0 },
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "note", "事由", HL_CELL_TEXT, 0 },
	{ NULL, NULL, 0, 0 },
};

static const struct {
	const char *level, *title;
	const struct hl_col *col;
} levels[] = {
	{ "area", "包片领导（片区）", area_cols },
	{ "cadre", "包村干部", cadre_cols },
	{ "station", "站所", unit_cols },
	{ "village", "村党支部", unit_cols },
};

static const char sql_leader[] =
	"SELECT area_leader FROM villages WHERE area = ? AND area_leader IS NOT "
	"NULL ORDER BY village LIMIT 1";
static const char sql_escalations[] =
	"SELECT level, rule, ticket_id FROM escalations "
	"WHERE fired_at >= ?1 AND fired_at < ?2 AND fired_at <= ?3 "
	"ORDER BY level, rule, ticket_id";
static const char sql_interviews[] =
	"SELECT seq, ticket_id FROM events WHERE event = 'interview' "
	"AND at >= ?1 AND at < ?2 AND recorded_at <= ?3 ORDER BY at, seq";
static const char sql_person[] =
	"SELECT unit, role FROM people WHERE name = ?";

static json_t *
num(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* The leader of an area (the villages table names one per village). */
static json_t *
leader_of(struct hl_ledger *L, const char *area, int *st)
{
	sqlite3_stmt *q = hl_stmt(L, sql_leader);
	json_t *v = json_null();
	int rc;

	if (!q) {
		*st = EX_SOFTWARE;
		return v;
	}
	sqlite3_bind_text(q, 1, area, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		v = hl_report_text((const char *)sqlite3_column_text(q, 0));
	else if (rc != SQLITE_DONE)
		*st = hl_ledger_fail(L, rc, "cannot read the villages");
	sqlite3_reset(q);
	return v;
}

static int
rank_table(struct hl_ledger *L, const struct hl_rules_store *rs,
           const struct hl_report_opts *o, struct hl_report *r, size_t k)
{
	struct hl_rank rk;
	struct hl_rtable *t;
	size_t i;
	int st;

	memset(&rk, 0, sizeof rk);
	rk.level = levels[k].level;
	hl_policy_weights(&rs->pol, rk.weights);
	rk.min_tickets = hl_policy_number(&rs->pol, "min_tickets");
	if (!(t = hl_report_add(r, levels[k].level, levels[k].title,
	                        levels[k].col, NULL)))
		return EX_SOFTWARE;
	if ((st = hl_rank_compute(L, rs, &rk, o->from, o->to, o->as_of, NULL,
	                          NULL, NULL)))
		goto out;
	for (i = 0; i <= rk.n && !st; i++) {
		const struct hl_tally *u = i < rk.n ? &rk.unit[i] : &rk.total;
		json_t *row = json_pack("{s:o, s:o}", "rank", u->rank
		                        ? json_integer(u->rank) : json_null(),
		                        "unit", hl_report_text(u->unit));

		if (levels[k].col == area_cols)
			json_object_set_new(row, "area_leader", u->unit
			                    ? leader_of(L, u->unit, &st) : json_null());
		json_object_set_new(row, "tickets", json_integer(u->tickets));
		json_object_set_new(row, "genuine", json_integer(u->genuine));
		json_object_set_new(row, "response_rate", num(u->response_rate));
		json_object_set_new(row, "completion_rate", num(u->completion_rate));
		json_object_set_new(row, "resolution_rate", num(u->resolution_rate));
		json_object_set_new(row, "satisfaction_rate",
		                    num(u->satisfaction_rate));
		json_object_set_new(row, "score", num(u->score));
		if (!st)
			st = hl_rtable_add(t, row);
		else
			json_decref(row);
	}
out:
	hl_rank_free(&rk);
	return st;
}

/* The week's escalations, one row a level and rule. */
static int
escalations(struct hl_ledger *L, const struct hl_report_opts *o,
            struct hl_rtable *t)
{
	sqlite3_stmt *q = hl_stmt(L, sql_escalations);
	json_t *row = NULL;
	int rc, st = 0;

	if (!q)
		return EX_SOFTWARE;
	sqlite3_bind_int64(q, 1, o->from);
	sqlite3_bind_int64(q, 2, o->to);
	sqlite3_bind_int64(q, 3, o->as_of);
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int level = sqlite3_column_int(q, 0);
		const char *rule = (const char *)sqlite3_column_text(q, 1);
		const char *id = (const char *)sqlite3_column_text(q, 2);
		json_t *ids;

		if (!row || json_integer_value(json_object_get(row, "level")) != level
		    || strcmp(json_string_value(json_object_get(row, "rule")), rule)) {
			if (row && (st = hl_rtable_add(t, row)))
				break;
			row = json_pack("{s:i, s:s, s:i, s:[]}", "level", level, "rule",
			                rule, "count", 0, "tickets");
			if (!row) {
				st = EX_SOFTWARE;
				break;
			}
		}
		json_object_set_new(row, "count", json_integer(
			json_integer_value(json_object_get(row, "count")) + 1));
		/* Each ticket once, however many of its clocks fired. */
		ids = json_object_get(row, "tickets");
		if (!json_array_size(ids) ||
		    strcmp(json_string_value(json_array_get(ids, json_array_size(ids) -
		                                            1)), id) != 0)
			json_array_append_new(ids, json_string(id));
	}
	sqlite3_reset(q);
	if (!st && row)
		st = hl_rtable_add(t, row);
	else
		json_decref(row);
	if (!st && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = hl_ledger_fail(L, rc, "cannot read the escalations");
	return st;
}

/* One interview, unless a correction recorded by the cut-off answers it. */
static int
interview(struct hl_ledger *L, const struct hl_report_opts *o,
          struct hl_rtable *t, long long seq, const char *id)
{
	struct hl_evrec *ev;
	const struct hl_evrec *e = NULL;
	sqlite3_stmt *q;
	size_t n, i, k;
	const char *person;
	json_t *row;
	int st, rc;

	if ((st = hl_report_history(L, id, o->as_of, &ev, &n, &k)))
		return st;
	for (i = 0; i < k; i++)
		if (ev[i].seq == seq)
			e = &ev[i];
	if (!e || hl_event_voided(ev, k, seq)) {
		hl_evrec_free(ev, n);
		return 0;
	}
	person = json_string_value(json_object_get(e->details, "person"));
	row = json_pack("{s:o, s:o, s:n, s:n, s:o, s:s, s:o}", "at",
	                hl_report_time(e->at), "person", hl_report_text(person),
	                "unit", "role", "by", hl_report_text(e->actor),
	                "ticket", id, "note", hl_report_text(json_string_value(
	                        json_object_get(e->details, "note"))));
	if (person && (q = hl_stmt(L, sql_person))) {
		sqlite3_bind_text(q, 1, person, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			json_object_set_new(row, "unit", hl_report_text(
				(const char *)sqlite3_column_text(q, 0)));
			json_object_set_new(row, "role", hl_report_text(
				(const char *)sqlite3_column_text(q, 1)));
		} else if (rc != SQLITE_DONE) {
			st = hl_ledger_fail(L, rc, "cannot read the directory");
		}
		sqlite3_reset(q);
	}
	hl_evrec_free(ev, n);
	if (st) {
		json_decref(row);
		return st;
	}
	return hl_rtable_add(t, row);
}

static int
interviews(struct hl_ledger *L, const struct hl_report_opts *o,
           struct hl_rtable *t)
{
	sqlite3_stmt *q = hl_prepare(L, sql_interviews);
	int rc, st = 0;

	if (!q)
		return EX_SOFTWARE;
	sqlite3_bind_int64(q, 1, o->from);
	sqlite3_bind_int64(q, 2, o->to);
	sqlite3_bind_int64(q, 3, o->as_of);
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW)
		st = interview(L, o, t, sqlite3_column_int64(q, 0),
		               (const char *)sqlite3_column_text(q, 1));
	if (!st && rc != SQLITE_DONE)
		st = hl_ledger_fail(L, rc, "cannot read the interviews");
	sqlite3_finalize(q);
	return st;
}

int
hl_report_weekly(struct hl_ledger *L, const struct hl_rules_store *rs,
                 const struct hl_report_opts *o, struct hl_report *r)
{
	struct hl_rtable *esc, *iv;
	char title[96], sub[192], a[16], b[16], c[16], ws[64];
	long w[HL_NWEIGHTS];
	size_t k;
	int st;

	hl_policy_weights(&rs->pol, w);
	snprintf(title, sizeof title, "周汇报 %s 至 %s",
	         hl_report_when(o->from, 1, a, sizeof a),
	         hl_report_when(o->to - 1, 1, b, sizeof b));
	/* The weights as hl-rank writes them: a completion weight last, if
	 * the office gives one. */
	snprintf(ws, sizeof ws, "%ld/%ld/%ld", w[0], w[1], w[2]);
	if (w[3])
		snprintf(ws + strlen(ws), sizeof ws - strlen(ws), "/%ld", w[3]);
	snprintf(sub, sizeof sub, "截至 %s；件数量、响应率、办结率、满意率；"
	         "得分权重 %s，最少 %ld 件参加排名",
	         hl_report_when(o->as_of, 0, c, sizeof c), ws,
	         hl_policy_number(&rs->pol, "min_tickets"));
	if ((st = hl_report_init(r, "weekly", title, sub, o->from, o->to,
	                         o->as_of)))
		return st;
	for (k = 0; k < sizeof levels / sizeof levels[0] && !st; k++)
		st = rank_table(L, rs, o, r, k);
	if (st)
		return st;
	if (!(esc = hl_report_add(r, "escalations", "本周督办（按级别）",
	                          escalation_cols, "本周没有督办")) ||
	    !(iv = hl_report_add(r, "interviews", "本周约谈（镇纪委）",
	                         interview_cols, "本周没有约谈")))
		return EX_SOFTWARE;
	if ((st = escalations(L, o, esc)))
		return st;
	return interviews(L, o, iv);
}

/* ---- the monthly dispatch meeting (调度会) ---- */

static const struct hl_col station_cols[] = {
	{ "unit", "单位", HL_CELL_TEXT, HL_COL_UNIT | HL_COL_TOTAL },
	{ "head", "负责人", HL_CELL_TEXT, HL_COL_PERSON },
	{ "received", "受理", HL_CELL_INT, 0 },
	{ "not_genuine", "不实或恶意", HL_CELL_INT, 0 },
	{ "resolved", "办结", HL_CELL_INT, 0 },
	{ "overdue", "超期", HL_CELL_INT, 0 },
	{ "extended", "延期", HL_CELL_INT, 0 },
	{ "transferred", "转办", HL_CELL_INT, 0 },
	{ "returned", "退单", HL_CELL_INT, 0 },
	{ "need_help", "需协调", HL_CELL_INT, 0 },
	{ NULL, NULL, 0, 0 },
};
static const struct hl_col help_cols[] = {
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "title", "标题", HL_CELL_TEXT, 0 },
	{ "village", "村", HL_CELL_TEXT, 0 },
	{ "units", "经手单位", HL_CELL_LIST, 0 },
	{ "transfers", "转办", HL_CELL_INT, 0 },
	{ "returns", "退单", HL_CELL_INT, 0 },
	{ "status", "状态", HL_CELL_WORD, 0 },
	{ "unit", "现承办", HL_CELL_TEXT, HL_COL_UNIT },
	{ NULL, NULL, 0, 0 },
};
static const char *const counts[] = {
	"received", "not_genuine", "resolved", "overdue", "extended",
	"transferred", "returned", "need_help", NULL,
};

static const char sql_stations[] =
	"SELECT u.unit, (SELECT name FROM people p WHERE p.unit = u.unit AND "
	"p.role = 'station_head' ORDER BY name LIMIT 1) FROM units u "
	"WHERE u.kind = 'station' ORDER BY u.unit";

struct month {
	json_t *units;          /* {unit: row}, in the order added */
	json_t *total;
	json_t *help;           /* the help rows */
};

static void
add(json_t *row, const char *key, int yes)
{
	if (yes)
		json_object_set_new(row, key, json_integer(json_integer_value(
			json_object_get(row, key)) + 1));
}

static json_t *
zero_row(const char *unit, const char *head)
{
	json_t *row = json_pack("{s:o, s:o}", "unit", hl_report_text(unit),
	                        "head", hl_report_text(head));
	size_t i;

	for (i = 0; row && counts[i]; i++)
		json_object_set_new(row, counts[i], json_integer(0));
	return row;
}

static int
on_month(void *ctx, const struct hl_replayed *x)
{
	struct month *m = ctx;
	const struct hl_derived *d = &x->d;
	const struct hl_assignment *h = hl_report_holder(d);
	int transfers = hl_report_has_event(x, "transfer", NULL);
	int returns = hl_report_has_event(x, "return", NULL);
	int late = 0, extended = 0, genuine;
	json_t *rows[2], *units;
	size_t i, k;

	genuine = strcmp(d->verdict, "malicious") && strcmp(d->verdict,
	                                                     "unfounded");
	for (i = 0; i < d->nclk; i++) {
		const struct hl_clock *c = &d->clk[i];

		extended |= c->extended;
		if (strcmp(c->stage, "resolve") == 0 &&
		    ((c->met_at && c->met_at > c->due_at) ||
		     (!c->met_at && !c->paused_at && x->as_of > c->due_at)))
			late = 1;
	}
	rows[0] = m->total;
	rows[1] = NULL;
	if (h) {
		if (!(rows[1] = json_object_get(m->units, h->unit))) {
			rows[1] = zero_row(h->unit, NULL);
			if (json_object_set_new(m->units, h->unit, rows[1]))
				return EX_SOFTWARE;
		}
	}
	for (k = 0; k < 2 && rows[k]; k++) {
		add(rows[k], "received", 1);
		add(rows[k], "not_genuine", !genuine);
		add(rows[k], "resolved", d->resolved_at != 0);
		add(rows[k], "overdue", late);
		add(rows[k], "extended", extended);
		add(rows[k], "transferred", transfers > 0);
		add(rows[k], "returned", returns > 0);
		add(rows[k], "need_help", transfers >= 2 || returns > 0);
	}
	if (transfers < 2 && !returns)
		return 0;
	/* The units it went through, each once, in order. */
	units = json_array();
	for (i = 0; i < d->nasg; i++) {
		json_t *u;
		size_t j;
		int seen = 0;

		if (strcmp(d->asg[i].role, "primary") != 0)
			continue;
		json_array_foreach(units, j, u)
			seen |= strcmp(json_string_value(u), d->asg[i].unit) == 0;
		if (!seen)
			json_array_append_new(units, json_string(d->asg[i].unit));
	}
	return json_array_append_new(m->help, json_pack(
		"{s:s, s:o, s:o, s:o, s:i, s:i, s:s, s:o}", "ticket", x->t.id,
		"title", hl_report_text(x->t.title),
		"village", hl_report_text(x->t.village), "units", units,
		"transfers", transfers, "returns", returns, "status", d->status,
		"unit", hl_report_text(h ? h->unit : NULL))) ? EX_SOFTWARE : 0;
}

int
hl_report_monthly(struct hl_ledger *L, const struct hl_rules_store *rs,
                  const struct hl_report_opts *o, struct hl_report *r)
{
	struct month m = { json_object(), zero_row(NULL, NULL), json_array() };
	struct hl_rtable *t, *help;
	sqlite3_stmt *q;
	char title[96], sub[64], a[16], b[16], c[16];
	const char *key;
	json_t *row;
	size_t i;
	int st, rc;

	snprintf(title, sizeof title, "调度会 %s 至 %s",
	         hl_report_when(o->from, 1, a, sizeof a),
	         hl_report_when(o->to - 1, 1, b, sizeof b));
	snprintf(sub, sizeof sub, "截至 %s；按承办单位（最后承办的）",
	         hl_report_when(o->as_of, 0, c, sizeof c));
	if ((st = hl_report_init(r, "monthly", title, sub, o->from, o->to,
	                         o->as_of)))
		goto out;
	/* Every station, with its head, then whoever else held tickets. */
	if (!(q = hl_stmt(L, sql_stations))) {
		st = EX_SOFTWARE;
		goto out;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		json_object_set_new(m.units, (const char *)sqlite3_column_text(q, 0),
		                    zero_row((const char *)sqlite3_column_text(q, 0),
		                             (const char *)sqlite3_column_text(q, 1)));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st = hl_ledger_fail(L, rc, "cannot read the units");
		goto out;
	}
	if ((st = hl_report_pass(L, &rs->rules, HL_PASS_UNMERGED, o->from,
	                         o->to, o->as_of, on_month, &m)))
		goto out;
	if (!(t = hl_report_add(r, "stations", "各站所", station_cols, NULL)) ||
	    !(help = hl_report_add(r, "help", "需协调解决（转办两次以上或退单）",
	                           help_cols, "没有"))) {
		st = EX_SOFTWARE;
		goto out;
	}
	json_object_foreach(m.units, key, row)
		if ((st = hl_rtable_add(t, json_incref(row))))
			goto out;
	if ((st = hl_rtable_add(t, json_incref(m.total))))
		goto out;
	json_array_foreach(m.help, i, row)
		if ((st = hl_rtable_add(help, json_incref(row))))
			goto out;
out:
	json_decref(m.units);
	json_decref(m.total);
	json_decref(m.help);
	return st;
}
