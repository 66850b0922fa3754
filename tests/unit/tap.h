/*
 * tap.h - a tiny TAP producer for the C unit tests (header only).
 *
 *   is_int(got, want, "name %d", i);   is_str(got, want, "name");
 *   ok(cond, "name");                  return done_testing();
 *
 * Each check prints "ok N - name" or "not ok N - name" with the got and
 * expected values as "# " comments; done_testing() prints the plan "1..N"
 * and returns the exit status (1 if any check failed).  Strings are shown
 * with control characters and non-ASCII bytes escaped, so that a failure
 * names the exact bytes; names are escaped so that they stay on one line.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#if defined(__GNUC__)
#define TAP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TAP_UNUSED __attribute__((unused))
#else
#define TAP_PRINTF(a, b)
#define TAP_UNUSED
#endif

/* Prints the result line; the name's control characters are escaped and
 * '#' is written "\#", so that no name can break the TAP stream. */
static void TAP_UNUSED
tap_vresult(int pass, const char *fmt, va_list ap)
{
	char name[1024];
	const char *p;

	tap_n++;
	if (!pass)
		tap_failed++;
	vsnprintf(name, sizeof name, fmt, ap);
	printf("%sok %d - ", pass ? "" : "not ", tap_n);
	for (p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else if (c == '#')
			fputs("\\#", stdout);
		else
			putchar(c);
	}
	putchar('\n');
}

/* Prints s (or "NULL") quoted, escaping what a terminal would hide. */
static void TAP_UNUSED
tap_show(const char *label, const char *s, size_t n)
{
	size_t i;

	printf("#   %8s: ", label);
	if (!s) {
		printf("NULL\n");
		return;
	}
	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c == '\r')
			printf("\\r");
		else if (c == '\t')
			printf("\\t");
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

static int TAP_PRINTF(2, 3) TAP_UNUSED
ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	return pass;
}

static int TAP_PRINTF(3, 4) TAP_UNUSED
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#        got: %lld\n#   expected: %lld\n", got, want);
	return pass;
}

/* Compares n bytes (both must be that long), for strings with NULs. */
static int TAP_PRINTF(4, 5) TAP_UNUSED
is_mem(const char *got, size_t gotn, const char *want, const char *fmt, ...)
{
	va_list ap;
	size_t wantn = want ? strlen(want) : 0;
	int pass = got && want ? gotn == wantn && memcmp(got, want, wantn) == 0
	                       : got == want;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		tap_show("got", got, gotn);
		tap_show("expected", want, wantn);
	}
	return pass;
}

/* NULL equals only NULL. */
static int TAP_PRINTF(3, 4) TAP_UNUSED
is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int pass = got && want ? strcmp(got, want) == 0 : got == want;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		tap_show("got", got, got ? strlen(got) : 0);
		tap_show("expected", want, want ? strlen(want) : 0);
	}
	return pass;
}

static void TAP_PRINTF(1, 2) TAP_UNUSED
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int TAP_UNUSED
done_testing(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif
