/*
 * test-rates.c - rates.c: doing the work never lowers a score
 * (spec/DOMAIN.md, "Rates and rankings").  Over many months generated from
 * a seed, for every ticket where it can be done, and every unit:
 *
 *   - resolving a ticket that is past the resolve deadline of its round
 *     and unresolved at the cut-off, with no visit or a visit of any of the
 *     15 outcomes, leaves every unit's score equal or higher;
 *   - responding late instead of never (before the resolution that would
 *     otherwise stand in for the response, or with no resolution at all)
 *     does too;
 *   - and so does replying late instead of never.
 *
 * A month: 3 stations, 6 to 30 work orders received in October 2026
 * (the official calendar: 10-01..07 off, Saturday 10-10 a working day),
 * with random histories (late and missing dispatches, responses, replies,
 * verdicts, transfers, suspensions, extensions, resolutions, visits of
 * every outcome, reopened rounds) replayed by the real rules (hl_derive),
 * as of the cut-off 2026-11-05 08:00, half of them with the policy's
 * weights 30/35/35, half with random ones that weigh completion too.  The
 * months come from the seed (RATES_SEED, default below), RATES_MONTHS of
 * them (default 400), so a failure can be replayed: its first
 * counterexample is printed.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"
#include "tap.h"

#define NUNITS 3
#define MAXTICKETS 30
#define MAXEVENTS 64

static const char *const units[NUNITS] = { "S1", "S2", "S3" };
static hl_time month_start, as_of;

/* ---- a deterministic random source (splitmix64) ---- */

static uint64_t rng;

static uint64_t
next(void)
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A whole number in [lo, hi]. */
static long long
between(long long lo, long long hi)
{
	return hi <= lo ? lo : lo + (long long)(next() % (uint64_t)(hi - lo + 1));
}

/* True with probability pct %. */
static int
chance(int pct)
{
	return between(1, 100) <= pct;
}

/* ---- histories ---- */

struct history {
	struct hl_ticket t;
	struct hl_evrec ev[MAXEVENTS];
	size_t n;
	long long seq;
};

static void
add(struct history *h, const char *event, hl_time at, json_t *details)
{
	struct hl_evrec *e;

	if (h->n == MAXEVENTS || at > as_of) {  /* not recorded by the cut-off */
		json_decref(details);
		return;
	}
	e = &h->ev[h->n++];
	memset(e, 0, sizeof *e);
	e->seq = ++h->seq;
	e->event = strdup(event);
	e->at = e->recorded_at = at;
	e->details = details;
}

static void
history_free(struct history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->ev[i].event);
		json_decref(h->ev[i].details);
	}
	h->n = 0;
}

static void
history_copy(struct history *to, const struct history *from)
{
	size_t i;

	*to = *from;
	for (i = 0; i < from->n; i++) {
		to->ev[i].event = strdup(from->ev[i].event);
		to->ev[i].details = json_incref(from->ev[i].details);
	}
}

/* Replays h as of the cut-off; events the rules refuse are dropped from h
 * first (the generator is careless on purpose).  0 or EX_SOFTWARE. */
static int
derive(const struct hl_rules *rules, struct history *h, struct hl_derived *d)
{
	size_t i;
	int st;

	while ((st = hl_derive(rules, &h->t, h->ev, h->n, NULL, 0, d)) == HL_BAD) {
		for (i = 0; i < h->n && h->ev[i].seq != d->bad_seq; i++)
			;
		hl_derived_free(d);
		if (i == h->n)
			return EX_SOFTWARE;
		free(h->ev[i].event);
		json_decref(h->ev[i].details);
		memmove(&h->ev[i], &h->ev[i + 1], (h->n - i - 1) * sizeof h->ev[0]);
		h->n--;
	}
	return st;
}

/* The same, but a variant must be taken as it is: HL_BAD if the rules
 * refuse any of its events. */
static int
derive_exact(const struct hl_rules *rules, const struct history *h,
             struct hl_derived *d)
{
	return hl_derive(rules, &h->t, h->ev, h->n, NULL, 0, d);
}

static const char *const resolved_answers[] = { "yes", "partly", "no" };

static json_t *
visit_details(int outcome)     /* 0..14 */
{
	return json_pack("{s:s, s:s}", "resolved", resolved_answers[outcome / 5],
	                 "satisfaction", hl_satisfactions[outcome % 5]);
}

/* One random round of handling from `at`: respond, verify, plan, reply,
 * perhaps a suspension or an extension, resolve, visit; a visit that
 * reopens starts the next round (at most 3). */
static void
handle(const struct hl_rules *rules, struct history *h, hl_time at, int round)
{
	hl_time t = at, r;

	if (chance(75))
		add(h, "respond", t + between(0, 90 * 60), NULL);
	if (round == 0 && chance(80))
		add(h, "verify", t + between(0, 150 * 60),
		    json_pack("{s:s}", "verdict", chance(85) ? "genuine"
		              : chance(50) ? "malicious" : "unfounded"));
	if (chance(50))
		add(h, "plan", t + between(30 * 60, 4 * 3600), NULL);
	if (chance(70))
		add(h, "reply", t + between(0, 6 * 3600), NULL);
	if (chance(10)) {
		hl_time s = t + between(3600, 3 * 86400);

		add(h, "suspend", s, json_pack("{s:s}", "reason", "等待诉求人"));
		if (chance(70))
			add(h, "resume", s + between(3600, 5 * 86400), NULL);
	}
	if (chance(12)) {
		struct hl_derived d;
		char until[40];

		/* Before the resolve deadline of the round, as the rules want. */
		if (derive(rules, h, &d) == 0) {
			size_t i;

			for (i = 0; i < d.nclk; i++)
				if (strcmp(d.clk[i].stage, "resolve") == 0 &&
				    d.clk[i].cycle == d.cycle && !d.clk[i].met_at &&
				    !d.clk[i].paused_at && d.clk[i].due_at > t + 3600)
					add(h, "extend", between(t + 60, d.clk[i].due_at - 60),
					    json_pack("{s:s, s:s, s:s}", "until",
					              hl_time_format(d.clk[i].due_at +
					                             between(1, 6) * 86400,
					                             until, sizeof until),
					              "approved_by", "副镇长", "reason", "需实地核查"));
			hl_derived_free(&d);
		}
	}
	if (chance(10))
		add(h, "reply", t + between(2 * 86400, 8 * 86400), NULL);
	if (!chance(70))
		return;
	r = t + between(3600, 12 * 86400);
	add(h, "resolve", r, NULL);
	if (!chance(80))
		return;
	{
		int outcome = (int)between(0, 14);
		hl_time v = r + between(3600, 4 * 86400);

		add(h, "visit", v, visit_details(outcome));
		/* yes/partly and satisfied closes; anything else reopens. */
		if ((outcome / 5 == 2 || outcome % 5 >= 3) && round < 2)
			handle(rules, h, v, round + 1);
	}
}

static const char *const kinds[] = { "help", "complaint", "consult" };

/* A random ticket received in the month. */
static void
generate(const struct hl_rules *rules, struct history *h, int k)
{
	char id[16];
	hl_time t0, d0;
	int u = (int)between(0, NUNITS - 1);

	memset(h, 0, sizeof *h);
	snprintf(id, sizeof id, "T%02d", k);
	h->t.id = strdup(id);
	h->t.kind = (char *)kinds[between(0, 2)];
	h->t.category = (char *)"道路交通安全";
	t0 = month_start + between(0, 31 * 86400 - 1);
	h->t.received_at = t0;
	if (chance(15))
		h->t.due_at = t0 + between(86400, 10 * 86400);
	add(h, "receive", t0, NULL);
	if (!chance(92))
		return;         /* never dispatched */
	d0 = t0 + between(0, 15 * 60);
	add(h, "dispatch", d0, json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s}]}",
	    "assignments", "role", "primary", "unit", units[u], "person", "经办人",
	    "role", "village", "unit", "李家村"));
	if (chance(15)) {
		hl_time tr = d0 + between(5 * 60, 6 * 3600);

		if (chance(50))
			add(h, "respond", d0 + between(0, 40 * 60), NULL);
		add(h, "transfer", tr, json_pack("{s:s, s:s, s:s}", "unit",
		    units[(u + 1 + between(0, NUNITS - 2)) % NUNITS], "person",
		    "经办人", "reason", "职责"));
		d0 = tr;
	}
	handle(rules, h, d0, 0);
}

/* ---- a month ---- */

struct month {
	struct history h[MAXTICKETS];
	struct hl_ticket_figures f[MAXTICKETS];
	struct hl_derived d[MAXTICKETS];
	int n;
	long w[HL_NWEIGHTS];    /* the policy's, or any, completion too */
};

/* Every unit's score (NAN for none) and the township's, with ticket k's
 * figures replaced by fk (NULL: as they are). */
static int
scores(const struct month *m, int k, const struct hl_ticket_figures *fk,
       double out[NUNITS + 1])
{
	struct hl_rank rk;
	int i;

	memset(&rk, 0, sizeof rk);
	rk.level = "station";
	memcpy(rk.weights, m->w, sizeof rk.weights);
	rk.min_tickets = 0;
	for (i = 0; i < m->n; i++) {
		const struct hl_ticket_figures *f = i == k && fk ? fk : &m->f[i];

		if (hl_rank_add(&rk, f->holder, f))
			return -1;
	}
	hl_rank_finish(&rk);
	for (i = 0; i < NUNITS; i++) {
		const struct hl_tally *u = hl_rank_find(&rk, units[i]);

		out[i] = u ? u->score : NAN;
	}
	out[NUNITS] = rk.total.score;
	hl_rank_free(&rk);
	return 0;
}

/* ---- the property ---- */

struct property {
	const char *what;
	long cases, skipped;
	int failed;
};

/* A lower score: a score lost, or less by more than rounding. */
static int
lower(double before, double after)
{
	if (isnan(before))
		return 0;
	return isnan(after) || after < before - 1e-9;
}

static void
show_history(const struct history *h)
{
	char buf[40];
	size_t i;

	for (i = 0; i < h->n; i++) {
		char *x = h->ev[i].details ? json_dumps(h->ev[i].details,
		                                        JSON_COMPACT) : NULL;

		printf("#     %s %-8s %s\n", hl_time_format(h->ev[i].at, buf,
		       sizeof buf), h->ev[i].event, x ? x : "");
		free(x);
	}
}

/* Compares month m with ticket k's history replaced by variant v. */
static void
compare(struct property *p, const struct hl_rules *rules, struct month *m,
        int k, const struct history *v, unsigned long long seed,
        const char *change)
{
	struct hl_derived d;
	struct hl_ticket_figures f;
	double before[NUNITS + 1], after[NUNITS + 1];
	int i;

	if (derive_exact(rules, v, &d) != 0) {
		hl_derived_free(&d);
		p->skipped++;   /* the rules refuse it: not a thing one can do */
		return;
	}
	hl_ticket_figures(&d, as_of, &f);
	p->cases++;
	if (scores(m, -1, NULL, before) || scores(m, k, &f, after)) {
		p->failed = 1;
		hl_derived_free(&d);
		return;
	}
	for (i = 0; i <= NUNITS; i++) {
		if (!lower(before[i], after[i]))
			continue;
		if (!p->failed) {
			printf("# %s: month seed %llu, ticket %s (%s), %s: %s "
			       "%.9g -> %.9g\n", p->what, seed, v->t.id, change,
			       i < NUNITS ? "unit" : "township",
			       i < NUNITS ? units[i] : "total", before[i], after[i]);
			printf("#   before:\n");
			show_history(&m->h[k]);
			printf("#   after:\n");
			show_history(v);
		}
		p->failed = 1;
		break;
	}
	hl_derived_free(&d);
}

/* The time of the last event of h. */
static hl_time
last_at(const struct history *h)
{
	hl_time t = 0;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->ev[i].at > t)
			t = h->ev[i].at;
	return t;
}

/* Coverage: what the generated months held. */
static long n_reopened_overdue, n_cascade, n_implied, n_transferred;
static long n_worse_visits;

/* Resolving ticket k, past due and unresolved in its round, at a random
 * time after its deadline and its last event: with no visit, and with a
 * visit of each outcome. */
static void
try_resolve(struct property *p, const struct hl_rules *rules,
            struct month *m, int k, unsigned long long seed)
{
	const struct hl_derived *d = &m->d[k];
	hl_time due = 0, r;
	size_t i;
	int o;

	/* Past due and unresolved in its round, straight from the clocks
	 * (not from the figures under test). */
	for (i = 0; i < d->nclk; i++)
		if (strcmp(d->clk[i].stage, "resolve") == 0 &&
		    d->clk[i].cycle == d->cycle && !d->clk[i].met_at &&
		    !d->clk[i].paused_at)
			due = d->clk[i].due_at;
	if (!due || due >= as_of - 120)
		return;
	if (d->cycle > 0)
		n_reopened_overdue++;
	r = between((due > last_at(&m->h[k]) ? due : last_at(&m->h[k])) + 1,
	            as_of - 60);
	for (o = -1; o < 15; o++) {
		struct history v;
		char change[96];

		history_copy(&v, &m->h[k]);
		add(&v, "resolve", r, NULL);
		if (o >= 0) {
			hl_time at = between(r + 1, as_of);

			add(&v, "visit", at, visit_details(o));
			/* A visit that reopens, early enough for the next
			 * round to be past due by the cut-off. */
			if ((o / 5 == 2 || o % 5 >= 3) &&
			    hl_calendar_add_workdays(rules->cal, at, 5) < as_of)
				n_cascade++;
			if (d->nvisit)
				n_worse_visits++;
			snprintf(change, sizeof change, "resolved then visited %s/%s",
			         resolved_answers[o / 5], hl_satisfactions[o % 5]);
		} else {
			snprintf(change, sizeof change, "resolved, not visited");
		}
		compare(p, rules, m, k, &v, seed, change);
		history_free(&v);
	}
}

/* Recording `event` late instead of never: stage's clock c of ticket k
 * was never met by its own event (unmet past due, or met by the
 * resolution): the event at a random time after the deadline, before
 * the resolution if there is one. */
static void
try_late(struct property *p, const struct hl_rules *rules, struct month *m,
         int k, const char *stage, unsigned long long seed)
{
	const struct hl_derived *d = &m->d[k];
	size_t i;

	for (i = 0; i < d->nclk; i++) {
		const struct hl_clock *c = &d->clk[i];
		struct history v;
		hl_time end;
		char change[64];

		if (strcmp(c->stage, stage) != 0 || c->due_at >= as_of - 60 ||
		    c->paused_at || (c->met_at && !c->implied))
			continue;
		end = c->met_at ? c->met_at - 1 : as_of;
		if (end <= c->due_at + 1)
			continue;
		if (c->implied)
			n_implied++;
		history_copy(&v, &m->h[k]);
		add(&v, stage, between(c->due_at + 1, end), NULL);
		snprintf(change, sizeof change, "%s late (round %d)", stage,
		         c->cycle);
		compare(p, rules, m, k, &v, seed, change);
		history_free(&v);
	}
}

static int
month_make(const struct hl_rules *rules, struct month *m)
{
	size_t i;
	int k;

	m->n = (int)between(6, MAXTICKETS);
	m->w[0] = 30, m->w[1] = 35, m->w[2] = 35, m->w[3] = 0;
	if (chance(50)) {
		m->w[0] = between(0, 100);
		m->w[1] = between(0, 100 - m->w[0]);
		m->w[2] = between(0, 100 - m->w[0] - m->w[1]);
		m->w[3] = 100 - m->w[0] - m->w[1] - m->w[2];
	}
	for (k = 0; k < m->n; k++) {
		generate(rules, &m->h[k], k);
		if (derive(rules, &m->h[k], &m->d[k]))
			return -1;
		hl_ticket_figures(&m->d[k], as_of, &m->f[k]);
		for (i = 0; i < m->d[k].nasg; i++)
			if (m->d[k].asg[i].until && !strcmp(m->d[k].asg[i].role,
			                                    "primary"))
				n_transferred++;
	}
	return 0;
}

static void
month_free(struct month *m)
{
	int k;

	for (k = 0; k < m->n; k++) {
		hl_derived_free(&m->d[k]);
		history_free(&m->h[k]);
		free(m->h[k].t.id);
	}
}

/* The official 2026 National Day holiday and its make-up Saturday. */
static struct hl_calendar *
october(void)
{
	static const char *const off[] = {
		"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
		"2026-10-05", "2026-10-06", "2026-10-07",
	};
	static int64_t days[8];
	static unsigned char workday[8];
	static int years[] = { 2026 };
	static struct hl_calendar cal;
	size_t i;

	for (i = 0; i < 7; i++)
		hl_date_parse(off[i], &days[i]);
	hl_date_parse("2026-10-10", &days[7]);
	workday[7] = 1;
	cal.days = days;
	cal.workday = workday;
	cal.n = 8;
	hl_date_parse("2026-01-01", &cal.first);
	hl_date_parse("2026-12-31", &cal.last);
	cal.years = years;      /* 2026 is covered */
	cal.nyears = 1;
	return &cal;
}

int
main(void)
{
	struct property resolve = { "resolving an overdue ticket", 0, 0, 0 };
	struct property respond = { "responding late instead of never", 0, 0, 0 };
	struct property reply = { "replying late instead of never", 0, 0, 0 };
	struct hl_rules rules = { NULL, NULL };
	const char *s = getenv("RATES_SEED"), *nm = getenv("RATES_MONTHS");
	unsigned long long seed = s ? strtoull(s, NULL, 10) : 20261105ULL;
	long months = nm ? strtol(nm, NULL, 10) : 400, i;
	int k;

	if (hl_zone_set("Asia/Shanghai")) {
		printf("Bail out! no time zone Asia/Shanghai (tzdata?)\n");
		return 1;
	}
	hl_time_parse("2026-10-01T00:00:00+08:00", 0, &month_start);
	hl_time_parse("2026-11-05T08:00:00+08:00", 0, &as_of);
	rules.cal = october();
	printf("# seed %llu, %ld months\n", seed, months);
	for (i = 0; i < months; i++) {
		static struct month m;
		unsigned long long ms = seed * 1000003ULL + (unsigned long long)i;

		rng = ms;
		if (month_make(&rules, &m)) {
			ok(0, "month seed %llu: a generated history replays", ms);
			return done_testing();
		}
		for (k = 0; k < m.n; k++) {
			try_resolve(&resolve, &rules, &m, k, ms);
			try_late(&respond, &rules, &m, k, "respond", ms);
			try_late(&reply, &rules, &m, k, "reply", ms);
		}
		month_free(&m);
	}
	ok(!resolve.failed, "%s with no visit or a visit of any outcome never "
	   "lowers a score (%ld cases, %ld refused by the rules)", resolve.what,
	   resolve.cases, resolve.skipped);
	ok(!respond.failed, "%s never lowers a score (%ld cases, %ld refused)",
	   respond.what, respond.cases, respond.skipped);
	ok(!reply.failed, "%s never lowers a score (%ld cases, %ld refused)",
	   reply.what, reply.cases, reply.skipped);
	/* The months must hold the hard cases, or the above proves little. */
	ok(resolve.cases > 1000 && respond.cases > 100 && reply.cases > 100,
	   "enough cases: %ld resolutions, %ld responses, %ld replies",
	   resolve.cases, respond.cases, reply.cases);
	ok(n_reopened_overdue > 10, "overdue in a reopened round: %ld",
	   n_reopened_overdue);
	ok(n_cascade > 100, "a visit that reopens, the next round past due by "
	   "the cut-off: %ld", n_cascade);
	ok(n_worse_visits > 100, "a visit replacing an earlier one: %ld",
	   n_worse_visits);
	ok(n_implied > 50, "responses and replies a resolution stood in for: %ld",
	   n_implied);
	ok(n_transferred > 50, "transferred tickets: %ld", n_transferred);
	return done_testing();
}
