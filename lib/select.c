/*
 * select.c - choosing tickets from the ledger for hl-list (and any program
 * that takes the same filters): status, open, overdue, unit, person,
 * village, category, kind, received between two times, ids.  Built as one
 * SELECT with bound parameters and stepped row by row, so memory does not
 * grow with the number of tickets.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* A growing SQL text and its parameters. */
struct sql {
	char *text;
	size_t len, cap;
	const char **param;
	size_t nparam;
};

static int
add(struct sql *q, const char *s)
{
	size_t n = strlen(s);

	if (q->len + n + 1 > q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 512;
		char *p;

		while (cap < q->len + n + 1)
			cap *= 2;
		if (!(p = realloc(q->text, cap)))
			return -1;
		q->text = p;
		q->cap = cap;
	}
	memcpy(q->text + q->len, s, n + 1);
	q->len += n;
	return 0;
}

/* " AND (expr OR expr ...)" with each value bound once. */
static int
any_of(struct sql *q, const char *expr, char *const *values, size_t n)
{
	size_t i;
	const char **np;

	if (n == 0)
		return 0;
	if (!(np = realloc(q->param, (q->nparam + n) * sizeof *np)))
		return -1;
	q->param = np;
	add(q, " AND (");
	for (i = 0; i < n; i++) {
		if (i)
			add(q, " OR ");
		add(q, expr);
		q->param[q->nparam++] = values[i];
	}
	return add(q, ")");
}

int
hl_select_prepare(struct hl_ledger *L, const struct hl_filter *f,
                  sqlite3_stmt **out)
{
	struct sql q = { 0 };
	sqlite3_stmt *st;
	size_t i;
	int n;

	*out = NULL;
	add(&q, "SELECT ");
	add(&q, hl_ticket_columns);
	add(&q, " FROM tickets t WHERE 1");
	any_of(&q, "t.id = ?", f->id, f->nid);
	any_of(&q, "t.status = ?", f->status, f->nstatus);
	any_of(&q, "t.village = ?", f->village, f->nvillage);
	any_of(&q, "t.category = ?", f->category, f->ncategory);
	any_of(&q, "t.kind = ?", f->kind, f->nkind);
	any_of(&q, "EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = "
	       "t.id AND a.until IS NULL AND a.unit = ?)", f->unit, f->nunit);
	any_of(&q, "EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = "
	       "t.id AND a.until IS NULL AND a.person = ?)", f->person,
	       f->nperson);
	if (f->open || f->overdue)
		add(&q, " AND " HL_SQL_OPEN("t."));
	if (f->overdue)
		add(&q, " AND EXISTS (SELECT 1 FROM deadlines d WHERE d.ticket_id "
		    "= t.id AND d.cycle = t.cycle AND d.met_at IS NULL AND "
		    "d.paused_at IS NULL AND d.due_at < :now)");
	if (f->from)
		add(&q, " AND t.received_at >= :from");
	if (f->to)
		add(&q, " AND t.received_at < :to");
	if (add(&q, " ORDER BY t.received_at, t.id")) {
		free(q.text);
		free(q.param);
		return EX_SOFTWARE;
	}
	n = sqlite3_prepare_v2(L->db, q.text, -1, &st, NULL);
	free(q.text);
	if (n != SQLITE_OK) {
		free(q.param);
		return hl_ledger_fail(L, n, "cannot select tickets");
	}
	for (i = 0; i < q.nparam; i++)
		sqlite3_bind_text(st, (int)i + 1, q.param[i], -1, SQLITE_STATIC);
	free(q.param);
	if ((n = sqlite3_bind_parameter_index(st, ":now")))
		sqlite3_bind_int64(st, n, f->now);
	if ((n = sqlite3_bind_parameter_index(st, ":from")))
		sqlite3_bind_int64(st, n, f->from);
	if ((n = sqlite3_bind_parameter_index(st, ":to")))
		sqlite3_bind_int64(st, n, f->to);
	*out = st;
	return 0;
}
