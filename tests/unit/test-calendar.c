/*
 * test-calendar.c - calendar.c: working days with the official 2026
 * calendar (holiday-cn 2026.json, copied here by hand): weekends, public
 * holidays, make-up working days (调休上班) on Saturdays and Sundays, and
 * deadlines "N working days from the day after the start, at 23:59:59";
 * working time (the hours of working days) and the warning points of
 * rules.c that follow it.
 */
#include <stdlib.h>
#include <time.h>

#include "hl.h"
#include "tap.h"

/* holiday-cn 2026.json: date and isOffDay (1 = day off, 0 = make-up
 * working day), in file order (which is date order). */
static const struct {
	const char *date;
	int off;
} y2026[] = {
	{ "2026-01-01", 1 }, { "2026-01-02", 1 }, { "2026-01-03", 1 },
	{ "2026-01-04", 0 },                                    /* 元旦 */
	{ "2026-02-14", 0 }, { "2026-02-15", 1 }, { "2026-02-16", 1 },
	{ "2026-02-17", 1 }, { "2026-02-18", 1 }, { "2026-02-19", 1 },
	{ "2026-02-20", 1 }, { "2026-02-21", 1 }, { "2026-02-22", 1 },
	{ "2026-02-23", 1 }, { "2026-02-28", 0 },               /* 春节 */
	{ "2026-04-04", 1 }, { "2026-04-05", 1 }, { "2026-04-06", 1 },
	{ "2026-05-01", 1 }, { "2026-05-02", 1 }, { "2026-05-03", 1 },
	{ "2026-05-04", 1 }, { "2026-05-05", 1 }, { "2026-05-09", 0 },
	{ "2026-06-19", 1 }, { "2026-06-20", 1 }, { "2026-06-21", 1 },
	{ "2026-09-20", 0 },                                    /* 国庆节 */
	{ "2026-09-25", 1 }, { "2026-09-26", 1 }, { "2026-09-27", 1 },
	{ "2026-10-01", 1 }, { "2026-10-02", 1 }, { "2026-10-03", 1 },
	{ "2026-10-04", 1 }, { "2026-10-05", 1 }, { "2026-10-06", 1 },
	{ "2026-10-07", 1 }, { "2026-10-10", 0 },
};
#define N2026 (sizeof y2026 / sizeof y2026[0])

static int64_t
day(const char *s)
{
	int64_t d = 0;

	if (hl_date_parse(s, &d) != 0) {
		printf("Bail out! bad date in the test: %s\n", s);
		exit(1);
	}
	return d;
}

static hl_time
at(const char *s)
{
	hl_time t = 0;

	if (hl_time_parse(s, 0, &t) != 0) {
		printf("Bail out! bad time in the test: %s\n", s);
		exit(1);
	}
	return t;
}

static const struct {
	const char *date;
	int workday;
	const char *why;
} days[] = {
	{ "2026-11-27", 1, "an ordinary Friday" },
	{ "2026-11-28", 0, "an ordinary Saturday" },
	{ "2026-11-29", 0, "an ordinary Sunday" },
	{ "2026-11-30", 1, "an ordinary Monday" },
	{ "2026-01-01", 0, "New Year's Day (Thursday)" },
	{ "2026-01-02", 0, "New Year holiday (Friday)" },
	{ "2026-01-04", 1, "make-up Sunday after New Year" },
	{ "2026-01-05", 1, "the Monday after" },
	{ "2026-02-14", 1, "make-up Saturday before Spring Festival" },
	{ "2026-02-16", 0, "Spring Festival (Monday)" },
	{ "2026-02-23", 0, "last day of Spring Festival (Monday)" },
	{ "2026-02-24", 1, "back to work after Spring Festival" },
	{ "2026-02-28", 1, "make-up Saturday after Spring Festival" },
	{ "2026-03-01", 0, "the Sunday after it" },
	{ "2026-05-09", 1, "make-up Saturday after Labour Day" },
	{ "2026-06-19", 0, "Dragon Boat Festival (Friday)" },
	{ "2026-09-20", 1, "make-up Sunday before National Day" },
	{ "2026-09-25", 0, "Mid-Autumn Festival (Friday)" },
	{ "2026-09-30", 1, "the Wednesday before National Day" },
	{ "2026-10-01", 0, "National Day (Thursday)" },
	{ "2026-10-05", 0, "National Day holiday (Monday)" },
	{ "2026-10-07", 0, "last day of National Day (Wednesday)" },
	{ "2026-10-08", 1, "back to work after National Day" },
	{ "2026-10-10", 1, "make-up Saturday after National Day" },
	{ "2026-10-11", 0, "the Sunday after it" },
	{ "2025-12-31", 1, "a Wednesday before the table starts" },
	{ "2027-01-01", 1, "a Friday after the table ends (not in it)" },
};

/* Deadlines: start time, N, expected end of the Nth working day. */
static const struct {
	const char *start;
	long n;
	const char *due;
	const char *why;
} adds[] = {
	{ "2026-11-25T09:12:00+08:00", 1, "2026-11-26T23:59:59+08:00",
	  "Wednesday + 1: Thursday" },
	{ "2026-11-25T09:12:00+08:00", 5, "2026-12-02T23:59:59+08:00",
	  "Wednesday + 5 over a weekend" },
	{ "2026-11-27T17:30:00+08:00", 1, "2026-11-30T23:59:59+08:00",
	  "Friday + 1: Monday" },
	{ "2026-11-28T10:00:00+08:00", 1, "2026-11-30T23:59:59+08:00",
	  "Saturday + 1: Monday" },
	{ "2026-11-29T10:00:00+08:00", 2, "2026-12-01T23:59:59+08:00",
	  "Sunday + 2: Tuesday" },
	{ "2026-11-25T23:59:59+08:00", 1, "2026-11-26T23:59:59+08:00",
	  "the last second of a day counts as that day" },
	{ "2026-11-26T00:00:00+08:00", 1, "2026-11-27T23:59:59+08:00",
	  "midnight local starts the next day" },
	{ "2026-11-25T16:30:00Z", 1, "2026-11-27T23:59:59+08:00",
	  "the local day counts, not the UTC day" },
	/* National Day: 10-01..07 off, 10-10 (Saturday) a working day. */
	{ "2026-09-30T09:00:00+08:00", 1, "2026-10-08T23:59:59+08:00",
	  "2026-09-30 + 1: over the whole National Day holiday" },
	{ "2026-09-30T09:00:00+08:00", 2, "2026-10-09T23:59:59+08:00",
	  "2026-09-30 + 2" },
	{ "2026-09-30T09:00:00+08:00", 3, "2026-10-10T23:59:59+08:00",
	  "2026-09-30 + 3: the make-up Saturday counts" },
	{ "2026-09-30T09:00:00+08:00", 4, "2026-10-12T23:59:59+08:00",
	  "2026-09-30 + 4: the Sunday after does not" },
	{ "2026-09-30T09:00:00+08:00", 5, "2026-10-13T23:59:59+08:00",
	  "2026-09-30 + 5 working days" },
	{ "2026-10-03T11:00:00+08:00", 1, "2026-10-08T23:59:59+08:00",
	  "received during the holiday" },
	{ "2026-10-09T18:00:00+08:00", 1, "2026-10-10T23:59:59+08:00",
	  "Friday + 1: the make-up Saturday" },
	{ "2026-09-24T09:00:00+08:00", 1, "2026-09-28T23:59:59+08:00",
	  "Mid-Autumn: Thursday + 1 skips Friday to Sunday" },
	{ "2026-09-18T09:00:00+08:00", 1, "2026-09-20T23:59:59+08:00",
	  "Friday + 1: the make-up Sunday 2026-09-20" },
	{ "2026-09-18T09:00:00+08:00", 2, "2026-09-21T23:59:59+08:00",
	  "Friday + 2: Monday after the make-up Sunday" },
	{ "2026-09-30T09:00:00+08:00", 15, "2026-10-27T23:59:59+08:00",
	  "a legacy case: 2026-09-30 + 15 working days" },
	/* Spring Festival: 02-15..23 off; 02-14 and 02-28 (Saturdays) on. */
	{ "2026-02-13T09:00:00+08:00", 1, "2026-02-14T23:59:59+08:00",
	  "Friday + 1 before Spring Festival: the make-up Saturday" },
	{ "2026-02-13T09:00:00+08:00", 2, "2026-02-24T23:59:59+08:00",
	  "Friday + 2: over Spring Festival" },
	{ "2026-02-14T09:00:00+08:00", 1, "2026-02-24T23:59:59+08:00",
	  "make-up Saturday + 1: over Spring Festival" },
	{ "2026-02-13T09:00:00+08:00", 5, "2026-02-27T23:59:59+08:00",
	  "Friday + 5 over Spring Festival" },
	{ "2026-02-13T09:00:00+08:00", 6, "2026-02-28T23:59:59+08:00",
	  "Friday + 6: the second make-up Saturday" },
	{ "2026-02-13T09:00:00+08:00", 7, "2026-03-02T23:59:59+08:00",
	  "Friday + 7: then Monday" },
	/* New Year: 01-01..03 off, Sunday 01-04 on. */
	{ "2025-12-31T16:00:00+08:00", 1, "2026-01-04T23:59:59+08:00",
	  "New Year's Eve + 1: the make-up Sunday" },
	{ "2025-12-31T16:00:00+08:00", 2, "2026-01-05T23:59:59+08:00",
	  "New Year's Eve + 2" },
};

/* Working time in [a, b): the hours of working days only. */
static const struct {
	const char *a, *b;
	long long secs;
	const char *why;
} worktimes[] = {
	{ "2026-11-25T09:00:00+08:00", "2026-11-25T17:30:00+08:00", 30600,
	  "within one working day" },
	{ "2026-11-25T09:00:00+08:00", "2026-12-02T23:59:59+08:00", 485999,
	  "Wed 09:00 to Wed 23:59:59: 15 h, four days, 86399 s" },
	{ "2026-11-27T15:00:00+08:00", "2026-12-01T23:59:59+08:00", 205199,
	  "Fri 15:00 over the weekend to Tue 23:59:59" },
	{ "2026-09-20T10:00:00+08:00", "2026-09-28T23:59:59+08:00", 482399,
	  "the make-up Sunday counts, Mid-Autumn does not" },
	{ "2026-11-28T10:00:00+08:00", "2026-11-29T20:00:00+08:00", 0,
	  "a weekend has none" },
	{ "2026-11-25T09:00:00+08:00", "2026-11-25T09:00:00+08:00", 0,
	  "an empty span has none" },
	{ "2026-11-26T09:00:00+08:00", "2026-11-25T09:00:00+08:00", 0,
	  "nor a span the wrong way round" },
};

/* The moment w seconds of working time have gone from a. */
static const struct {
	const char *a;
	long long w;
	const char *at, *why;
} afters[] = {
	{ "2026-11-25T09:00:00+08:00", 388799, "2026-12-01T20:59:59+08:00",
	  "80% of Wed 09:00 .. Wed 23:59:59" },
	{ "2026-09-20T10:00:00+08:00", 385919, "2026-09-24T21:11:59+08:00",
	  "80% of 09-20 10:00 .. 09-28 23:59:59: Thursday, not Sunday 09-27" },
	{ "2026-11-28T10:00:00+08:00", 0, "2026-11-30T00:00:00+08:00",
	  "none from a Saturday: the next working day's start" },
	{ "2026-11-27T15:00:00+08:00", 32400, "2026-11-27T23:59:59+08:00",
	  "the rest of a Friday: its last second, not Saturday 00:00" },
	{ "2026-11-27T15:00:00+08:00", 32401, "2026-11-30T00:00:01+08:00",
	  "a second more: Monday" },
	{ "2026-09-30T09:00:00+08:00", 54001, "2026-10-08T00:00:01+08:00",
	  "over the whole National Day holiday" },
};

/* Warning points (rules.c): pct of the running time, of the working time
 * for working-day limits. */
static const struct {
	const char *limit, *start, *due;
	long long shifted;
	long pct;
	const char *at, *why;
} warns[] = {
	{ "5wd", "2026-09-20T10:00:00+08:00", "2026-09-28T23:59:59+08:00", 0,
	  80, "2026-09-24T21:11:59+08:00",
	  "the audit's case: not Sunday 09-27 06:47, a day off" },
	{ "5wd", "2026-11-25T09:00:00+08:00", "2026-12-02T23:59:59+08:00", 0,
	  80, "2026-12-01T20:59:59+08:00", "5wd over a weekend" },
	{ "5wd", "2026-11-25T09:00:00+08:00", "2026-12-03T23:59:59+08:00",
	  86400, 80, "2026-12-02T20:59:59+08:00",
	  "paused a working day's time (Fri 10:00 .. Mon 10:00): a day later" },
	{ "1wd", "2026-11-26T10:00:00+08:00", "2026-11-27T23:59:59+08:00", 0,
	  80, "2026-11-27T16:23:59+08:00", "1wd: Thu 10:00 .. Fri 23:59:59" },
	{ "2wd", "2026-11-27T15:00:00+08:00", "2026-12-01T23:59:59+08:00", 0,
	  80, "2026-12-01T12:35:59+08:00", "2wd from a Friday afternoon" },
	{ "5wd", "2026-11-25T09:00:00+08:00", "2026-12-02T23:59:59+08:00", 0,
	  50, "2026-11-30T04:29:59+08:00",
	  "another share: 50% (242999 s, 16199 s into Monday)" },
	{ "30m", "2026-11-28T10:00:00+08:00", "2026-11-28T10:30:00+08:00", 0,
	  80, "2026-11-28T10:24:00+08:00", "minutes: the wall clock, Saturday too" },
	{ "30m", "2026-11-25T10:00:00+08:00", "2026-11-25T14:20:00+08:00",
	  13800, 80, "2026-11-25T14:14:00+08:00",
	  "minutes paused 3h50m: 24 running minutes" },
	{ "7d", "2026-09-29T10:00:00+08:00", "2026-10-06T10:00:00+08:00", 0,
	  80, "2026-10-05T00:24:00+08:00", "calendar days: the wall clock" },
	{ "due", "2026-11-27T09:00:00+08:00", "2026-11-30T18:00:00+08:00", 0,
	  80, "2026-11-30T01:48:00+08:00",
	  "the upstream's due time: the wall clock (64.8 of 81 hours)" },
};

int
main(void)
{
	struct hl_calendar cal, empty = { 0 };
	int64_t days_buf[N2026];
	unsigned char work_buf[N2026];
	char buf[40];
	size_t i;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();

	for (i = 0; i < N2026; i++) {
		days_buf[i] = day(y2026[i].date);
		work_buf[i] = !y2026[i].off;
	}
	cal.days = days_buf;
	cal.workday = work_buf;
	cal.n = N2026;
	cal.first = days_buf[0];
	cal.last = days_buf[N2026 - 1];

	for (i = 0; i < sizeof days / sizeof days[0]; i++)
		is_int(hl_calendar_is_workday(&cal, day(days[i].date)) != 0,
		       days[i].workday, "%s %s: %s", days[i].date,
		       days[i].workday ? "works" : "is off", days[i].why);
	/* Every date of the table is what the table says, edges included. */
	{
		int bad = 0;

		for (i = 0; i < N2026; i++)
			if ((hl_calendar_is_workday(&cal, days_buf[i]) != 0) ==
			    y2026[i].off) {
				diag("%s is wrong", y2026[i].date);
				bad++;
			}
		is_int(bad, 0, "all %zu dates of the 2026 table", (size_t)N2026);
	}

	for (i = 0; i < sizeof adds / sizeof adds[0]; i++)
		is_str(hl_time_format(hl_calendar_add_workdays(&cal,
		                          at(adds[i].start), adds[i].n), buf,
		                      sizeof buf),
		       adds[i].due, "%s + %ldwd: %s", adds[i].start, adds[i].n,
		       adds[i].why);

	/* Without a table only weekends are off. */
	is_int(hl_calendar_is_workday(&empty, day("2026-10-01")), 1,
	       "empty calendar: 2026-10-01 (Thursday) works");
	is_int(hl_calendar_is_workday(&empty, day("2026-10-10")), 0,
	       "empty calendar: 2026-10-10 (Saturday) is off");
	is_str(hl_time_format(hl_calendar_add_workdays(&empty,
	           at("2026-09-30T09:00:00+08:00"), 5), buf, sizeof buf),
	       "2026-10-07T23:59:59+08:00",
	       "empty calendar: 2026-09-30 + 5wd ignores the holiday");

	/* Counting working days between two days. */
	is_int(hl_calendar_workdays_between(&cal, day("2026-09-30"),
	                                    day("2026-10-13")), 5,
	       "5 working days after 2026-09-30 up to 2026-10-13");
	is_int(hl_calendar_workdays_between(&cal, day("2026-09-30"),
	                                    day("2026-10-07")), 0,
	       "none during National Day");
	is_int(hl_calendar_workdays_between(&cal, day("2026-02-13"),
	                                    day("2026-02-28")), 6,
	       "6 from 2026-02-13 to 2026-02-28 (two make-up Saturdays)");
	is_int(hl_calendar_workdays_between(&cal, day("2026-11-25"),
	                                    day("2026-11-25")), 0,
	       "none from a day to itself");
	is_int(hl_calendar_workdays_between(&cal, day("2026-01-01"),
	                                    day("2026-12-31")), 248,
	       "2026 after New Year's Day has 248 working days");

	for (i = 0; i < sizeof worktimes / sizeof worktimes[0]; i++)
		is_int(hl_calendar_worktime(&cal, at(worktimes[i].a),
		                            at(worktimes[i].b)),
		       worktimes[i].secs, "worktime %s .. %s: %s", worktimes[i].a,
		       worktimes[i].b, worktimes[i].why);
	for (i = 0; i < sizeof afters / sizeof afters[0]; i++)
		is_str(hl_time_format(hl_calendar_after_worktime(&cal,
		           at(afters[i].a), afters[i].w), buf, sizeof buf),
		       afters[i].at, "%s + %lld s of working time: %s", afters[i].a,
		       afters[i].w, afters[i].why);
	for (i = 0; i < sizeof warns / sizeof warns[0]; i++)
		is_str(hl_time_format(hl_warn_point(&cal, warns[i].limit,
		           at(warns[i].start), at(warns[i].due), warns[i].shifted,
		           warns[i].pct), buf, sizeof buf),
		       warns[i].at, "warning of %s from %s: %s", warns[i].limit,
		       warns[i].start, warns[i].why);
	/* Never on a day off: a 1wd to 15wd clock started at every hour of
	 * 2026 warns on a working day. */
	{
		long bad = 0, n;
		hl_time t, w;

		for (t = at("2026-01-01T00:00:00+08:00");
		     t < at("2026-12-01T00:00:00+08:00"); t += 3600)
			for (n = 1; n <= 15; n += 7) {
				char lim[32];

				snprintf(lim, sizeof lim, "%ldwd", n);
				w = hl_warn_point(&cal, lim, t,
				                  hl_calendar_add_workdays(&cal, t, n), 0,
				                  80);
				if (!hl_calendar_is_workday(&cal, hl_day_of(w)) && bad++ < 3)
					diag("%s from %s warns on a day off", lim,
					     hl_time_format(t, buf, sizeof buf));
			}
		is_int(bad, 0, "1wd, 8wd and 15wd clocks started at each hour of "
		       "2026: no warning on a day off");
	}
	return done_testing();
}
