/*
 * times.c - times in and out.  Inside the toolkit a time is seconds since the
 * epoch (hl_time); outside it is RFC 3339 with the local offset.  "Local" is
 * the ledger's own time zone (hl_zone_set), never the TZ the program was
 * started with: the process's TZ is set to it, so that the C library's
 * conversions use it.  Input also takes the upstream platform's local forms.
 * Day arithmetic uses day numbers (days since 1970-01-01) so that
 * working-day counting never calls mktime per day.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hl.h"

static char zone_name[64];

/* True if name is a zone of the system's time-zone database: a TZif file
 * under $TZDIR or /usr/share/zoneinfo.  glibc takes an unknown name
 * silently as UTC, which is the very mistake the ledger's zone prevents. */
static int
zone_known(const char *name)
{
	const char *dir = getenv("TZDIR"), *p;
	char path[512], magic[4];
	int fd, ok;

	if (!*name || *name == '/' || strlen(name) >= sizeof zone_name)
		return 0;
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return 0;
	if (strstr(name, "..") || strstr(name, "//"))
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir
	         : "/usr/share/zoneinfo", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	ok = read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

int
hl_zone_set(const char *name)
{
	if (!zone_known(name))
		return -1;
	if (strcmp(zone_name, name) != 0) {
		strcpy(zone_name, name);
		setenv("TZ", name, 1);
		tzset();
	}
	return 0;
}

const char *
hl_zone(void)
{
	return zone_name;
}

long
hl_zone_utc_offset(hl_time t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	return tm.tm_gmtoff;
}

int64_t
hl_days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm, valid for the proleptic Gregorian
	 * calendar. */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
hl_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
hl_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int64_t w = (day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* The time of a local civil date and clock time.  Not mktime(3): glibc's
 * mktime re-reads the zone file on every call (a stat each time), which
 * was a tenth of the cost of taking in a ticket.  Twice round the offset
 * settles a change of offset (summer time) on the way. */
static hl_time
local_mktime(int y, int mo, int d, int h, int mi, int s)
{
	hl_time civil = (hl_time)hl_days_from_civil(y, mo, d) * 86400 +
	                h * 3600 + mi * 60 + s;
	hl_time guess = civil - hl_zone_utc_offset(civil);

	return civil - hl_zone_utc_offset(guess);
}

/* Reads 1..max digits; returns how many were read. */
static int
digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n >= min ? n : 0;
}

/* 0 if t is a time the toolkit can write and read back: from the epoch
 * to the end of local year 9999. */
static int
in_range(hl_time t)
{
	static __thread hl_time max;
	static __thread const char *zone;

	if (zone != tzname[0] || !max) {
		zone = tzname[0];
		max = local_mktime(9999, 12, 31, 23, 59, 59);
	}
	return t >= 0 && t <= max ? 0 : -1;
}

int
hl_time_parse(const char *s, int flags, hl_time *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om, sign;
	char sep;
	int has_offset = 0, offset = 0;

	while (*p == ' ')
		p++;
	if (!digits(&p, 4, 4, &y))
		return -1;
	sep = *p;
	if (sep != '-' && sep != '/')
		return -1;
	p++;
	if (!digits(&p, 1, 2, &mo) || *p++ != sep || !digits(&p, 1, 2, &d))
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo))
		return -1;
	while (*p == ' ' && p[1] == ' ')
		p++;
	if (*p == '\0' || (*p == ' ' && p[1] == '\0')) {
		if (flags & HL_TIME_DATE_OK)
			*out = local_mktime(y, mo, d, 23, 59, 59);
		else if (flags & HL_TIME_DATE_START)
			*out = local_mktime(y, mo, d, 0, 0, 0);
		else
			return -1;
		return in_range(*out);
	}
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (!digits(&p, 1, 2, &h) || *p++ != ':' || !digits(&p, 2, 2, &mi))
		return -1;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, 2, &sec))
			return -1;
		if (*p == '.' || *p == ',') {
			/* Fractions of a second are dropped, not rounded. */
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59; /* a leap second is not worth a special case */
	if (*p == 'Z' || *p == 'z') {
		has_offset = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, 2, &oh))
			return -1;
		if (*p == ':')
			p++;
		if (!digits(&p, 2, 2, &om) || oh > 23 || om > 59)
			return -1;
		has_offset = 1;
		offset = sign * (oh * 3600 + om * 60);
	}
	while (*p == ' ')
		p++;
	if (*p)
		return -1;
	if (has_offset)
		*out = (hl_time)hl_days_from_civil(y, mo, d) * 86400 +
		       h * 3600 + mi * 60 + sec - offset;
	else
		*out = local_mktime(y, mo, d, h, mi, sec);
	return in_range(*out);
}

/* The local offset at t.  Formatting times is hot (a ticket line has a
 * dozen), and most zones keep one offset all year (Asia/Shanghai does):
 * when the offset is the same at five points of t's year, it is
 * remembered for the year; otherwise (summer time) it is looked up. */
static long
offset_cached(hl_time t)
{
	/* A few years remembered: a ticket line mixes this year's times with
	 * last year's. */
	static __thread struct {
		hl_time from, to;
		long off;
	} memo[4];
	static __thread unsigned next;
	static __thread long zone_offset;
	static __thread const char *zone;
	hl_time start, end;
	long off;
	int y, m, d, k;

	/* A program that changes TZ and calls tzset(3), like the unit tests,
	 * starts afresh (tzset sets these; cheaper to look at than TZ). */
	if (zone != tzname[0] || zone_offset != timezone) {
		zone = tzname[0];
		zone_offset = timezone;
		memset(memo, 0, sizeof memo);
	}
	for (k = 0; k < 4; k++)
		if (t >= memo[k].from && t < memo[k].to)
			return memo[k].off;
	hl_civil_from_days((t >= 0 ? t : t - 86399) / 86400, &y, &m, &d);
	start = hl_days_from_civil(y, 1, 1) * 86400 - 86400;
	end = hl_days_from_civil(y + 1, 1, 1) * 86400 + 86400;
	off = hl_zone_utc_offset(t);
	for (k = 0; k <= 4; k++)
		if (hl_zone_utc_offset(start + (end - start) / 4 * k) != off)
			return off;     /* changes this year: no shortcut */
	k = next++ % 4;
	memo[k].from = start;
	memo[k].to = end;
	memo[k].off = off;
	return off;
}

static char *
two(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

char *
hl_time_format(hl_time t, char *buf, size_t n)
{
	long off = offset_cached(t);
	hl_time local = t + off;
	int64_t day = (local >= 0 ? local : local - 86399) / 86400;
	long secs = (long)(local - day * 86400), a = off < 0 ? -off : off;
	int y, m, d;
	char *p = buf;

	if (n < 26) {
		if (n)
			*buf = '\0';
		return buf;
	}
	hl_civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, n, "%d-%02d-%02dT00:00:00+00:00", y, m, d);
		return buf;
	}
	p = two(two(p, y / 100), y % 100);
	*p++ = '-';
	p = two(p, m);
	*p++ = '-';
	p = two(p, d);
	*p++ = 'T';
	p = two(p, (int)(secs / 3600));
	*p++ = ':';
	p = two(p, (int)(secs / 60 % 60));
	*p++ = ':';
	p = two(p, (int)(secs % 60));
	*p++ = off < 0 ? '-' : '+';
	p = two(p, (int)(a / 3600));
	*p++ = ':';
	p = two(p, (int)(a / 60 % 60));
	*p = '\0';
	return buf;
}

int64_t
hl_day_of(hl_time t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	return hl_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

hl_time
hl_day_at(int64_t day, int hh, int mm, int ss)
{
	int y, m, d;

	hl_civil_from_days(day, &y, &m, &d);
	return local_mktime(y, m, d, hh, mm, ss);
}

int
hl_date_parse(const char *s, int64_t *day)
{
	const char *p = s;
	int y, m, d;

	if (!digits(&p, 4, 4, &y) || *p++ != '-' || !digits(&p, 2, 2, &m) ||
	    *p++ != '-' || !digits(&p, 2, 2, &d) || *p)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*day = hl_days_from_civil(y, m, d);
	return 0;
}

char *
hl_date_format(int64_t day, char *buf, size_t n)
{
	int y, m, d;

	hl_civil_from_days(day, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
	return buf;
}

int
hl_limit_parse(const char *s, struct hl_limit *out)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)*s))
		return -1;
	n = strtol(s, &end, 10);
	if (n < 1 || n > 1000000)
		return -1;
	if (strcmp(end, "m") == 0)
		out->unit = 'm';
	else if (strcmp(end, "h") == 0)
		out->unit = 'h';
	else if (strcmp(end, "d") == 0)
		out->unit = 'd';
	else if (strcmp(end, "wd") == 0)
		out->unit = 'w';
	else
		return -1;
	out->n = n;
	return 0;
}

char *
hl_limit_format(const struct hl_limit *l, char *buf, size_t n)
{
	char digits[24], *p = digits + sizeof digits;
	long v = l->n;
	size_t k = 0;

	/* (By hand: it runs for every clock of every ticket replayed.) */
	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0 && p > digits);
	while (*p && k + 3 < n)
		buf[k++] = *p++;
	if (k + 3 <= n) {
		if (l->unit == 'w')
			buf[k++] = 'w', buf[k++] = 'd';
		else
			buf[k++] = l->unit;
		buf[k] = '\0';
	}
	return buf;
}

int
hl_month_parse(const char *s, hl_time *from, hl_time *to)
{
	const char *p = s;
	int y, m;

	if (!digits(&p, 4, 4, &y) || *p++ != '-' || !digits(&p, 1, 2, &m) || *p ||
	    m < 1 || m > 12)
		return -1;
	*from = hl_day_at(hl_days_from_civil(y, m, 1), 0, 0, 0);
	*to = hl_day_at(hl_days_from_civil(m == 12 ? y + 1 : y,
	                                   m == 12 ? 1 : m + 1, 1), 0, 0, 0);
	return 0;
}

int
hl_week_parse(const char *s, hl_time *from, hl_time *to)
{
	const char *p = s;
	int y, w;
	int64_t jan4, monday;

	if (!digits(&p, 4, 4, &y) || *p++ != '-' || (*p != 'W' && *p != 'w'))
		return -1;
	p++;
	if (!digits(&p, 1, 2, &w) || *p || w < 1 || w > 53)
		return -1;
	/* ISO 8601: week 1 is the week with 4 January in it; a year has as
	 * many weeks as fit before next year's week 1. */
	jan4 = hl_days_from_civil(y, 1, 4);
	monday = jan4 - hl_weekday(jan4) + (int64_t)(w - 1) * 7;
	jan4 = hl_days_from_civil(y + 1, 1, 4);
	if (monday >= jan4 - hl_weekday(jan4))
		return -1;      /* this year has no such week */
	*from = hl_day_at(monday, 0, 0, 0);
	*to = hl_day_at(monday + 7, 0, 0, 0);
	return 0;
}

/* The previous period: the calendar month or ISO week before, or the same
 * length just before --from. */
void
hl_period_previous(const struct hl_period *o, hl_time from, hl_time to,
                   hl_time *pfrom, hl_time *pto)
{
	int64_t day = hl_day_of(from);
	int y, m, d;
	char buf[32];

	*pto = from;
	if (o->week) {
		*pfrom = hl_day_at(day - 7, 0, 0, 0);
	} else if (o->month || (!o->from && !o->to)) {
		hl_civil_from_days(day, &y, &m, &d);
		snprintf(buf, sizeof buf, "%04d-%02d", m == 1 ? y - 1 : y,
		         m == 1 ? 12 : m - 1);
		hl_month_parse(buf, pfrom, pto);
	} else {
		*pfrom = from - (to - from);
	}
}

/* The ISO weeks of year y: 52, or 53 when one more fits before next
 * year's week 1. */
static int
weeks_in_year(int y)
{
	int64_t a = hl_days_from_civil(y, 1, 4), b = hl_days_from_civil(y + 1, 1, 4);

	return (int)(((b - hl_weekday(b)) - (a - hl_weekday(a))) / 7);
}

/* The usage error for a --week that hl_week_parse refused: the form, or
 * why the week does not exist (2025 has no week 53). */
static int
week_error(const char *s)
{
	const char *p = s;
	int y, w = 0, form;

	form = digits(&p, 4, 4, &y) && *p++ == '-' && (*p == 'W' || *p == 'w');
	if (form) {
		p++;
		form = digits(&p, 1, 2, &w) && !*p;
	}
	if (!form)
		return hl_usage_error("--week: expected YYYY-Www");
	if (w == 0)
		return hl_usage_error("--week: '%s': weeks are numbered from 1", s);
	return hl_usage_error("--week: '%s': %d has %d weeks", s, y,
	                      weeks_in_year(y));
}

/* The usage error for a --month that hl_month_parse refused. */
static int
month_error(const char *s)
{
	const char *p = s;
	int y, m;

	if (digits(&p, 4, 4, &y) && *p++ == '-' && digits(&p, 1, 2, &m) && !*p)
		return hl_usage_error("--month: '%s': months are numbered 1 to "
		                      "12", s);
	return hl_usage_error("--month: expected YYYY-MM");
}

/* One bound of a period: a time, or a bare date standing for its day
 * (the start of the day; for the end, the start of the next day). */
static int
bound(const char *what, const char *s, int end, hl_time *out)
{
	int64_t day;

	if (hl_date_parse(s, &day) == 0) {
		*out = hl_day_at(day + (end ? 1 : 0), 0, 0, 0);
		return 0;
	}
	return hl_parse_time_opt(what, s, 0, out);
}

int
hl_period_bounds(const struct hl_period *o, hl_time *from, hl_time *to)
{
	int st;

	*from = *to = 0;
	if ((o->month != NULL) + (o->week != NULL) + (o->from || o->to) > 1)
		return hl_usage_error("give one period: --month, --week or "
		                      "--from/--to");
	if (o->month)
		return hl_month_parse(o->month, from, to) ? month_error(o->month)
		       : 0;
	if (o->week)
		return hl_week_parse(o->week, from, to) ? week_error(o->week) : 0;
	if (o->from && (st = bound("--from", o->from, 0, from)))
		return st;
	if (o->to && (st = bound("--to", o->to, 1, to)))
		return st;
	return 0;
}

/* The period [from, to) from the options; 0 or EX_USAGE. */
int
hl_period_parse(const struct hl_period *o, hl_time now, hl_time *from,
                hl_time *to)
{
	char buf[32];
	int y, m, d, st;

	if (!o->month && !o->week && !o->from != !o->to)
		return hl_usage_error("--from and --to go together");
	if ((st = hl_period_bounds(o, from, to)))
		return st;
	if (o->from)
		return *to > *from ? 0 : hl_usage_error("--to is not after --from");
	if (o->month || o->week)
		return 0;
	/* The last full month before now. */
	hl_civil_from_days(hl_day_of(now), &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d", m == 1 ? y - 1 : y,
	         m == 1 ? 12 : m - 1);
	return hl_month_parse(buf, from, to);
}
