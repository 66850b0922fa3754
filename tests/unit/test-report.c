/*
 * test-report.c - what hl-report computes besides the ledger: the
 * de-identification of case texts against a corpus
 * (tests/fixtures/report/deid.tsv; run from the top of the tree, or give
 * the file as the argument), and the Poisson tail of the hotspot test.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"
#include "tap.h"

static void
corpus(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0, cases = 0;

	if (!ok(fp != NULL, "the corpus %s opens", path))
		return;
	while ((n = getline(&line, &cap, fp)) > 0) {
		char *name, *text, *want, *got;

		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#' || !*line)
			continue;
		name = line;
		if (!(text = strchr(name, '\t')) || !(want = strchr(text + 1, '\t'))) {
			ok(0, "%s:%ld: NAME<TAB>TEXT<TAB>EXPECTED", path, lineno);
			continue;
		}
		*text++ = '\0';
		*want++ = '\0';
		got = hl_deidentify(text, strcmp(name, "-") ? name : NULL);
		is_str(got, want, "%s:%ld: %s", path, lineno, *text ? text : "(empty)");
		free(got);
		cases++;
	}
	ok(cases >= 30, "the corpus has %ld cases", cases);
	free(line);
	fclose(fp);
}

static void
near(double got, double want, const char *what)
{
	int pass = fabs(got - want) <= 1e-12 * (fabs(want) > 1 ? fabs(want) : 1)
	           || (want != 0 && fabs(got / want - 1) < 1e-9);

	ok(pass, "%s", what);
	if (!pass)
		diag("got %.17g, expected %.17g", got, want);
}

/* hl_utf8_trim of s is want. */
static void
trim(const char *s, const char *want, const char *what)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%s", s);
	hl_utf8_trim(buf);
	is_str(buf, want, "hl_utf8_trim: %s", what);
}

int
main(int argc, char **argv)
{
	double p;

	corpus(argc > 1 ? argv[1] : "tests/fixtures/report/deid.tsv");

	/* A text cut at a buffer's end loses an incomplete last character. */
	trim("abc", "abc", "ASCII unchanged");
	trim("", "", "empty unchanged");
	trim("a\xe6\x9d\x8e", "a\xe6\x9d\x8e", "a whole 李 kept");
	trim("a\xe6\x9d", "a", "李 without its last byte dropped");
	trim("a\xe6", "a", "李's lead byte alone dropped");
	trim("\xe6\x9d\x8e\xe5", "\xe6\x9d\x8e", "李 then a lone lead byte");
	trim("x\xc3\xa9", "x\xc3\xa9", "a whole 2-byte é kept");
	trim("x\xf0\x9f\x98", "x", "a 4-byte emoji without its last byte");
	trim("x\xf0\x9f\x98\x80", "x\xf0\x9f\x98\x80", "a whole emoji kept");
	trim("x\x80\x80", "x", "continuation bytes with no lead");

	/* P(X >= c) for Poisson(lambda), by the terms from c up. */
	near(hl_poisson_tail(6, 1), 0.0005941848175816924, "P(X >= 6 | 1)");
	near(hl_poisson_tail(5, 1), 0.00365984682734371, "P(X >= 5 | 1)");
	near(hl_poisson_tail(4, 1), 0.018988156876153812, "P(X >= 4 | 1)");
	near(hl_poisson_tail(3, 1), 0.08030139707139416, "P(X >= 3 | 1)");
	near(hl_poisson_tail(5, 2), 0.05265301734371111, "P(X >= 5 | 2)");
	near(hl_poisson_tail(12, 5), 0.005453091913009353, "P(X >= 12 | 5)");
	near(hl_poisson_tail(30, 20), 0.021818217525557276, "P(X >= 30 | 20)");
	p = hl_poisson_tail(2000, 1000);
	ok(p > 0 && p < 1e-160 && !isnan(p),
	   "P(X >= 2000 | 1000) is tiny, not 0 or NaN (%g)", p);
	is_int(hl_poisson_tail(0, 3) == 1.0, 1, "P(X >= 0) is 1");
	is_int(hl_poisson_tail(2, 2) == 1.0, 1, "no rise (c <= lambda): 1");
	is_int(hl_poisson_tail(1, 0) == 0.0, 1, "lambda 0: a call is never expected");
	return done_testing();
}
