/*
 * table.c - aligned text tables for people: columns as wide as their widest
 * cell in terminal columns (Chinese characters count two), two spaces
 * between, no trailing spaces.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

void
hl_table_init(struct hl_table *t, size_t ncol)
{
	memset(t, 0, sizeof *t);
	t->ncol = ncol;
}

int
hl_table_rowv(struct hl_table *t, const char *const *cells)
{
	size_t i;

	if ((t->nrow + 1) * t->ncol > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : t->ncol * 16;
		char **nc = realloc(t->cell, cap * sizeof *nc);

		if (!nc)
			return EX_SOFTWARE;
		t->cell = nc;
		t->cap = cap;
	}
	for (i = 0; i < t->ncol; i++) {
		char *c = strdup(cells[i] ? cells[i] : ""), *p;

		if (!c) {
			while (i-- > 0)
				free(t->cell[t->nrow * t->ncol + i]);
			return EX_SOFTWARE;
		}
		/* A cell is one line, and no escape moves the cursor. */
		for (p = c; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7F)
				*p = ' ';
		t->cell[t->nrow * t->ncol + i] = c;
	}
	t->nrow++;
	return 0;
}

int
hl_table_row(struct hl_table *t, ...)
{
	const char **cells = malloc((t->ncol ? t->ncol : 1) * sizeof *cells);
	va_list ap;
	size_t i;
	int r;

	if (!cells)
		return EX_SOFTWARE;
	va_start(ap, t);
	for (i = 0; i < t->ncol; i++)
		cells[i] = va_arg(ap, const char *);
	va_end(ap);
	r = hl_table_rowv(t, cells);
	free(cells);
	return r;
}

size_t *
hl_table_widths(const struct hl_table *t)
{
	size_t *w = calloc(t->ncol ? t->ncol : 1, sizeof *w), r, c, cw;

	if (!w)
		return NULL;
	for (r = 0; r < t->nrow; r++)
		for (c = 0; c < t->ncol; c++)
			if ((cw = hl_text_width(t->cell[r * t->ncol + c])) > w[c])
				w[c] = cw;
	return w;
}

void
hl_table_print_row(FILE *fp, const struct hl_table *t, const size_t *w,
                   size_t r, const char *indent, unsigned right)
{
	size_t last = t->ncol, c;

	/* Trailing empty cells print nothing, not spaces. */
	while (last > 0 && !*t->cell[r * t->ncol + last - 1])
		last--;
	fputs(indent, fp);
	for (c = 0; c < last; c++) {
		const char *s = t->cell[r * t->ncol + c];
		size_t pad = w[c] - hl_text_width(s);

		if (c)
			fputs("  ", fp);
		if (right & (1u << c))
			while (pad--)
				fputc(' ', fp);
		fputs(s, fp);
		if (!(right & (1u << c)) && c + 1 < last)
			while (pad--)
				fputc(' ', fp);
	}
	fputc('\n', fp);
}

void
hl_table_print(FILE *fp, const struct hl_table *t, const char *indent,
               unsigned right)
{
	size_t *w = hl_table_widths(t), r;

	if (!w)
		return;
	for (r = 0; r < t->nrow; r++)
		hl_table_print_row(fp, t, w, r, indent, right);
	free(w);
}

void
hl_table_free(struct hl_table *t)
{
	size_t i;

	for (i = 0; i < t->nrow * t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	memset(t, 0, sizeof *t);
}
