/*
 * report-write.c - rendering a report (report.c): as text for people (a
 * title, then each table under its heading, grouped rows under their
 * group's heading, long text under its row), as JSON lines (one object a
 * row, "report" and "table" first), or as CSV (each table a block with its
 * own header row, "table" its first column, blocks apart by an empty
 * line).  A writer knows cells only by their kind (enum hl_cell), never a
 * report's kind: a new format is one more entry in `writers`.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* ---- cells ---- */

static int
numeric(int cell)
{
	return cell == HL_CELL_INT || cell == HL_CELL_NUM || cell == HL_CELL_RATE;
}

/* A cell as people read it, into buf (or a static string). */
static const char *
cell_text(const struct hl_col *c, const json_t *v, char *buf, size_t n)
{
	char lb[96];
	const char *s;
	size_t i, len;
	json_t *x;

	if (!v || json_is_null(v)) {
		if (c->flags & HL_COL_TOTAL)
			return "全镇";
		return c->cell == HL_CELL_INT || c->cell == HL_CELL_NUM ||
		       c->cell == HL_CELL_RATE ? "-" : "";
	}
	switch (c->cell) {
	case HL_CELL_WORD:
		return hl_report_label(json_string_value(v), buf, n);
	case HL_CELL_INT:
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	case HL_CELL_NUM:
		/* A score as hl-rank prints it; a small figure (a p-value) to
		 * three significant digits. */
		snprintf(buf, n, fabs(json_number_value(v)) >= 1 ||
		         json_number_value(v) == 0 ? "%.1f" : "%.3g",
		         json_number_value(v));
		return buf;
	case HL_CELL_RATE:
		snprintf(buf, n, "%.1f%%", json_number_value(v) * 100.0);
		return buf;
	case HL_CELL_TIME:
		s = json_string_value(v);
		snprintf(buf, n, "%.5s %.5s", s ? s + 5 : "", s ? s + 11 : "");
		return s && strlen(s) >= 16 ? buf : "";
	case HL_CELL_MINUTES:
		if (json_integer_value(v) <= 0)
			return "";
		return hl_duration_zh((long)json_integer_value(v) * 60, buf, n);
	case HL_CELL_BOOL:
		return json_is_true(v) ? "是" : "";
	case HL_CELL_LIST:
	case HL_CELL_WORDS:
		*buf = '\0';
		json_array_foreach(v, i, x) {
			s = json_string_value(x);
			if (c->cell == HL_CELL_WORDS)
				s = hl_report_label(s, lb, sizeof lb);
			len = strlen(buf);
			/* A list too long for the cell ends in an ellipsis. */
			if (len + strlen(s ? s : "") + 16 > n) {
				snprintf(buf + len, n - len, "…");
				break;
			}
			snprintf(buf + len, n - len, "%s%s", i ? "、" : "",
			         s ? s : "");
		}
		return buf;
	default:
		return json_string_value(v) ? json_string_value(v) : "";
	}
}

/* ---- text ---- */

/* A column people read in the table: not a heading, not a block, and
 * not empty in every row (an unused column only takes room). */
static int
is_shown(const struct hl_rtable *t, size_t c)
{
	char buf[2048];
	size_t k;
	json_t *row;

	if (t->col[c].flags & (HL_COL_GROUP | HL_COL_BLOCK))
		return 0;
	json_array_foreach(t->rows, k, row)
		if (*cell_text(&t->col[c], json_object_get(row, t->col[c].key), buf,
		               sizeof buf))
			return 1;
	return 0;
}

/* The group heading of a row ("国土所 刘洋 主办"), into buf. */
static void
group_of(const struct hl_rtable *t, const json_t *row, char *buf, size_t n)
{
	char cb[512];
	const char *s;
	size_t c, len;

	*buf = '\0';
	for (c = 0; c < t->ncol; c++) {
		if (!(t->col[c].flags & HL_COL_GROUP))
			continue;
		s = cell_text(&t->col[c], json_object_get(row, t->col[c].key), cb,
		              sizeof cb);
		if (!*s)
			continue;
		len = strlen(buf);
		snprintf(buf + len, n - len, "%s%s", *buf ? " " : "", s);
	}
}

/* The lines of the block cells of a row, each after indent. */
static void
blocks(FILE *fp, const struct hl_rtable *t, const json_t *row,
       const char *indent)
{
	size_t c;

	for (c = 0; c < t->ncol; c++) {
		const char *s, *e;

		if (!(t->col[c].flags & HL_COL_BLOCK) ||
		    !(s = json_string_value(json_object_get(row, t->col[c].key))))
			continue;
		for (; *s; s = *e ? e + 1 : e) {
			e = s + strcspn(s, "\n");
			fprintf(fp, "%s%.*s\n", indent, (int)(e - s), s);
		}
	}
}

static int
text_table(FILE *fp, const struct hl_rtable *t)
{
	struct hl_table tab = { 0 };
	char group[512], prev[512], *text = NULL, shown[64];
	const char **cells = NULL;
	size_t c, k, nshown = 0, r, *w = NULL;
	unsigned right = 0;
	int grouped = 0, st = EX_SOFTWARE;
	json_t *row;

	if (t->ncol > sizeof shown)
		return EX_SOFTWARE;
	for (c = 0; c < t->ncol; c++) {
		grouped |= (t->col[c].flags & HL_COL_GROUP) != 0;
		if (!(shown[c] = (char)is_shown(t, c)))
			continue;
		if (numeric(t->col[c].cell))
			right |= 1u << nshown;
		nshown++;
	}
	fprintf(fp, "\n【%s】\n", t->title);
	if (!json_array_size(t->rows)) {
		fprintf(fp, "  %s\n", t->empty);
		return 0;
	}
	/* One hl_table of the shown cells (header first), printed a row at
	 * a time so that headings and blocks can come between. */
	if (!(cells = malloc((nshown ? nshown : 1) * sizeof *cells)) ||
	    !(text = malloc((nshown ? nshown : 1) * 2048)))
		goto fail;
	hl_table_init(&tab, nshown);
	for (k = 0; k <= json_array_size(t->rows); k++) {
		row = k ? json_array_get(t->rows, k - 1) : NULL;
		for (c = 0, r = 0; c < t->ncol; c++) {
			if (!shown[c])
				continue;
			cells[r] = row ? cell_text(&t->col[c],
			                           json_object_get(row, t->col[c].key),
			                           text + r * 2048, 2048)
			               : t->col[c].label;
			r++;
		}
		if (hl_table_rowv(&tab, cells))
			goto fail;
	}
	if (!(w = hl_table_widths(&tab)))
		goto fail;
	hl_table_print_row(fp, &tab, w, 0, "  ", right);
	*prev = '\0';
	for (k = 0; k < json_array_size(t->rows); k++) {
		row = json_array_get(t->rows, k);
		if (grouped) {
			group_of(t, row, group, sizeof group);
			if (k == 0 || strcmp(group, prev) != 0)
				fprintf(fp, "%s\n", *group ? group : "-");
			snprintf(prev, sizeof prev, "%s", group);
		}
		hl_table_print_row(fp, &tab, w, k + 1, "  ", right);
		blocks(fp, t, row, "      ");
	}
	free(w);
	st = 0;
fail:
	free(cells);
	free(text);
	hl_table_free(&tab);
	return st;
}

static int
write_text(FILE *fp, const struct hl_report *r, int bom)
{
	const json_t *head = json_array_get(r->tab[0]->rows, 0);
	const char *s;
	size_t i;
	int st = 0;

	(void)bom;
	fprintf(fp, "%s\n", json_string_value(json_object_get(head, "title")));
	if ((s = json_string_value(json_object_get(head, "subtitle"))))
		fprintf(fp, "%s\n", s);
	for (i = 1; i < r->ntab && !st; i++)
		st = text_table(fp, r->tab[i]);
	return st;
}

/* ---- JSON lines ---- */

static int
write_json(FILE *fp, const struct hl_report *r, int bom)
{
	size_t i, k, c;
	json_t *row, *o, *v;
	int st = 0;

	(void)bom;
	for (i = 0; i < r->ntab && !st; i++) {
		const struct hl_rtable *t = r->tab[i];

		json_array_foreach(t->rows, k, row) {
			o = json_pack("{s:s, s:s}", "report", r->kind, "table", t->key);
			for (c = 0; c < t->ncol; c++) {
				v = json_object_get(row, t->col[c].key);
				json_object_set(o, t->col[c].key, v ? v : json_null());
			}
			st = hl_print_json(fp, o);
			json_decref(o);
			if (st)
				break;
		}
	}
	return st;
}

/* ---- CSV ---- */

static void
csv_cell(FILE *fp, const struct hl_col *c, const json_t *v)
{
	size_t i;
	json_t *x;

	fputc(',', fp);
	if (!v || json_is_null(v))
		return;
	switch (c->cell) {
	case HL_CELL_INT:
	case HL_CELL_MINUTES:
		fprintf(fp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return;
	case HL_CELL_NUM:
	case HL_CELL_RATE:
		if (!isnan(json_number_value(v)))
			fprintf(fp, "%.10g", json_number_value(v));
		return;
	case HL_CELL_BOOL:
		fputs(json_is_true(v) ? "true" : "false", fp);
		return;
	case HL_CELL_LIST:
	case HL_CELL_WORDS: {
		/* The items apart by spaces, as one field. */
		size_t len = 0;
		char *joined;

		json_array_foreach(v, i, x)
			len += strlen(json_string_value(x) ? json_string_value(x) : "")
			       + 1;
		if (!(joined = calloc(len + 1, 1)))
			return;
		json_array_foreach(v, i, x) {
			if (i)
				strcat(joined, " ");
			strcat(joined, json_string_value(x) ? json_string_value(x) : "");
		}
		hl_csv_write_field(fp, joined, 1);
		free(joined);
		return;
	}
	default:
		hl_csv_write_field(fp, json_string_value(v), 1);
	}
}

static int
write_csv(FILE *fp, const struct hl_report *r, int bom)
{
	size_t i, k, c;
	json_t *row;

	if (bom)
		fputs("\xEF\xBB\xBF", fp);
	for (i = 0; i < r->ntab; i++) {
		const struct hl_rtable *t = r->tab[i];

		if (i)
			fputs("\r\n", fp);
		fputs("table", fp);
		for (c = 0; c < t->ncol; c++)
			fprintf(fp, ",%s", t->col[c].key);
		fputs("\r\n", fp);
		json_array_foreach(t->rows, k, row) {
			hl_csv_write_field(fp, t->key, 0);
			for (c = 0; c < t->ncol; c++)
				csv_cell(fp, &t->col[c], json_object_get(row,
				                                         t->col[c].key));
			fputs("\r\n", fp);
		}
	}
	return 0;
}

/* ---- the formats ---- */

static const struct {
	const char *name;
	int (*write)(FILE *, const struct hl_report *, int);
} writers[] = {
	{ "text", write_text },
	{ "json", write_json },
	{ "ndjson", write_json },
	{ "csv", write_csv },
};
#define NWRITERS (sizeof writers / sizeof writers[0])

int
hl_report_format_known(const char *format)
{
	size_t i;

	for (i = 0; format && i < NWRITERS; i++)
		if (strcmp(format, writers[i].name) == 0)
			return 1;
	return 0;
}

int
hl_report_write(FILE *fp, const struct hl_report *r, const char *format,
                int bom)
{
	size_t i;
	int st;

	for (i = 0; i < NWRITERS; i++)
		if (strcmp(format, writers[i].name) == 0) {
			st = writers[i].write(fp, r, bom);
			if (!st && ferror(fp)) {
				hl_err("error writing output:");
				st = EX_IOERR;
			}
			return st;
		}
	return EX_SOFTWARE;
}
