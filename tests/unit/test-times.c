/*
 * test-times.c - times.c: hl_time_parse of every accepted form and of
 * invalid ones, hl_time_format in several zones, day numbers, weekdays,
 * dates, and the policy limits ("30m", "5wd").
 *
 * Expected epoch values were computed independently (GNU date -u -d).
 */
#include <stdlib.h>
#include <time.h>

#include "hl.h"
#include "tap.h"

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* 2026-11-25T09:12:00+08:00 and friends. */
#define T_0912_CST  1795569120LL    /* 2026-11-25T09:12:00+08:00 */
#define T_0912_UTC  1795597920LL    /* 2026-11-25T09:12:00Z */
#define T_0912_M530 1795617720LL    /* 2026-11-25T09:12:00-05:30 */
#define T_EOD_CST   1795622399LL    /* 2026-11-25T23:59:59+08:00 */
#define T_EOD_UTC   1795651199LL    /* 2026-11-25T23:59:59Z */

static const struct {
	const char *in;
	int flags;
	long long want;         /* -1: must be refused */
} shanghai[] = {
	/* RFC 3339 with an offset: the zone does not matter. */
	{ "2026-11-25T09:12:00Z", 0, T_0912_UTC },
	{ "2026-11-25T09:12:00+08:00", 0, T_0912_CST },
	{ "2026-11-25T09:12:00-05:30", 0, T_0912_M530 },
	{ "2026-11-25T09:12:00+00:00", 0, T_0912_UTC },
	{ "2026-11-25t09:12:00z", 0, T_0912_UTC },
	/* Fractions of a second are dropped, never rounded up. */
	{ "2026-11-25T09:12:00.5Z", 0, T_0912_UTC },
	{ "2026-11-25T09:12:00.123456+08:00", 0, T_0912_CST },
	{ "2026-11-25T09:12:00.999999999-05:30", 0, T_0912_M530 },
	{ "2024-02-29T00:00:00Z", 0, 1709164800LL },
	{ "1970-01-01T00:00:00Z", 0, 0 },
	/* The upstream platform's local forms (TZ=Asia/Shanghai). */
	{ "2026-11-25 09:12:00", 0, T_0912_CST },
	{ "2026-11-25 09:12", 0, T_0912_CST },
	{ "2026/11/25 9:12", 0, T_0912_CST },
	{ "2026/11/25 09:12:00", 0, T_0912_CST },
	{ "2026-11-25T09:12:00", 0, T_0912_CST },
	{ "2026-11-25T09:12", 0, T_0912_CST },
	/* A bare date only with HL_TIME_DATE_OK: the end of that day. */
	{ "2026-11-25", 0, -1 },
	{ "2026/11/25", 0, -1 },
	{ "2026-11-25", HL_TIME_DATE_OK, T_EOD_CST },
	{ "2026/11/25", HL_TIME_DATE_OK, T_EOD_CST },
	/* Dates that do not exist. */
	{ "2026-02-29", HL_TIME_DATE_OK, -1 },
	{ "2026-02-29T10:00:00+08:00", 0, -1 },
	{ "2026-02-29 10:00", 0, -1 },
	{ "2100-02-29 10:00", 0, -1 },
	{ "2026-13-01T00:00:00Z", 0, -1 },
	{ "2026-00-10T00:00:00Z", 0, -1 },
	{ "2026-04-31 10:00", 0, -1 },
	{ "2026-11-00 10:00", 0, -1 },
	{ "2026-11-32", HL_TIME_DATE_OK, -1 },
	/* Times that do not exist. */
	{ "2026-11-25 24:00", 0, -1 },
	{ "2026-11-25 24:00:00", 0, -1 },
	{ "2026-11-25T24:00:00Z", 0, -1 },
	{ "2026-11-25 23:60", 0, -1 },
	{ "2026-11-25T09:12:61Z", 0, -1 },
	{ "2026-11-25T09:12:00+25:00", 0, -1 },
	{ "2026-11-25T09:12:00+08:60", 0, -1 },
	/* Trailing junk and truncations. */
	{ "2026-11-25T09:12:00+08:00 extra", 0, -1 },
	{ "2026-11-25T09:12:00Zjunk", 0, -1 },
	{ "2026-11-25T09:12:00Z+08:00", 0, -1 },
	{ "2026-11-25 09:12:00 CST", 0, -1 },
	{ "2026-11-25junk", HL_TIME_DATE_OK, -1 },
	{ "2026-11-25T09:12:00+08", 0, -1 },
	{ "2026-11-25T09:12:00.", 0, -1 },
	{ "2026-11-25T09:12:00.Z", 0, -1 },
	{ "2026-11-25T", 0, -1 },
	{ "2026-11-25T09", 0, -1 },
	{ "2026-11-25T09:", 0, -1 },
	{ "2026-11-25T09:1", 0, -1 },
	{ "2026-11-25T09:12:0", 0, -1 },
	{ "2026-11/25 09:12", 0, -1 },
	{ "2026/11-25 09:12", 0, -1 },
	{ "26-11-25 09:12", 0, -1 },
	{ "20261125T091200Z", 0, -1 },
	{ "2026.11.25 09:12", 0, -1 },
	{ "", HL_TIME_DATE_OK, -1 },
	{ "   ", HL_TIME_DATE_OK, -1 },
	{ "now", 0, -1 },
	{ "1795569120", 0, -1 },
};

static const struct {
	const char *in;
	int flags;
	long long want;
} utc[] = {
	{ "2026-11-25 09:12:00", 0, T_0912_UTC },
	{ "2026/11/25 9:12", 0, T_0912_UTC },
	{ "2026-11-25T09:12", 0, T_0912_UTC },
	{ "2026-11-25", HL_TIME_DATE_OK, T_EOD_UTC },
	{ "2026-11-25T09:12:00+08:00", 0, T_0912_CST },
};

static const struct {
	const char *tz;
	long long t;
	const char *want;
} formats[] = {
	{ "Asia/Shanghai", T_0912_CST, "2026-11-25T09:12:00+08:00" },
	{ "Asia/Shanghai", T_EOD_CST, "2026-11-25T23:59:59+08:00" },
	{ "Asia/Shanghai", 0, "1970-01-01T08:00:00+08:00" },
	{ "Asia/Shanghai", 1798732799LL, "2026-12-31T23:59:59+08:00" },
	{ "UTC", T_0912_CST, "2026-11-25T01:12:00+00:00" },
	{ "UTC", T_0912_UTC, "2026-11-25T09:12:00+00:00" },
	{ "UTC", 0, "1970-01-01T00:00:00+00:00" },
	{ "Asia/Kolkata", T_0912_CST, "2026-11-25T06:42:00+05:30" },
	{ "America/St_Johns", T_0912_CST, "2026-11-24T21:42:00-03:30" },
};

static const struct {
	int y, m, d;
	long long day;
	int weekday;            /* 0 = Monday */
} civil[] = {
	{ 1970, 1, 1, 0, 3 },
	{ 1969, 12, 31, -1, 2 },
	{ 2000, 2, 29, 11016, 1 },
	{ 2024, 2, 29, 19782, 3 },
	{ 2026, 1, 1, 20454, 3 },
	{ 2026, 10, 1, 20727, 3 },
	{ 2026, 10, 10, 20736, 5 },
	{ 2026, 11, 25, 20782, 2 },
	{ 2026, 11, 29, 20786, 6 },
};

static const struct {
	const char *in;
	long n;
	char unit;              /* 0: must be refused */
	const char *back;
} limits[] = {
	{ "30m", 30, 'm', "30m" },
	{ "5m", 5, 'm', "5m" },
	{ "2h", 2, 'h', "2h" },
	{ "3d", 3, 'd', "3d" },
	{ "7d", 7, 'd', "7d" },
	{ "5wd", 5, 'w', "5wd" },
	{ "15wd", 15, 'w', "15wd" },
	{ "1wd", 1, 'w', "1wd" },
	{ "1000000m", 1000000, 'm', "1000000m" },
	{ "", 0, 0, NULL },
	{ "m", 0, 0, NULL },
	{ "wd", 0, 0, NULL },
	{ "30", 0, 0, NULL },
	{ "0m", 0, 0, NULL },
	{ "-5m", 0, 0, NULL },
	{ "+5m", 0, 0, NULL },
	{ " 5m", 0, 0, NULL },
	{ "5 m", 0, 0, NULL },
	{ "5m ", 0, 0, NULL },
	{ "5w", 0, 0, NULL },
	{ "5s", 0, 0, NULL },
	{ "5wdx", 0, 0, NULL },
	{ "5M", 0, 0, NULL },
	{ "5H", 0, 0, NULL },
	{ "1.5h", 0, 0, NULL },
	{ "1000001m", 0, 0, NULL },
	{ "99999999999999999999d", 0, 0, NULL },
};

static void
test_parse(void)
{
	size_t i;
	hl_time t;
	int r;

	set_tz("Asia/Shanghai");
	for (i = 0; i < sizeof shanghai / sizeof shanghai[0]; i++) {
		t = 12345;
		r = hl_time_parse(shanghai[i].in, shanghai[i].flags, &t);
		if (shanghai[i].want < 0)
			is_int(r, -1, "Shanghai: '%s'%s refused", shanghai[i].in,
			       shanghai[i].flags ? " (date ok)" : "");
		else if (is_int(r, 0, "Shanghai: '%s'%s parses", shanghai[i].in,
		                shanghai[i].flags ? " (date ok)" : ""))
			is_int(t, shanghai[i].want, "Shanghai: '%s' is %lld",
			       shanghai[i].in, shanghai[i].want);
	}
	set_tz("UTC");
	for (i = 0; i < sizeof utc / sizeof utc[0]; i++) {
		t = 12345;
		r = hl_time_parse(utc[i].in, utc[i].flags, &t);
		if (is_int(r, 0, "UTC: '%s' parses", utc[i].in))
			is_int(t, utc[i].want, "UTC: '%s' is %lld", utc[i].in,
			       utc[i].want);
	}
}

static void
test_format(void)
{
	char buf[40];
	size_t i;
	hl_time back;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		set_tz(formats[i].tz);
		is_str(hl_time_format(formats[i].t, buf, sizeof buf),
		       formats[i].want, "format %lld in %s", formats[i].t,
		       formats[i].tz);
		back = -1;
		ok(hl_time_parse(buf, 0, &back) == 0 && back == formats[i].t,
		   "'%s' parses back to %lld", buf, formats[i].t);
	}
}

static void
test_days(void)
{
	char buf[16];
	size_t i;
	int y, m, d, bad = 0;
	int64_t day, z;

	for (i = 0; i < sizeof civil / sizeof civil[0]; i++) {
		is_int(hl_days_from_civil(civil[i].y, civil[i].m, civil[i].d),
		       civil[i].day, "day number of %04d-%02d-%02d", civil[i].y,
		       civil[i].m, civil[i].d);
		hl_civil_from_days(civil[i].day, &y, &m, &d);
		ok(y == civil[i].y && m == civil[i].m && d == civil[i].d,
		   "day %lld is %04d-%02d-%02d (got %04d-%02d-%02d)", civil[i].day,
		   civil[i].y, civil[i].m, civil[i].d, y, m, d);
		is_int(hl_weekday(civil[i].day), civil[i].weekday,
		       "weekday of %04d-%02d-%02d", civil[i].y, civil[i].m,
		       civil[i].d);
	}
	/* Every day from 1900 to 2100: consecutive dates, weekdays cycle. */
	hl_civil_from_days(hl_days_from_civil(1900, 1, 1), &y, &m, &d);
	for (z = hl_days_from_civil(1900, 1, 1);
	     z < hl_days_from_civil(2100, 12, 31); z++) {
		int y2, m2, d2;

		hl_civil_from_days(z + 1, &y2, &m2, &d2);
		if (hl_days_from_civil(y2, m2, d2) != z + 1 ||
		    !((y2 == y && m2 == m && d2 == d + 1) ||
		      (y2 == y && m2 == m + 1 && d2 == 1) ||
		      (y2 == y + 1 && m2 == 1 && d2 == 1 && m == 12 && d == 31)) ||
		    hl_weekday(z + 1) != (hl_weekday(z) + 1) % 7) {
			if (!bad++)
				diag("after %04d-%02d-%02d comes %04d-%02d-%02d", y, m, d,
				     y2, m2, d2);
		}
		y = y2, m = m2, d = d2;
	}
	is_int(bad, 0, "1900-2100: day numbers and dates agree day by day");

	/* Local days depend on TZ. */
	set_tz("Asia/Shanghai");
	is_int(hl_day_of(1795624200LL), 20783,
	       "Shanghai: 2026-11-25T16:30:00Z falls on 2026-11-26");
	is_int(hl_day_of(T_0912_CST), 20782, "Shanghai: day of 09:12 local");
	is_int(hl_day_at(20782, 23, 59, 59), T_EOD_CST,
	       "Shanghai: 2026-11-25 23:59:59 local");
	is_int(hl_day_at(20782, 9, 12, 0), T_0912_CST,
	       "Shanghai: 2026-11-25 09:12:00 local");
	set_tz("UTC");
	is_int(hl_day_of(1795624200LL), 20782,
	       "UTC: 2026-11-25T16:30:00Z falls on 2026-11-25");
	is_int(hl_day_at(20782, 23, 59, 59), T_EOD_UTC,
	       "UTC: 2026-11-25 23:59:59");
	set_tz("Asia/Shanghai");

	/* Dates. */
	ok(hl_date_parse("2026-11-25", &day) == 0 && day == 20782,
	   "date '2026-11-25'");
	ok(hl_date_parse("2024-02-29", &day) == 0 && day == 19782,
	   "date '2024-02-29'");
	is_int(hl_date_parse("2026-02-29", &day), -1, "date '2026-02-29' refused");
	is_int(hl_date_parse("2026-13-01", &day), -1, "date '2026-13-01' refused");
	is_int(hl_date_parse("2026-2-5", &day), -1, "date '2026-2-5' refused");
	is_int(hl_date_parse("2026/11/25", &day), -1,
	       "date '2026/11/25' refused");
	is_int(hl_date_parse("2026-11-25 ", &day), -1,
	       "date with a trailing space refused");
	is_int(hl_date_parse("2026-11-25T00:00", &day), -1,
	       "date with a time refused");
	is_int(hl_date_parse("", &day), -1, "empty date refused");
	is_str(hl_date_format(20782, buf, sizeof buf), "2026-11-25",
	       "format day 20782");
	is_str(hl_date_format(-1, buf, sizeof buf), "1969-12-31",
	       "format day -1");
	is_str(hl_date_format(19782, buf, sizeof buf), "2024-02-29",
	       "format day 19782");
}

static void
test_limits(void)
{
	struct hl_limit l;
	char buf[32];
	size_t i;
	int r;

	for (i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		l.n = -7;
		l.unit = '?';
		r = hl_limit_parse(limits[i].in, &l);
		if (!limits[i].unit) {
			is_int(r, -1, "limit '%s' refused", limits[i].in);
			continue;
		}
		if (!is_int(r, 0, "limit '%s' parses", limits[i].in))
			continue;
		ok(l.n == limits[i].n && l.unit == limits[i].unit,
		   "limit '%s' is %ld '%c' (got %ld '%c')", limits[i].in,
		   limits[i].n, limits[i].unit, l.n, l.unit);
		is_str(hl_limit_format(&l, buf, sizeof buf), limits[i].back,
		       "limit '%s' formats back", limits[i].in);
	}
}

int
main(void)
{
	test_parse();
	test_format();
	test_days();
	test_limits();
	return done_testing();
}
