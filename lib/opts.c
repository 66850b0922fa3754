/*
 * opts.c - what every program takes the same way: --db, --now, -q, the
 * ledger's time zone, and range-checked numbers.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "hl.h"

int
hl_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
hl_common_init(struct hl_common *c)
{
	const char *s;

	c->db = getenv("HL_DB");
	if (!c->db || !*c->db)
		c->db = "hotline.db";
	c->now = (hl_time)time(NULL);
	c->quiet = 0;
	c->now_text = NULL;
	c->now_from = "HL_NOW";
	if ((s = getenv("HL_NOW")) && *s)
		c->now_text = s;
	return 0;
}

int
hl_parse_time_opt(const char *what, const char *s, int flags, hl_time *out)
{
	if (hl_time_parse(s, flags, out) == 0)
		return 0;
	return hl_usage_error("%s: cannot read time '%s' (expected %s)", what, s,
	                      HL_TIME_FORMS);
}

int
hl_common_ready(struct hl_common *c)
{
	char *zone = hl_ledger_zone_peek(c->db);
	const char *z = zone ? zone : HL_ZONE_DEFAULT;

	if (hl_zone_set(z) != 0) {
		hl_err("time zone '%s' is not in this system's time-zone database "
		       "(install the tzdata package)", z);
		free(zone);
		return EX_CONFIG;
	}
	free(zone);
	/* Read in the ledger's zone: "--now 2026-11-25 09:00" is 09:00
	 * there, wherever the program runs. */
	if (c->now_text)
		return hl_parse_time_opt(c->now_from, c->now_text,
		                         HL_TIME_DATE_START, &c->now);
	return 0;
}

int
hl_common_opt(struct hl_common *c, int opt, const char *arg)
{
	switch (opt) {
	case 'd':
		c->db = arg;
		return 1;
	case 'q':
		c->quiet = 1;
		return 1;
	case HL_OPT_NOW:
		/* Read by hl_common_ready, in the ledger's zone. */
		c->now_text = arg;
		c->now_from = "--now";
		return 1;
	}
	return 0;
}
