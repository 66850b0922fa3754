/*
 * batch.c - writing records in batches: the transaction is opened on the
 * first write, committed every `max` records and at the end, and the lines
 * queued meanwhile are printed only after their commit.
 */
#include <stdlib.h>

#include "hl.h"

int
hl_batch_begin(struct hl_batch *b)
{
	int st;

	if (b->L->in_tx)
		return 0;
	if ((st = hl_ledger_begin(b->L)))
		return st;
	b->n = 0;
	return 0;
}

int
hl_batch_queue(struct hl_batch *b, json_t *line)
{
	if (b->nlines == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		json_t **nl = realloc(b->lines, cap * sizeof *nl);

		if (!nl) {
			json_decref(line);
			return EX_SOFTWARE;
		}
		b->lines = nl;
		b->cap = cap;
	}
	b->lines[b->nlines++] = line;
	return 0;
}

int
hl_batch_flush(struct hl_batch *b)
{
	size_t i;
	int st = 0;

	if (b->L->in_tx)
		st = hl_ledger_commit(b->L);
	for (i = 0; i < b->nlines; i++) {
		if (!st)
			st = hl_print_json(b->out ? b->out : stdout, b->lines[i]);
		json_decref(b->lines[i]);
	}
	b->nlines = 0;
	b->n = 0;
	if (!st && fflush(b->out ? b->out : stdout) != 0) {
		hl_err("error writing output:");
		st = EX_IOERR;
	}
	return st;
}

int
hl_batch_done(struct hl_batch *b)
{
	if (++b->n >= (b->max ? b->max : 100))
		return hl_batch_flush(b);
	return 0;
}

void
hl_batch_abort(struct hl_batch *b)
{
	size_t i;

	hl_ledger_rollback(b->L);
	for (i = 0; i < b->nlines; i++)
		json_decref(b->lines[i]);
	free(b->lines);
	b->lines = NULL;
	b->nlines = b->cap = 0;
}

void
hl_batch_free(struct hl_batch *b)
{
	hl_batch_abort(b);
}
