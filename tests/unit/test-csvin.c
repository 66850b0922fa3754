/*
 * test-csvin.c - csvin.c: the line-at-a-time CSV parser (quoted fields
 * over several lines, CRLF, blank lines, strict-mode errors and recovery,
 * the last row without a newline) and the CSV writer (quoting, the guard
 * against formula injection, and that what it writes reads back).
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"
#include "tap.h"

/* A script: lines fed one by one, what each feed returns, and the fields
 * of each completed row joined by '|'.  A NULL line means hl_csv_end. */
struct step {
	const char *line;
	int rc;
	const char *fields;     /* for rc 1 */
};

static const struct {
	const char *what;
	struct step steps[8];
} scripts[] = {
	{ "simple row", {
		{ "a,b,c\n", 1, "a|b|c" }, { NULL, 2, NULL } } },
	{ "Chinese fields", {
		{ "李家村,宅基地审批,国土所\n", 1, "李家村|宅基地审批|国土所" } } },
	{ "empty fields", {
		{ "a,,c\n", 1, "a||c" }, { ",\n", 1, "|" } } },
	{ "quoted comma and doubled quotes", {
		{ "\"a,b\",\"say \"\"hi\"\"\",x\n", 1, "a,b|say \"hi\"|x" } } },
	{ "quoted empty field", {
		{ "\"\",b\n", 1, "|b" } } },
	{ "unquoted spaces are trimmed, quoted ones kept", {
		{ " a , b ,\" c \"\n", 1, "a|b| c " } } },
	{ "CRLF line ends", {
		{ "unit,kind\r\n", 1, "unit|kind" },
		{ "国土所,station\r\n", 1, "国土所|station" },
		{ NULL, 2, NULL } } },
	{ "a quoted field over three lines", {
		{ "T1,\"第一行\n", 0, NULL },
		{ "第二行\n", 0, NULL },
		{ "第三行\",end\n", 1, "T1|第一行\n第二行\n第三行|end" } } },
	{ "a quoted field over CRLF lines keeps its CRLF", {
		{ "\"x\r\n", 0, NULL },
		{ "y\"\r\n", 1, "x\r\ny" } } },
	{ "a quoted blank line inside a field", {
		{ "\"a\n", 0, NULL }, { "\n", 0, NULL }, { "b\"\n", 1, "a\n\nb" } } },
	{ "blank lines between rows", {
		{ "a,b\n", 1, "a|b" }, { "\n", 2, NULL }, { "\r\n", 2, NULL },
		{ "   \n", 2, NULL }, { "c,d\n", 1, "c|d" } } },
	{ "the last row without a newline", {
		{ "a,b\n", 1, "a|b" }, { "c,d", 0, NULL }, { NULL, 1, "c|d" } } },
	{ "the last row ends in a quoted field without a newline", {
		{ "a,\"b c\"", 0, NULL }, { NULL, 1, "a|b c" } } },
	{ "end right after a complete row", {
		{ "a\n", 1, "a" }, { NULL, 2, NULL } } },
	{ "end of an empty input", {
		{ NULL, 2, NULL } } },
	/* Strict mode: errors, and the parser starts afresh after one. */
	{ "a stray quote in an unquoted field", {
		{ "ab\"c,d\n", -1, NULL }, { "x,y\n", 1, "x|y" } } },
	{ "junk after a closing quote", {
		{ "\"a\"b,c\n", -1, NULL }, { "x,y\n", 1, "x|y" } } },
	{ "an unclosed quote at the end", {
		{ "a,\"bc\n", 0, NULL }, { NULL, -1, NULL } } },
	{ "a bare CR inside a line", {
		{ "a,b\rc,d\n", -1, NULL }, { "x\n", 1, "x" } } },
};

static char *
joined(struct hl_csv *c)
{
	size_t n, i, len = 1;
	char **f = hl_csv_fields(c, &n), *s;

	for (i = 0; i < n; i++)
		len += strlen(f[i]) + 1;
	if (!(s = malloc(len)))
		return NULL;
	*s = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, "|");
		strcat(s, f[i]);
	}
	return s;
}

static void
test_parse(void)
{
	size_t i, j;

	for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		struct hl_csv *c = hl_csv_new();

		if (!ok(c != NULL, "%s: parser created", scripts[i].what))
			continue;
		for (j = 0; j < 8; j++) {
			const struct step *s = &scripts[i].steps[j];
			int rc;

			if (j > 0 && !s->line && !s->rc)
				break;
			rc = s->line ? hl_csv_feed(c, s->line, strlen(s->line))
			             : hl_csv_end(c);
			if (!is_int(rc, s->rc, "%s: step %zu returns %d",
			            scripts[i].what, j + 1, s->rc))
				break;
			if (rc == 1) {
				char *got = joined(c);

				is_str(got, s->fields, "%s: step %zu fields",
				       scripts[i].what, j + 1);
				free(got);
			}
			if (!s->line)
				break;
		}
		hl_csv_free(c);
	}
}

static char *
written(const char *s, int guard)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	hl_csv_write_field(fp, s, guard);
	fclose(fp);
	return buf;
}

static const struct {
	const char *in;
	int guard;
	const char *out;
} writes[] = {
	{ "plain", 0, "plain" },
	{ "李家村", 0, "李家村" },
	{ "", 0, "" },
	{ "a,b", 0, "\"a,b\"" },
	{ "say \"hi\"", 0, "\"say \"\"hi\"\"\"" },
	{ "two\nlines", 0, "\"two\nlines\"" },
	{ "cr\rhere", 0, "\"cr\rhere\"" },
	{ " lead", 0, "\" lead\"" },
	{ "trail ", 0, "\"trail \"" },
	{ "in side", 0, "in side" },
	/* Formula injection: only with the guard. */
	{ "=1+2", 0, "=1+2" },
	{ "=1+2", 1, "\"'=1+2\"" },
	{ "=HYPERLINK(\"http://x\",\"y\")", 1,
	  "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
	{ "=cmd|' /C calc'!A0", 1, "\"'=cmd|' /C calc'!A0\"" },
	{ "+86 138 1234 1234", 1, "\"'+86 138 1234 1234\"" },
	{ "-5", 1, "\"'-5\"" },
	{ "@SUM(A1:A9)", 1, "\"'@SUM(A1:A9)\"" },
	{ "\t=1", 1, "\"'\t=1\"" },
	{ "\r=1", 1, "\"'\r=1\"" },
	{ "a=b", 1, "a=b" },
	{ "李家村", 1, "李家村" },
	{ "138****1234", 1, "138****1234" },
	{ "", 1, "" },
};

/* What a field written by hl_csv_write_field reads back as. */
static char *
read_back(const char *csv)
{
	struct hl_csv *c = hl_csv_new();
	char *line, *s = NULL;
	int rc;

	if (!c || !(line = malloc(strlen(csv) + 2))) {
		hl_csv_free(c);
		return NULL;
	}
	strcpy(line, csv);
	strcat(line, "\n");
	rc = hl_csv_feed(c, line, strlen(line));
	if (rc == 0)
		rc = hl_csv_end(c);
	if (rc == 1)
		s = joined(c);
	else if (rc == 2)
		s = strdup("");
	free(line);
	hl_csv_free(c);
	return s;
}

static void
test_write(void)
{
	static const char *const trips[] = {
		"plain", "李家村", "a,b", "say \"hi\"", "two\nlines", " lead",
		"trail ", "\ttab first", "tab last\t", "x\r\ny", "\"", "\"\"",
		",", "a|b",
	};
	size_t i;
	char *w, *r;

	for (i = 0; i < sizeof writes / sizeof writes[0]; i++) {
		w = written(writes[i].in, writes[i].guard);
		is_str(w, writes[i].out, "write '%s'%s", writes[i].in,
		       writes[i].guard ? " with the guard" : "");
		free(w);
	}
	w = written(NULL, 0);
	is_str(w, "", "write NULL as an empty field");
	free(w);

	/* The writer's output reads back as the same text. */
	for (i = 0; i < sizeof trips / sizeof trips[0]; i++) {
		w = written(trips[i], 0);
		r = w ? read_back(w) : NULL;
		is_str(r, trips[i], "round trip of '%s'", trips[i]);
		free(w);
		free(r);
	}
	/* With the guard, a formula reads back as text with a quote. */
	w = written("=1+2", 1);
	r = w ? read_back(w) : NULL;
	is_str(r, "'=1+2", "guarded formula reads back with its quote");
	free(w);
	free(r);
}

int
main(void)
{
	test_parse();
	test_write();
	return done_testing();
}
