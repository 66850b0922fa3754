/*
 * opts.c - what every program takes the same way: --db, --now, -q, and
 * range-checked numbers.
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
	if ((s = getenv("HL_NOW")) && *s && hl_time_parse(s, 0, &c->now) != 0)
		return hl_usage_error("HL_NOW: cannot parse time '%s'", s);
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
		if (hl_time_parse(arg, 0, &c->now) != 0) {
			hl_usage_error("--now: cannot parse time '%s'", arg);
			return -1;
		}
		return 1;
	}
	return 0;
}
