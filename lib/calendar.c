/*
 * calendar.c - working days.  A day is a working day if the calendar table
 * says so (public holidays 0, make-up working days 调休上班 1), else if it
 * is Monday to Friday.  N working days count from the day after the clock
 * starts (自受理之次日起) and end at 23:59:59 local of the Nth.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static int covered_years(struct hl_calendar *cal);

int
hl_calendar_load(struct hl_ledger *L, struct hl_calendar *cal)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;
	int64_t day;

	memset(cal, 0, sizeof *cal);
	st = hl_prepare(L, "SELECT date, workday FROM calendar ORDER BY date");
	if (!st)
		return EX_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *date = (const char *)sqlite3_column_text(st, 0);

		if (!date || hl_date_parse(date, &day) != 0) {
			hl_err("calendar: bad date '%s' in the ledger; fix it with "
			       "'hl-ledger import calendar'", date ? date : "");
			sqlite3_finalize(st);
			hl_calendar_free(cal);
			return EX_CONFIG;
		}
		if (cal->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			int64_t *d = realloc(cal->days, nc * sizeof *d);
			unsigned char *w = d ? realloc(cal->workday, nc) : NULL;

			if (d)
				cal->days = d;
			if (!d || !w) {
				sqlite3_finalize(st);
				hl_calendar_free(cal);
				return EX_SOFTWARE;
			}
			cal->workday = w;
			cap = nc;
		}
		cal->days[cal->n] = day;
		cal->workday[cal->n] = sqlite3_column_int(st, 1) != 0;
		cal->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		hl_calendar_free(cal);
		return hl_ledger_fail(L, rc, "cannot read the calendar");
	}
	if (cal->n) {
		cal->first = cal->days[0];
		cal->last = cal->days[cal->n - 1];
	}
	return covered_years(cal);
}

/* The distinct years of the days, ascending (the days are sorted). */
static int
covered_years(struct hl_calendar *cal)
{
	size_t i;
	int y, m, d, last = 0;

	for (i = 0; i < cal->n; i++) {
		hl_civil_from_days(cal->days[i], &y, &m, &d);
		if (cal->nyears && y == last)
			continue;
		if (!(cal->nyears & 7)) {
			int *ny = realloc(cal->years, (cal->nyears + 8) * sizeof *ny);

			if (!ny) {
				hl_calendar_free(cal);
				return EX_SOFTWARE;
			}
			cal->years = ny;
		}
		cal->years[cal->nyears++] = last = y;
	}
	return 0;
}

int
hl_calendar_covers(const struct hl_calendar *cal, int64_t day)
{
	size_t i;
	int y, m, d;

	hl_civil_from_days(day, &y, &m, &d);
	for (i = cal->nyears; i-- > 0;)
		if (cal->years[i] == y)
			return 1;
	return 0;
}

int64_t
hl_calendar_end(const struct hl_calendar *cal)
{
	return cal->nyears ? hl_days_from_civil(cal->years[cal->nyears - 1] + 1,
	                                        1, 1) - 1 : -1;
}

int
hl_calendar_remind(struct hl_ledger *L, const struct hl_calendar *cal,
                   hl_time now)
{
	static const char sql[] =
		"INSERT INTO settings (key, value) VALUES ('calendar_warned', ?1) "
		"ON CONFLICT (key) DO UPDATE SET value = ?1 WHERE value <> ?1 "
		"RETURNING value";
	static const char sql_seen[] =
		"SELECT 1 FROM settings WHERE key = 'calendar_warned' AND value = ?";
	int64_t today = hl_day_of(now), end = hl_calendar_end(cal);
	char day[16], last[16];
	sqlite3_stmt *st;
	int rc, st_, first;

	if (end >= 0 && today < end - 30)
		return 0;
	hl_date_format(today, day, sizeof day);
	/* Said today already: no write lock for it. */
	if (!(st = hl_stmt(L, sql_seen)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if ((st_ = hl_ledger_begin(L)))
		return st_;
	if (!(st = hl_stmt(L, sql))) {
		hl_ledger_rollback(L);
		return EX_SOFTWARE;
	}
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	first = rc == SQLITE_ROW;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		hl_ledger_rollback(L);
		return hl_ledger_fail(L, rc, "cannot record the calendar reminder");
	}
	if ((st_ = hl_ledger_commit(L)))
		return st_;
	if (!first)
		return 0;
	if (end < 0) {
		hl_warn("the ledger's calendar is empty: working days are counted "
		        "on weekends alone (import the holidays: hl-ledger import "
		        "calendar)");
	} else {
		int y, m, d;

		hl_civil_from_days(end + 1, &y, &m, &d);
		hl_warn("the ledger's calendar ends on %s%s: import %d's holidays "
		        "(hl-ledger import calendar) before deadlines fall there",
		        hl_date_format(end, last, sizeof last),
		        today > end ? ", which has passed" : "", y);
	}
	return 0;
}

void
hl_calendar_free(struct hl_calendar *cal)
{
	free(cal->days);
	free(cal->workday);
	free(cal->years);
	memset(cal, 0, sizeof *cal);
}

int
hl_calendar_is_workday(const struct hl_calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cal->n && cal->days[lo] == day)
		return cal->workday[lo];
	return hl_weekday(day) < 5;
}

hl_time
hl_calendar_add_workdays(const struct hl_calendar *cal, hl_time start, long n)
{
	int64_t day = hl_day_of(start);

	while (n > 0) {
		day++;
		if (hl_calendar_is_workday(cal, day))
			n--;
	}
	return hl_day_at(day, 23, 59, 59);
}

long
hl_calendar_workdays_between(const struct hl_calendar *cal, int64_t a,
                             int64_t b)
{
	long n = 0;

	while (a < b)
		if (hl_calendar_is_workday(cal, ++a))
			n++;
	return n;
}

/* How far the day-by-day walks below go before giving up: ten years of
 * days off in a row means a broken calendar, not a deadline. */
#define WALK_LIMIT 3660

hl_time
hl_calendar_worktime(const struct hl_calendar *cal, hl_time a, hl_time b)
{
	int64_t day, last;
	hl_time w = 0;

	if (b <= a)
		return 0;
	last = hl_day_of(b);
	for (day = hl_day_of(a); day <= last; day++) {
		hl_time from = hl_day_at(day, 0, 0, 0);
		hl_time to = hl_day_at(day + 1, 0, 0, 0);

		if (!hl_calendar_is_workday(cal, day))
			continue;
		if (from < a)
			from = a;
		if (to > b)
			to = b;
		if (to > from)
			w += to - from;
	}
	return w;
}

hl_time
hl_calendar_after_worktime(const struct hl_calendar *cal, hl_time a,
                           hl_time w)
{
	int64_t day = hl_day_of(a);
	int n;

	for (n = 0; n < WALK_LIMIT; n++, day++) {
		hl_time from = hl_day_at(day, 0, 0, 0);
		hl_time to = hl_day_at(day + 1, 0, 0, 0);

		if (from < a)
			from = a;
		if (!hl_calendar_is_workday(cal, day) || to <= from)
			continue;
		if (w < to - from)
			return from + w;
		if (w == to - from)
			return to - 1;  /* the working day's last second */
		w -= to - from;
	}
	return a + w;
}
