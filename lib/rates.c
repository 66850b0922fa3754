/*
 * rates.c - the monthly figures (spec/DOMAIN.md, "Rates and rankings"):
 * per unit of a level, over the tickets received in a period, as the ledger
 * stood at a cut-off (as_of): counts, the four rates, the score, the rank;
 * and the ticket-by-ticket explanation behind them.
 *
 * Each ticket's history is replayed with only the events recorded by the
 * cut-off, through the same rules as everything else (workflow.c), so a late
 * visit cannot change a published ranking, and every count can be traced to
 * events.  Repeat calls merged into an open ticket count once, with it (a
 * repeat of a ticket already resolved or closed is a ticket of its own); a
 * ticket counts for the unit that held it last; malicious and unfounded ones
 * are left out of every rate.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

const char *const hl_levels[] = {
	"station", "cadre", "area", "village", "category", NULL,
};

/* ---- one ticket's figures ---- */

int
hl_clock_late(const struct hl_clock *c, hl_time as_of)
{
	/* A paused clock is not past its deadline: its time is not running. */
	return (c->met_at && c->met_at > c->due_at) ||
	       (!c->met_at && !c->paused_at && as_of > c->due_at);
}

void
hl_ticket_figures(const struct hl_derived *d, hl_time as_of,
                  struct hl_ticket_figures *f)
{
	const struct hl_assignment *holder = NULL;
	const struct hl_clock *round = NULL;    /* the current round's resolve */
	size_t i;

	memset(f, 0, sizeof *f);
	f->genuine = strcmp(d->verdict, "malicious") != 0 &&
	             strcmp(d->verdict, "unfounded") != 0;
	/* The unit that held it last: the newest primary assignment. */
	for (i = 0; i < d->nasg; i++)
		if (strcmp(d->asg[i].role, "primary") == 0 &&
		    (!holder || d->asg[i].since >= holder->since))
			holder = &d->asg[i];
	/* Returned (退单) and not dispatched again: with the center, not with
	 * the unit that rightly sent it back. */
	if (holder && holder->until && strcmp(d->status, "received") == 0)
		holder = NULL;
	if (holder) {
		f->dispatched = 1;
		f->holder = holder->unit;
		f->person = holder->person;
	}
	for (i = 0; i < d->nclk; i++) {
		const struct hl_clock *c = &d->clk[i];

		/* Response: the final handler's first respond clock.  A
		 * response a resolution stood in for counts in the rate, but
		 * its time is no one's response time. */
		if (holder && strcmp(c->stage, "respond") == 0 &&
		    c->started_at == holder->since && !f->respond_due) {
			f->respond_start = c->started_at;
			f->respond_due = c->due_at;
			f->responded_at = c->met_at;
			f->respond_paused = c->paused_at != 0;
			f->response_implied = c->implied;
		}
		/* Completion: the first cycle's resolve clock. */
		if (strcmp(c->stage, "resolve") == 0 && c->cycle == 0) {
			f->resolve_due = c->due_at;
			f->resolved_at = c->met_at;
			f->resolve_paused = c->paused_at != 0;
		}
		if (strcmp(c->stage, "resolve") == 0 && c->cycle == d->cycle)
			round = c;
		/* Any stage missed (met late, or unmet past due). */
		if (hl_clock_late(c, as_of))
			f->late_stages++;
	}
	f->responded_on_time = f->responded_at && f->responded_at <= f->respond_due;
	/* A paused clock is not past its deadline: its time is not running. */
	f->resolve_counted = f->resolved_at ||
	                     (f->resolve_due && !f->resolve_paused &&
	                      as_of > f->resolve_due);
	f->resolved_on_time = f->resolved_at && f->resolved_at <= f->resolve_due;
	/* Doing the work never lowers a score: a ticket left unresolved past
	 * its deadline stands as the worst visit (not resolved, not
	 * satisfied), which any resolution and any visit can only equal or
	 * better.  Otherwise its latest visit stands: a ticket counts once,
	 * so a reopened one resolved again is not counted twice, and no
	 * round can add a bad visit to the one the unit already has. */
	f->unresolved_overdue = round && !round->met_at && !round->paused_at &&
	                        as_of > round->due_at;
	if (!f->unresolved_overdue && d->nvisit) {
		const struct hl_visit *v = &d->visit[d->nvisit - 1];

		f->visited = 1;
		f->resolved_by_caller = v->resolved == 'y';
		f->satisfied = v->satisfied;
	}
}

/* ---- per-unit tallies ---- */

static struct hl_tally *
tally_of(struct hl_rank *rk, const char *unit)
{
	size_t i;
	struct hl_tally *nt;

	for (i = 0; i < rk->n; i++)
		if (strcmp(rk->unit[i].unit, unit) == 0)
			return &rk->unit[i];
	if (!(nt = realloc(rk->unit, (rk->n + 1) * sizeof *nt)))
		return NULL;
	rk->unit = nt;
	nt = &rk->unit[rk->n++];
	memset(nt, 0, sizeof *nt);
	nt->unit = strdup(unit);
	nt->rank = 0;
	return nt;
}

static void
add_figures(struct hl_tally *u, const struct hl_ticket_figures *f)
{
	u->tickets++;
	if (!f->genuine)
		return;
	u->genuine++;
	u->dispatched += f->dispatched;
	u->responded_on_time += f->responded_on_time;
	if (f->responded_at && !f->response_implied) {
		u->responded++;
		u->response_seconds += f->responded_at - f->respond_start;
	}
	u->resolve_counted += f->resolve_counted;
	u->resolved_on_time += f->resolved_on_time;
	u->visits += f->visited;
	u->resolved_by_caller += f->resolved_by_caller;
	u->satisfied += f->satisfied;
	u->unresolved_overdue += f->unresolved_overdue;
	u->overdue += f->late_stages > 0;
}

int
hl_rank_add(struct hl_rank *rk, const char *unit,
            const struct hl_ticket_figures *f)
{
	struct hl_tally *u;

	add_figures(&rk->total, f);
	if (!unit)
		return 0;
	if (!(u = tally_of(rk, unit)))
		return EX_SOFTWARE;
	add_figures(u, f);
	return 0;
}

/* The units of a level a ticket counts for (at most one; NULL if none). */
static const char *
unit_for(struct hl_rank *rk, struct hl_ledger *L, const struct hl_ticket *t,
         const struct hl_ticket_figures *f)
{
	static const char sql_kind[] = "SELECT kind FROM units WHERE unit = ?";
	static const char sql_vil[] =
		"SELECT cadre, area FROM villages WHERE village = ?";
	sqlite3_stmt *st;
	const char *col;
	int want;

	switch (rk->level[0]) {
	case 's':               /* station */
		if (!f->holder || !(st = hl_stmt(L, sql_kind)))
			return NULL;
		sqlite3_bind_text(st, 1, f->holder, -1, SQLITE_STATIC);
		want = sqlite3_step(st) == SQLITE_ROW &&
		       strcmp((const char *)sqlite3_column_text(st, 0), "station") == 0;
		sqlite3_reset(st);
		return want ? f->holder : NULL;
	case 'c':
		if (strcmp(rk->level, "category") == 0)
			return t->category;
		/* FALLTHROUGH: cadre */
		__attribute__((fallthrough));
	case 'a':
		if (!t->village || !(st = hl_stmt(L, sql_vil)))
			return NULL;
		sqlite3_bind_text(st, 1, t->village, -1, SQLITE_STATIC);
		col = NULL;
		if (sqlite3_step(st) == SQLITE_ROW)
			col = (const char *)sqlite3_column_text(st,
			                                        rk->level[0] == 'c' ? 0 : 1);
		if (col) {
			snprintf(rk->scratch, sizeof rk->scratch, "%s", col);
			col = rk->scratch;
		}
		sqlite3_reset(st);
		return col;
	default:                /* village */
		return t->village;
	}
}

/* Every unit the directory knows at this level, so that a unit without
 * tickets is listed too. */
static int
known_units(struct hl_rank *rk, struct hl_ledger *L)
{
	const char *sql =
		strcmp(rk->level, "station") == 0
		? "SELECT unit FROM units WHERE kind = 'station'"
		: strcmp(rk->level, "cadre") == 0
		? "SELECT DISTINCT cadre FROM villages WHERE cadre IS NOT NULL"
		: strcmp(rk->level, "area") == 0
		? "SELECT DISTINCT area FROM villages WHERE area IS NOT NULL"
		: strcmp(rk->level, "village") == 0
		? "SELECT village FROM villages"
		: "SELECT category FROM routes";
	sqlite3_stmt *st = hl_prepare(L, sql);
	int rc;

	if (!st)
		return EX_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (!tally_of(rk, (const char *)sqlite3_column_text(st, 0))) {
			sqlite3_finalize(st);
			return EX_SOFTWARE;
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : hl_ledger_fail(L, rc, "cannot read units");
}

/* ---- the pass over the period's tickets ---- */

static const char sql_pass_fmt[] =
	"SELECT %s, e.seq, e.event, e.at, e.recorded_at, e.details, e.corrects "
	"FROM tickets t JOIN events e ON e.ticket_id = t.id "
	"WHERE t.received_at >= ?1 AND t.received_at < ?2 "
	"AND t.merged_into IS NULL "    /* a merged call counts with its ticket */
	"AND e.recorded_at <= ?3 AND t.created_at <= ?3 "
	"ORDER BY t.received_at, t.rowid, e.seq";       /* by the indexes */

int
hl_rank_pass(struct hl_ledger *L, const struct hl_rules *rules,
             hl_time from, hl_time to, hl_time as_of, hl_ticket_fn fn,
             void *ctx)
{
	char sql[1024];
	sqlite3_stmt *st;
	struct hl_ticket t;
	struct hl_evrec *ev = NULL;
	size_t n = 0, cap = 0;
	int rc, r = 0, have = 0;

	memset(&t, 0, sizeof t);
	snprintf(sql, sizeof sql, sql_pass_fmt, hl_ticket_columns_t);
	if (!(st = hl_prepare(L, sql)))
		return EX_SOFTWARE;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, as_of);
	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && have &&
		    strcmp((const char *)sqlite3_column_text(st, 0), t.id) == 0)
			goto event;
		/* A new ticket (or the end): finish the previous one. */
		if (have) {
			struct hl_derived d;

			hl_derive(rules, &t, ev, n, NULL, 0, &d);
			r = fn(ctx, &t, &d);
			hl_derived_free(&d);
			hl_evrec_free(ev, n);
			ev = NULL;
			n = cap = 0;
			hl_ticket_clear(&t);
			have = 0;
			if (r)
				break;
		}
		if (rc != SQLITE_ROW)
			break;
		if ((r = hl_ticket_from_row(st, 0, &t, NULL)))
			break;
		have = 1;
event:
		if (n == cap) {
			struct hl_evrec *ne;

			cap = cap ? cap * 2 : 16;
			if (!(ne = realloc(ev, cap * sizeof *ne))) {
				r = EX_SOFTWARE;
				break;
			}
			ev = ne;
		}
		{
			struct hl_evrec *e = &ev[n++];
			int b = HL_TICKET_NCOLUMNS;     /* after the ticket's */
			const char *x;

			memset(e, 0, sizeof *e);
			e->seq = sqlite3_column_int64(st, b);
			e->event = strdup((const char *)sqlite3_column_text(st, b + 1));
			e->at = sqlite3_column_int64(st, b + 2);
			e->recorded_at = sqlite3_column_int64(st, b + 3);
			/* Only these events' details change a ticket's state; a
			 * note's text is not worth parsing here. */
			if ((x = (const char *)sqlite3_column_text(st, b + 4)) &&
			    hl_word_in(e->event, (const char *const[]){ "dispatch",
			               "transfer", "verify", "visit", "extend",
			               NULL }))
				e->details = json_loads(x, 0, NULL);
			e->corrects = sqlite3_column_int64(st, b + 5);
		}
	}
	if (!r && rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = hl_ledger_fail(L, rc, "cannot read the period's tickets");
	if (have) {
		hl_evrec_free(ev, n);
		hl_ticket_clear(&t);
	}
	sqlite3_finalize(st);
	return r;
}

struct pass {
	struct hl_rank *rk;
	struct hl_ledger *L;
	hl_time as_of;
	const char *explain;    /* a unit, or NULL */
	int every;              /* efn for every ticket (hl_rank_compute_each) */
	hl_explain_fn efn;
	void *ectx;
};

static int
on_ticket(void *ctx, const struct hl_ticket *t, const struct hl_derived *d)
{
	struct pass *p = ctx;
	struct hl_ticket_figures f;
	const char *unit;

	hl_ticket_figures(d, p->as_of, &f);
	unit = unit_for(p->rk, p->L, t, &f);
	f.unit = unit;
	if (hl_rank_add(p->rk, unit, &f))
		return EX_SOFTWARE;
	if (p->efn && (p->every || (unit && p->explain &&
	                            strcmp(unit, p->explain) == 0)))
		return p->efn(p->ectx, t, d, &f);
	return 0;
}

static double
ratio(long a, long b)
{
	return b ? (double)a / (double)b : NAN;
}

/* Rates and the score of a tally.  A rate with no denominator is NaN; the
 * score weighs the rates that exist (their weights scaled to 100): a rate
 * with no tickets behind it leaves its weight to the others. */
static void
finish(struct hl_tally *u, const long w[HL_NWEIGHTS])
{
	double r[HL_NWEIGHTS], sum = 0, wsum = 0;
	long rated = u->visits + u->unresolved_overdue;
	int i;

	u->response_rate = ratio(u->responded_on_time, u->dispatched);
	u->completion_rate = ratio(u->resolved_on_time, u->resolve_counted);
	u->resolution_rate = ratio(u->resolved_by_caller, rated);
	u->satisfaction_rate = ratio(u->satisfied, rated);
	r[0] = u->response_rate;
	r[1] = u->resolution_rate;
	r[2] = u->satisfaction_rate;
	r[3] = u->completion_rate;
	for (i = 0; i < HL_NWEIGHTS; i++)
		if (!isnan(r[i]) && w[i]) {
			sum += w[i] * r[i];
			wsum += w[i];
		}
	u->score = wsum ? sum * 100.0 / wsum : NAN;
	u->avg_response_minutes = u->responded
	                          ? (double)u->response_seconds / 60.0 / u->responded
	                          : NAN;
}

/* Scores equal to six decimals share a rank. */
static long long
score_key(double s)
{
	return isnan(s) ? -1 : llround(s * 1e6);
}

static int
by_rank(const void *a, const void *b)
{
	const struct hl_tally *x = a, *y = b;
	long long kx, ky;

	if ((x->rank != 0) != (y->rank != 0))
		return x->rank ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	kx = score_key(x->score), ky = score_key(y->score);
	if (!x->rank && x->tickets != y->tickets)
		return x->tickets > y->tickets ? -1 : 1;
	if (kx != ky)
		return kx > ky ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

static int
by_score(const void *a, const void *b)
{
	const struct hl_tally *x = a, *y = b;
	long long kx = score_key(x->score), ky = score_key(y->score);

	if (kx != ky)
		return kx > ky ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

void
hl_rank_finish(struct hl_rank *rk)
{
	size_t i, k = 0;
	int ranks = strcmp(rk->level, "category") != 0;

	for (i = 0; i < rk->n; i++)
		finish(&rk->unit[i], rk->weights);
	finish(&rk->total, rk->weights);
	/* Eligible units first, by score; ties share (1, 2, 2, 4). */
	for (i = 0; i < rk->n; i++) {
		struct hl_tally *u = &rk->unit[i];

		u->rank = 0;
		if (ranks && u->genuine >= rk->min_tickets && !isnan(u->score)) {
			struct hl_tally x = rk->unit[k];

			rk->unit[k] = *u;
			*u = x;
			k++;
		}
	}
	if (k)
		qsort(rk->unit, k, sizeof *rk->unit, by_score);
	for (i = 0; i < k; i++)
		rk->unit[i].rank = i && score_key(rk->unit[i].score) ==
		                        score_key(rk->unit[i - 1].score)
		                   ? rk->unit[i - 1].rank : (long)i + 1;
	if (rk->n)
		qsort(rk->unit, rk->n, sizeof *rk->unit, by_rank);
}

/* The pass of p over [from, to), then the rates and the ranks. */
static int
compute(struct pass *p, const struct hl_rules_store *rs, hl_time from,
        hl_time to)
{
	int st;

	if ((st = known_units(p->rk, p->L)))
		return st;
	if ((st = hl_rank_pass(p->L, &rs->rules, from, to, p->as_of, on_ticket,
	                       p)))
		return st;
	hl_rank_finish(p->rk);
	return 0;
}

int
hl_rank_compute(struct hl_ledger *L, const struct hl_rules_store *rs,
                struct hl_rank *rk, hl_time from, hl_time to, hl_time as_of,
                const char *explain, hl_explain_fn efn, void *ectx)
{
	struct pass p = { rk, L, as_of, explain, 0, efn, ectx };

	return compute(&p, rs, from, to);
}

int
hl_rank_compute_each(struct hl_ledger *L, const struct hl_rules_store *rs,
                     struct hl_rank *rk, hl_time from, hl_time to,
                     hl_time as_of, hl_explain_fn efn, void *ectx)
{
	struct pass p = { rk, L, as_of, NULL, 1, efn, ectx };

	return compute(&p, rs, from, to);
}

void
hl_rank_free(struct hl_rank *rk)
{
	size_t i;

	for (i = 0; i < rk->n; i++)
		free(rk->unit[i].unit);
	free(rk->unit);
	rk->unit = NULL;
	rk->n = 0;
}

const struct hl_tally *
hl_rank_find(const struct hl_rank *rk, const char *unit)
{
	size_t i;

	for (i = 0; i < rk->n; i++)
		if (strcmp(rk->unit[i].unit, unit) == 0)
			return &rk->unit[i];
	return NULL;
}
