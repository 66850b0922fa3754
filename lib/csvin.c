/*
 * csvin.c - CSV through libcsv, one physical line at a time, so that the
 * record loop knows each row's first line and its raw bytes (libcsv counts
 * no lines).  Strict mode: a stray quote is an error, not a swallowed file.
 * Also the CSV writer, with the guard against formula injection.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "hl.h"

struct hl_csv {
	struct csv_parser p;
	char **field;
	size_t n, cap;
	int rows;       /* rows completed by the last feed */
	int nomem;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct hl_csv *c = data;
	char *f;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		char **nf = realloc(c->field, cap * sizeof *nf);

		if (!nf) {
			c->nomem = 1;
			return;
		}
		c->field = nf;
		c->cap = cap;
	}
	f = malloc(len + 1);
	if (!f) {
		c->nomem = 1;
		return;
	}
	if (len)
		memcpy(f, s, len);
	f[len] = '\0';
	c->field[c->n++] = f;
}

static void
on_row(int term, void *data)
{
	struct hl_csv *c = data;

	(void)term;
	c->rows++;
}

static void
clear_fields(struct hl_csv *c)
{
	while (c->n)
		free(c->field[--c->n]);
}

struct hl_csv *
hl_csv_new(void)
{
	struct hl_csv *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		free(c);
		return NULL;
	}
	return c;
}

void
hl_csv_free(struct hl_csv *c)
{
	if (!c)
		return;
	clear_fields(c);
	free(c->field);
	csv_free(&c->p);
	free(c);
}

static int
reset(struct hl_csv *c)
{
	clear_fields(c);
	csv_free(&c->p);
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	c->rows = 0;
	return -1;
}

int
hl_csv_feed(struct hl_csv *c, const char *line, size_t n)
{
	if (c->rows) {
		clear_fields(c);
		c->rows = 0;
	}
	if (csv_parse(&c->p, line, n, on_field, on_row, c) != n || c->nomem)
		return reset(c);
	if (c->rows > 1)
		return reset(c);        /* a bare CR split the line in two */
	if (c->rows == 1)
		return 1;
	/* Nothing completed: a blank line (skipped), or a row that goes on. */
	return c->p.pstate == 0 && c->n == 0 ? 2 : 0;
}

int
hl_csv_end(struct hl_csv *c)
{
	if (c->rows) {
		clear_fields(c);
		c->rows = 0;
	}
	if (csv_fini(&c->p, on_field, on_row, c) != 0 || c->nomem)
		return reset(c);
	return c->rows == 1 ? 1 : 2;
}

char **
hl_csv_fields(struct hl_csv *c, size_t *n)
{
	*n = c->n;
	return c->field;
}

void
hl_csv_write_field(FILE *fp, const char *s, int guard)
{
	const char *p;
	int quote = 0;

	if (!s)
		s = "";
	for (p = s; *p; p++)
		if (*p == '"' || *p == ',' || *p == '\n' || *p == '\r')
			quote = 1;
	/* Readers trim blanks around an unquoted field: keep them quoted. */
	if (*s == ' ' || *s == '\t' ||
	    (*s && (s[strlen(s) - 1] == ' ' || s[strlen(s) - 1] == '\t')))
		quote = 1;
	/* A spreadsheet would run "=cmd|..." as a formula: make it text. */
	guard = guard && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	                  *s == '\t' || *s == '\r');
	if (quote || guard)
		fputc('"', fp);
	if (guard)
		fputc('\'', fp);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote || guard)
		fputc('"', fp);
}
