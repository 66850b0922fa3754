/*
 * genledger - builds a ledger of realistic work and its history quickly, for
 * the benchmarks: N tickets received over DAYS days before --now, each with
 * the events a township would record (dispatch, respond, verify, plan,
 * reply, resolve, visit; some late, some unsatisfied and reopened, some
 * malicious), through the library's own store, history and rules, so the
 * ledger is a real one (hl-ledger check passes).  The newest OPEN tickets
 * are left in handling.  Deterministic for a given seed.
 *
 * usage: genledger -d DB -n N [-o OPEN] [--days DAYS] [--seed S] --now TIME
 * The directory (units, people, villages, routes) must be imported first;
 * the villages and categories are read from it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static unsigned long long rng;

static unsigned
rnd(unsigned n)
{
	/* xorshift64*: fast, and the same sequence on every machine */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 2685821657736338717ULL) >> 33) % n;
}

/* Names from a one-column query. */
static char **
names(struct hl_ledger *L, const char *sql, size_t *n)
{
	sqlite3_stmt *st = hl_prepare(L, sql);
	char **v = NULL;

	*n = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		v = hl_xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = hl_xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return v;
}

struct gen {
	struct hl_ledger *L;
	struct hl_rules_store rs;
	char **village, **category;
	size_t nvillage, ncategory;
	hl_time now;
};

/* Appends an event to the ledger and to the in-memory history. */
static void
event(struct gen *g, struct hl_evrec **ev, size_t *n, const char *id,
      const char *name, hl_time at, json_t *details)
{
	struct hl_event e = { id, name, at, NULL, details, 0 };
	long long seq;
	int st;

	if ((st = hl_event_append(g->L, &e, at, &seq)))
		hl_die(st, "cannot append an event");
	*ev = hl_xrealloc(*ev, (*n + 1) * sizeof **ev);
	memset(&(*ev)[*n], 0, sizeof **ev);
	(*ev)[*n].seq = seq;
	(*ev)[*n].event = hl_xstrdup(name);
	(*ev)[*n].at = at;
	(*ev)[*n].details = details ? json_incref(details) : NULL;
	(*n)++;
}

/* One ticket and its history; open: leave it in handling. */
static void
ticket(struct gen *g, long i, hl_time received, int open)
{
	struct hl_ticket t;
	struct hl_ticket_state s;
	struct hl_evrec *ev = NULL;
	struct hl_derived d;
	enum hl_intake_result res;
	json_t *a;
	char id[32], phone[16], why[256];
	hl_time at = received;
	size_t n = 0;
	int st, stage = open ? (int)rnd(4) : 9;
	unsigned late = rnd(100);

	memset(&t, 0, sizeof t);
	snprintf(id, sizeof id, "GL%010ld", i);
	snprintf(phone, sizeof phone, "13%01u%08u", 5 + rnd(5), rnd(100000000));
	t.id = id;
	t.received_at = received;
	t.content = (char *)"村民反映：道路破损，希望尽快修复。";
	t.title = (char *)"道路破损";
	t.kind = (char *)((const char *[]){ "complaint", "help", "consult",
	                                    "report", "suggestion" })[rnd(5)];
	t.village = g->village[rnd((unsigned)g->nvillage)];
	t.category = g->category[rnd((unsigned)g->ncategory)];
	t.caller_phone = phone;
	t.caller_name = (char *)"居民";
	memset(t.source_hash, 'a', 64);
	t.source_hash[64] = '\0';
	memset(&s, 0, sizeof s);
	if ((st = hl_store_intake(g->L, &g->rs.rules, &t, NULL, 0, 0, received,
	                          &res, &s)))
		hl_die(st, "cannot store a ticket");
	hl_state_clear(&s);
	/* hl_store_intake recorded the receive event: the newest one. */
	ev = hl_xmalloc(sizeof *ev);
	memset(ev, 0, sizeof *ev);
	ev->seq = g->L->head_seq;
	ev->event = hl_xstrdup("receive");
	ev->at = received;
	n = 1;
	if (stage >= 1) {
		at += 60 + rnd(600);
		if (hl_route(g->L, &t, NULL, &a, why, sizeof why) == 0) {
			json_t *x = json_pack("{s:o, s:b}", "assignments", a, "by_hand", 0);

			event(g, &ev, &n, id, "dispatch", at, x);
			json_decref(x);
		} else {
			stage = 0;
		}
	}
	if (stage >= 2) {
		at += 60 + rnd(late < 10 ? 5400 : 1500);
		event(g, &ev, &n, id, "respond", at, NULL);
	}
	if (stage >= 3 && late < 3) {
		json_t *x = json_pack("{s:s}", "verdict", "malicious");

		event(g, &ev, &n, id, "verify", at + 600, x);
		json_decref(x);
		stage = 0;
	} else if (stage >= 3) {
		json_t *x = json_pack("{s:s}", "verdict", "genuine");

		event(g, &ev, &n, id, "verify", at + 600, x);
		json_decref(x);
		event(g, &ev, &n, id, "plan", at + 3600, NULL);
		x = json_pack("{s:s}", "via", "phone");
		event(g, &ev, &n, id, "reply", at + 4000, x);
		json_decref(x);
	}
	if (stage >= 9) {
		/* Resolved in one to eight days; a few late, a few unsatisfied. */
		json_t *x;

		at += 86400 * (hl_time)(1 + rnd(late < 15 ? 8 : 4));
		event(g, &ev, &n, id, "resolve", at, NULL);
		x = json_pack("{s:s, s:s}", "resolved", late < 5 ? "no" : "yes",
		              "satisfaction", late < 8 ? "unsatisfied" :
		              late < 50 ? "very_satisfied" : "satisfied");
		at += 3600 * (1 + rnd(20));
		event(g, &ev, &n, id, "visit", at, x);
		json_decref(x);
		if (late < 8) {
			event(g, &ev, &n, id, "respond", at + 1800, NULL);
			event(g, &ev, &n, id, "resolve", at + 86400 * 2, NULL);
			x = json_pack("{s:s, s:s}", "resolved", "yes", "satisfaction",
			              "basic");
			event(g, &ev, &n, id, "visit", at + 86400 * 3, x);
			json_decref(x);
		}
	}
	if (hl_derive(&g->rs.rules, &t, ev, n, NULL, 0, &d) == HL_BAD)
		hl_die(EX_SOFTWARE, "ticket %s: event %lld: %s", id, d.bad_seq, d.why);
	if ((st = hl_derived_store(g->L, id, &d, at, 0)))
		hl_die(st, "cannot store the derived state");
	hl_derived_free(&d);
	hl_evrec_free(ev, n);
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", 1, NULL, 'd' }, { "n", 1, NULL, 'n' }, { "open", 1, NULL, 'o' },
		{ "days", 1, NULL, 'D' }, { "seed", 1, NULL, 's' },
		{ "now", 1, NULL, 'N' }, { "first", 1, NULL, 'f' }, { NULL, 0, NULL, 0 },
	};
	struct gen g;
	const char *db = NULL;
	long n = 1000, open = 0, days = 365, seed = 1, first = 1, i;
	int opt, st;

	hl_init(argv[0]);
	memset(&g, 0, sizeof g);
	while ((opt = getopt_long(argc, argv, "d:n:o:D:s:N:f:", lo, NULL)) != -1)
		switch (opt) {
		case 'd': db = optarg; break;
		case 'n': n = atol(optarg); break;
		case 'o': open = atol(optarg); break;
		case 'D': days = atol(optarg); break;
		case 's': seed = atol(optarg); break;
		case 'f': first = atol(optarg); break;
		case 'N':
			if (hl_time_parse(optarg, 0, &g.now))
				hl_die(EX_USAGE, "--now: bad time");
			break;
		default: hl_die(EX_USAGE, "usage: see the comment at the top");
		}
	if (!db || !g.now)
		hl_die(EX_USAGE, "need --db and --now");
	rng = 0x9E3779B97F4A7C15ULL ^ (unsigned long long)seed;
	if ((st = hl_ledger_open(&g.L, db, HL_LEDGER_WRITE)) ||
	    (st = hl_rules_load(g.L, &g.rs)))
		return st;
	g.village = names(g.L, "SELECT village FROM villages ORDER BY 1",
	                  &g.nvillage);
	g.category = names(g.L, "SELECT category FROM routes UNION "
	                   "SELECT '政策咨询' ORDER BY 1", &g.ncategory);
	if (!g.nvillage)
		hl_die(EX_CONFIG, "import the directory first");
	for (i = 0; i < n; i++) {
		/* Spread over the days, oldest first; the newest stay open. */
		hl_time received = g.now - (hl_time)days * 86400 +
		                   (hl_time)((double)i / (double)n * days * 86400);

		if (i % 5000 == 0 && (i && (st = hl_ledger_commit(g.L))))
			return st;
		if (i % 5000 == 0 && (st = hl_ledger_begin(g.L)))
			return st;
		ticket(&g, first + i, received, i >= n - open);
	}
	if ((st = hl_ledger_commit(g.L)))
		return st;
	hl_rules_free(&g.rs);
	hl_ledger_close(g.L);
	return 0;
}
