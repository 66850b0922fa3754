/*
 * intake.c - taking work orders into the ledger in batches, on two cores.
 *
 * A reader thread runs the record loop: it parses and validates each record
 * (the JSON parser is the costly part) and fills a batch.  A full batch goes
 * to the calling thread, which stores it in one transaction and, only after
 * the commit, prints the new tickets, while the reader fills the next one.
 * At most two batches are in flight, so memory does not grow with the
 * input.  A kill at any moment leaves whole batches behind, and running the
 * same input again stores the rest: a ticket already there with the same
 * content is a duplicate.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hl.h"

struct hl_pending {
	struct hl_ticket t;
	struct hl_derived d;            /* its state if it is new: derived by
	                                 * the reader, stored by the writer */
	struct hl_ticket_state s;       /* when stored: what to print */
	struct hl_record r;     /* raw kept for the rejects file */
	char *raw;
	int conflict, print;
};

/* A batch of validated tickets. */
struct batch {
	struct hl_pending *p;
	size_t n, cap;
};

struct hl_intake_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch full;      /* handed from the reader to the writer */
	int has_full;
	int done;               /* the reader has finished */
	int reader_status;      /* what hl_read_records returned */
	int writer_status;      /* a failure that must stop the reader */
	struct batch cur;       /* the reader's batch being filled */
	char **files;
	int nfiles;
	int threaded;           /* 0: no second thread, store inline */
};

int
hl_intake_init(struct hl_intake *in, struct hl_ledger *L, struct hl_reader *rd)
{
	int st;

	memset(in, 0, sizeof *in);
	in->L = L;
	in->rd = rd;
	in->batch = 1000;
	in->skew = HL_SKEW;
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
	fprintf(stderr, "\r%s: %ld stored, %ld duplicate%s", hl_prog, in->n_new,
	        in->n_duplicate, last ? "\r\033[K" : "");
}

static void
batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		hl_ticket_clear(&b->p[i].t);
		hl_derived_free(&b->p[i].d);
		hl_state_clear(&b->p[i].s);
		free(b->p[i].raw);
	}
	b->n = 0;
}

/* Stores a batch in one transaction, then reports its conflicts and
 * prints its new tickets.  0 or a status. */
static int
store(struct hl_intake *in, struct batch *b)
{
	enum hl_intake_result res;
	size_t i;
	long n[4] = { 0, 0, 0, 0 };     /* by enum hl_intake_result */
	int st = 0;

	if (b->n == 0)
		return 0;
	if ((st = hl_ledger_begin(in->L)))
		goto out;
	for (i = 0; i < b->n && !st; i++) {
		struct hl_pending *p = &b->p[i];

		st = hl_store_intake(in->L, &in->rs->rules, &p->t, &p->d, in->window,
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
	for (i = 0; i < b->n && !st; i++)
		if (b->p[i].conflict) {
			struct hl_pending *p = &b->p[i];

			hl_err_at(&p->r.pos, "ticket '%s' is already in the ledger "
			          "with other content (use --update to amend it)",
			          p->t.id);
			st = hl_reject(in->rd, &p->r);
		}
	/* Committed: now, and only now, say so. */
	for (i = 0; i < b->n && !st; i++)
		if (b->p[i].print)
			st = hl_ticket_write(in->out, &b->p[i].t, &b->p[i].s);
	if (!st && fflush(in->out) != 0) {
		hl_err("error writing output:");
		st = EX_IOERR;
	}
out:
	batch_clear(b);
	progress(in, 0);
	return st;
}

/* Hands the reader's batch to the writer, waiting while the writer is
 * still busy with the last one.  0 or the writer's failure. */
static int
hand_over(struct hl_intake *in)
{
	struct hl_intake_queue *q = in->q;
	struct batch *b = &q->cur;
	int st;

	if (!q->threaded)
		return store(in, b);
	pthread_mutex_lock(&q->mu);
	while (q->has_full && !q->writer_status)
		pthread_cond_wait(&q->cv, &q->mu);
	st = q->writer_status;
	if (!st) {
		struct batch x = q->full;

		q->full = *b;   /* hand it over; take the emptied one back */
		*b = x;
		q->has_full = 1;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return st;
}

/* The reader's per-record function: validate into the current batch; hand
 * a full batch over. */
static int
on_record(void *ctx, const struct hl_record *r)
{
	struct hl_intake *in = ctx;
	struct batch *b = &in->q->cur;
	struct hl_pending *p;
	int st;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct hl_pending *np = realloc(b->p, cap * sizeof *np);

		if (!np)
			return EX_SOFTWARE;
		b->p = np;
		b->cap = cap;
	}
	p = &b->p[b->n];
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
	/* The clocks of the ticket if it is new, here rather than in the
	 * writer: the writer is the busier thread. */
	if ((st = hl_derive_new(&in->rs->rules, &p->t, &p->d))) {
		hl_ticket_clear(&p->t);
		free(p->raw);
		return st;
	}
	p->s.deadlines = hl_derived_deadlines_json(&p->d);
	b->n++;
	if (b->n < in->batch)
		return HL_OK;
	return hand_over(in);
}

/* Before waiting for more input: store what is read so far. */
static int
on_idle(void *ctx)
{
	struct hl_intake *in = ctx;

	return in->q->cur.n ? hand_over(in) : 0;
}

static void *
reader(void *arg)
{
	struct hl_intake *in = arg;
	struct hl_intake_queue *q = in->q;
	int st;

	in->rd->idle = on_idle;
	st = hl_read_records(in->rd, q->files, q->nfiles, on_record, in);

	pthread_mutex_lock(&q->mu);
	q->reader_status = st;
	q->done = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

int
hl_intake_run(struct hl_intake *in, char **files, int nfiles)
{
	struct hl_intake_queue q;
	pthread_t th;
	int st = 0;

	memset(&q, 0, sizeof q);
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.cv, NULL);
	q.files = files;
	q.nfiles = nfiles;
	in->q = &q;
	q.threaded = pthread_create(&th, NULL, reader, in) == 0;
	if (!q.threaded)
		reader(in);     /* one core: full batches are stored inline */
	while (q.threaded) {
		struct batch b;

		pthread_mutex_lock(&q.mu);
		while (!q.has_full && !q.done)
			pthread_cond_wait(&q.cv, &q.mu);
		if (!q.has_full) {
			pthread_mutex_unlock(&q.mu);
			break;  /* the reader is done and nothing waits */
		}
		b = q.full;
		memset(&q.full, 0, sizeof q.full);
		pthread_mutex_unlock(&q.mu);
		/* Store outside the lock: the reader goes on meanwhile. */
		st = store(in, &b);
		pthread_mutex_lock(&q.mu);
		q.full = b;     /* emptied: the reader reuses its memory */
		q.has_full = 0;
		if (st)
			q.writer_status = st;
		pthread_cond_broadcast(&q.cv);
		pthread_mutex_unlock(&q.mu);
		if (st)
			break;
	}
	if (q.threaded)
		pthread_join(th, NULL);
	if (!st) {
		/* The reader's last, partial batch, unless reading failed. */
		if (hl_status_goes_on(q.reader_status))
			st = store(in, &q.cur);
		st = hl_worse(q.reader_status, st);
	}
	batch_clear(&q.cur);
	batch_clear(&q.full);
	free(q.cur.p);
	free(q.full.p);
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.cv);
	in->q = NULL;
	return st;
}

void
hl_intake_free(struct hl_intake *in)
{
	if (in->rs) {
		hl_rules_free(in->rs);
		free(in->rs);
		in->rs = NULL;
	}
	progress(in, 1);
}
