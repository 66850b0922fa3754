/*
 * workflow.c - the rules of a ticket's life (spec/DOMAIN.md), as one pure
 * function: from the ticket and its history to its status, verdict, cycle,
 * assignments and stage clocks.  Nothing here reads or writes the ledger, so
 * hl-update (validating a new event), hl-intake (the first clocks) and
 * hl-ledger check (recomputing everything) share the very same rules.
 *
 * Events are replayed in the order they happened (at, then seq); an event
 * answered by a correct event is left out.  Each event is checked against
 * the state at its moment; an event that cannot happen is an error.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* Status order within a handling phase; dispatch, transfer, return and
 * reopen start a new phase. */
enum {
	ST_RECEIVED, ST_DISPATCHED, ST_RESPONDED, ST_VERIFIED, ST_PLANNED,
	ST_REPLIED, ST_RESOLVED, ST_VISITED, ST_CLOSED, ST_REJECTED,
};
static const char *const status_names[] = {
	"received", "dispatched", "responded", "verified", "planned",
	"replied", "resolved", "visited", "closed", "rejected",
};

const char *const hl_verdicts[] = { "genuine", "malicious", "unfounded", NULL };
const char *const hl_satisfactions[] = {
	"very_satisfied", "satisfied", "basic", "unsatisfied",
	"very_unsatisfied", NULL,
};
const char *const hl_resolved_answers[] = { "yes", "partly", "no", NULL };

int
hl_word_in(const char *w, const char *const *set)
{
	for (; w && *set; set++)
		if (strcmp(w, *set) == 0)
			return 1;
	return 0;
}

int
hl_status_open(const char *status)
{
	return strcmp(status, "visited") && strcmp(status, "closed") &&
	       strcmp(status, "rejected");
}

void
hl_evrec_free(struct hl_evrec *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ev[i].event);
		free(ev[i].actor);
		free(ev[i].os_user);
		free(ev[i].program);
		json_decref(ev[i].details);
	}
	free(ev);
}

void
hl_derived_free(struct hl_derived *d)
{
	size_t i;

	for (i = 0; i < d->nasg; i++) {
		free(d->asg[i].unit);
		free(d->asg[i].person);
	}
	free(d->asg);
	free(d->clk);
	free(d->visit);
	memset(d, 0, sizeof *d);
}

/* The replay's working state. */
struct replay {
	const struct hl_rules *rules;
	const struct hl_ticket *t;
	struct hl_derived *d;
	int status;             /* ST_* */
	int suspended;
	hl_time suspended_at;
	hl_time resolved_this_cycle;
	char merged_into[128];  /* a repeat call merged into this open ticket */
	char why[200];          /* why the current event cannot happen */
};

static const char *
dstr(const json_t *details, const char *key)
{
	return json_string_value(json_object_get(details, key));
}

static int
fail(struct replay *r, const char *fmt, const char *arg)
{
	snprintf(r->why, sizeof r->why, fmt, arg);
	return -1;
}

/* The clock of stage in the current cycle, or NULL. */
static struct hl_clock *
clock_of(struct hl_derived *d, const char *stage)
{
	size_t i;

	for (i = d->nclk; i-- > 0;)
		if (d->clk[i].cycle == d->cycle && strcmp(d->clk[i].stage, stage) == 0)
			return &d->clk[i];
	return NULL;
}

/* The due time of a limit started at start. */
static hl_time
due(const struct hl_rules *r, const struct hl_limit *l, hl_time start)
{
	switch (l->unit) {
	case 'm': return start + (hl_time)l->n * 60;
	case 'h': return start + (hl_time)l->n * 3600;
	case 'd': return start + (hl_time)l->n * 86400;
	default:  return hl_calendar_add_workdays(r->cal, start, l->n);
	}
}

/* Starts (or restarts) the clock of stage at start.  Returns -1 on no
 * memory or a policy without the stage. */
static int
start_clock(struct replay *r, const char *stage, hl_time start)
{
	struct hl_derived *d = r->d;
	struct hl_clock *c = clock_of(d, stage);
	struct hl_limit l;

	if (!c) {
		if (d->nclk == d->capclk) {
			size_t cap = d->capclk ? d->capclk * 2 : 16;
			struct hl_clock *nc = realloc(d->clk, cap * sizeof *nc);

			if (!nc)
				return fail(r, "%s", "out of memory");
			d->clk = nc;
			d->capclk = cap;
		}
		c = &d->clk[d->nclk++];
	}
	memset(c, 0, sizeof *c);
	c->stage = stage;
	c->cycle = d->cycle;
	c->started_at = start;
	if (strcmp(stage, "resolve") == 0 && d->cycle == 0 && r->t->due_at) {
		/* The upstream's limit wins. */
		snprintf(c->limit, sizeof c->limit, "due");
		c->due_at = r->t->due_at;
	} else {
		if (hl_policy_limit(r->rules->pol, stage, r->t->kind, r->t->category,
		                    &l))
			return fail(r, "no policy limit for stage '%s'", stage);
		hl_limit_format(&l, c->limit, sizeof c->limit);
		c->due_at = due(r->rules, &l, start);
	}
	if (r->suspended)
		c->paused_at = start;
	return 0;
}

static void
meet(struct hl_derived *d, const char *stage, hl_time at)
{
	struct hl_clock *c = clock_of(d, stage);

	if (c && !c->met_at) {
		c->met_at = at;
		c->paused_at = 0;
	}
}

/* Unmet clocks of the cycle stop counting: a closed or returned ticket. */
static void
drop_unmet(struct hl_derived *d, const char *const *stages)
{
	size_t i, j = 0;

	for (i = 0; i < d->nclk; i++) {
		struct hl_clock *c = &d->clk[i];

		if (c->cycle == d->cycle && !c->met_at &&
		    (!stages || hl_word_in(c->stage, stages)))
			continue;
		d->clk[j++] = *c;
	}
	d->nclk = j;
}

static int
add_assignment(struct replay *r, const char *role, const char *unit,
               const char *person, hl_time since, long long seq)
{
	struct hl_derived *d = r->d;
	struct hl_assignment *a;

	if (!unit)
		return fail(r, "%s", "an assignment without a unit");
	if (d->nasg == d->capasg) {
		size_t cap = d->capasg ? d->capasg * 2 : 4;
		struct hl_assignment *na = realloc(d->asg, cap * sizeof *na);

		if (!na)
			return fail(r, "%s", "out of memory");
		d->asg = na;
		d->capasg = cap;
	}
	a = &d->asg[d->nasg++];
	memset(a, 0, sizeof *a);
	snprintf(a->role, sizeof a->role, "%s", role);
	a->unit = strdup(unit);
	a->person = person ? strdup(person) : NULL;
	a->since = since;
	a->seq = seq;
	return 0;
}

static void
end_assignments(struct hl_derived *d, const char *role, hl_time at)
{
	size_t i;

	for (i = 0; i < d->nasg; i++)
		if (!d->asg[i].until && (!role || strcmp(d->asg[i].role, role) == 0))
			d->asg[i].until = at;
}

static int
assigned(const struct hl_derived *d)
{
	size_t i;

	for (i = 0; i < d->nasg; i++)
		if (!d->asg[i].until)
			return 1;
	return 0;
}

/* The clocks a handler's (new) phase starts with. */
static int
start_handling(struct replay *r, hl_time at)
{
	if (start_clock(r, "respond", at))
		return -1;
	if (!*r->d->verdict && start_clock(r, "verify", at))
		return -1;
	if (!clock_of(r->d, "reply") || !clock_of(r->d, "reply")->met_at)
		return start_clock(r, "reply", at);
	return 0;
}

static int
reopen(struct replay *r, hl_time at)
{
	struct hl_derived *d = r->d;

	drop_unmet(d, NULL);
	d->cycle++;
	r->status = ST_DISPATCHED;
	r->resolved_this_cycle = 0;
	d->resolved_at = 0;
	d->closed_at = 0;
	if (start_clock(r, "respond", at) || start_clock(r, "reply", at) ||
	    start_clock(r, "resolve", at))
		return -1;
	return 0;
}

static const char *const handling_stages[] = {
	"respond", "verify", "plan", "reply", "follow_up", NULL,
};

static int
set_status(struct replay *r, int st)
{
	if (r->status < st)
		r->status = st;
	return 0;
}

/* Ends a suspension at `at`.  Paused time does not count: minute clocks
 * move by the pause, working-day clocks by the working days it spans. */
static void
unpause(struct replay *r, hl_time at)
{
	struct hl_derived *d = r->d;
	struct hl_clock *c;
	size_t i;

	r->suspended = 0;
	for (i = 0; i < d->nclk; i++) {
		hl_time before;

		c = &d->clk[i];
		if (c->cycle != d->cycle || c->met_at || !c->paused_at)
			continue;
		before = c->due_at;
		if (c->limit[strlen(c->limit) - 1] == 'd' &&
		    c->limit[strlen(c->limit) - 2] == 'w') {
			long k = hl_calendar_workdays_between(
				r->rules->cal, hl_day_of(c->paused_at), hl_day_of(at));

			if (k)
				c->due_at = hl_calendar_add_workdays(r->rules->cal,
				                                     c->due_at, k);
		} else {
			c->due_at += at - c->paused_at;
		}
		c->shifted += c->due_at - before;
		c->paused_at = 0;
	}
}

/* Applies one event; -1 with r->why when it cannot happen. */
static int
apply(struct replay *r, const struct hl_evrec *e)
{
	struct hl_derived *d = r->d;
	const char *ev = e->event;
	const json_t *x = e->details;
	int closed = r->status >= ST_VISITED;
	struct hl_clock *c;
	hl_time until;

	if (strcmp(ev, "receive") == 0) {
		if (dstr(x, "merged_into")) {
			/* A repeat call while the ticket it repeats was open
			 * (并单): handled there, closed on receipt, no clocks of
			 * its own. */
			snprintf(r->merged_into, sizeof r->merged_into, "%s",
			         dstr(x, "merged_into"));
			r->status = ST_CLOSED;
			d->closed_at = e->at;
			return 0;
		}
		if (start_clock(r, "dispatch", e->at) ||
		    start_clock(r, "resolve", e->at))
			return -1;
		r->status = ST_RECEIVED;
		return 0;
	}
	if (e->at < r->t->received_at)
		return fail(r, "%s", "it is dated before the ticket was received");
	if (!strcmp(ev, "note") || !strcmp(ev, "instruct") ||
	    !strcmp(ev, "amend") || !strcmp(ev, "repeat") ||
	    !strcmp(ev, "correct") || !strcmp(ev, "interview"))
		return 0;
	if (*r->merged_into)
		return fail(r, "it is a repeat call merged into '%s': record it "
		            "there", r->merged_into);
	/* A case for the public account (跟踪报道): only one the caller, at
	 * the last return visit, called resolved and was satisfied with. */
	if (strcmp(ev, "publish") == 0)
		return r->status == ST_VISITED && d->nvisit &&
		       d->visit[d->nvisit - 1].resolved == 'y' ? 0
		       : fail(r, "%s", "only a ticket whose caller said at the "
		              "last return visit that it is resolved, and was "
		              "satisfied, is published");
	if (closed && strcmp(ev, "reopen") != 0)
		return fail(r, "the ticket is %s", status_names[r->status]);
	if (r->suspended && strcmp(ev, "suspend") == 0)
		return fail(r, "%s", "it is already suspended");
	if (r->suspended && strcmp(ev, "resume") != 0 &&
	    strcmp(ev, "return") != 0)
		return fail(r, "%s", "the ticket is suspended: record resume first");

	if (strcmp(ev, "dispatch") == 0) {
		json_t *list = json_object_get(x, "assignments"), *a;
		size_t i;

		if (r->status != ST_RECEIVED)
			return fail(r, "it is already %s", status_names[r->status]);
		if (!json_array_size(list))
			return fail(r, "%s", "no assignments");
		json_array_foreach(list, i, a)
			if (add_assignment(r, dstr(a, "role") ? dstr(a, "role")
			                                      : "primary",
			                   dstr(a, "unit"), dstr(a, "person"), e->at,
			                   e->seq))
				return -1;
		meet(d, "dispatch", e->at);
		r->status = ST_DISPATCHED;
		return start_handling(r, e->at);
	}
	if (r->status == ST_RECEIVED && strcmp(ev, "return") != 0)
		return fail(r, "%s", "the ticket is not dispatched");
	if (strcmp(ev, "transfer") == 0) {
		if (r->status >= ST_RESOLVED)
			return fail(r, "%s", "the ticket is resolved");
		end_assignments(d, "primary", e->at);
		if (add_assignment(r, "primary", dstr(x, "unit"), dstr(x, "person"),
		                   e->at, e->seq))
			return -1;
		drop_unmet(d, handling_stages);
		r->status = ST_DISPATCHED;
		return start_handling(r, e->at);
	}
	if (strcmp(ev, "return") == 0) {
		if (!assigned(d) || r->status >= ST_RESOLVED)
			return fail(r, "%s", "the ticket is not with a handler");
		if (r->suspended)
			unpause(r, e->at);      /* the clocks run again */
		end_assignments(d, NULL, e->at);
		drop_unmet(d, handling_stages);
		r->status = ST_RECEIVED;
		return start_clock(r, "dispatch", e->at);
	}
	if (strcmp(ev, "respond") == 0) {
		c = clock_of(d, "respond");
		if (c && c->met_at)
			return fail(r, "%s", "it is already responded");
		meet(d, "respond", e->at);
		set_status(r, ST_RESPONDED);
		return start_clock(r, "plan", e->at);
	}
	if (strcmp(ev, "verify") == 0) {
		const char *v = dstr(x, "verdict");

		if (*d->verdict)
			return fail(r, "it is already verified as %s (answer a wrong "
			            "verdict with a correct event)", d->verdict);
		if (!hl_word_in(v, hl_verdicts))
			return fail(r, "%s", "the verdict must be genuine, malicious "
			            "or unfounded");
		snprintf(d->verdict, sizeof d->verdict, "%s", v);
		meet(d, "verify", e->at);
		if (strcmp(v, "genuine") == 0)
			return set_status(r, ST_VERIFIED);
		/* 恶意举报 is closed with 批评教育; 不实 is rejected. */
		drop_unmet(d, NULL);
		r->status = strcmp(v, "malicious") == 0 ? ST_CLOSED : ST_REJECTED;
		d->closed_at = e->at;
		return 0;
	}
	if (strcmp(ev, "plan") == 0) {
		c = clock_of(d, "respond");
		if (!c || !c->met_at)
			return fail(r, "%s", "there is no response yet");
		c = clock_of(d, "plan");
		if (c && c->met_at)
			return fail(r, "%s", "it is already planned");
		meet(d, "plan", e->at);
		return set_status(r, ST_PLANNED);
	}
	if (strcmp(ev, "reply") == 0) {
		if (r->status >= ST_RESOLVED)
			return fail(r, "%s", "the ticket is resolved");
		meet(d, "reply", e->at);
		meet(d, "follow_up", e->at);
		set_status(r, ST_REPLIED);
		return start_clock(r, "follow_up", e->at);
	}
	if (strcmp(ev, "resolve") == 0) {
		if (r->resolved_this_cycle)
			return fail(r, "%s", "it is already resolved");
		meet(d, "resolve", e->at);
		meet(d, "follow_up", e->at);
		/* Resolving completes every stage before it: a stage not met
		 * yet is met now (late, if its deadline has passed). */
		{
			int k;

			for (k = 0; handling_stages[k]; k++) {
				c = clock_of(d, handling_stages[k]);
				if (c && !c->met_at) {
					meet(d, handling_stages[k], e->at);
					c->implied = 1;
				}
			}
		}
		r->resolved_this_cycle = e->at;
		d->resolved_at = e->at;
		r->status = ST_RESOLVED;
		return start_clock(r, "visit", e->at);
	}
	if (strcmp(ev, "visit") == 0) {
		const char *res = dstr(x, "resolved"), *sat = dstr(x, "satisfaction");
		struct hl_visit *v, *nv;

		if (!r->resolved_this_cycle)
			return fail(r, "%s", "the ticket is not resolved");
		c = clock_of(d, "visit");
		if (c && c->met_at)
			return fail(r, "%s", "it is already visited");
		if (!hl_word_in(res, hl_resolved_answers))
			return fail(r, "%s", "resolved must be yes, partly or no");
		if (!hl_word_in(sat, hl_satisfactions))
			return fail(r, "%s", "satisfaction must be very_satisfied, "
			            "satisfied, basic, unsatisfied or very_unsatisfied");
		if (!(nv = realloc(d->visit, (d->nvisit + 1) * sizeof *nv)))
			return fail(r, "%s", "out of memory");
		d->visit = nv;
		v = &d->visit[d->nvisit++];
		v->cycle = d->cycle;
		v->at = e->at;
		v->seq = e->seq;
		v->resolved = res[0];
		v->satisfied = hl_word_in(sat, (const char *const[]){
			"very_satisfied", "satisfied", "basic", NULL });
		meet(d, "visit", e->at);
		if (res[0] == 'n' || !v->satisfied)
			return reopen(r, e->at);
		r->status = ST_VISITED;
		d->closed_at = e->at;
		return 0;
	}
	if (strcmp(ev, "reopen") == 0) {
		if (r->status != ST_RESOLVED && r->status != ST_VISITED)
			return fail(r, "%s", "only a resolved or visited ticket reopens");
		return reopen(r, e->at);
	}
	if (strcmp(ev, "extend") == 0) {
		const char *stage = dstr(x, "stage") ? dstr(x, "stage") : "resolve";
		const char *u = dstr(x, "until");

		c = clock_of(d, stage);
		if (!c || c->met_at)
			return fail(r, "there is no running %s deadline", stage);
		if (!u || hl_time_parse(u, HL_TIME_DATE_OK, &until))
			return fail(r, "%s", "the new deadline (until) is not a time");
		if (!dstr(x, "approved_by"))
			return fail(r, "%s", "an extension needs an approver");
		if (e->at > c->due_at)
			return fail(r, "the %s deadline has passed already", stage);
		if (until <= c->due_at)
			return fail(r, "%s", "the new deadline is not later than the "
			            "current one");
		c->due_at = until;
		c->extended = 1;
		return 0;
	}
	if (strcmp(ev, "suspend") == 0) {
		size_t i;

		if (r->suspended)
			return fail(r, "%s", "it is already suspended");
		if (r->status >= ST_RESOLVED)
			return fail(r, "%s", "the ticket is resolved");
		r->suspended = 1;
		r->suspended_at = e->at;
		for (i = 0; i < d->nclk; i++)
			if (d->clk[i].cycle == d->cycle && !d->clk[i].met_at)
				d->clk[i].paused_at = e->at;
		return 0;
	}
	if (strcmp(ev, "resume") == 0) {
		if (!r->suspended)
			return fail(r, "%s", "it is not suspended");
		unpause(r, e->at);
		return 0;
	}
	return fail(r, "unknown event '%s'", ev);
}

static int
by_time(const void *a, const void *b, void *base)
{
	const struct hl_evrec *x = (const struct hl_evrec *)base +
	                           *(const size_t *)a;
	const struct hl_evrec *y = (const struct hl_evrec *)base +
	                           *(const size_t *)b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* True if event seq is answered by a correct event that stands, i.e. is
 * not itself answered by another (a correction of a correction restores
 * the original).  depth guards against a loop in a damaged history. */
static int
voided_at(const struct hl_evrec *ev, size_t n, long long seq, int depth)
{
	size_t i;

	if (depth > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (ev[i].corrects == seq && strcmp(ev[i].event, "correct") == 0 &&
		    !voided_at(ev, n, ev[i].seq, depth + 1))
			return 1;
	return 0;
}

int
hl_event_voided(const struct hl_evrec *ev, size_t n, long long seq)
{
	return voided_at(ev, n, seq, 0);
}

int
hl_derive(const struct hl_rules *rules, const struct hl_ticket *t,
          const struct hl_evrec *ev, size_t n, const long long *tolerate,
          size_t ntolerate, struct hl_derived *d)
{
	struct replay r;
	size_t *order, i, j;
	int bad = 0;

	memset(d, 0, sizeof *d);
	memset(&r, 0, sizeof r);
	r.rules = rules;
	r.t = t;
	r.d = d;
	if (!(order = malloc((n ? n : 1) * sizeof *order)))
		return EX_SOFTWARE;
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, by_time, (void *)ev);
	for (i = 0; i < n; i++) {
		const struct hl_evrec *e = &ev[order[i]];
		int tolerated = 0;

		if (hl_event_voided(ev, n, e->seq))
			continue;
		if (e->at > d->last_at)
			d->last_at = e->at;
		r.why[0] = '\0';
		if (apply(&r, e) == 0)
			continue;
		for (j = 0; j < ntolerate; j++)
			if (tolerate[j] == e->seq)
				tolerated = 1;
		if (tolerated || bad)
			continue;
		bad = 1;
		d->bad_seq = e->seq;
		snprintf(d->why, sizeof d->why, "%s", r.why);
	}
	free(order);
	snprintf(d->status, sizeof d->status, "%s", status_names[r.status]);
	d->suspended = r.suspended;
	/* When a running clock first needs the deadline check: its warning
	 * point (hl-escalate moves it on as rules fire). */
	for (j = 0; j < d->nclk; j++) {
		struct hl_clock *c = &d->clk[j];

		c->next_check = 0;
		if (!c->met_at && !c->paused_at && c->cycle == d->cycle &&
		    hl_status_open(d->status))
			c->next_check = hl_warn_point(rules->cal, c->limit,
			                              c->started_at, c->due_at,
			                              c->shifted,
			                              hl_policy_number(rules->pol,
			                                               "warn"));
	}
	/* A running working-day clock due in a year the calendar does not
	 * cover was counted on weekends alone: the writer says so.  (An empty
	 * calendar is hl-escalate's daily reminder and hl-ledger check's
	 * finding, not a warning on every ticket.) */
	d->uncovered = 0;
	for (j = 0; j < d->nclk && !d->uncovered && rules->cal->nyears; j++) {
		const struct hl_clock *c = &d->clk[j];
		size_t len = strlen(c->limit);
		int64_t day = hl_day_of(c->due_at);

		if (!c->met_at && c->cycle == d->cycle && len > 2 &&
		    strcmp(c->limit + len - 2, "wd") == 0 &&
		    !hl_calendar_covers(rules->cal, day)) {
			int y, m, dd;

			hl_civil_from_days(day, &y, &m, &dd);
			d->uncovered = y;
		}
	}
	return bad ? HL_BAD : 0;
}

/* Failing events of a history, for hl_derive's tolerate list. */
int
hl_derive_failures(const struct hl_rules *rules, const struct hl_ticket *t,
                   const struct hl_evrec *ev, size_t n, long long **out,
                   size_t *nout)
{
	struct hl_derived d;
	long long *list = NULL;
	size_t k = 0;
	int st;

	/* Each pass names the first failure; tolerate it and go again. */
	for (;;) {
		st = hl_derive(rules, t, ev, n, list, k, &d);
		if (st != HL_BAD) {
			hl_derived_free(&d);
			break;
		}
		{
			long long *nl = realloc(list, (k + 1) * sizeof *nl);

			if (!nl) {
				hl_derived_free(&d);
				free(list);
				return EX_SOFTWARE;
			}
			list = nl;
		}
		list[k++] = d.bad_seq;
		hl_derived_free(&d);
		if (k > n)
			break;
	}
	*out = list;
	*nout = k;
	return st == HL_BAD ? 0 : st;
}

json_t *
hl_derived_assignments_json(const struct hl_derived *d)
{
	json_t *a = json_array();
	size_t i;
	int pass;

	/* primary first, then the village committee */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->nasg; i++) {
			const struct hl_assignment *x = &d->asg[i];

			if (x->until || (strcmp(x->role, "primary") == 0) != !pass)
				continue;
			json_array_append_new(a, json_pack("{s:s, s:s, s:s?}", "role",
			                                   x->role, "unit", x->unit,
			                                   "person", x->person));
		}
	return a;
}

json_t *
hl_derived_deadlines_json(const struct hl_derived *d)
{
	json_t *o = json_object();
	char buf[40];
	size_t i;
	int k;

	for (k = 0; hl_stages[k]; k++)
		for (i = 0; i < d->nclk; i++)
			if (d->clk[i].cycle == d->cycle &&
			    strcmp(d->clk[i].stage, hl_stages[k]) == 0)
				json_object_set_new(o, hl_stages[k], json_string(
					hl_time_format(d->clk[i].due_at, buf, sizeof buf)));
	return o;
}
