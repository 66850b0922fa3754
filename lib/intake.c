/*
 * intake.c - taking work orders into the ledger in batches.  Records are
 * validated as they are read (outside any lock), kept in a batch, and the
 * batch is stored in one transaction; only after the commit are the new
 * tickets printed.  A kill at any moment leaves whole batches behind, and
 * running the same input again stores the rest: a ticket already there with
 * the same content is a duplicate.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hl.h"

struct hl_pending {
	struct hl_ticket t;
	struct hl_ticket_state s;       /* when stored: what to print */
	struct hl_record r;     /* raw kept for the rejects file */
	char *raw;
	int conflict, print;
};

int
hl_intake_init(struct hl_intake *in, struct hl_ledger *L, struct hl_reader *rd)
{
	int st;

	memset(in, 0, sizeof *in);
	in->L = L;
	in->rd = rd;
	in->batch = 1000;
	in->skew = 300;
	in->out = stdout;
	in->progress = hl_progress_ok();
	if (!(in->rs = malloc(sizeof *in->rs)))
		return EX_SOFTWARE;
	if ((st = hl_rules_load(L, in->rs))) {
		free(in->rs);
		in->rs = NULL;
		return st;
	}
	in->window = hl_policy_repeat_window(&in->rs->pol);
	return 0;
}

static void
progress(struct hl_intake *in, int last)
{
	time_t now = time(NULL);

	if (!in->progress || (!last && now == in->shown))
		return;
	in->shown = now;
	fprintf(stderr, "\r%s: %ld read, %ld new%s", hl_prog, in->rd->read,
	        in->n_new, last ? "\r\033[K" : "");
}

int
hl_intake_flush(struct hl_intake *in)
{
	enum hl_intake_result res;
	size_t i;
	long n[4] = { 0, 0, 0, 0 };     /* by enum hl_intake_result */
	int st = 0;

	if (in->n == 0)
		return 0;
	if ((st = hl_ledger_begin(in->L)))
		goto out;
	for (i = 0; i < in->n && !st; i++) {
		struct hl_pending *p = &in->pending[i];

		st = hl_store_intake(in->L, &in->rs->rules, &p->t, in->window,
		                     in->update, in->now, &res, &p->s);
		if (st)
			break;
		n[res]++;
		p->conflict = res == HL_CONFLICT;
		p->print = res == HL_NEW || res == HL_UPDATED;
	}
	if (st)
		hl_ledger_rollback(in->L);
	else
		st = hl_ledger_commit(in->L);
	if (st)
		goto out;       /* nothing of this batch is stored or counted */
	in->n_new += n[HL_NEW];
	in->n_duplicate += n[HL_DUPLICATE];
	in->n_conflict += n[HL_CONFLICT];
	in->n_updated += n[HL_UPDATED];
	for (i = 0; i < in->n && !st; i++)
		if (in->pending[i].conflict) {
			struct hl_pending *p = &in->pending[i];

			hl_err_at(&p->r.pos, "ticket '%s' is already in the ledger "
			          "with other content (use --update to amend it)",
			          p->t.id);
			st = hl_reject(in->rd, &p->r);
		}
	/* Committed: now, and only now, say so. */
	for (i = 0; i < in->n && !st; i++)
		if (in->pending[i].print)
			st = hl_ticket_write(in->out, &in->pending[i].t,
			                     &in->pending[i].s);
	if (!st && fflush(in->out) != 0) {
		hl_err("error writing output:");
		st = EX_IOERR;
	}
out:
	for (i = 0; i < in->n; i++) {
		hl_ticket_clear(&in->pending[i].t);
		hl_state_clear(&in->pending[i].s);
		free(in->pending[i].raw);
	}
	in->n = 0;
	progress(in, 0);
	return st;
}

int
hl_intake_record(void *ctx, const struct hl_record *r)
{
	struct hl_intake *in = ctx;
	struct hl_pending *p;
	int st;

	if (in->n == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 64;
		struct hl_pending *np = realloc(in->pending, cap * sizeof *np);

		if (!np)
			return EX_SOFTWARE;
		in->pending = np;
		in->cap = cap;
	}
	p = &in->pending[in->n];
	st = hl_ticket_from_json(&p->t, r->obj, &r->pos, in->now, in->skew);
	if (st != HL_OK)
		return st;
	p->r = *r;
	if (!(p->raw = malloc(r->rawlen + 1))) {
		hl_ticket_clear(&p->t);
		return EX_SOFTWARE;
	}
	memcpy(p->raw, r->raw, r->rawlen + 1);
	p->r.raw = p->raw;
	p->r.obj = NULL;
	p->conflict = p->print = 0;
	memset(&p->s, 0, sizeof p->s);
	in->n++;
	if (in->n >= in->batch)
		return hl_intake_flush(in);
	return HL_OK;
}

void
hl_intake_free(struct hl_intake *in)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		hl_ticket_clear(&in->pending[i].t);
		hl_state_clear(&in->pending[i].s);
		free(in->pending[i].raw);
	}
	free(in->pending);
	in->pending = NULL;
	if (in->rs) {
		hl_rules_free(in->rs);
		free(in->rs);
		in->rs = NULL;
	}
	in->n = in->cap = 0;
	progress(in, 1);
}
