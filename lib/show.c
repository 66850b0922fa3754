/*
 * show.c - one ticket for a person (hl-show): its fields, its handlers,
 * each stage's deadline and how it stands, and the whole timeline with who
 * recorded what, in Chinese labels aligned for a terminal; the caller's
 * phone masked unless asked otherwise.  Writes to standard output.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* "2026-11-25 09:12" in local time, or "-". */
static const char *
when(hl_time t, char *buf)
{
	char full[40];

	if (!t)
		return "-";
	hl_time_format(t, full, sizeof full);
	snprintf(buf, 17, "%.10s %.5s", full, full + 11);
	return buf;
}

/* A labelled field; the lines of a long text line up under the first. */
static void
field(const char *label, const char *value)
{
	char *p, *q;

	if (!value || !*value || !(p = hl_text_printable(value)))
		return;
	hl_text_pad(stdout, label, 10);
	for (q = p; *q; q++)
		if (*q == '?' && value[q - p] == '\n')
			fputs("\n          ", stdout);
		else if (*q != '?' || value[q - p] != '\r')
			putchar(*q);
	putchar('\n');
	free(p);
}

static void
show_fields(const struct hl_ticket *t, const struct hl_ticket_state *s,
            int cycle, int unmask)
{
	char buf[512], a[20];

	printf("工单 %s", t->id);
	if (t->kind)
		printf("  %s", hl_kind_label(t->kind));
	if (t->urgent)
		printf("  紧急");
	printf("\n");
	snprintf(buf, sizeof buf, "%s (%s)", hl_label(s->status), s->status);
	if (cycle)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		         "，第 %d 轮办理", cycle + 1);
	field("状态", buf);
	field("标题", t->title);
	field("内容", t->content);
	field("分类", t->category);
	field("村", t->village);
	field("地址", t->address);
	if (t->caller_name || t->caller_phone) {
		char *m = t->caller_phone && !unmask ? hl_phone_mask(t->caller_phone)
		                                     : NULL;

		snprintf(buf, sizeof buf, "%s%s%s", t->caller_name ? t->caller_name
		                                                   : "",
		         t->caller_name && t->caller_phone ? " " : "",
		         m ? m : t->caller_phone ? t->caller_phone : "");
		free(m);
		field("来电人", buf);
	}
	field("来源", t->channel);
	field("受理时间", when(t->received_at, a));
	if (t->due_at) {
		snprintf(buf, sizeof buf, "%s（上游）", when(t->due_at, a));
		field("办理时限", buf);
	}
	if (s->repeat_of) {
		snprintf(buf, sizeof buf, "第 %ld 次来电，原工单 %s", s->repeat_count,
		         s->repeat_of);
		if (s->merged_into)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			         "，已并入 %s 办理", s->merged_into);
		field("重复来电", buf);
	} else if (s->repeat_count > 1) {
		snprintf(buf, sizeof buf, "共 %ld 次来电", s->repeat_count);
		field("重复来电", buf);
	}
	if (*s->verdict) {
		snprintf(buf, sizeof buf, "%s (%s)", hl_label(s->verdict), s->verdict);
		field("核实结论", buf);
	}
}

static int
show_assignments(struct hl_ledger *L, const char *id)
{
	sqlite3_stmt *st = hl_prepare(L, "SELECT role, unit, person, since, "
	                              "until FROM assignments WHERE ticket_id = ? "
	                              "ORDER BY since, role <> 'primary'");
	struct hl_table tab;
	char a[20], b[20], span[48];
	int rc;

	if (!st)
		return EX_SOFTWARE;
	hl_table_init(&tab, 4);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hl_time until = sqlite3_column_int64(st, 4);

		snprintf(span, sizeof span, "%s%s%s",
		         when(sqlite3_column_int64(st, 3), a), until ? " 至 " : " 起",
		         until ? when(until, b) : "");
		hl_table_row(&tab, hl_label((const char *)sqlite3_column_text(st, 0)),
		             (const char *)sqlite3_column_text(st, 1),
		             sqlite3_column_text(st, 2)
		             ? (const char *)sqlite3_column_text(st, 2) : "-",
		             span);
	}
	sqlite3_finalize(st);
	if (tab.nrow) {
		printf("\n派单\n");
		hl_table_print(stdout, &tab, "  ", 0);
	}
	hl_table_free(&tab);
	return rc == SQLITE_DONE ? 0 : hl_ledger_fail(L, rc, "cannot read");
}

/* How a clock stands: on time, late by, overdue by, time left (past the
 * warning point, hl_warn_point: about to be late), paused. */
static void
clock_state(hl_time due, hl_time met, hl_time paused, hl_time warn,
            hl_time now, char *buf, size_t n)
{
	char d[40];

	if (met && met <= due)
		snprintf(buf, n, "按时");
	else if (met)
		snprintf(buf, n, "超时 %s", hl_duration_zh(met - due, d, sizeof d));
	else if (paused)
		snprintf(buf, n, "暂停中");
	else if (now > due)
		snprintf(buf, n, "已超时 %s", hl_duration_zh(now - due, d, sizeof d));
	else
		snprintf(buf, n, "%s剩余 %s", now >= warn ? "即将超时，" : "",
		         hl_duration_zh(due - now, d, sizeof d));
}

static int
show_deadlines(struct hl_ledger *L, const char *id, int cycles, hl_time now)
{
	sqlite3_stmt *st = hl_prepare(L,
		"SELECT cycle, stage, \"limit\", due_at, met_at, paused_at, "
		"extended, started_at, shifted FROM deadlines WHERE ticket_id = ? "
		"ORDER BY cycle, "
		"instr('dispatch respond verify plan reply follow_up resolve visit', "
		"stage)");
	struct hl_rules_store rs;
	struct hl_table tab;
	char a[20], b[20], state[64], lim[40], cyc[16];
	int rc;

	if (!st)
		return EX_SOFTWARE;
	/* The warning points, as hl-escalate computes them. */
	if ((rc = hl_rules_load(L, &rs))) {
		sqlite3_finalize(st);
		return rc;
	}
	hl_table_init(&tab, 6);
	hl_table_row(&tab, cycles ? "轮" : "", "阶段", "时限", "截止", "完成",
	             "情况");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *limit = (const char *)sqlite3_column_text(st, 2);
		hl_time due = sqlite3_column_int64(st, 3);

		clock_state(due, sqlite3_column_int64(st, 4),
		            sqlite3_column_int64(st, 5),
		            hl_warn_point(&rs.cal, limit, sqlite3_column_int64(st, 7),
		                          due, sqlite3_column_int64(st, 8),
		                          hl_policy_number(&rs.pol, "warn")),
		            now, state, sizeof state);
		snprintf(lim, sizeof lim, "%s%s", strcmp(limit, "due") == 0
		         ? "上游时限" : limit,
		         sqlite3_column_int(st, 6) ? "（已延期）" : "");
		snprintf(cyc, sizeof cyc, "%d", sqlite3_column_int(st, 0) + 1);
		hl_table_row(&tab, cycles ? cyc : "",
		             hl_label((const char *)sqlite3_column_text(st, 1)), lim,
		             when(sqlite3_column_int64(st, 3), a),
		             when(sqlite3_column_int64(st, 4), b), state);
	}
	sqlite3_finalize(st);
	hl_rules_free(&rs);
	if (tab.nrow > 1) {
		printf("\n时限\n");
		/* Without cycles the empty first column would indent: drop it. */
		if (!cycles) {
			size_t r, c;

			for (r = 0; r < tab.nrow; r++) {
				free(tab.cell[r * tab.ncol]);
				for (c = 1; c < tab.ncol; c++)
					tab.cell[r * (tab.ncol - 1) + c - 1] =
						tab.cell[r * tab.ncol + c];
			}
			tab.ncol--;
		}
		hl_table_print(stdout, &tab, "  ", 0);
	}
	hl_table_free(&tab);
	return rc == SQLITE_DONE ? 0 : hl_ledger_fail(L, rc, "cannot read");
}

/* What an event says, in a few words. */
void
hl_event_describe(const struct hl_evrec *e, char *buf, size_t n)
{
	const json_t *x = e->details;
	const char *k, *s;
	json_t *v;
	size_t i, len;

#define D(key) json_string_value(json_object_get(x, key))
#define ADD(...) snprintf(buf + strlen(buf), n - strlen(buf), __VA_ARGS__)
	*buf = '\0';
	if (strcmp(e->event, "receive") == 0 && D("merged_into")) {
		ADD("重复来电，并入 %s 办理", D("merged_into"));
	} else if (strcmp(e->event, "dispatch") == 0) {
		json_array_foreach(json_object_get(x, "assignments"), i, v) {
			const char *person = json_string_value(json_object_get(v,
			                                                       "person"));

			ADD("%s%s %s%s%s", i ? "；" : "",
			    hl_label(json_string_value(json_object_get(v, "role"))),
			    json_string_value(json_object_get(v, "unit")),
			    person ? " " : "", person ? person : "");
		}
		if (json_is_true(json_object_get(x, "by_hand")))
			ADD("（手工派单）");
	} else if (strcmp(e->event, "transfer") == 0) {
		ADD("改派至 %s%s%s", D("unit"), D("person") ? " " : "",
		    D("person") ? D("person") : "");
	} else if (strcmp(e->event, "verify") == 0) {
		ADD("%s", hl_label(D("verdict")));
	} else if (strcmp(e->event, "plan") == 0 && D("eta")) {
		ADD("预计 %.10s %.5s 完成", D("eta"), D("eta") + 11);
	} else if (strcmp(e->event, "reply") == 0 && D("via")) {
		ADD("%s", strcmp(D("via"), "visit") == 0 ? "当面" : hl_label(D("via")));
	} else if (strcmp(e->event, "visit") == 0) {
		ADD("%s，%s", hl_label(D("resolved")), hl_label(D("satisfaction")));
	} else if (strcmp(e->event, "extend") == 0) {
		ADD("%s延至 %.10s %.5s，批准人 %s",
		    D("stage") ? hl_label(D("stage")) : "办结", D("until"),
		    D("until") + 11, D("approved_by"));
	} else if (strcmp(e->event, "repeat") == 0) {
		ADD("来电 %s（第 %lld 次", D("call"),
		    (long long)json_integer_value(json_object_get(x, "repeat_count")));
		if (D("merged_into"))
			ADD("，并入 %s", D("merged_into"));
		ADD("）");
	} else if (strcmp(e->event, "amend") == 0) {
		ADD("修改了");
		json_object_foreach(json_object_get(x, "changed"), k, v)
			ADD(" %s", k);
	} else if (strcmp(e->event, "correct") == 0) {
		ADD("更正事件 %lld", e->corrects);
	} else if (strcmp(e->event, "interview") == 0) {
		ADD("被约谈人 %s", D("person"));
	} else if (strcmp(e->event, "publish") == 0) {
		ADD("批准人 %s", D("approved_by"));
	}
	if ((s = D("reason")))
		ADD("%s原因：%s", *buf ? "；" : "", s);
	if ((s = D("note")))
		ADD("%s%s", *buf ? "；" : "", s);
	/* One line per event: a newline in a note would break the table. */
	for (len = 0; buf[len]; len++)
		if (buf[len] == '\n' || buf[len] == '\r' || buf[len] == '\t')
			buf[len] = ' ';
#undef D
#undef ADD
}

static int
show_timeline(struct hl_ledger *L, const char *id)
{
	struct hl_evrec *ev;
	struct hl_table tab;
	size_t n, i, j, *order;
	char a[20], what[1024], who[256], ev_label[64];
	int st;

	if ((st = hl_events_load(L, id, &ev, &n)))
		return st;
	order = hl_xmalloc((n ? n : 1) * sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = i;
	/* In the order things happened, as the rules replay them. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && (ev[order[j - 1]].at > ev[order[j]].at ||
		                      (ev[order[j - 1]].at == ev[order[j]].at &&
		                       ev[order[j - 1]].seq > ev[order[j]].seq));
		     j--) {
			size_t x = order[j];

			order[j] = order[j - 1];
			order[j - 1] = x;
		}
	hl_table_init(&tab, 5);
	hl_table_row(&tab, "时间", "事件", "记录人", "记录方式", "详情");
	for (i = 0; i < n; i++) {
		const struct hl_evrec *e = &ev[order[i]];
		int voided = hl_event_voided(ev, n, e->seq);

		hl_event_describe(e, what, sizeof what);
		snprintf(who, sizeof who, "%s · %s", e->os_user ? e->os_user : "?",
		         e->program ? e->program : "?");
		snprintf(ev_label, sizeof ev_label, "%s%s", hl_label(e->event),
		         voided ? "（已更正）" : "");
		hl_table_row(&tab, when(e->at, a), ev_label, e->actor ? e->actor : "-",
		             who, what);
	}
	printf("\n经过\n");
	hl_table_print(stdout, &tab, "  ", 0);
	hl_table_free(&tab);
	free(order);
	hl_evrec_free(ev, n);
	return 0;
}

int
hl_show_ticket(struct hl_ledger *L, const char *id, hl_time now, int unmask)
{
	struct hl_ticket t;
	struct hl_ticket_state s;
	sqlite3_stmt *st;
	int r, cycle = 0;

	if ((r = hl_store_get(L, id, &t, &s))) {
		if (r == HL_BAD)
			hl_err("error: unknown ticket '%s'", id);
		return r == HL_BAD ? EX_DATAERR : r;
	}
	if ((st = hl_prepare(L, "SELECT cycle FROM tickets WHERE id = ?"))) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			cycle = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	show_fields(&t, &s, cycle, unmask);
	if (!(r = show_assignments(L, id)) && !(r = show_deadlines(L, id, cycle,
	                                                          now)))
		r = show_timeline(L, id);
	hl_ticket_clear(&t);
	hl_state_clear(&s);
	return r;
}

